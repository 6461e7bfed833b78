"""The memo's own figures of the gallery: those that compare scenarios or follow a path no sweep gives.

Private to the CLI (:mod:`berlinsim.cli._gallery` lists them after the figures every scenario
declares). Each needs some of the memo's scenarios, found by their ids in the gallery's folder,
and is left out when one is missing, so ``berlinsim figures`` works on any folder of scenarios:
the para-3 reversal (01 and 02), Berlin Chicken's mixed equilibrium against the cost of war (08),
the QRE paths of 05 and 08, and the memo's four positions compared (01 and 02).
"""

from __future__ import annotations

import textwrap
from fractions import Fraction
from typing import Any, Callable

import numpy as np

__all__ = ["MemoFigure", "memo_figures"]


class MemoFigure:
    """A memo figure: its name (``{stem}`` replaced by the first needed scenario's file stem), paragraphs,
    caption, the scenario ids it needs and how it is drawn from them (``draw(context, scenarios)``)."""

    def __init__(self, name: str, paragraphs: str, caption: str, needs: tuple[str, ...],
                 draw: Callable[[Any, tuple[Any, ...]], Any]) -> None:
        self.name, self.paragraphs, self.caption, self.needs, self.draw = name, paragraphs, caption, needs, draw


def _wrap(text: str, width: int = 80) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _exact(x: float) -> Fraction:
    return Fraction(str(round(float(x), 10)))


def plan_values(scenario: Any, actions: tuple[str, ...], *, overrides: dict[str, Any] | None = None
                ) -> tuple[tuple[float, ...], ...]:
    """Each player's expected payoff when the first player's first move is each of ``actions``
    and everyone else plays the scenario's equilibrium (the first the solver lists)."""
    from berlinsim.model.behavior import expected_payoffs
    from berlinsim.scenarios.run import run_scenario

    run = run_scenario(scenario, overrides=overrides)
    game, eq = run.game, run.result.equilibria[0]
    first = game.infosets[game.player_infosets[0][0]]
    out = []
    for action in actions:
        behavior = [list(map(list, player)) for player in eq.behavior]
        behavior[0][0] = [1.0 if a == action else 0.0 for a in first.actions]
        out.append(tuple(float(v) for v in expected_payoffs(game, behavior)))
    return tuple(out)


def strategy_outcomes(scenario: Any, action: str) -> dict[str, float]:
    """Expected outcome attributes when the first player's first move is ``action`` (others: equilibrium)."""
    from berlinsim.model.result import behavior_equilibrium_from
    from berlinsim.scenarios.run import outcome_summary, run_scenario

    run = run_scenario(scenario)
    game, eq = run.game, run.result.equilibria[0]
    first = game.infosets[game.player_infosets[0][0]]
    behavior = [list(map(list, player)) for player in eq.behavior]
    behavior[0][0] = [1.0 if a == action else 0.0 for a in first.actions]
    summary = outcome_summary(run.built, behavior_equilibrium_from(game, behavior))
    return {name: float(v) for name, v in summary.expected_attributes}


def _p_label(scenario: Any) -> str:
    p = scenario.parameter("p_reasonable")
    return f"p_reasonable: {p.description}" if p.description else "p_reasonable"


def _reversal(context: Any, scenarios: tuple[Any, ...]) -> Any:
    from berlinsim.plots.curves import plot_curves

    p = np.linspace(0, 1, context.points or 101)
    curves = []
    for scenario, who in zip(scenarios, ("Acheson's beliefs (scenario 01)", "Kissinger's beliefs (scenario 02)")):
        gain = []
        for x in p:
            initiate, wait = plan_values(scenario, ("buildup_initiate", "buildup_wait"),
                                         overrides={"p_reasonable": _exact(x)})
            gain.append(initiate[0] - wait[0])
        slope = (gain[-1] - gain[0]) / (p[-1] - p[0])
        curves.append((f"{who}: slope {slope:+.2f}", np.array(gain)))
    ax = plot_curves(p, curves, title="Para 3: the advantage of initiating falls, not rises, with Khrushchev's "
                     "reasonableness\nunder Kissinger's beliefs - an argument for rather than against a program",
                     xlabel=_p_label(scenarios[0]), ylabel="EU(B,I) - EU(B,W) for the US")
    return ax.figure


def _chicken_mixed(context: Any, scenarios: tuple[Any, ...]) -> Any:
    from berlinsim.plots.curves import plot_curves
    from berlinsim.scenarios.run import run_scenario

    (scenario,) = scenarios
    costs = np.geomspace(20, 1000, context.points or 101)
    firm, press, war = [], [], []
    for c in costs:
        cost = Fraction(str(round(float(c), 8)))  # the same cost of war for both sides, as in the domain notes
        run = run_scenario(scenario, overrides={"c_war": cost, "c_war_su": cost})
        k = next(i for i, eq in enumerate(run.result.equilibria) if max(eq.strategies[0]) < 1 - 1e-9)
        eq = run.result.equilibria[k]
        firm.append(eq.strategies[0][run.game.actions[0].index("Firm")])
        press.append(eq.strategies[1][run.game.actions[1].index("Press")])
        war.append(float(run.outcomes[k].attribute("war")))
    ax = plot_curves(costs, [("P(US stands firm) = q*", firm), ("P(USSR presses) = q*", press),
                             ("P(war) = q*^2", war)],
                     title="Berlin Chicken's mixed equilibrium: the costlier the war, the less either side presses",
                     xlabel="c_war = c_war_su: cost of war to each side (log scale)", ylabel="probability",
                     zero_line=False, mark_crossings=False, logx=True)
    ax.set_ylim(0, 1)
    return ax.figure


