"""Perfect Bayesian equilibria: literature tables, beliefs, refinements and the method's contract.

Literature (builders and sources in ``_signalling_games.py``): Cho and Kreps (1987) beer-quiche -
two pooling outcomes, pooling on quiche fails the Intuitive Criterion; a discrete Spence (1973)
education game - separating and pooling equilibria, the Intuitive Criterion keeps only the
least-cost separating (Riley 1979) outcome; Mas-Colell, Whinston and Green (1995, section 9.C) -
a Nash equilibrium resting on a threat at a non-singleton information set; the crisis of issue
12; Selten's horse (Selten 1975, IJGT 4, figure 1) and Watson's job-market game (Watson 2013,
Strategy, figure 29.1) from the shared conformance catalog; van Damme's (1989) battle of the
sexes with an outside option, where perfect Bayesian equilibria are the subgame-perfect ones.
"""

import json
import pathlib
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import SolverError
from berlinsim.io.efg import read_efg
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import ExtensiveGame, decision, terminal
from berlinsim.solvers import METHODS, TREE_METHODS, solve
from berlinsim.solvers.pbe import pbe_solve
from berlinsim.solvers.spe import spe_solve

from _signalling_games import beer_quiche, hidden_entry, khrushchev, random_signalling, spence

CATALOG = pathlib.Path(__file__).resolve().parents[4] / "shared" / "conformance" / "gambit-games" / "catalog"


def exact_rows(eq):
    return [[[str(x) for x in probs] for probs in player] for player in eq.exact_behavior]


def outcomes(result):
    return {tuple(eq.exact_terminal_distribution) for eq in result.equilibria}


def test_registered_as_a_tree_method():
    assert "pbe" in METHODS and "pbe" in TREE_METHODS
    result = solve(khrushchev(), "pbe")
    assert result.method == "pbe" and result.equilibria[0].refinement == "perfect Bayesian"


# ----------------------------------------------------------------------------- beer-quiche
def test_beer_quiche_two_pooling_outcomes_and_quiche_fails_the_intuitive_criterion():
    result = pbe_solve(beer_quiche())
    assert result.exact and result.complete
    # both types beer, duel after quiche with probability 1/2 or 1; both quiche, duel after beer likewise
    assert sorted(exact_rows(eq) for eq in result.equilibria) == sorted([
        [[["1", "0"], ["1", "0"]], [["0", "1"], ["1", "0"]]],
        [[["1", "0"], ["1", "0"]], [["0", "1"], ["1/2", "1/2"]]],
        [[["0", "1"], ["0", "1"]], [["1", "0"], ["0", "1"]]],
        [[["0", "1"], ["0", "1"]], [["1/2", "1/2"], ["0", "1"]]],
    ])
    assert len(outcomes(result)) == 2
    for eq in result.equilibria:
        beer_pooling = eq.exact_behavior[0][0] == (1, 0)
        assert eq.signalling.intuitive_criterion is beer_pooling
        assert eq.signalling.d1 is beer_pooling
        # expected payoffs: 2.9 for the sender when pooling on beer, 2.1 on quiche (Cho and Kreps)
        assert eq.exact_payoffs[0] == (F(29, 10) if beer_pooling else F(21, 10))


def test_beer_quiche_reasons_as_data():
    result = pbe_solve(beer_quiche())
    quiche = next(eq for eq in result.equilibria if eq.exact_behavior[0][0] == (0, 1))
    (test,) = quiche.signalling.tests
    assert test.message == "beer"
    weak, strong = 0, 1
    assert test.equilibrium_payoffs == (3, 2)          # weak: quiche, no duel; strong: quiche, no duel
    assert test.best_payoffs == (2, 3)                 # beer without a duel
    assert test.dominated == (weak,) and test.breaking == (strong,)
    assert test.worst_payoffs[strong] == 3             # a receiver who believes "strong" does not duel
    assert test.pruned == ((weak, strong),) and not test.d1_deterred
    text = " ".join(line.text for line in result.details.lines if line.equilibrium == result.equilibria.index(quiche) + 1)
    assert "the weak type cannot gain from beer whatever the receiver believes" in text
    assert "so the receiver should believe the strong type after beer" in text


