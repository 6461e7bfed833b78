"""Results as JSON: the stable contract printed by ``berlinsim solve --format json``.

For extensive games (``.efg``) the ``game`` block has ``"form": "extensive"`` and
``"infosets"`` (per player, ``{"number", "label", "actions"}`` in ascending number), and
each equilibrium has ``"behavior"`` (``[player][information set][action]``) in place of
``"strategies"``, with ``"payoffs"`` and ``"regret"`` as for normal-form games.

The contract (later versions add keys, never remove or change these)::

    {"game": {"title": str, "form": "normal", "players": [str, ...],
              "strategies": [[str, ...] per player]},
     "method": str,
     "equilibria": [{"strategies": [[probability per action] per player],
                     "payoffs": [float per player], "regret": float}, ...],
     ...}

Correlated equilibria (``--method correlated``) carry ``"distribution"`` (a list of
``{"profile": [labels], "probability": float, "probability_exact": "p/q"}`` over the pure
profiles with positive probability), ``"payoffs"``, ``"regret"`` and ``"roles"`` in place of
``"strategies"``; the welfare-maximising one comes first.

Extra keys, always in this order after the contract's: ``exact``, ``complete``,
``degenerate``, ``tolerance``, ``parameters``, ``notes`` and, when the method reports
any, ``details`` and (two-player games, complete lists of extreme equilibria)
``components`` (:func:`components_to_json`). Each equilibrium also carries ``support``
(action labels) and, when exact, ``strategies_exact``, ``payoffs_exact`` and ``regret_exact`` as ``"p/q"``
strings. Inside ``details`` every exact number is given as a float, and a field
holding exact numbers is repeated with the suffix ``_exact`` in ``"p/q"`` form.
Non-finite floats become ``null``; keys keep a fixed order, so output is deterministic.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers import solve
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                   actions=(("C", "D"), ("C", "D")), title="PD")
>>> out = result_to_json(solve(pd, "pure"))
>>> list(out)[:3], out["game"]["strategies"]
(['game', 'method', 'equilibria'], [['C', 'D'], ['C', 'D']])
>>> eq = out["equilibria"][0]
>>> eq["strategies"], eq["payoffs"], eq["regret"], eq["payoffs_exact"]
([[0.0, 1.0], [0.0, 1.0]], [1.0, 1.0], 0.0, ['1', '1'])
"""

from __future__ import annotations

import dataclasses
import json
import math
from enum import Enum
from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from berlinsim.model._exact import format_number
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.correlated import CorrelatedEquilibrium
from berlinsim.model.result import BehaviorEquilibrium, Equilibrium

#: Version of the JSON layout; bumped only when keys are added.
SCHEMA_VERSION = 1


def game_to_json(game: Any) -> dict[str, Any]:
    """The ``game`` block: title, form, player labels and each player's action labels.

    >>> game_to_json(NormalFormGame.zero_sum([[1, -1], [-1, 1]], title="MP"))
    {'title': 'MP', 'form': 'normal', 'players': ['1', '2'], 'strategies': [['1', '2'], ['1', '2']], 'exact_payoffs': True}
    """
    if isinstance(game, NormalFormGame):
        return {
            "title": game.title,
            "form": "normal",
            "players": list(game.players),
            "strategies": [list(a) for a in game.actions],
            "exact_payoffs": game.is_exact,
        }
    out: dict[str, Any] = {
        "title": str(getattr(game, "title", "")),
        "form": "extensive" if hasattr(game, "player_infosets") else str(getattr(game, "form", "unknown")),
        "players": [str(p) for p in getattr(game, "players", ())],
    }
    if hasattr(game, "player_infosets"):
        from berlinsim.io.efg import infosets_json

        out["infosets"] = infosets_json(game)
        out["exact_payoffs"] = bool(game.is_exact)
    return out


def _exact_text(value: Fraction) -> str:
    return format_number(value)


def _float(value: Any) -> float | None:
    x = float(value)
    if not math.isfinite(x):
        return None
    return 0.0 if x == 0 else x


def _holds_fraction(value: Any) -> bool:
    """True when ``value`` is, or is a plain container of, exact numbers (dataclasses excluded)."""
    if isinstance(value, Fraction):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype == object and any(_holds_fraction(v) for v in value.flat)
    if isinstance(value, (tuple, list)):
        return any(_holds_fraction(v) for v in value)
    return False


