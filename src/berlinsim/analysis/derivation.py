"""The derivation computation: why a game's equilibria are what they are, step by step, for ``berlinsim explain``.

It returns a :class:`~berlinsim.model.derivation_result.Derivation` (the value objects live in
:mod:`berlinsim.model.derivation_result`).

:func:`derive` takes a game and its solver result (and, for a scenario, its words: action
descriptions, outcome labels, parameters, teaching note) and returns a
:class:`~berlinsim.model.derivation_result.Derivation`:

* matrices: the game with best responses marked; iterated strict dominance (the trace of
  :func:`~berlinsim.solvers.dominance.dominance_solve`, replayed by
  :func:`~berlinsim.solvers.dominance.verify_trace`), each step with the payoff comparisons that
  prove it; pure equilibria found as cells of mutual best responses; for each equilibrium what
  pins every player's strategy down: the other players' indifference equations and
  best-response inequalities, solved exactly, with the set of strategies they allow when they
  leave some probabilities free (a degenerate game);
* trees: backward induction node by node under each equilibrium (values compared at each
  decision, expectations at chance nodes, belief-weighted values where the mover cannot tell
  nodes apart), the credibility of the plans off the equilibrium path, and pure Nash equilibria
  of the reduced normal form that rest on threats that are not credible;
* for every equilibrium a table of deviations (each pure action or reduced strategy of each
  player against the others' equilibrium play), and what the method did, in words.

The numbers are the solver's: the derivation recomputes them from the game and the
equilibrium (exact Fractions for exact games) and states where it cannot (e.g. beliefs at
unreached information sets that only the method's limit defines).

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.solvers.enummixed import enummixed_solve
>>> chicken = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]], players=("US", "USSR"),
...                                        actions=(("Yield", "Firm"), ("Back", "Press")), title="Chicken")
>>> d = derive(chicken, enummixed_solve(chicken))
>>> d.pure.equilibria
(('Yield', 'Press'), ('Firm', 'Back'))
>>> mixed = next(e for e in d.equilibria if e.kind == "mixed")
>>> ussr = mixed.mixes[1]
>>> ussr.mixer, ussr.status, [e.player for e in ussr.equations], [c for c, _ in ussr.affine]
('USSR', 'pinned', ['US'], [Fraction(9, 10), Fraction(1, 10)])
>>> mixed.verification.holds
True
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any, Mapping, Sequence

from berlinsim.analysis import _derivation_correlated as co
from berlinsim.analysis import _derivation_assessment as asm
from berlinsim.analysis import _derivation_matrix as mx
from berlinsim.analysis import _derivation_mixes as mixes
from berlinsim.analysis import _derivation_supports as su
from berlinsim.analysis import _derivation_threats as th
from berlinsim.analysis import _derivation_tree as tr
from berlinsim.model.derivation_result import (
    Derivation, EquilibriumView, MemoView, Number, ParameterLine,
)
from berlinsim.model.enumeration import EnumpolyDetails
from berlinsim.model.normal_form import NormalFormGame

__all__ = ["derive", "derive_run", "method_text"]

_METHOD_TEXT = {
    "enummixed": "Vertex enumeration finds every extreme equilibrium of a two-player game in exact arithmetic. "
                 "Below, each one is retraced by hand: a pure equilibrium as a cell where every action is a best "
                 "response, a mixed one from the indifference conditions.",
    "pure": "Every cell of the table is checked: a pure equilibrium is a cell where every player's action is a best "
            "response to the others' actions.",
    "dominance": "Iterated elimination of strictly dominated actions; when one cell survives it is the only "
                 "equilibrium.",
    "spe": "Backward induction: every subgame is solved from the bottom up. At each decision the mover takes an "
           "action with the best continuation value; at each chance node the values are averaged with nature's "
           "probabilities. A subgame in which a player cannot tell nodes apart is solved as a whole (its reduced "
           "normal form); the steps below show, for each such information set, the values weighted by the "
           "mover's beliefs.",
    "agent_qre": "The method follows the agent-form logit quantal response equilibrium to its limit (McKelvey and "
                 "Palfrey 1998): players who err less and less. The limit approximates a sequential equilibrium. "
                 "It is not a step-by-step construction, so the steps below check the answer instead: at every "
                 "information set the value of each action, weighted by the beliefs (Bayes' rule where play "
                 "reaches the set; the method's limiting beliefs, as floating-point numbers, where it does not). "
                 "That the profile is a Nash equilibrium is verified exactly; sequential rationality only for the "
                 "beliefs shown.",
    "pbe": "Perfect Bayesian equilibria: assessments, a strategy for every player plus a belief at every "
           "information set, in which every move is a best reply given the belief there and the play that follows, "
           "reached or not. Beliefs come from Bayes' rule wherever play reaches a set (and in every subgame); off "
           "the path they are limits of Bayes' rule under vanishing mistakes, and where that leaves them free, "
           "every belief that supports the play is stated as a range. The steps below check each equilibrium "
           "move by move with those beliefs; then the beliefs are derived, and in a signalling game each unsent "
           "message is tested (Intuitive Criterion, D1).",
    "lcp": "Lemke's algorithm on the sequence form finds one Nash equilibrium of the two-player tree; it need not "
           "be subgame perfect. The steps below check it move by move.",
    "lh": "Lemke-Howson path following from every starting label: some equilibria, not necessarily all.",
    "lp": "Linear programming: in a constant-sum game every equilibrium strategy guarantees the game's value.",
    "qre": "The logit quantal response equilibrium path, followed to its Nash limit: one equilibrium.",
    "auto": "For two players: vertex enumeration (every extreme equilibrium); for more: pure equilibria and the "
            "limit of the logit QRE.",
    "correlated": "Linear programming over distributions on the table's cells: a distribution is a correlated "
                  "equilibrium when every obedience inequality holds (each player, told an action, does no better "
                  "by switching). The inequalities are linear in the cells' probabilities, so the correlated "
                  "equilibria form a polytope; the optima below are its vertices where enough inequalities bind.",
    "enumpoly": "Support enumeration: for every support profile (each player's set of played actions) the "
                "indifference equations are solved exactly, and a solution is kept when its probabilities are "
                "positive and no unused action pays more. With three or more players the equations are "
                "polynomial in the probabilities.",
    "stackelberg": "The leader's optimal commitment: the leader picks the mixed strategy that is best given the "
                   "follower's best response to it.",
}


def method_text(method: str) -> str:
    """What ``method`` does, in words a student can follow.

    >>> method_text("pure").startswith("Every cell")
    True
    """
    if method in _METHOD_TEXT:
        return _METHOD_TEXT[method]
    from berlinsim.solvers import METHODS

    return METHODS[method][2].capitalize() + "." if method in METHODS else ""


def _payoffs(eq: Any, exact: bool) -> tuple[Number, ...]:
    if exact and eq.exact_payoffs is not None:
        return tuple(Fraction(v) for v in eq.exact_payoffs)
    return tuple(float(v) for v in eq.payoffs)


def _is_exact(eq: Any) -> bool:
    return (eq.exact_behavior if hasattr(eq, "behavior") else eq.exact_strategies) is not None


def _kind(eq: Any) -> str:
    if eq.is_pure:
        return "pure"
    return "behaviour" if hasattr(eq, "behavior") else "mixed"


def _summary(outcome: Any) -> tuple[tuple[tuple[str, Number], ...], tuple[tuple[str, Number], ...]]:
    if outcome is None:
        return (), ()
    positive = tuple((label, p) for label, p in outcome.distribution if (p > 0 if outcome.exact else p > 1e-12))
    return positive, tuple(outcome.expected_attributes)


def _parameters(scenario: Any, values: Any) -> tuple[ParameterLine, ...]:
    if scenario is None or values is None:
        return ()
    current = dict(values.values)
    lines = []
    for p in scenario.parameters:
        value = current.get(p.name, p.default)
        about = p.description + (f" [{p.unit}]" if p.unit else "")
        lines.append(ParameterLine(name=p.name, value=value, default=p.default, changed=p.name in values.changed,
                                   description=about))
    return tuple(lines)


def _memo(scenario: Any, excerpts: Mapping[int, str] | None) -> MemoView | None:
    if scenario is None:
        return None
    found = excerpts or {}
    return MemoView(document=scenario.document, paragraphs=tuple(scenario.paragraphs),
                    excerpts=tuple((n, found[n]) for n in scenario.paragraphs if n in found),
                    summary=" ".join(scenario.summary.split()), teaching_note=" ".join(scenario.teaching_note.split()),
                    references=tuple(scenario.references))


def _descriptions(scenario: Any, game: NormalFormGame) -> tuple[tuple[str, ...], ...] | None:
    actions = getattr(getattr(scenario, "game", None), "actions", None)
    if actions is None or tuple(len(a) for a in actions) != game.shape:
        return None
    return tuple(tuple(a.description for a in acts) for acts in actions)


def derive(game: Any, result: Any, *, source: str = "", scenario: Any = None, values: Any = None,
           outcome_labels: Sequence[str] | None = None, outcomes: Sequence[Any] = (),
           excerpts: Mapping[int, str] | None = None) -> Derivation:
    """The derivation of ``result`` (a :class:`~berlinsim.model.result.SolveResult` of ``game``).

    Parameters
    ----------
    game : NormalFormGame or ExtensiveGame
    result : SolveResult
        The solver's answer; its equilibria are the ones explained.
    source : str
        Where the game came from (a scenario id or a file name).
    scenario, values : optional
        The scenario and its :class:`~berlinsim.scenarios.values.ParameterValues` (for its words,
        parameters and teaching note).
    outcome_labels : sequence of str, optional
        Outcome label per cell (row-major) or per terminal node.
    outcomes : sequence of OutcomeSummary, optional
        ``outcomes[k]`` summarises ``result.equilibria[k]`` (see :func:`berlinsim.scenarios.run.outcome_summary`).
    excerpts : mapping, optional
        Memo paragraph number -> its opening words.
    """
    tree = hasattr(game, "player_infosets")
    if tree and co.is_correlated(result):  # distributions over the plans of the tree's reduced normal form
        from berlinsim.model.reduced_normal_form import to_reduced_normal_form

        table = to_reduced_normal_form(game)[0]
        return derive(table, dataclasses.replace(result, game=table), source=source, excerpts=excerpts)
    notes = [str(n) for n in result.notes]
    common: dict[str, Any] = {}
    reduced = None
    if tree:
        reduced = th.reduced_form(game)
        first = result.equilibria[0] if result.equilibria else None
        common["tree"] = tr.tree_view(game, first if hasattr(first, "behavior") else None, outcome_labels)
        common["credibility"] = th.credibility(game, result.equilibria, reduced, outcome_labels)
        if game.num_nodes > tr.MAX_NODES:
            notes.append(f"the tree has {game.num_nodes} nodes, more than {tr.MAX_NODES}: it is not drawn and "
                         "backward induction is not listed node by node")
    else:
        common["matrix"] = mx.matrix_view(game, _descriptions(scenario, game), outcome_labels)
        common["dominance"] = mx.dominance_view(game)
        common["pure"] = mx.pure_search(game)
        if common["pure"] is None:
            notes.append(f"the table has {game.num_cells} cells, more than {mx.MAX_SEARCH_CELLS}: best responses "
                         "are not listed one by one")
        if game.num_cells > mixes.MAX_CELLS:
            notes.append(f"the table has {game.num_cells} cells, more than {mixes.MAX_CELLS}: what pins each strategy "
                         "down is not derived; the table of deviations checks every equilibrium")
        if (game.num_players > 2 and not co.is_correlated(result) and not isinstance(result.details, EnumpolyDetails)
                and any(not eq.is_pure for eq in result.equilibria)):
            notes.append("with three or more players the equilibrium conditions are polynomial in the probabilities "
                         "(products of several players' mixes); each player's strategy is derived with the others' "
                         "held at their equilibrium values, and the table of deviations checks the whole profile")
    if not tree and co.is_correlated(result):
        return _correlated(game, result, source, scenario, values, excerpts, notes, common)
    if not tree and game.num_players > 2:
        common["supports"] = su.support_systems(game, result)
    beliefs = getattr(result.details, "beliefs", None)
    views = []
    corners: dict = {}
    for k, eq in enumerate(result.equilibria):
        outcome = outcomes[k] if k < len(outcomes) else None
        shown, attributes = _summary(outcome)
        exact = _is_exact(eq) and game.is_exact
        if hasattr(eq, "behavior"):
            body = dict(strategy=tr.strategy_lines(game, eq),
                        induction=tr.induction(game, eq, beliefs, assessment=asm.assessment_beliefs(game, eq)),
                        verification=tr.verification(game, eq, reduced), beliefs=asm.belief_views(game, eq),
                        refinements=asm.refinement_lines(eq))
        else:
            derived = mixes.mix_derivations(game, eq, result.equilibria, corners) if game.num_cells <= mixes.MAX_CELLS else ()
            body = dict(strategy=mx.strategy_lines(game, eq), mixes=derived, verification=mx.verification(game, eq))
        views.append(EquilibriumView(number=k + 1, kind=_kind(eq), refinement=getattr(eq, "refinement", "nash"),
                                     payoffs=_payoffs(eq, exact), outcomes=shown, attributes=attributes, **body))
    return _derivation(game, result, source, scenario, values, excerpts, notes, is_tree=tree, equilibria=tuple(views),
                       **common)


def _derivation(game: Any, result: Any, source: str, scenario: Any, values: Any, excerpts: Mapping[int, str] | None,
                notes: Sequence[str], *, is_tree: bool = False, **fields: Any) -> Derivation:
    players = tuple(p.description for p in scenario.players) if scenario is not None else ()
    if len(players) != game.num_players:
        players = ()
    return Derivation(
        title=(scenario.title if scenario is not None else "") or game.title or source or "Game",
        source=(scenario.id if scenario is not None else "") or source,
        kind="tree" if is_tree else "matrix", players=tuple(game.players), player_descriptions=players,
        variant=(values.variant or "") if values is not None else "", parameters=_parameters(scenario, values),
        method=result.method, method_text=method_text(result.method), exact=bool(result.exact),
        complete=bool(result.complete), memo=_memo(scenario, excerpts), notes=tuple(dict.fromkeys(notes)), **fields)


def _correlated(game: NormalFormGame, result: Any, source: str, scenario: Any, values: Any,
                excerpts: Mapping[int, str] | None, notes: list[str], common: dict[str, Any]) -> Derivation:
    """A correlated result: the game, dominance and pure equilibria as usual, then the obedience inequalities."""
    view = co.correlated_view(game, result)
    if len(result.equilibria) > len(view.distributions):
        notes.append(f"{len(result.equilibria)} distributions are listed; the binding inequalities are worked out "
                     f"for the first {len(view.distributions)}")
    return _derivation(game, result, source, scenario, values, excerpts, notes, correlated=view, **common)


def derive_run(run: Any, excerpts: Mapping[int, str] | None = None) -> Derivation:
    """The derivation of a :class:`~berlinsim.scenarios.run.ScenarioRun` (a solved scenario)."""
    return derive(run.game, run.result, source=run.scenario.id, scenario=run.scenario, values=run.values,
                  outcome_labels=run.built.outcome_labels, outcomes=run.outcomes, excerpts=excerpts)
