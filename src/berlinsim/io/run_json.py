"""A solved scenario as JSON: what ``berlinsim run --format json`` prints.

The solve contract of :mod:`berlinsim.io.json_out` plus the scenario (its id, document,
paragraphs, parameter values), each equilibrium's identity (``number``, ``label``), outcome
distribution and expected attributes, and, when judged, welfare and Pareto efficiency
(:func:`run_to_json`).
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import numpy as np

from berlinsim.io.json_out import _exact_text, _float, result_to_json


def _number_pair(value: Any) -> tuple[Any, Any]:
    """A number as (float, "p/q" or None)."""
    if isinstance(value, Fraction):
        return _float(value), _exact_text(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value), str(int(value))
    return _float(value), None


def _number_map(pairs: Any) -> tuple[dict[str, Any], dict[str, str] | None]:
    """``{name: float}`` and, when every number is exact, ``{name: "p/q"}``."""
    floats, exact = {}, {}
    for name, value in pairs:
        floats[str(name)], exact[str(name)] = _number_pair(value)
    return floats, (exact if all(v is not None for v in exact.values()) else None)


def efficiency_to_json(efficiency: Any) -> dict[str, Any]:
    """The game-level part of an :class:`~berlinsim.model.efficiency.Efficiency` (the per-equilibrium part goes
    into each equilibrium): ``{"outcomes", "welfare_optimum"(, "_exact"), "optimal_outcomes", "risk_dominance",
    "note"}``; ``risk_dominance`` is ``{"compared": [n, m], "products": [...], "dominant": n or null}`` or null."""
    optimum, optimum_exact = _number_pair(efficiency.optimum) if efficiency.optimum is not None else (None, None)
    out: dict[str, Any] = {"outcomes": int(efficiency.outcomes), "welfare_optimum": optimum}
    if optimum_exact is not None and isinstance(efficiency.optimum, Fraction):
        out["welfare_optimum_exact"] = optimum_exact
    out["optimal_outcomes"] = list(efficiency.optimal)
    out["risk_dominance"] = None if not efficiency.risk_compared else {
        "compared": list(efficiency.risk_compared), "products": [_float(p) for p in efficiency.risk_products],
        "dominant": efficiency.risk_dominant}
    out["note"] = efficiency.note
    return out


def _equilibrium_efficiency(e: Any, players: Any) -> dict[str, Any]:
    welfare, welfare_exact = _number_pair(e.welfare)
    out: dict[str, Any] = {"welfare": welfare}
    if isinstance(e.welfare, Fraction):
        out["welfare_exact"] = welfare_exact
    out["pareto_efficient"] = bool(e.efficient)
    out["pareto_dominated_by"] = None if e.efficient else {
        "outcome": e.dominated_by, "payoffs": [_float(u) for u in e.dominating_payoffs], "count": e.dominating_count}
    out["pareto_dominated_by_equilibria"] = list(e.better_equilibria)
    return out


def run_to_json(run: Any, *, efficiency: Any = None) -> dict[str, Any]:
    """A scenario run (:class:`berlinsim.scenarios.run.ScenarioRun`): the solve contract plus the scenario.

    Keys added to :func:`result_to_json`'s (whose ``"parameters"`` stay the *method's* options):
    ``"scenario"``: ``{"id", "title", "path", "document", "paragraphs", "variant", "t" (of a
    ``between`` variant, else null),
    "parameters": {name: value}, "parameters_exact": {name: "p/q"} (when all exact),
    "changed": [names set by the variant or --set]}``, and in every equilibrium (listed in the
    canonical order, :mod:`berlinsim.model.identity`) first ``"number"`` (1-based) and ``"label"``
    (the text every output names it by), and after the solve contract's keys ``"outcomes"``:
    ``{label: probability}`` (every outcome label, in order) and ``"attributes"``:
    ``{name: expected value}``, each with an ``_exact`` twin of ``"p/q"`` strings when exact.

    With ``efficiency`` (:func:`berlinsim.analysis.outcomes.efficiency`) every equilibrium also has
    ``"welfare"`` (``"welfare_exact"``), ``"pareto_efficient"``, ``"pareto_dominated_by"``
    (``{"outcome", "payoffs", "count"}`` or null) and ``"pareto_dominated_by_equilibria"``
    (numbers), and the document an ``"efficiency"`` block (:func:`efficiency_to_json`).

    Where the run checked which play no belief justifies (a tree with an information set of
    several nodes solved by a method other than ``pbe``: ``run.unjustified``), every equilibrium
    has ``"unjustified"``: the information sets (``{"player", "infoset"}``, by label) where its play
    is a best reply for no belief Bayes' rule allows; ``[]`` when its play is justified everywhere.
    """
    scenario, values = run.scenario, run.values
    unjustified = tuple(getattr(run, "unjustified", ()))
    out = result_to_json(run.result, source=str(scenario.path))
    declared = [p.name for p in scenario.parameters]
    current = dict(values.values)
    names = [n for n in declared if n in current] + [n for n in current if n not in declared]
    parameters, parameters_exact = _number_map((n, current[n]) for n in names)
    block: dict[str, Any] = {
        "id": scenario.id,
        "title": scenario.title,
        "path": str(scenario.path),
        "document": scenario.document,
        "paragraphs": [int(n) for n in scenario.paragraphs],
        "variant": values.variant,
        "t": _number_pair(values.t)[0] if getattr(values, "t", None) is not None else None,
        "parameters": parameters,
    }
    if parameters_exact is not None:
        block["parameters_exact"] = parameters_exact
    block["changed"] = [n for n in names if n in values.changed]
    for k, (eq, summary) in enumerate(zip(out["equilibria"], run.outcomes)):
        rest = dict(eq)
        eq.clear()
        eq.update({"number": k + 1, "label": run.labels[k], **rest})  # the identity first
        eq["outcomes"], outcomes_exact = _number_map(summary.distribution)
        eq["attributes"], attributes_exact = _number_map(summary.expected_attributes)
        if summary.exact and outcomes_exact is not None:
            eq["outcomes_exact"] = outcomes_exact
        if summary.exact and attributes_exact is not None:
            eq["attributes_exact"] = attributes_exact
        if efficiency is not None and k < len(efficiency.equilibria):
            eq.update(_equilibrium_efficiency(efficiency.equilibria[k], run.game.players))
        if k < len(unjustified):
            eq["unjustified"] = [_infoset_json(run.game, h) for h in unjustified[k]]
    schema = out.pop("schema_version")
    if efficiency is not None:
        out["efficiency"] = efficiency_to_json(efficiency)
    out["scenario"] = block
    out["schema_version"] = schema
    return out


def _infoset_json(game: Any, h: int) -> dict[str, Any]:
    """An information set (global index ``h``) by its player and label."""
    info = game.infosets[h]
    return {"player": game.players[int(info.player)], "infoset": info.label or f"information set {info.number}"}


def run_to_json_text(run: Any, *, indent: int | None = 2, efficiency: Any = None) -> str:
    """:func:`run_to_json` serialised (strict JSON)."""
    return json.dumps(run_to_json(run, efficiency=efficiency), indent=indent, allow_nan=False, ensure_ascii=False)