def to_jsonable(value: Any, *, exact: bool = False) -> Any:
    """Plain JSON data for ``value``: dataclasses become objects, arrays lists, numbers numbers.

    With ``exact=True`` Fractions become ``"p/q"`` strings, otherwise floats.

    >>> to_jsonable((Fraction(1, 3), np.float64(2.5), float("inf"))), to_jsonable([Fraction(1, 3)], exact=True)
    ([0.3333333333333333, 2.5, None], ['1/3'])
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, Fraction):
        return _exact_text(value) if exact else _float(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _float(value)
    if isinstance(value, Enum):
        return to_jsonable(value.value, exact=exact)
    if isinstance(value, NormalFormGame):
        return game_to_json(value)
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return [to_jsonable(v, exact=exact) for v in value] if value.ndim else to_jsonable(value.item(), exact=exact)
        return to_jsonable(value.tolist(), exact=exact)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields_json({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if isinstance(value, Mapping):
        return _fields_json({str(k): v for k, v in value.items()})
    if isinstance(value, (tuple, list, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [to_jsonable(v, exact=exact) for v in items]
    return str(value)


def _fields_json(fields: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, v in fields.items():
        out[name] = to_jsonable(v)
        if _holds_fraction(v):
            out[f"{name}_exact"] = to_jsonable(v, exact=True)
    return out


def equilibrium_to_json(eq: Any, game: Any = None) -> dict[str, Any]:
    """One equilibrium: the contract's ``strategies``, ``payoffs``, ``regret``, then extras."""
    if isinstance(eq, BehaviorEquilibrium):
        return _behavior_json(eq, game)
    if isinstance(eq, CorrelatedEquilibrium):
        return _correlated_json(eq, game)
    if not isinstance(eq, Equilibrium):
        return to_jsonable(eq)
    out: dict[str, Any] = {
        "strategies": [[_float(p) for p in s] for s in eq.strategies],
        "payoffs": [_float(u) for u in eq.payoffs],
        "regret": _float(eq.regret),
    }
    if isinstance(game, NormalFormGame):
        out["support"] = [[game.actions[i][a] for a in acts] for i, acts in enumerate(eq.support)]
    if eq.exact_strategies is not None:
        out["strategies_exact"] = [[_exact_text(p) for p in s] for s in eq.exact_strategies]
    if eq.exact_payoffs is not None:
        out["payoffs_exact"] = [_exact_text(u) for u in eq.exact_payoffs]
    if eq.exact_regret is not None:
        out["regret_exact"] = _exact_text(eq.exact_regret)
    return out


def _belief_json(belief: Any, game: Any) -> dict[str, Any]:
    """One information set's belief: the probability of each node, its source, the supporting range."""
    s = game.infosets[belief.infoset] if game is not None and hasattr(game, "infosets") else None
    out: dict[str, Any] = {
        "infoset": s.number if s is not None else belief.infoset,
        "label": s.label if s is not None else "",
        "nodes": [int(n) for n in belief.nodes],
        "source": belief.source,
        "belief": [_float(p) for p in belief.belief],
        "range": [[_float(p) for p in point] for point in belief.range],
        "reach": _float(belief.reach),
    }
    if belief.exact_belief is not None:
        out["belief_exact"] = [_exact_text(p) for p in belief.exact_belief]
        out["range_exact"] = [[_exact_text(p) for p in point] for point in belief.exact_range]
        out["reach_exact"] = _exact_text(belief.exact_reach)
    return out


def _behavior_json(eq: BehaviorEquilibrium, game: Any = None) -> dict[str, Any]:
    """A behaviour equilibrium of a tree: ``behavior[player][infoset][action]``, payoffs, regret, extras.

    Methods that compute assessments (``pbe``) add ``"beliefs"``: ``[player][information set]``
    objects ``{"infoset", "label", "nodes", "source" ("path", "plan" or "free"), "belief" (one
    probability per node, the method's choice off the path), "range" (extreme points of the
    beliefs that support the play), "reach"}`` with ``_exact`` twins; in signalling games also
    ``"intuitive_criterion"`` and ``"d1"`` (booleans) and ``"signalling_tests"`` (the reasons, one
    object per message no type sends).
    """
    out: dict[str, Any] = {
        "behavior": [[[_float(p) for p in probs] for probs in player] for player in eq.behavior],
        "payoffs": [_float(u) for u in eq.payoffs],
        "regret": _float(eq.regret),
        "refinement": eq.refinement,
        "terminal_distribution": [_float(p) for p in eq.terminal_distribution],
    }
    if eq.exact_behavior is not None:
        out["behavior_exact"] = [[[_exact_text(p) for p in probs] for probs in player] for player in eq.exact_behavior]
    if eq.exact_payoffs is not None:
        out["payoffs_exact"] = [_exact_text(u) for u in eq.exact_payoffs]
    if eq.exact_regret is not None:
        out["regret_exact"] = _exact_text(eq.exact_regret)
    if eq.beliefs is not None:
        out["beliefs"] = [[_belief_json(b, game) for b in player] for player in eq.beliefs]
    if eq.signalling is not None:
        out["intuitive_criterion"] = bool(eq.signalling.intuitive_criterion)
        out["d1"] = bool(eq.signalling.d1)
        out["signalling_tests"] = to_jsonable(eq.signalling.tests)
    return out