def test_beer_quiche_beliefs_bayes_on_the_path_and_a_stated_range_off_it():
    result = pbe_solve(beer_quiche())
    beer_pooling = next(eq for eq in result.equilibria if eq.exact_behavior == (((1, 0), (1, 0)), ((0, 1), (1, 0))))
    after_beer, after_quiche = beer_pooling.beliefs[1]
    assert after_beer.source == "path" and after_beer.exact_belief == (F(1, 10), F(9, 10))
    # dueling after quiche needs P(weak) >= 1/2: the range is [1/2, 1], the choice inside it
    assert after_quiche.source == "free" and after_quiche.is_range
    assert sorted(after_quiche.exact_range) == [(F(1, 2), F(1, 2)), (F(1), F(0))]
    assert F(1, 2) <= after_quiche.exact_belief[0] <= 1
    mixing = next(eq for eq in result.equilibria if eq.exact_behavior[1][1] == (F(1, 2), F(1, 2)))
    # a receiver who mixes must be indifferent: exactly P(weak) = 1/2
    assert mixing.beliefs[1][1].exact_range == ((F(1, 2), F(1, 2)),)


# ----------------------------------------------------------------------------- Spence
def test_spence_separating_and_pooling_and_the_intuitive_criterion_selects_riley():
    result = pbe_solve(spence())
    assert result.complete

    def plays(eq, t):
        return eq.exact_behavior[0][t]

    riley = [eq for eq in result.equilibria if plays(eq, 0) == (1, 0, 0) and plays(eq, 1) == (0, 1, 0)]
    pooling = [eq for eq in result.equilibria if plays(eq, 0) == plays(eq, 1) == (1, 0, 0)]
    costly = [eq for eq in result.equilibria if plays(eq, 0) == (1, 0, 0) and plays(eq, 1) == (0, 0, 1)]
    assert riley and pooling and costly
    for eq in riley:  # wages 1 and 2: the firm learns the type
        assert eq.exact_behavior[1][0] == (1, 0, 0) and eq.exact_behavior[1][1] == (0, 0, 1)
    for eq in pooling:  # the pooled wage 3/2 at the prior 1/2
        assert eq.exact_behavior[1][0] == (0, 1, 0)
    passed = [eq for eq in result.equilibria if eq.signalling.intuitive_criterion]
    assert passed and all(eq in riley for eq in passed)
    assert all(eq.signalling.d1 == eq.signalling.intuitive_criterion for eq in result.equilibria)
    # pooling fails at e1: the low type cannot gain (at most 2 - 3/2), the high type can (2 - 1/4 > 3/2)
    test = next(t for t in pooling[0].signalling.tests if t.message == "e1")
    assert test.dominated == (0,) and test.breaking == (1,)


# ----------------------------------------------------------------------------- incredible threats
def test_issue_12_crisis_rejects_every_equilibrium_resting_on_standing_firm():
    game = khrushchev()
    nash = spe_solve(game)  # no proper subgame: every extreme Nash equilibrium
    assert len(nash.equilibria) == 3
    assert sum(eq.exact_behavior[0][0][0] > 0 for eq in nash.equilibria) == 2   # two rest on "stand"
    result = pbe_solve(game)
    (eq,) = result.equilibria
    assert eq.exact_behavior == (((0, 1),), ((1, 0), (1, 0)))                    # ultimatum; the US yields
    (ultimatum,) = eq.beliefs[0]
    assert ultimatum.source == "path" and ultimatum.exact_belief == (F(1, 3), F(2, 3))
    assert result.complete and result.details.sequential == (True,)


def test_threat_at_a_non_singleton_information_set_is_not_credible():
    game = hidden_entry()
    nash = spe_solve(game)
    assert any(eq.exact_behavior[0][0] == (1, 0, 0) for eq in nash.equilibria)   # "Out, because I would fight"
    (eq,) = pbe_solve(game).equilibria
    assert eq.exact_behavior == (((0, 1, 0),), ((0, 1),))
    assert eq.beliefs[1][0].exact_belief == (1, 0)


