"""Tests of the text reports: tables with best responses marked, equilibria, notes, details."""

from dataclasses import dataclass
from fractions import Fraction as F

import numpy as np

from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import SolveResult, equilibrium_from
from berlinsim.reports.text import (
    best_response_marks,
    format_details,
    format_game,
    format_result,
    format_strategy,
)

CHICKEN = NormalFormGame.symmetric(
    [[0, -1], [1, -10]], players=("US", "USSR"), actions=("Swerve", "Straight"), title="Chicken"
)


def test_two_player_table_marks_best_responses_and_aligns():
    text = format_game(CHICKEN)
    assert text.splitlines() == [
        "Chicken",
        "2 players, 2 x 2, exact payoffs",
        "",
        "           USSR",
        "US         Swerve     Straight",
        "Swerve     0 ,  0     -1*,   1*",
        "Straight   1*, -1*   -10 , -10",
        "",
        "* marks a best response to the other players' actions",
    ]


def test_best_response_marks_exact_and_float():
    marks = best_response_marks(CHICKEN)
    assert marks[0].tolist() == [[False, True], [True, False]]
    assert marks[1].tolist() == [[False, True], [True, False]]
    noisy = NormalFormGame.from_bimatrix([[1.0, 0.0], [1.0 + 1e-12, 0.0]], [[0.0, 0.0], [0.0, 0.0]])
    assert best_response_marks(noisy)[0].tolist() == [[True, True], [True, True]]
    assert best_response_marks(noisy)[1].all()


def test_three_players_one_table_per_action_of_the_third():
    payoffs = np.zeros((3, 2, 2, 2), dtype=object)
    payoffs[2, :, :, 1] = 1  # player 3 always prefers her second action
    payoffs[0, 1, :, :] = F(1, 3)
    g = NormalFormGame.from_payoffs(payoffs, players=("A", "B", "C"), actions=(("a1", "a2"), ("b1", "b2"), ("x", "y")))
    text = format_game(g)
    assert "when C plays x:" in text and "when C plays y:" in text
    lines = text.splitlines()
    first_y = lines.index("when C plays y:")
    assert "1/3*, 0*, 1*" in "\n".join(lines[first_y:])
    assert "1/3*, 0*, 0" in "\n".join(lines[:first_y])


def test_one_player_and_large_games():
    solo = NormalFormGame.from_payoffs([[1, 5, 2]], players=["Solo"], actions=[["a", "bb", "c"]])
    assert "bb          5*" in format_game(solo)
    big = NormalFormGame.from_bimatrix(np.zeros((30, 30), dtype=int), np.zeros((30, 30), dtype=int))
    assert "(table not shown: 900 cells is more than 400)" in format_game(big)


def test_strategies_show_the_pure_action_or_the_support():
    assert format_strategy(CHICKEN, 0, (F(0), F(1))) == "Straight"
    assert format_strategy(CHICKEN, 1, (F(9, 10), F(1, 10))) == "Swerve=9/10, Straight=1/10"
    assert format_strategy(CHICKEN, 1, (0.25, 0.75)) == "Swerve=0.25, Straight=0.75"


def _result(**extra):
    mixed = equilibrium_from(CHICKEN, ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))), exact=True)
    pure = equilibrium_from(CHICKEN, ((0, 1), (1, 0)), exact=True)
    base = dict(method="demo", game=CHICKEN, equilibria=(pure, mixed), exact=True, complete=True)
    base.update(extra)
    return SolveResult(**base)


def test_result_report_lists_equilibria_exactly():
    text = format_result(_result(), source="chicken.nfg")
    assert text.startswith("File: chicken.nfg\nChicken\n")
    assert "Method: demo (exact arithmetic; complete list)" in text
    assert "Equilibria: 2" in text
    assert "  1. (pure) US: Straight; USSR: Swerve" in text
    assert "  2. (mixed) US: Swerve=9/10, Straight=1/10; USSR: Swerve=9/10, Straight=1/10" in text
    assert "     payoffs: US -0.1, USSR -0.1; regret 0 (verified exactly)" in text
    assert "Note:" not in text


def test_degenerate_and_incomplete_get_one_line_notes_once():
    text = format_result(_result(degenerate=True, complete=False), show_game=False)
    assert "Chicken" not in text
    notes = [line for line in text.splitlines() if line.startswith("Note:")]
    assert notes == [
        "Note: the game is degenerate: equilibria can form connected sets; their extreme points are listed",
        "Note: this method finds some equilibria, not necessarily all",
    ]
    own = format_result(_result(degenerate=True, notes=("degenerate: ties everywhere",)), show_game=False)
    assert [line for line in own.splitlines() if line.startswith("Note:")] == ["Note: degenerate: ties everywhere"]