def _correlated_json(eq: CorrelatedEquilibrium, game: Any) -> dict[str, Any]:
    """A correlated equilibrium: ``distribution`` (profiles with positive probability), payoffs, regret, roles.

    Each entry of ``distribution`` is ``{"profile": [action label per player], "probability":
    float}`` (with ``"probability_exact"`` as ``"p/q"`` when exact); profiles left out have
    probability 0. ``regret`` is the largest expected gain from disobeying a recommendation.
    """
    labels = game.actions if isinstance(game, NormalFormGame) else None
    distribution = []
    for k, cell in enumerate(eq.cells):
        entry: dict[str, Any] = {
            "profile": [labels[i][a] for i, a in enumerate(cell)] if labels else list(cell),
            "probability": _float(eq.probabilities[k]),
        }
        if eq.exact_probabilities is not None:
            entry["probability_exact"] = _exact_text(eq.exact_probabilities[k])
        distribution.append(entry)
    out: dict[str, Any] = {
        "distribution": distribution,
        "payoffs": [_float(v) for v in eq.payoffs],
        "regret": _float(eq.regret),
        "roles": list(eq.roles),
    }
    if eq.exact_payoffs is not None:
        out["payoffs_exact"] = [_exact_text(v) for v in eq.exact_payoffs]
    if eq.exact_regret is not None:
        out["regret_exact"] = _exact_text(eq.exact_regret)
    return out


def components_to_json(components: Any) -> dict[str, Any]:
    """The two-player equilibrium set's structure (:class:`~berlinsim.model.components.EquilibriumComponents`).

    ``{"cliques": [{"equilibria": [indices into "equilibria"], "rows": [...], "columns": [...],
    "row_vertices": [[p per action], ...], "column_vertices": [...]} ...], "connected":
    [{"cliques": [indices into "cliques"], "equilibria": [...]} ...], "truncated": bool}``.
    Each clique is a maximal Nash subset, the product of the convex hull of its row vertices
    and the convex hull of its column vertices; vertices repeat with ``_exact`` twins
    (``"p/q"``) when exact.
    """
    def vertices(values: Any, indices: Any) -> dict[str, Any]:
        chosen = [values[k] for k in indices]
        return {"floats": [[_float(p) for p in v] for v in chosen],
                "exact": [[_exact_text(p) for p in v] for v in chosen] if _holds_fraction(chosen) else None}

    cliques = []
    for clique in components.cliques:
        rows, cols = vertices(components.row_vertices, clique.rows), vertices(components.column_vertices, clique.columns)
        entry: dict[str, Any] = {"equilibria": list(clique.equilibria), "rows": list(clique.rows),
                                 "columns": list(clique.columns), "row_vertices": rows["floats"],
                                 "column_vertices": cols["floats"]}
        if rows["exact"] is not None and cols["exact"] is not None:
            entry["row_vertices_exact"], entry["column_vertices_exact"] = rows["exact"], cols["exact"]
        cliques.append(entry)
    connected = [{"cliques": list(c), "equilibria": list(e)}
                 for c, e in zip(components.components or [()] * len(components.component_equilibria),
                                 components.component_equilibria)]
    return {"cliques": cliques, "connected": connected, "truncated": bool(components.truncated)}


def result_to_json(result: Any, *, source: str | None = None) -> dict[str, Any]:
    """A :class:`~berlinsim.model.result.SolveResult` as the JSON contract (a dict in fixed key order).

    ``source``, when given, records the file the game came from.
    """
    out: dict[str, Any] = {
        "game": game_to_json(result.game),
        "method": result.method,
        "equilibria": [equilibrium_to_json(eq, result.game) for eq in result.equilibria],
        "exact": bool(result.exact),
        "complete": bool(result.complete),
        "degenerate": None if result.degenerate is None else bool(result.degenerate),
        "tolerance": _float(result.tolerance),
        "parameters": _fields_json({str(k): v for k, v in result.parameters}),
        "notes": [str(n) for n in result.notes],
    }
    if result.details is not None:
        out["details"] = to_jsonable(result.details)
    if getattr(result, "components", None) is not None:
        out["components"] = components_to_json(result.components)
    if source is not None:
        out["source"] = str(source)
    out["schema_version"] = SCHEMA_VERSION
    return out


def result_to_json_text(result: Any, *, source: str | None = None, indent: int | None = 2) -> str:
    """:func:`result_to_json` serialised (strict JSON: no NaN or Infinity)."""
    return json.dumps(result_to_json(result, source=source), indent=indent, allow_nan=False, ensure_ascii=False)