# ----------------------------------------------------------------------------- proper subgames
def outside_option_bos():
    bos = {("A", "a"): (3, 1), ("A", "b"): (0, 0), ("B", "a"): (0, 0), ("B", "b"): (1, 3)}
    return ExtensiveGame.from_tree(decision("1", {
        "Out": terminal(2, 0),
        "In": decision("1", {r: decision("2", {c: terminal(*bos[(r, c)]) for c in "ab"}, infoset="col")
                             for r in "AB"})}), players=("1", "2"))


def test_with_proper_subgames_pbe_equals_spe():
    game = outside_option_bos()
    spe = spe_solve(game)
    pbe = pbe_solve(game)
    assert sorted(exact_rows(eq) for eq in pbe.equilibria) == sorted(exact_rows(eq) for eq in spe.equilibria)
    assert len(pbe.equilibria) == 3 and pbe.complete
    # when 1 takes the outside option, the column player's belief is Bayes' rule from the subgame's root
    out = next(eq for eq in pbe.equilibria if eq.exact_behavior[0][0] == (1, 0))
    (col,) = out.beliefs[1]
    row_play = out.exact_behavior[0][1]
    assert col.source == "plan" and col.exact_belief == row_play


def test_every_receiver_set_may_be_unreached_when_a_message_ends_the_game():
    """1 ends the game (4) or enters 2's information set by a1 or a2; 2 is never reached."""
    game = ExtensiveGame.from_tree(decision("1", {
        "a0": terminal(4, 2),
        "a1": decision("2", {"b0": terminal(-2, -3), "b1": terminal(0, -4), "b2": terminal(-1, -2)}, infoset="h"),
        "a2": decision("2", {"b0": terminal(3, 3), "b1": terminal(F(3, 2), -2), "b2": terminal(-1, 1)}, infoset="h")}),
        players=("1", "2"))
    result = pbe_solve(game)
    assert result.details.regions[0].method == "sender-receiver vertex enumeration"
    # b0 (belief on a2 at least 1/3) and b2 (at most 1/3); b1 is never a best reply
    assert sorted(eq.exact_behavior[1] for eq in result.equilibria) == [((0, 0, 1),), ((1, 0, 0),)]
    assert all(eq.beliefs[1][0].source == "free" for eq in result.equilibria)


# ----------------------------------------------------------------------------- conformance catalog
def catalog_game(path):
    file = CATALOG / path
    if not file.is_file():
        pytest.skip("shared conformance catalog not present")
    return read_efg(file)


@pytest.mark.conformance
def test_seltens_horse_rejects_the_equilibrium_with_an_unreached_threat():
    game = catalog_game("journals/ijgt/selten1975/fig1.efg")
    # (L, R, R) is a Nash equilibrium: player 2 is never reached and "plays R"
    threat = (((0, 1),), ((1, 0),), ((1, 0),))
    assert bh.exact_regret(game, threat) == 0
    result = pbe_solve(game)
    assert [eq.exact_behavior for eq in result.equilibria] == [(((1, 0),), ((1, 0),), ((0, 1),))]
    (player3,) = result.equilibria[0].beliefs[2]
    # player 3 plays L off the path: right only if P(after player 1's L) <= 1/3
    node_after_1L = player3.nodes.index(max(player3.nodes))
    assert player3.source == "free"
    assert sorted(p[node_after_1L] for p in player3.exact_range) == [0, F(1, 3)]
    assert not result.complete and any("pure" in n for n in result.notes)


@pytest.mark.conformance
def test_watson_job_market_separating_passes_pooling_fails():
    game = catalog_game("books/watson2013/fig29_1.efg")
    result = pbe_solve(game)
    assert result.complete and len(result.equilibria) == 3
    separating = [eq for eq in result.equilibria if eq.exact_behavior[0] == ((1, 0), (0, 1))]
    assert len(separating) == 1 and separating[0].signalling.intuitive_criterion
    assert all(not eq.signalling.intuitive_criterion for eq in result.equilibria if eq not in separating)


