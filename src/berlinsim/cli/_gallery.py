"""The figure gallery of ``berlinsim figures``: which figures, from which data, with which captions.

Private to the CLI (it sits above analysis and plots): each :class:`Entry` names a figure,
the memo paragraphs it illustrates and a caption, and draws it from a :class:`Context`
(the scenario directory and the sweep grid size). :func:`write` saves every figure as PNG
and SVG and writes the index ``README.md``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

import numpy as np

from berlinsim.errors import BerlinsimError


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One gallery figure: file stem, memo paragraphs, what it shows, how to draw it."""

    name: str
    paragraphs: str
    caption: str
    draw: Callable[["Context"], Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """Where the scenarios are and how fine the sweeps are; caches loaded scenarios."""

    folder: Path
    points: int = 101
    cache: dict = field(default_factory=dict)

    def scenario(self, stem: str) -> Any:
        if stem not in self.cache:
            from berlinsim.io.scenario_yaml import load_scenario

            path = self.folder / f"{stem}.yaml"
            if not path.is_file():
                raise BerlinsimError(f"{path}: the gallery needs this scenario file")
            self.cache[stem] = load_scenario(path)
        return self.cache[stem]


def _wrap(text: str, width: int = 80) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _axis_label(scenario: Any, name: str) -> str:
    for p in scenario.parameters:
        if p.name == name:
            return _wrap(f"{name}: {p.description}" if p.description else name, 90)
    return "t: position between Acheson's (0) and Kissinger's (1) beliefs" if name == "t" else name


# --------------------------------------------------------------------------------------- data
def sweep_data(scenario: Any, axes: dict[str, Any], *, variant: str | None = None,
               between: tuple[str, str] | None = None) -> Any:
    """The scenario solved over the grid (:func:`berlinsim.analysis.sweep.sweep`)."""
    from berlinsim.analysis.sweep import sweep

    return sweep(scenario, {k: tuple(Fraction(str(round(float(v), 10))) for v in vs) for k, vs in axes.items()},
                 variant=variant, between=between)


def thresholds(scenario: Any, name: str, low: float, high: float, *,
               between: tuple[str, str] | None = None) -> tuple[float, ...]:
    """Where the equilibrium outcome set changes (:func:`berlinsim.analysis.thresholds.find_thresholds`)."""
    from berlinsim.analysis.thresholds import find_thresholds

    exact = (Fraction(str(round(float(low), 10))), Fraction(str(round(float(high), 10))))
    return tuple(t.value for t in find_thresholds(scenario, name, *exact, between=between))


def plan_values(scenario: Any, actions: tuple[str, ...], *, variant: str | None = None,
                overrides: dict[str, Any] | None = None) -> tuple[tuple[float, ...], ...]:
    """Each player's expected payoff when the first player's first move is each of ``actions``
    and everyone else plays the scenario's equilibrium (its first)."""
    from berlinsim.model.behavior import expected_payoffs
    from berlinsim.scenarios.run import run_scenario

    run = run_scenario(scenario, variant=variant, overrides=overrides)
    game, eq = run.game, run.result.equilibria[0]
    first = game.infosets[game.player_infosets[0][0]]
    out = []
    for action in actions:
        behavior = [list(map(list, player)) for player in eq.behavior]
        behavior[0][0] = [1.0 if a == action else 0.0 for a in first.actions]
        out.append(tuple(float(v) for v in expected_payoffs(game, behavior)))
    return tuple(out)


def strategy_outcomes(scenario: Any, action: str, *, variant: str | None = None) -> dict[str, float]:
    """Expected outcome attributes when the first player's first move is ``action`` (others: equilibrium)."""
    from berlinsim.model.result import behavior_equilibrium_from
    from berlinsim.scenarios.run import outcome_summary, run_scenario

    run = run_scenario(scenario, variant=variant)
    game, eq = run.game, run.result.equilibria[0]
    first = game.infosets[game.player_infosets[0][0]]
    behavior = [list(map(list, player)) for player in eq.behavior]
    behavior[0][0] = [1.0 if a == action else 0.0 for a in first.actions]
    summary = outcome_summary(run.built, behavior_equilibrium_from(game, behavior))
    return {name: float(v) for name, v in summary.expected_attributes}


# ------------------------------------------------------------------------------- the figures
def _game(stem: str) -> Callable[[Context], Any]:
    def draw(context: Context) -> Any:
        from berlinsim.plots.matrix import plot_payoff_matrix
        from berlinsim.plots.tree import plot_game_tree
        from berlinsim.scenarios.run import run_scenario

        scenario = context.scenario(stem)
        run = run_scenario(scenario)
        title = _wrap(f"{scenario.id}: {scenario.title}", 95)
        if scenario.kind == "matrix":
            notes = tuple(tuple(a.description for a in acts) for acts in scenario.game.actions)
            return plot_payoff_matrix(run.game, run.result, title=title, action_notes=notes).figure
        return plot_game_tree(run.game, run.result.equilibria[0], title=title).figure
    return draw


def _sweep(stem: str, name: str, values: Callable[[int], Any], attributes: tuple[str, ...] | None,
           *, between: tuple[str, str] | None = None, log: bool = False,
           show: str = "attributes") -> Callable[[Context], Any]:
    def draw(context: Context) -> Any:
        from berlinsim.plots import new_figure
        from berlinsim.plots.sweep import plot_sweep

        scenario = context.scenario(stem)
        grid = values(context.points)
        result = sweep_data(scenario, {name: grid}, between=between)
        marks = thresholds(scenario, name, grid[0], grid[-1], between=between)
        figure, (top, bottom) = new_figure((9.0, 6.6), rows=2)
        title = _wrap(f"{scenario.id}: {scenario.title}", 95)
        plot_sweep(result, ax=top, show="strategies", title=title, xlabel="", thresholds=marks, legend="lines")
        plot_sweep(result, ax=bottom, show=show, columns=attributes, title="", legend="figure",
                   xlabel=_axis_label(scenario, name), thresholds=marks)
        if log:
            bottom.set_xscale("log")
        return figure
    return draw


def _region_map(context: Context) -> Any:
    from berlinsim.plots.sweep import plot_region_map, region_name

    scenario = context.scenario("05_khrushchev_type")
    n = max(3, min(31, context.points // 2))  # agent QRE at every point: about 50 ms each
    result = sweep_data(scenario, {"w_framing": np.linspace(0, 6, n), "p_reasonable": np.linspace(0, 1, n)})
    names = {"US: G": "G now: a generous offer (holding is not credible)",
             "US: R / hold": "R, and hold after a rejection: the types separate",
             "US: R": "R (accepted: the rejection branch is never reached)"}

    def name(region: tuple[str, ...]) -> str:
        short = region_name(region, ("US",))
        return names.get(short, "R and G tie: the US mixes them" if "R+G mixed" in short else short)

    ax = plot_region_map(result, names=name,
                         title=_wrap(f"{scenario.id}: what the US offers, by framing weight and prior", 90),
                         xlabel=_axis_label(scenario, "w_framing"), ylabel=_axis_label(scenario, "p_reasonable"))
    return ax.figure


def _reversal(context: Context) -> Any:
    from berlinsim.plots.sweep import plot_curves

    p = np.linspace(0, 1, context.points)
    curves = []
    for stem, who in (("01_acheson_wait", "Acheson's beliefs (scenario 01)"),
                      ("02_kennedy_plan_buildup", "Kissinger's beliefs (scenario 02)")):
        scenario = context.scenario(stem)
        gain = []
        for x in p:
            (initiate, wait) = plan_values(scenario, ("buildup_initiate", "buildup_wait"),
                                           overrides={"p_reasonable": Fraction(str(round(float(x), 10)))})
            gain.append(initiate[0] - wait[0])
        slope = (gain[-1] - gain[0]) / (p[-1] - p[0])
        curves.append((f"{who}: slope {slope:+.2f}", np.array(gain)))
    ax = plot_curves(p, curves, title="Para 3: the advantage of initiating falls, not rises, with Khrushchev's "
                     "reasonableness\nunder Kissinger's beliefs - an argument for rather than against a program",
                     xlabel=_axis_label(context.scenario("01_acheson_wait"), "p_reasonable"),
                     ylabel="advantage of initiating: EU(B,I) - EU(B,W) for the US")
    return ax.figure


def _chicken_mixed(context: Context) -> Any:
    from berlinsim.plots.sweep import plot_curves
    from berlinsim.scenarios.run import run_scenario

    scenario = context.scenario("08_berlin_chicken")
    costs = np.geomspace(20, 1000, context.points)
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
                     title=_wrap(f"{scenario.id}: the mixed equilibrium of Berlin Chicken - the costlier war, "
                                 "the less either side presses", 90),
                     xlabel="c_war = c_war_su: cost of war to each side (log scale)", ylabel="probability",
                     zero_line=False, mark_crossings=False, logx=True)
    ax.set_ylim(0, 1)
    return ax.figure


def _positions_payoffs(context: Context) -> Any:
    from berlinsim.plots.bars import plot_comparison

    plans = ("buildup_wait", "buildup_initiate", "initiate_only", "drift")
    names = ("(B,W) Acheson/Rusk", "(B,I) Kissinger", "(N,I) British line", "(N,W) drift")
    rows = []
    for stem in ("01_acheson_wait", "02_kennedy_plan_buildup"):
        rows.append([v[0] for v in plan_values(context.scenario(stem), plans)])
    ax = plot_comparison(("under Acheson's beliefs (01)", "under Kissinger's beliefs (02)"), names, rows,
                         title="The memo's positions: the US payoff of each plan (the USSR answers in equilibrium)",
                         ylabel="expected US payoff")
    return ax.figure


def _positions_outcomes(context: Context) -> Any:
    from berlinsim.plots.bars import plot_comparison

    metrics = ("settled", "war", "framing", "retreat")
    items = (("Acheson: build up, wait (01 equilibrium)", "01_acheson_wait", "buildup_wait"),
             ("Kissinger: build up, initiate (02 equilibrium)", "02_kennedy_plan_buildup", "buildup_initiate"),
             ("Acheson's plan under Kissinger's beliefs", "02_kennedy_plan_buildup", "buildup_wait"),
             ("British line: initiate without build-up (02)", "02_kennedy_plan_buildup", "initiate_only"))
    rows = []
    for _, stem, action in items:
        values = strategy_outcomes(context.scenario(stem), action)
        rows.append([values[m] for m in metrics])
    labels = ("P(settlement)", "P(war)", "framing", "P(looks like retreat)")
    ax = plot_comparison(tuple(i[0] for i in items), labels, rows,
                         title="Almost the same chance of settlement: the difference is framing and war risk",
                         ylabel="expected value")
    return ax.figure


def _qre(stem: str, method: str | None) -> Callable[[Context], Any]:
    def draw(context: Context) -> Any:
        from berlinsim.plots.qre import plot_qre_path
        from berlinsim.scenarios.run import run_scenario

        scenario = context.scenario(stem)
        run = run_scenario(scenario, method=method)
        kind = "Agent logit QRE" if scenario.kind == "tree" else "Logit QRE"
        ax = plot_qre_path(run.result.details.path, run.game,
                           title=_wrap(f"{kind} path - {scenario.id}: {scenario.title}", 90))
        return ax.figure
    return draw


def _linear(lo: float, hi: float) -> Callable[[int], Any]:
    return lambda n: np.linspace(lo, hi, n)


def entries() -> tuple[Entry, ...]:
    """Every gallery figure, in index order."""
    games = ("01_acheson_wait", "02_kennedy_plan_buildup", "03_british_readiness", "03b_british_readiness_no_k",
             "03c_british_readiness_us_leads", "04_soviet_overture", "04b_soviet_overture_hidden",
             "05_khrushchev_type", "06_two_dangers", "07_un_forum", "08_berlin_chicken",
             "08b_berlin_chicken_us_first", "08c_berlin_chicken_ussr_first", "08d_berlin_chicken_bayesian",
             "08e_berlin_brinkmanship", "09_conference_bromide")
    out = [Entry(name=f"{stem}_game", paragraphs="", caption="", draw=_game(stem)) for stem in games]
    out += list(SWEEPS)
    return tuple(out)


SWEEPS = (
    Entry(name="reversal_para3", paragraphs="3",
          caption="The para-3 reversal: the US advantage of initiating with the build-up over waiting, "
          "EU(B,I) - EU(B,W), against p_reasonable. Under Acheson's beliefs it rises with Khrushchev's "
          "reasonableness (initiate only from p = 0.551); under Kissinger's it is large and falls slightly "
          "(slope -0.24): uncertainty about Khrushchev is an argument for, not against, a program.",
          draw=_reversal),
    Entry(name="05_khrushchev_type_region_map", paragraphs="1, 2, 3",
          caption="Scenario 05 as a phase diagram: what the US offers against its framing weight w_framing and "
          "the prior p_reasonable. Below w_framing = 2.95 holding is not credible and the US offers G now; "
          "above it a stated program R separates the types.",
          draw=_region_map),
    Entry(name="01_acheson_wait_sweep_p_reasonable", paragraphs="1, 3",
          caption="Acheson's beliefs: build up and wait until p_reasonable = 0.551, then initiate with the "
          "build-up; from about 0.63 initiate without it. Lower panel: P(settlement), P(war), framing, retreat.",
          draw=_sweep("01_acheson_wait", "p_reasonable", _linear(0, 1), ("settled", "war", "framing", "retreat"))),
    Entry(name="02_kennedy_plan_buildup_sweep_p_reasonable", paragraphs="2, 3, 4",
          caption="Kissinger's beliefs: build up and initiate for p_reasonable up to about 0.82, then initiate "
          "without the build-up.",
          draw=_sweep("02_kennedy_plan_buildup", "p_reasonable", _linear(0, 1),
                      ("settled", "war", "framing", "retreat"))),
    Entry(name="02_kennedy_plan_buildup_sweep_t", paragraphs="1, 2, 3",
          caption="Belief interpolation t from Acheson's (0) to Kissinger's (1) beliefs: the US switches from "
          "(build up, wait) to (build up, initiate) at t* = 0.234.",
          draw=_sweep("02_kennedy_plan_buildup", "t", _linear(0, 1), ("settled", "war", "framing", "retreat"),
                      between=("acheson", "kissinger"))),
    Entry(name="03_british_readiness_sweep_pi_uk", paragraphs="1, 2",
          caption="British domestic reward for readiness pi_uk: above 2.25 the no-talks equilibrium (F,F) "
          "disappears and only (K,S) is left.",
          draw=_sweep("03_british_readiness", "pi_uk", _linear(0, 4), ("unity", "framing", "firmness", "risk"))),
    Entry(name="04_soviet_overture_sweep_c_prep", paragraphs="4, 7",
          caption="Cost of preparing a counter-program c_prep: the US prepares (and deters the overture) "
          "while c_prep <= 3.",
          draw=_sweep("04_soviet_overture", "c_prep", _linear(0, 5), ("conference", "retreat", "framing"))),
    Entry(name="06_two_dangers_sweep_c_commit", paragraphs="6",
          caption="Cost of committing to a program c_commit: program, then silence, then formulas, then the trap "
          "(switches at 2, 4 and 6).",
          draw=_sweep("06_two_dangers", "c_commit", _linear(0, 8),
                      ("framing", "ratchet", "program", "peace_offensive", "forum_monopoly"))),
    Entry(name="07_un_forum_sweep_prep", paragraphs="8",
          caption="Quality of the US position at the UN prep: above 0.75 UN involvement turns into an asset.",
          draw=_sweep("07_un_forum", "prep", _linear(0, 1), ("un_involved", "framing", "ratchet"))),
    Entry(name="08_berlin_chicken_sweep_c_war", paragraphs="2, 8",
          caption="Berlin Chicken's mixed equilibrium against the cost of war (the same for both sides, log "
          "scale): each side's probability of standing firm q* = w / (w + c - l) and P(war) = q*^2 fall as war "
          "gets costlier (q* = 0.1, P(war) = 1% at 100); the two pure equilibria (one side yields) hold throughout.",
          draw=_chicken_mixed),
    Entry(name="09_conference_bromide_sweep_rho_hype", paragraphs="5",
          caption="Probability rho_hype that Western publics relax after a hyped conference: the Eisenhower trap "
          "of Soviet stalling.",
          draw=_sweep("09_conference_bromide", "rho_hype", _linear(0, 1), ("hype", "complacency", "settled",
                                                                             "stalling"))),
    Entry(name="05_khrushchev_type_qre", paragraphs="1, 2, 3",
          caption="Agent logit QRE path of scenario 05 (its solve method): from random play to the sequential "
          "equilibrium - R, hold; the accommodating type accepts, the hardline type rejects.",
          draw=_qre("05_khrushchev_type", None)),
    Entry(name="08_berlin_chicken_qre", paragraphs="2, 8",
          caption="Logit QRE path of Berlin Chicken: bounded rationality selects the mixed equilibrium.",
          draw=_qre("08_berlin_chicken", "qre")),
    Entry(name="comparison_positions_payoffs", paragraphs="1, 2, 3",
          caption="The four US plans of scenarios 01/02 (the USSR answering in equilibrium) under Acheson's "
          "and Kissinger's beliefs: (B,W) 0.196 is best for Acheson, (B,I) 4.536 for Kissinger.",
          draw=_positions_payoffs),
    Entry(name="comparison_positions_outcomes", paragraphs="2, 3",
          caption="Outcomes of the memo's positions: settlement chances are almost equal; Kissinger's plan wins "
          "on framing and war risk (purpose (b)).",
          draw=_positions_outcomes),
)


def write(selected: tuple[Entry, ...], context: Context, out: Path) -> list[Path]:
    """Draw and save the ``selected`` entries (PNG and SVG) and the index of the whole gallery; returns the paths."""
    from berlinsim.plots._style import save_figure

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in selected:
        figure = entry.draw(context)
        for suffix in (".png", ".svg"):
            written.append(save_figure(figure, out / f"{entry.name}{suffix}"))
    rows = [_index_row(entry, context) for entry in entries()]  # the index lists the whole gallery
    index = out / "README.md"
    index.write_text(_INDEX_HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    written.append(index)
    return written


def _index_row(entry: Entry, context: Context) -> str:
    paragraphs, caption = entry.paragraphs, entry.caption
    if entry.name.endswith("_game"):
        scenario = context.scenario(entry.name[: -len("_game")])
        paragraphs = ", ".join(str(p) for p in scenario.paragraphs)
        what = "payoff matrix (best responses marked, equilibria shaded)" if scenario.kind == "matrix" else \
            "game tree (equilibrium path bold, chance probabilities on branches, information sets dashed)"
        caption = f"{scenario.title}: {what}."
    return f"| [{entry.name}]({entry.name}.png) ([svg]({entry.name}.svg)) | {paragraphs} | {caption} |"


_INDEX_HEAD = """# Figure gallery

Regenerated by `berlinsim figures --out figures/` from the files in `scenarios/` (PNG at 170 dpi
and SVG; the output is deterministic). Paragraph numbers refer to Kissinger's memo to Bundy,
"Negotiations", 14 July 1961. Colours: the Okabe-Ito palette (colour-blind safe).

| figure | memo paragraphs | what it shows |
|---|---|---|
"""
