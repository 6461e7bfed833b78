"""Running a scenario: resolve its parameters, build and solve its game, summarise the outcomes.

:func:`run_scenario` is what ``berlinsim run`` does before it formats anything: it resolves
the parameter values (defaults, then a variant, then ``--set`` overrides), builds the game,
solves it with the scenario's method (or the one asked for) and, for every equilibrium,
computes the probability of each *outcome* (cells of a matrix, terminal nodes of a tree,
grouped by their labels) and the expected value of every outcome *attribute* (P(war),
P(settlement), expected framing, ...). Numbers are exact Fractions whenever the equilibrium
and the attribute values are exact.

A table method (``enummixed``, ``pure``, ...) asked for on a tree solves the tree's reduced
normal form; each equilibrium found is turned back into behaviour strategies on the tree
(Kuhn's theorem), so the report can still follow the tree.

Examples
--------
Outcome summaries need only a built game and an equilibrium (here a hand-made matrix):

>>> import numpy as np
>>> from types import SimpleNamespace
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.model.result import equilibrium_from
>>> chicken = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
...                                        actions=(("Yield", "Firm"), ("Back", "Press")))
>>> war = np.array([[[0], [0]], [[0], [1]]], dtype=object) * Fraction(1)
>>> built = SimpleNamespace(game=chicken, attribute_names=("war",), outcome_attributes=war,
...                         outcome_labels=("status quo", "US yields", "USSR backs down", "war"))
>>> eq = equilibrium_from(chicken, (("9/10", "1/10"), ("9/10", "1/10")), exact=True)
>>> summary = outcome_summary(built, eq)
>>> summary.probability("war"), summary.attribute("war"), summary.exact
(Fraction(1, 100), Fraction(1, 100), True)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from berlinsim.errors import BerlinsimError
from berlinsim.model.correlated import CorrelatedEquilibrium
from berlinsim.limits import Limits
from berlinsim.model.result import BehaviorEquilibrium, Equilibrium, SolveResult, behavior_equilibrium_from
from berlinsim.model.scenario import Scenario

Number = Fraction | float

__all__ = ["OutcomeSummary", "ScenarioRun", "identified_run", "memo_excerpts", "outcome_summary", "point_equilibria",
           "run_scenario"]


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeSummary:
    """What one equilibrium leads to.

    Attributes
    ----------
    distribution : tuple of (label, probability)
        Every outcome label of the game, in order of first appearance, with the probability
        of ending there (outcomes sharing a label are added up).
    expected_attributes : tuple of (name, value)
        The expected value of every outcome attribute, in the scenario's order.
    exact : bool
        True when the numbers are Fractions.
    """

    distribution: tuple[tuple[str, Number], ...]
    expected_attributes: tuple[tuple[str, Number], ...]
    exact: bool = False

    def probability(self, label: str) -> Number:
        """The probability of the outcome ``label``."""
        for name, p in self.distribution:
            if name == label:
                return p
        raise BerlinsimError(f"no outcome {label!r}; outcomes are {[name for name, _ in self.distribution]}")

    def attribute(self, name: str) -> Number:
        """The expected value of the attribute ``name``."""
        for key, value in self.expected_attributes:
            if key == name:
                return value
        raise BerlinsimError(f"no attribute {name!r}; attributes are {[k for k, _ in self.expected_attributes]}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioRun:
    """A solved scenario: the scenario, the parameter values used, the built game, the result.

    The equilibria of ``result`` are in canonical order (:mod:`berlinsim.model.identity`), the order
    every output lists them in; ``outcomes[k]``, ``labels[k]`` and ``supports[k]`` are the outcome
    summary, the label and the support of ``result.equilibria[k]``, and ``solver_index[k]`` its
    position in the solver's own list (the solver's ``details``, e.g. a backward-induction trace of
    "the first equilibrium", are about the equilibrium with ``solver_index`` 0).
    ``unjustified[k]`` lists the information sets (global indices) where no belief justifies
    equilibrium ``k``'s play, when a method other than ``pbe`` solved a tree with an information
    set of several nodes (:func:`unjustified_play`); it is empty when nothing was checked.
    """

    scenario: Scenario
    values: Any
    built: Any
    result: SolveResult
    outcomes: tuple[OutcomeSummary, ...]
    labels: tuple[str, ...]
    supports: tuple[str, ...]
    solver_index: tuple[int, ...]
    unjustified: tuple[tuple[int, ...], ...] = ()

    def __post_init__(self) -> None:
        count = len(self.result.equilibria)
        for name in ("outcomes", "labels", "supports", "solver_index"):
            value = tuple(getattr(self, name))
            object.__setattr__(self, name, value)
            if len(value) != count:
                raise ValueError(f"{name}: {len(value)} entries for {count} equilibria")

    @property
    def game(self) -> Any:
        return self.built.game


def _is_exact_array(values: np.ndarray) -> bool:
    return values.dtype == object and all(isinstance(v, (Fraction, int)) for v in values.flat)


def _outcome_probabilities(built: Any, eq: Any) -> tuple[np.ndarray, bool]:
    """Probability of every outcome row (matrix cells in row-major order, or terminal rows)."""
    if isinstance(eq, BehaviorEquilibrium):
        if eq.exact_terminal_distribution is not None:
            return np.array(eq.exact_terminal_distribution, dtype=object), True
        return np.array(eq.terminal_distribution, dtype=float), False
    if isinstance(eq, CorrelatedEquilibrium):  # its outcome distribution is its distribution over cells
        return _cell_probabilities(built.game.shape, eq), eq.exact_probabilities is not None
    if not isinstance(eq, Equilibrium):
        raise BerlinsimError(f"cannot summarise outcomes of a {type(eq).__name__}")
    exact = eq.exact_strategies is not None
    strategies = eq.exact_strategies if exact else eq.strategies
    joint = np.array([Fraction(1)] if exact else [1.0], dtype=object if exact else float)
    for s in strategies:
        joint = np.multiply.outer(joint, np.array(s, dtype=object if exact else float)).ravel()
    return joint, exact


def _cell_probabilities(shape: tuple[int, ...], eq: CorrelatedEquilibrium) -> np.ndarray:
    """A correlated equilibrium's probability of every cell, row-major (0 off its support)."""
    exact = eq.exact_probabilities is not None
    joint = np.zeros(shape, dtype=object if exact else float)
    if exact:
        joint[...] = Fraction(0)
    for cell, p in eq.distribution:
        joint[cell] = p
    return joint.ravel()