# ----------------------------------------------------------------------------- contract
def test_every_equilibrium_has_a_belief_per_information_set_in_order():
    game = spence()
    for eq in pbe_solve(game).equilibria:
        assert [[b.infoset for b in player] for player in eq.beliefs] == [list(s) for s in game.player_infosets]
        for player in eq.beliefs:
            for b in player:
                assert sum(b.exact_belief) == 1 and all(sum(p) == 1 for p in b.exact_range)


def test_perfect_information_trees_have_singleton_beliefs_and_equal_spe():
    game = ExtensiveGame.from_tree(decision("A", {"x": terminal(1, 0), "y": decision("B", {
        "l": terminal(2, 2), "r": terminal(0, 3)})}))
    pbe, spe = pbe_solve(game), spe_solve(game)
    assert [eq.behavior for eq in pbe.equilibria] == [eq.behavior for eq in spe.equilibria]
    assert all(b.exact_belief == (1,) for eq in pbe.equilibria for player in eq.beliefs for b in player)


def test_float_game_uses_a_tolerance_relative_to_the_payoff_range():
    # 0.1 + 0.2 is 0.30000000000000004: 8e-17 of A's payoff range (0.7), within the tolerance: a tie
    game = ExtensiveGame.from_tree(decision("A", {"x": terminal(0.1 + 0.2), "y": terminal(0.3), "z": terminal(-0.4)}))
    result = pbe_solve(game)
    assert not result.exact and result.tolerance == 1e-9
    assert len(result.equilibria) == 2  # x and y
    moved = ExtensiveGame.from_tree(decision("A", {"x": terminal((0.1 + 0.2) * 2**40 + 2**20),
                                                   "y": terminal(0.3 * 2**40 + 2**20), "z": terminal(-0.4 * 2**40 + 2**20)}))
    assert [eq.behavior for eq in pbe_solve(moved).equilibria] == [eq.behavior for eq in result.equilibria]
    # only x and y: the range is rounding noise, which no tolerance of it absorbs; x pays more
    narrow = pbe_solve(ExtensiveGame.from_tree(decision("A", {"x": terminal(0.1 + 0.2), "y": terminal(0.3)})))
    assert [eq.behavior for eq in narrow.equilibria] == [(((1.0, 0.0),),)]


def test_refuses_imperfect_recall_and_bad_cap():
    forgetful = ExtensiveGame.from_tree(decision("A", {
        "x": decision("A", {"l": terminal(1), "r": terminal(0)}, infoset="later"),
        "y": decision("A", {"l": terminal(0), "r": terminal(1)}, infoset="later")}))
    with pytest.raises(SolverError, match="perfect recall"):
        pbe_solve(forgetful)
    with pytest.raises(SolverError, match="cap"):
        pbe_solve(beer_quiche(), cap=0)


def test_cap_truncates_and_says_so():
    result = pbe_solve(spence(), cap=2)
    assert len(result.equilibria) == 2 and not result.complete
    assert any("the first 2 are listed" in n for n in result.notes)


def test_cli_solve_method_pbe(tmp_path, capsys):
    from berlinsim.cli import main
    from berlinsim.io.efg import write_efg

    path = tmp_path / "beer_quiche.efg"
    path.write_text(write_efg(beer_quiche()))
    assert main(["solve", str(path), "--method", "pbe"]) == 0
    text = capsys.readouterr().out
    assert "Method: pbe" in text and "perfect Bayesian" in text and "Intuitive Criterion" in text
    assert main(["solve", str(path), "--method", "pbe", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [eq["intuitive_criterion"] for eq in out["equilibria"]].count(False) == 2


def test_supporting_assessment_marks_equilibria_of_other_methods():
    from berlinsim.solvers.pbe import supporting_assessment

    game = khrushchev()
    verdicts = [supporting_assessment(game, eq.exact_behavior) is not None for eq in spe_solve(game).equilibria]
    assert sorted(verdicts) == [False, False, True]   # the two resting on "stand" have no supporting belief
