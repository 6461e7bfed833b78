"""Reading the ``sweeps`` section of a scenario file: the key sweeps its figures and report use.

Private helper of :mod:`berlinsim.io.scenario_yaml` (read after the game and the variants, whose
names it checks). Each entry is a :class:`~berlinsim.model.scenario.KeySweep`::

    sweeps:
      - vary: {c_commit: [0, 8, 101]}        # one or two parameters: [start, stop] or [start, stop, points]
        caption: Cost of committing to a program ...
        y: [E[framing], "US: P"]             # what is drawn (as sweep --y)
        regions: {"US: P; USSR: H": program} # region label -> a short name
        for: [figures, report]               # the gallery, the report's sliders (default: both)

A ``t`` axis moves between two variants (``between: [acheson, kissinger]``, both ``set``
variants of the file). Every problem is reported at its place in the file, as for the rest of
the loader; the quantities of ``y`` are checked as far as the file tells (players, their
actions and information sets, attributes) and fully when a figure is drawn.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from berlinsim.io._scenario_reader import describe, quoted, show
from berlinsim.io._scenario_source import read_paragraphs
from berlinsim.io.yaml_source import KeyPath
from berlinsim.model.scenario import SWEEP_USES, DecisionNode, KeySweep, MatrixSpec, SweepRange, Variant, suggest

__all__ = ["MAX_POINTS", "read_sweeps"]

KEYS = ("name", "vary", "between", "caption", "paragraphs", "y", "equilibria", "regions", "for")
#: Most grid points of one axis.
MAX_POINTS = 1001
#: Grid points per axis when a sweep does not say: one axis, two axes.
DEFAULT_POINTS = (101, 31)
NAME = re.compile(r"[a-z0-9_]+\Z")
EQUILIBRIA = ("band", "lines")


def read_sweeps(ld: Any, value: Any, game: Any, variants: tuple[Variant, ...]) -> tuple[KeySweep, ...]:
    items = ld.sequence(("sweeps",), value, "a list of sweeps, each a mapping {vary, caption, ...}")
    if items is None:
        return ()
    sweeps: list[KeySweep] = []
    names: dict[str, int] = {}
    quantities = _quantity_names(ld, game)
    for i, item in enumerate(items):
        kp: KeyPath = ("sweeps", i)
        entry = ld.mapping(kp, item, "a mapping {vary, caption, y, regions, for, ...}")
        if entry is None:
            continue
        ld.keys(kp, entry, KEYS, ("vary",), what="of a sweep")
        between = _read_between(ld, kp + ("between",), entry["between"], variants) if "between" in entry else None
        axes = _read_vary(ld, kp + ("vary",), entry["vary"], "between" in entry) if "vary" in entry else None
        if between is not None and axes is not None and "t" not in [a.parameter for a in axes]:
            ld.fail(kp + ("between",), "'between' goes with an axis t (the position between the two variants), "
                                       "e.g. vary: {t: [0, 1]}")
            between = None
        text = {k: ld.text(kp + (k,), entry[k]) for k in ("name", "caption", "equilibria") if k in entry}
        name = text.get("name") or ("sweep_" + "_".join(a.parameter for a in axes) if axes else None)
        if "name" in text and text["name"] is not None and not NAME.match(text["name"]):
            ld.fail(kp + ("name",), f"bad sweep name (expected lower-case letters, digits and '_', got "
                                    f"{describe(text['name'])})", at_value=True)
            name = None
        if name is not None and name in names:
            ld.fail(kp + ("name",) if "name" in entry else kp + ("vary",),
                    f"two sweeps are named '{name}' (sweeps[{names[name]}] is too); give one a 'name' of its own")
            name = None
        if "equilibria" in text and text["equilibria"] not in EQUILIBRIA:
            if text["equilibria"] is not None:
                ld.fail(kp + ("equilibria",), f"unknown way to draw the equilibria {quoted(text['equilibria'])} "
                                              f"(expected band or lines)", at_value=True)
            text["equilibria"] = None
        paragraphs = read_paragraphs(ld, kp + ("paragraphs",), entry["paragraphs"]) if "paragraphs" in entry else ()
        y = _read_y(ld, kp + ("y",), entry["y"], quantities) if "y" in entry else ()
        regions = _read_regions(ld, kp + ("regions",), entry["regions"]) if "regions" in entry else ()
        uses = _read_uses(ld, kp + ("for",), entry["for"]) if "for" in entry else SWEEP_USES
        if None in (axes, name, paragraphs, y, regions, uses) or "caption" in text and text["caption"] is None \
                or "equilibria" in text and text["equilibria"] is None or "between" in entry and between is None:
            continue
        if name is not None:
            names[name] = i
        sweeps.append(KeySweep(name=name, axes=axes, between=between, caption=text.get("caption") or "",
                               paragraphs=paragraphs, y=y, equilibria=text.get("equilibria") or "band",
                               regions=regions, uses=uses))
    reports = [k for k, item in enumerate(items) if isinstance(item, dict) and
               "report" in (item.get("for") if isinstance(item.get("for"), list) else SWEEP_USES)]
    if len(reports) > 1:
        ld.fail(("sweeps", reports[1]), f"only one sweep can move the report's sliders (sweeps[{reports[0]}] "
                                        "already does; say 'for: [figures]' for the others)")
    return tuple(sweeps)


def _read_vary(ld: Any, kp: KeyPath, value: Any, has_between: bool) -> tuple[SweepRange, ...] | None:
    entries = ld.mapping(kp, value, "a mapping of one or two parameters to [start, stop] or [start, stop, points]")
    if entries is None:
        return None
    if not 1 <= len(entries) <= 2:
        ld.fail(kp, f"a sweep varies one or two parameters (got {len(entries)})", at_value=True)
        return None
    axes, ok = [], True
    for key, item in entries.items():
        axis = _read_axis(ld, kp + (key,), key, item, has_between, DEFAULT_POINTS[len(entries) - 1])
        ok = ok and axis is not None
        if axis is not None:
            axes.append(axis)
    return tuple(axes) if ok else None


def _read_axis(ld: Any, kp: KeyPath, key: Any, value: Any, has_between: bool, default: int) -> SweepRange | None:
    known = [n for n, k in ld.declared.items() if k == "parameter"]
    if key == "t":
        if not has_between:
            ld.fail(kp, "the axis 't' moves between two variants: give them as 'between: [A, B]'")
            return None
        low, high = Fraction(0), Fraction(1)
    elif key in ld.parameters:
        low, high = ld.parameters[key].low, ld.parameters[key].high
    else:
        if key not in ld.declared or ld.declared[key] != "parameter":
            hint = suggest(str(key), known) or (f" (expected one of: {', '.join(known)})" if known
                                                else " (no parameters are declared)")
            ld.fail(kp, f"unknown parameter {quoted(key)}{hint}")
        return None
    items = ld.sequence(kp, value, "a list [start, stop] or [start, stop, points]")
    if items is None:
        return None
    if len(items) not in (2, 3):
        ld.fail(kp, f"expected [start, stop] or [start, stop, points], got {len(items)} values", at_value=True)
        return None
    start, stop = (ld.number(kp + (i,), v) for i, v in enumerate(items[:2]))
    points = default
    if len(items) == 3:
        raw = items[2]
        if isinstance(raw, bool) or not isinstance(raw, int) or not 2 <= raw <= MAX_POINTS:
            ld.fail(kp + (2,), f"bad number of points (expected a whole number from 2 to {MAX_POINTS}, got "
                               f"{describe(raw)})", at_value=True)
            return None
        points = raw
    if start is None or stop is None:
        return None
    if not start < stop:
        ld.fail(kp, f"empty sweep (expected start < stop, got [{show(start)}, {show(stop)}])", at_value=True)
        return None
    if not (low <= start and stop <= high):
        where = "[0, 1] (t = 0 is the first variant, 1 the second)" if key == "t" else f"[{show(low)}, {show(high)}]"
        ld.fail(kp, f"outside the range of '{key}' (expected values in {where}, got [{show(start)}, {show(stop)}])",
                at_value=True)
        return None
    return SweepRange(parameter=key, start=Fraction(start), stop=Fraction(stop), points=points)


def _read_between(ld: Any, kp: KeyPath, value: Any, variants: tuple[Variant, ...]) -> tuple[str, str] | None:
    items = ld.sequence(kp, value, "a list of two variant names [A, B]")
    if items is None:
        return None
    if len(items) != 2:
        ld.fail(kp, f"expected two variant names [A, B], got {len(items)}", at_value=True)
        return None
    kinds = {v.name: ("between" if v.between else "set") for v in variants}
    ok = True
    for i, name in enumerate(items):
        if not isinstance(name, str) or name not in kinds:
            hint = suggest(str(name), list(kinds)) or (f" (expected one of: {', '.join(kinds)})" if kinds
                                                       else " (this scenario has no variants)")
            ld.fail(kp + (i,), f"unknown variant {quoted(name)}{hint}", at_value=True)
            ok = False
        elif kinds[name] != "set":
            ld.fail(kp + (i,), f"a sweep moves between variants that set values (expected a 'set' variant, got the "
                               f"'between' variant '{name}')", at_value=True)
            ok = False
    if ok and items[0] == items[1]:
        ld.fail(kp, f"the two variants are the same ('{items[0]}')", at_value=True)
        ok = False
    return (items[0], items[1]) if ok else None


def _quantity_names(ld: Any, game: Any) -> dict[str, Any]:
    """What the file tells about the names of quantities: players -> their actions and information sets."""
    actions: dict[str, set[str]] = {p: set() for p in ld.players}
    infosets: dict[str, set[str]] = {p: set() for p in ld.players}
    if isinstance(game, MatrixSpec):
        for player, acts in zip(ld.players, game.actions):
            actions[player] = {a.label for a in acts}
    elif game is not None:
        for node in game.nodes:
            if isinstance(node, DecisionNode) and node.player < len(ld.players):
                player = ld.players[node.player]
                actions[player] |= {a.label for a, _ in node.actions}
                infosets[player].add(node.infoset or node.label or node.id)
    return {"actions": actions, "infosets": infosets, "attributes": [n for n, k in ld.declared.items()
                                                                        if k == "attribute"]}


def _hint(name: str, known: list[str]) -> str:
    return suggest(name, known) or (f" (expected one of: {', '.join(known)})" if known else "")


def _check_quantity(name: str, known: dict[str, Any]) -> str | None:
    """Why ``name`` cannot be a quantity of this scenario (None: it can, as far as the file tells)."""
    attributes = known["attributes"]
    if name.startswith("P(") and name.endswith(")"):
        return None  # an outcome label: checked against the built game when the figure is drawn
    if name.startswith("E[") and name.endswith("]") or name in attributes:
        attribute = name[2:-1] if name.startswith("E[") else name
        return None if attribute in attributes else f"unknown attribute '{attribute}'{_hint(attribute, attributes)}"
    if name.startswith("payoff "):
        player = name[len("payoff "):]
        players = list(known["actions"])
        return None if player in players else f"unknown player '{player}'{_hint(player, players)}"
    who, sep, action = name.partition(": ")
    player, at, infoset = who.partition(" at ")
    if not sep or player not in known["actions"]:
        return (f"not a quantity (expected 'payoff <player>', '<player>: <action>', 'P(<outcome>)' or "
                f"'E[<attribute>]')")
    if at and infoset not in known["infosets"][player]:
        sets = sorted(known["infosets"][player])
        return f"'{player}' has no information set '{infoset}'{_hint(infoset, sets)}"
    acts = sorted(known["actions"][player])
    return None if action in acts else f"'{player}' has no action '{action}'{_hint(action, acts)}"


def _read_y(ld: Any, kp: KeyPath, value: Any, known: dict[str, Any]) -> tuple[str, ...] | None:
    items = ld.sequence(kp, value, "a list of quantities such as 'E[war]', 'payoff US' or 'US: Firm'")
    if items is None:
        return None
    out, ok = [], True
    for i, item in enumerate(items):
        text = ld.text(kp + (i,), item, required=True)
        problem = None if text is None else _check_quantity(text.strip(), known)
        if problem is not None:
            ld.fail(kp + (i,), problem, at_value=True)
        if text is None or problem is not None:
            ok = False
        else:
            out.append(text.strip())
    return tuple(out) if ok else None


def _read_regions(ld: Any, kp: KeyPath, value: Any) -> tuple[tuple[str, str], ...] | None:
    entries = ld.mapping(kp, value, "a mapping of region label (e.g. 'US: P; USSR: H') to a short name")
    if entries is None:
        return None
    out = []
    for key, name in entries.items():
        label = ld.label(kp + (key,), key, "region label")
        short = ld.text(kp + (key,), name, required=True)
        if label is None or short is None:
            return None
        out.append((label, short))
    names = [n for _, n in out]
    for (label, short) in out:
        if names.count(short) > 1:
            ld.fail(kp + (label,), f"two regions are named '{short}' (each region needs a name of its own)",
                    at_value=True)
            return None
    return tuple(out)


def _read_uses(ld: Any, kp: KeyPath, value: Any) -> tuple[str, ...] | None:
    items = ld.sequence(kp, value, f"a list of uses among {', '.join(SWEEP_USES)}")
    if items is None:
        return None
    if not items:
        ld.fail(kp, f"no use (expected some of: {', '.join(SWEEP_USES)})", at_value=True)
        return None
    for i, item in enumerate(items):
        if item not in SWEEP_USES:
            hint = suggest(str(item), list(SWEEP_USES))
            ld.fail(kp + (i,), f"unknown use {quoted(item)}{hint} (expected one of: {', '.join(SWEEP_USES)})",
                    at_value=True)
            return None
    return tuple(dict.fromkeys(items))