def outcome_summary(built: Any, eq: Any) -> OutcomeSummary:
    """The outcome distribution and expected attributes of one equilibrium of a built scenario game.

    ``built`` carries ``outcome_labels``, ``attribute_names`` and ``outcome_attributes``
    (and ``exact_attributes``, Fractions, when exact; see :mod:`berlinsim.scenarios.build`):
    for a matrix one row per cell in row-major order, for a tree one row per terminal node.
    """
    probs, exact = _outcome_probabilities(built, eq)
    names = tuple(built.attribute_names)
    exact_table = getattr(built, "exact_attributes", None)
    table = np.asarray(exact_table if exact_table is not None else built.outcome_attributes)
    table = table.reshape(len(probs), len(names))
    exact = exact and _is_exact_array(table)
    if not exact:
        probs = np.array([float(p) for p in probs])
        table = np.array(table, dtype=float)
    zero: Number = Fraction(0) if exact else 0.0
    grouped: dict[str, Number] = {}
    for label, p in zip(built.outcome_labels, probs):
        grouped[str(label)] = grouped.get(str(label), zero) + p
    attributes = tuple((name, sum((p * table[r, j] for r, p in enumerate(probs)), zero)) for j, name in enumerate(names))
    if not exact:
        grouped = {k: float(v) for k, v in grouped.items()}
        attributes = tuple((k, float(v)) for k, v in attributes)
    return OutcomeSummary(distribution=tuple(grouped.items()), expected_attributes=attributes, exact=exact)


