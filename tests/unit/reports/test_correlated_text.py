"""Correlated equilibria in words: the distribution as the game's table, payoffs, the device and its slack."""

from fractions import Fraction as F

import numpy as np

from berlinsim.model.correlated import obedience
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.blocks import Table, to_markdown, to_text
from berlinsim.reports.correlated_text import (
    correlated_blocks,
    device_rows,
    distribution_grids,
    is_correlated,
    slack_sentence,
)
from berlinsim.reports.text import format_result
from berlinsim.solvers.correlated import correlated_solve
from berlinsim.solvers.enummixed import enummixed_solve


def aumann_chicken() -> NormalFormGame:
    """Aumann (1974): payoffs (6, 6), (2, 7), (7, 2), (0, 0)."""
    return NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=("US", "USSR"),
                                        actions=(("Swerve", "Straight"), ("Swerve", "Straight")))


def flat(text: str) -> str:
    return " ".join(text.split())


def test_is_correlated_only_for_distributions() -> None:
    game = aumann_chicken()
    assert is_correlated(correlated_solve(game)) and not is_correlated(enummixed_solve(game))


def test_welfare_maximum_shown_as_the_games_table_with_its_own_payoffs() -> None:
    r = correlated_solve(aumann_chicken())
    text = flat(to_text(correlated_blocks(r)))
    # Aumann's best device: (S, S) 1/2, (S, T) 1/4, (T, S) 1/4, each side expecting 21/4
    assert r.equilibria[0].exact_payoffs == (F(21, 4), F(21, 4))
    assert "US \\ USSR Swerve Straight Swerve 1/2 1/4 Straight 1/4 0" in text
    assert "Expected payoffs: US 5.25, USSR 5.25." in text
    assert "total payoff 10.5, the largest over all correlated equilibria" in text
    assert "polytope with 5 vertices, all listed" in text


def test_every_slack_shown_is_the_listed_distributions_own() -> None:
    game = aumann_chicken()
    r = correlated_solve(game)
    first = r.equilibria[0]
    rows = device_rows(game, first.cells, first.exact_probabilities)
    # the best switch of each recommendation has the least slack among that recommendation's constraints
    for row in rows:
        same = [o.slack for o in obedience(game, first.cells, first.exact_probabilities)
                if o.player == row.player and o.recommended == row.told]
        assert row.slack * row.probability == min(same)
    text = flat(to_text(correlated_blocks(r)))
    for row in rows:
        assert slack_sentence(game, row) in text
    # told Swerve (probability 3/4), the US knows the USSR swerves with 2/3: obeying earns
    # 6 * 2/3 + 2 * 1/3 = 14/3, going straight 7 * 2/3 + 0 * 1/3 = 14/3: the constraint binds
    told_swerve = next(r_ for r_ in rows if r_.player == 0 and r_.told == 0)
    assert (told_swerve.obey, told_swerve.deviate) == (F(14, 3), F(14, 3))
    assert "A mediator who recommends Swerve to US: following is exactly as good as Straight (the constraint binds)." \
        in text


def test_slack_words_for_a_gain_and_a_coarse_constraint() -> None:
    game = aumann_chicken()
    # (Straight, Straight) for sure is no equilibrium: told Straight, the US gains 2 by swerving
    rows = device_rows(game, ((1, 1),), (F(1),))
    sentence = slack_sentence(game, rows[0])
    assert sentence == "A mediator who recommends Straight to US: following is worse than Swerve by 2: US gains by disobeying."
    coarse = device_rows(game, ((0, 0), (1, 1)), (F(1, 2), F(1, 2)), coarse=True)
    assert all(row.told is None for row in coarse)
    assert slack_sentence(game, coarse[0]).startswith("Before the draw, US: following the mediator is")


def test_three_players_one_grid_per_third_players_action() -> None:
    rng = np.random.default_rng(3)
    game = NormalFormGame.from_payoffs(rng.integers(0, 5, size=(3, 2, 2, 2)), players=("US", "UK", "France"),
                                       actions=(("a", "b"), ("c", "d"), ("e", "f")))
    r = correlated_solve(game)
    eq = r.equilibria[0]
    blocks = distribution_grids(game, eq)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 2 and "When France is told e:" in to_text(blocks)
    probabilities = dict(eq.distribution)
    for k, table in enumerate(tables):
        for r_, row in enumerate(table.rows):
            for c, cell in enumerate(row[1:]):
                assert F(cell) == probabilities.get((r_, c, k), 0)


def test_coarse_result_and_markdown() -> None:
    r = correlated_solve(aumann_chicken(), coarse=True)
    text = to_text(correlated_blocks(r))
    assert text.startswith("Coarse correlated equilibria") and "committing earns" in text
    md = to_markdown(correlated_blocks(r))
    assert md.startswith("## Coarse correlated equilibria") and "| US \\ USSR |" in md


def test_solve_text_replaces_the_generic_list() -> None:
    text = format_result(correlated_solve(aumann_chicken()))
    assert "Correlated equilibria" in text and "Equilibria: " not in text and "Details:" not in text
    assert "The recommendation device (distribution 1)" in text
