"""Reading the ``game`` section of a scenario file: the dispatch, and matrices with their checks.

Private helper of :mod:`berlinsim.io.scenario_yaml` (trees are read by
:mod:`berlinsim.io._scenario_tree`). Checks here: player and action names, duplicate action
labels, cells naming unknown actions or with the wrong number of actions, duplicated and
missing cells; every cell has a payoff for every player.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from berlinsim.io._scenario_outcomes import MAX_OUTCOMES, SHOWN, known_names, read_outcome, unknown
from berlinsim.io._scenario_reader import Reader, quoted
from berlinsim.io._scenario_tree import read_tree
from berlinsim.io.yaml_source import KeyPath
from berlinsim.model.scenario import Action, Cell, MatrixSpec, ScenarioTree, suggest


def read_game(ld: Any, value: Any) -> MatrixSpec | ScenarioTree | None:
    """The game spec of the ``game`` section (None after recording its problems in ``ld``)."""
    data = ld.mapping(("game",), value, "a mapping with 'type: matrix' or 'type: tree'")
    if data is None or not ld.players_ok:  # without players, every player name would be "unknown"
        return None
    kind = data.get("type")
    if kind == "matrix":
        return _read_matrix(ld, data)
    if kind == "tree":
        return read_tree(ld, data)
    if "type" not in data:
        ld.fail(("game",), "missing required key 'type' (expected 'matrix' or 'tree')")
    else:
        hint = suggest(str(kind), ["matrix", "tree"])
        ld.fail(("game", "type"), f"unknown game type {quoted(kind)}{hint} (expected 'matrix' or 'tree')",
                at_value=True)
    return None


# --- matrix ---------------------------------------------------------------------------------------

def _read_actions(ld: Reader, kp: KeyPath, value: Any) -> tuple[Action, ...] | None:
    items = ld.sequence(kp, value, "a list of actions (labels, or {label: description})")
    if items is None:
        return None
    if not items:
        ld.fail(kp, "no actions (expected at least one, got an empty list)", at_value=True)
        return None
    actions: list[Action] = []
    ok = True
    for i, item in enumerate(items):
        description = ""
        if isinstance(item, dict):
            if len(item) != 1:
                ld.fail(kp + (i,), f"an action is a label or one 'label: description' pair (got a mapping "
                                   f"with {len(item)} keys)")
                ok = False
                continue
            item, description = next(iter(item.items()))
            description = ld.text(kp + (i, item), description) or "" if description is not None else ""
        label = ld.label(kp + (i,), item, "action label")
        if label is None:
            ok = False
        elif any(a.label == label for a in actions):
            ld.fail(kp + (i,), f"duplicate action '{label}' (expected unique action labels)")
            ok = False
        else:
            actions.append(Action(label=label, description=description))
    return tuple(actions) if ok else None


def _read_matrix(ld: Any, data: dict[Any, Any]) -> MatrixSpec | None:
    kp: KeyPath = ("game",)
    ld.keys(kp, data, ("type", "actions", "cells"), ("type", "actions", "cells"), what="of a matrix game")
    players = ld.players
    actions: list[tuple[Action, ...] | None] = [None] * len(players)
    given = ld.mapping(kp + ("actions",), data["actions"], "a mapping of player name to a list of actions") \
        if "actions" in data else None
    for key, items in (given or {}).items():
        if key not in players:
            unknown(ld, kp + ("actions", key), "player", key, players, at_value=False)
            continue
        actions[players.index(key)] = _read_actions(ld, kp + ("actions", key), items)
    if given is not None:
        for player in players:
            if player not in given:
                ld.fail(kp + ("actions",), f"missing the actions of player '{player}'")
    shape = tuple(len(a) for a in actions) if all(a is not None for a in actions) and players else None
    if shape is not None and math.prod(shape) > MAX_OUTCOMES:
        ld.fail(kp + ("actions",), f"too large: {math.prod(shape)} cells (expected at most {MAX_OUTCOMES})")
        shape = None
    items = ld.sequence(kp + ("cells",), data["cells"], "a list of cells {actions, attributes, payoffs}") \
        if "cells" in data else None
    cells: dict[tuple[int, ...], Cell] = {}
    first_line: dict[tuple[int, ...], int] = {}
    for j, item in enumerate(items or ()):
        ckp = kp + ("cells", j)
        entry = ld.mapping(ckp, item, "a cell {actions, attributes, payoffs}")
        if entry is None:
            shape = None
            continue
        ld.keys(ckp, entry, ("actions", "attributes", "payoffs"), ("actions",), what="of a cell")
        profile = _read_profile(ld, ckp + ("actions",), entry.get("actions"), actions) if "actions" in entry else None
        shown = f"the cell ({', '.join(actions[i][a].label for i, a in enumerate(profile))})" if profile else \
            f"cell {j + 1}"
        site = read_outcome(ld, ckp, entry, shown)
        if profile is None:  # which profile it meant is unknown: "missing cells" would be guesswork
            shape = None
            continue
        if profile in cells:
            ld.fail(ckp + ("actions",), f"duplicate cell: {shown[4:]} is already given at line "
                                        f"{first_line[profile]} (expected each profile once)")
            continue
        first_line[profile] = ld.doc.where(ckp)[0]
        cells[profile] = Cell(actions=profile, attributes=tuple((n, e) for n, (_, e) in site.attributes.items()),
                              payoffs=tuple(sorted((p, e) for p, (_, e) in site.payoffs.items())))
    if shape is None or items is None:
        return None
    missing = [p for p in itertools.product(*(range(n) for n in shape)) if p not in cells]
    if missing:
        listed = ", ".join("(" + ", ".join(actions[i][a].label for i, a in enumerate(p)) + ")"
                           for p in missing[:SHOWN])
        more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
        ld.fail(kp + ("cells",), f"missing cell{'s' if len(missing) > 1 else ''} {listed}{more} (expected one "
                                 f"cell per profile: {math.prod(shape)}, got {len(cells)})")
        return None
    if ld.errors:
        return None
    return MatrixSpec(actions=tuple(a for a in actions if a is not None),
                      cells=tuple(cells[p] for p in itertools.product(*(range(n) for n in shape))))


def _read_profile(ld: Reader, kp: KeyPath, value: Any,
                  actions: list[tuple[Action, ...] | None]) -> tuple[int, ...] | None:
    items = ld.sequence(kp, value, f"a list of {len(actions)} action labels, one per player")
    if items is None:
        return None
    if len(items) != len(actions):
        ld.fail(kp, f"wrong number of actions (expected {len(actions)}, one per player, got {len(items)})",
                at_value=True)
        return None
    profile = []
    for i, (item, acts) in enumerate(zip(items, actions)):
        if acts is None:
            return None
        labels = [a.label for a in acts]
        label = str(item) if isinstance(item, (str, int)) and not isinstance(item, bool) else None
        if label not in labels:
            player = ld.players[i]
            hint = suggest(str(item), labels) or known_names(labels, "action")
            ld.fail(kp + (i,), f"unknown action {quoted(item if label is None else label)} of "
                               f"'{player}'{hint}")
            return None
        profile.append(labels.index(label))
    return tuple(profile)