def _solve_tree_as_table(game: Any, method: str, function: Any, options: dict[str, Any],
                         limits: Limits | None = None) -> SolveResult:
    """Solve a tree's reduced normal form and turn each equilibrium back into behaviour strategies."""
    from berlinsim.model.reduced_normal_form import mixed_to_behavior, to_reduced_normal_form

    table, strategies = to_reduced_normal_form(game, limits=limits)
    result = function(table, **options)
    if any(not hasattr(eq, "strategies") for eq in result.equilibria):  # e.g. correlated: distributions
        note = (f"method {method!r} works on tables: the result is for the tree's reduced normal form "
                f"({' x '.join(str(n) for n in table.shape)} strategies)")
        return dataclasses.replace(result, notes=(note, *result.notes))
    equilibria, seen = [], set()
    for eq in result.equilibria:
        exact = eq.exact_strategies is not None and game.is_exact
        mixed = eq.exact_strategies if exact else eq.strategies
        behavior = mixed_to_behavior(game, strategies, mixed, exact=exact)
        key = tuple(float(x) for player in behavior for probs in player for x in probs)
        key = tuple(round(x, 12) for x in key)
        if key not in seen:
            seen.add(key)
            equilibria.append(behavior_equilibrium_from(game, behavior, exact=exact, refinement="nash"))
    note = (f"method {method!r} works on tables: the tree was solved in its reduced normal form "
            f"({' x '.join(str(n) for n in table.shape)} strategies); equilibria are shown as behaviour "
            "strategies, uniform at information sets that no strategy in the support reaches")
    if len(equilibria) < len(result.equilibria):
        note += f"; {len(result.equilibria)} table equilibria give {len(equilibria)} distinct behaviour profiles"
    return dataclasses.replace(result, game=game, equilibria=tuple(equilibria), notes=(note, *result.notes))


def solve_built(game: Any, method: str, *, limits: Limits | None = None, **options: Any) -> SolveResult:
    """Solve ``game`` (a table or a tree) with ``method`` and its ``options``, within ``limits``.

    On a tree, ``auto`` and ``qre`` mean their tree equivalents (:func:`berlinsim.solvers.tree_method`:
    ``spe`` on a tree of singleton information sets, else ``pbe``; ``agent_qre``); a
    table method solves the tree's reduced normal form and its equilibria are mapped back to
    behaviour strategies. A tree method refuses a table. ``limits`` (default
    :data:`berlinsim.limits.DEFAULT`) bound the reduced normal form and the solver's game.
    """
    from berlinsim.solvers import TREE_METHODS, solver_for, tree_method

    tree = hasattr(game, "player_infosets")
    if tree:
        method = tree_method(method, game)
    function = solver_for(method, limits=limits)
    if method in TREE_METHODS:
        if not tree:
            raise BerlinsimError(f"method '{method}' needs a game tree (this game is a matrix): use it on a tree "
                                 "scenario or a .efg file, or choose a table method (see 'berlinsim methods')")
        return function(game, **options)
    if tree:
        return _solve_tree_as_table(game, method, function, options, limits)
    return function(game, **options)


def run_scenario(scenario: Scenario, *, variant: str | None = None, overrides: Mapping[str, Any] | None = None,
                 method: str | None = None, limits: Limits | None = None) -> ScenarioRun:
    """Resolve values, build the game, solve it and summarise every equilibrium's outcomes.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario (:func:`berlinsim.io.scenario_yaml.load_scenario`).
    variant : str, optional
        A variant of the scenario (a named set of parameter values).
    overrides : mapping, optional
        Parameter values set after the variant (``--set name=value``).
    method : str, optional
        A method name of :data:`berlinsim.solvers.METHODS`; default: the scenario's own.
    limits : Limits, optional
        The size limits of the solve (default :data:`berlinsim.limits.DEFAULT`).
    """
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.values import resolve_values

    values = resolve_values(scenario, variant, dict(overrides or {}))
    built = build_game(scenario, values)
    return identified_run(scenario, values, built, solve_built(built.game, method or scenario.method, limits=limits))