PLANS = ("buildup_wait", "buildup_initiate", "initiate_only", "drift")


def _positions_payoffs(context: Any, scenarios: tuple[Any, ...]) -> Any:
    from berlinsim.plots.bars import plot_comparison

    names = ("(B,W) Acheson/Rusk", "(B,I) Kissinger", "(N,I) British line", "(N,W) drift")
    rows = [[v[0] for v in plan_values(s, PLANS)] for s in scenarios]
    ax = plot_comparison(("under Acheson's beliefs (01)", "under Kissinger's beliefs (02)"), names, rows,
                         title="The memo's positions: the US payoff of each plan (the USSR answers in equilibrium)",
                         ylabel="expected US payoff")
    return ax.figure


def _positions_outcomes(context: Any, scenarios: tuple[Any, ...]) -> Any:
    from berlinsim.plots.bars import plot_comparison

    acheson, kissinger = scenarios
    metrics = ("settled", "war", "framing", "retreat")
    items = (("Acheson: build up, wait (01 equilibrium)", acheson, "buildup_wait"),
             ("Kissinger: build up, initiate (02 equilibrium)", kissinger, "buildup_initiate"),
             ("Acheson's plan under Kissinger's beliefs", kissinger, "buildup_wait"),
             ("British line: initiate without build-up (02)", kissinger, "initiate_only"))
    rows = [[strategy_outcomes(s, action)[m] for m in metrics] for _, s, action in items]
    ax = plot_comparison(tuple(i[0] for i in items), ("P(settlement)", "P(war)", "framing", "P(looks like retreat)"),
                         rows, title="Almost the same chance of settlement: the difference is framing and war risk",
                         ylabel="expected value")
    return ax.figure


def _qre(method: str | None) -> Callable[[Any, tuple[Any, ...]], Any]:
    def draw(context: Any, scenarios: tuple[Any, ...]) -> Any:
        from berlinsim.plots.qre import plot_qre_path
        from berlinsim.scenarios.run import run_scenario

        (scenario,) = scenarios
        run = run_scenario(scenario, method=method)
        kind = "Agent logit QRE" if scenario.kind == "tree" else "Logit QRE"
        ax = plot_qre_path(run.result.details.path, run.game, title=_wrap(f"{kind} path - {scenario.title}", 90))
        return ax.figure
    return draw


def memo_figures() -> tuple[MemoFigure, ...]:
    """The memo's figures, in index order."""
    return (
        MemoFigure(name="reversal_para3", paragraphs="3", needs=("acheson_wait", "kennedy_plan_buildup"),
                   caption="The para-3 reversal: the US advantage of initiating with the build-up over waiting, "
                   "EU(B,I) - EU(B,W), against p_reasonable. Under Acheson's beliefs it rises with Khrushchev's "
                   "reasonableness (initiate only from p = 0.551); under Kissinger's it is large and falls slightly "
                   "(slope -0.24): uncertainty about Khrushchev is an argument for, not against, a program.",
                   draw=_reversal),
        MemoFigure(name="{stem}_sweep_c_war", paragraphs="2, 8", needs=("berlin_chicken",),
                   caption="Berlin Chicken's mixed equilibrium against the cost of war (the same for both sides, log "
                   "scale): each side's probability of standing firm q* = w / (w + c - l) and P(war) = q*^2 fall as "
                   "war gets costlier (q* = 0.1, P(war) = 1% at 100); the two pure equilibria (one side yields) "
                   "hold throughout.", draw=_chicken_mixed),
        MemoFigure(name="{stem}_qre", paragraphs="1, 2, 3", needs=("khrushchev_type",),
                   caption="Agent logit QRE path of scenario 05 (its solve method): from random play to the "
                   "sequential equilibrium - R, hold; the accommodating type accepts, the hardline type rejects.",
                   draw=_qre(None)),
        MemoFigure(name="{stem}_qre", paragraphs="2, 8", needs=("berlin_chicken",),
                   caption="Logit QRE path of Berlin Chicken: bounded rationality selects the mixed equilibrium.",
                   draw=_qre("qre")),
        MemoFigure(name="comparison_positions_payoffs", paragraphs="1, 2, 3",
                   needs=("acheson_wait", "kennedy_plan_buildup"),
                   caption="The four US plans of scenarios 01/02 (the USSR answering in equilibrium) under Acheson's "
                   "and Kissinger's beliefs: (B,W) 0.196 is best for Acheson, (B,I) 4.536 for Kissinger.",
                   draw=_positions_payoffs),
        MemoFigure(name="comparison_positions_outcomes", paragraphs="2, 3",
                   needs=("acheson_wait", "kennedy_plan_buildup"),
                   caption="Outcomes of the memo's positions: settlement chances are almost equal; Kissinger's plan "
                   "wins on framing and war risk (purpose (b)).", draw=_positions_outcomes),
    )