def test_float_regret_and_no_equilibria():
    g = NormalFormGame.from_bimatrix([[0.5, 0.0]], [[1.5, 0.0]])
    eq = equilibrium_from(g, ((1.0,), (1.0, 0.0)))
    text = format_result(SolveResult(method="m", game=g, equilibria=(eq,), exact=False, complete=True, tolerance=1e-9))
    assert "floating point, tolerance 1e-09" in text and "regret 0" in text
    empty = format_result(SolveResult(method="m", game=g, equilibria=(), exact=False, complete=True))
    assert "Equilibria: none listed" in empty


@dataclass(frozen=True, slots=True, kw_only=True)
class _Step:
    player: str
    margin: F


@dataclass(frozen=True, slots=True, kw_only=True)
class _Details:
    reduced: NormalFormGame
    steps: tuple
    value: F
    path: np.ndarray
    pairs: tuple
    missing: None = None


def test_details_render_generically():
    d = _Details(
        reduced=CHICKEN.restrict(((0,), (0, 1))),
        steps=(_Step(player="US", margin=F(1, 2)),),
        value=F(2, 3),
        path=np.zeros((50, 4)),
        pairs=(("Swerve", F(1, 3)), ("Straight", F(2, 3))),
    )
    lines = format_details(d)
    assert lines == [
        "  reduced: game 1 x 2 with actions US {Swerve}; USSR {Swerve, Straight}",
        "  steps:",
        "    1. player: US",
        "       margin: 0.5",
        "  value: 2/3",
        "  path: <array of shape (50, 4)>",
        "  pairs: Swerve=1/3, Straight=2/3",
        "  missing: -",
    ]
    report = format_result(_result(details={"lp_value": F(1, 4)}), show_game=False)
    assert report.endswith("Details:\n  lp value: 0.25")


def test_dominance_details_in_words_replace_the_generic_dump():
    from berlinsim.model.derivation_result import Comparison, DominanceStepView, DominanceView

    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Row", "Col"),
                                      actions=(("C", "D"), ("C", "D")))
    step = DominanceStepView(round=1, player="Row", action="C", dominator=(("D", F(1)),), strict=True, margin=F(1),
                             comparisons=(Comparison(against=("C",), dominator_payoff=F(5), action_payoff=F(3)),
                                          Comparison(against=("D",), dominator_payoff=F(1), action_payoff=F(0))))
    view = DominanceView(steps=(step,), remaining=(("D",), ("C", "D")), solved=False, verified=False)
    result = SolveResult(method="dominance", game=pd, equilibria=(), exact=True, complete=False,
                         details={"steps": ("raw",)})
    text = format_result(result, show_game=False, dominance=view)
    details = text[text.index("Details:"):].splitlines()
    assert "  Step 1 (round 1): Row drops C, dominated by D" in details
    assert [line.split() for line in details if line.startswith("    Col")] == [
        ["Col", "C", "5", "3", "2"], ["Col", "D", "1", "0", "1"]]
    assert "raw" not in text and "re-checked" not in text
    assert "steps: (raw)" in format_result(result, show_game=False)  # without the view: the generic dump


def test_long_dominance_steps_are_cut_and_say_how_much():
    from berlinsim.model.derivation_result import Comparison, DominanceStepView, DominanceView
    from berlinsim.reports.text import DOMINANCE_ROWS

    n = DOMINANCE_ROWS + 3
    cols = tuple(f"c{k}" for k in range(n))
    game = NormalFormGame.from_bimatrix([[1] * n, [0] * n], [[0] * n, [0] * n], players=("Row", "Col"),
                                        actions=(("up", "down"), cols))
    step = DominanceStepView(round=1, player="Row", action="down", dominator=(("up", F(1)),), strict=True, margin=F(1),
                             comparisons=tuple(Comparison(against=(c,), dominator_payoff=F(1), action_payoff=F(0))
                                               for c in cols))
    view = DominanceView(steps=(step,), remaining=(("up",), cols), solved=False, verified=True)
    result = SolveResult(method="dominance", game=game, equilibria=(), exact=True, complete=False)
    flat = " ".join(format_result(result, show_game=False, dominance=view).split())
    assert f"Col c{DOMINANCE_ROWS - 1} 1 0 1" in flat and f"Col c{DOMINANCE_ROWS} " not in flat
    assert "(3 more combinations of the others' actions not listed.)" in flat
    assert f"c{DOMINANCE_ROWS - 1} and 3 more." in flat
    assert "up earns more than down whatever the others do (by at least 1)" in flat