def unjustified_play(result: SolveResult) -> tuple[tuple[int, ...], ...]:
    """For each equilibrium of ``result``, the information sets where no belief justifies its play.

    Checked (by :func:`berlinsim.solvers.pbe.unjustified_sets`) only for trees with an information
    set of several nodes solved by a method other than ``pbe``, whose equilibria carry no beliefs;
    otherwise ``()``. Subgame perfection settles singleton sets; ``pbe`` checks its own.
    """
    game = result.game
    if (not hasattr(game, "player_infosets") or game.is_perfect_information or result.method == "pbe"
            or not game.is_perfect_recall or not all(isinstance(eq, BehaviorEquilibrium) for eq in result.equilibria)):
        return ()
    from berlinsim.errors import SolverError
    from berlinsim.solvers.pbe import unjustified_sets

    def rows(eq: BehaviorEquilibrium) -> Any:
        return eq.exact_behavior if eq.exact_behavior is not None else eq.behavior

    try:
        return tuple(unjustified_sets(game, rows(eq)) for eq in result.equilibria)
    except SolverError:  # too many continuation plans to compare: not checked
        return ()


def identified_run(scenario: Scenario, values: Any, built: Any, result: SolveResult) -> ScenarioRun:
    """The :class:`ScenarioRun` of a solved game: its equilibria put in canonical order, labelled, summarised."""
    from berlinsim.model.identity import identify

    summaries = [outcome_summary(built, eq) for eq in result.equilibria]  # (what cannot be summarised says so)
    found = identify(built.game, result.equilibria)
    ordered = dataclasses.replace(result, equilibria=tuple(result.equilibria[e] for e in found.order))
    outcomes = tuple(summaries[e] for e in found.order)
    return ScenarioRun(scenario=scenario, values=values, built=built, result=ordered, outcomes=outcomes,
                       labels=found.labels, supports=found.supports, solver_index=found.order,
                       unjustified=unjustified_play(ordered))


def point_equilibria(run: ScenarioRun) -> Any:
    """Every equilibrium of ``run`` as plain arrays (a :class:`~berlinsim.model.sweep_result.PointEquilibria`),
    in the run's (canonical) order: what a Monte Carlo draw keeps (a module-level function: it pickles)."""
    from berlinsim.model.identity import strategy_columns, strategy_vector
    from berlinsim.model.sweep_result import PointEquilibria

    eqs = run.result.equilibria
    width = len(strategy_columns(run.game))
    outcomes = [[float(p) for _, p in summary.distribution] for summary in run.outcomes]
    attributes = [[float(v) for _, v in summary.expected_attributes] for summary in run.outcomes]
    return PointEquilibria(
        labels=run.labels, supports=run.supports,
        payoffs=np.array([[float(u) for u in eq.payoffs] for eq in eqs]).reshape(len(eqs), len(run.game.players)),
        strategies=np.array([strategy_vector(eq) for eq in eqs]).reshape(len(eqs), width),
        outcomes=np.array(outcomes).reshape(len(eqs), len(dict.fromkeys(str(x) for x in run.built.outcome_labels))),
        attributes=np.array(attributes).reshape(len(eqs), len(run.built.attribute_names)),
        degenerate=bool(run.result.degenerate))


# ----------------------------------------------------------------------------- the document's own words
def memo_excerpts(scenario: Scenario, *, search: tuple[Path, ...] | None = None) -> dict[int, str]:
    """The opening words of each paragraph of its document the scenario models, when the document is found.

    The document is found by name in the documents folders of the scenario's file
    (:func:`berlinsim.io.documents.find_document`; or in the folders ``search``). An installed
    package ships no documents: the result is then empty and reports give the paragraph
    numbers only.
    """
    from berlinsim.io.documents import find_document

    if not scenario.document or not scenario.paragraphs:
        return {}
    found = find_document(scenario.document, near=scenario.path, folders=search)
    if found is None:
        return {}
    return {n: found.excerpt(n) for n in scenario.paragraphs if n in found.numbers}
