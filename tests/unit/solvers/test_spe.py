"""Tests of subgame-perfect equilibria by backward induction.

Literature: the centipede game (Rosenthal 1981, J. Econ. Theory 25) - the unique SPE takes at the
first node; entry deterrence (e.g. Osborne 2004, An Introduction to Game Theory, ch. 5) - the threat
to fight is a Nash equilibrium but not subgame perfect; Selten's chain store (Selten 1978, Theory and
Decision 9) - every entrant enters and the chain store always accommodates; battle of the sexes with
an outside option (van Damme 1989, J. Econ. Theory 48) - three subgame-perfect equilibria, one per
equilibrium of the subgame.
"""

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import SolverError
from berlinsim.model import behavior as bh
from berlinsim.model.extensive import DECISION, ExtensiveGame, chance, decision, terminal
from berlinsim.model.profile import regret as nf_regret
from berlinsim.model.reduced_normal_form import to_reduced_normal_form
from berlinsim.solvers import METHODS, solve
from berlinsim.solvers.spe import spe_solve


def entry_game():
    return ExtensiveGame.from_tree(
        decision("Entrant", {"Out": terminal(0, 2),
                             "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))


def centipede(stages: int = 4):
    """McKelvey and Palfrey's centipede (x10): taking gives the mover 4/5 of a pot that doubles at each pass."""
    node = terminal(4 * 2 ** stages, 2 ** stages) if stages % 2 == 0 else terminal(2 ** stages, 4 * 2 ** stages)
    for k in reversed(range(stages)):
        take = terminal(4 * 2 ** k, 2 ** k) if k % 2 == 0 else terminal(2 ** k, 4 * 2 ** k)
        node = decision("1" if k % 2 == 0 else "2", {"take": take, "pass": node})
    return ExtensiveGame.from_tree(node, players=("1", "2"))


def chain_store():
    """Two markets; the monopolist gets 5 (out), 2 (accommodate), 0 (fight) per market; entrants 1, 2, 0."""
    def market2(m1):
        return decision("E2", {
            "Out": terminal(m1[0] + 5, m1[1], 1),
            "In": decision("Monopolist", {"Fight": terminal(m1[0] + 0, m1[1], 0),
                                          "Accommodate": terminal(m1[0] + 2, m1[1], 2)})})
    return ExtensiveGame.from_tree(decision("E1", {
        "Out": market2((5, 1)),
        "In": decision("Monopolist", {"Fight": market2((0, 0)), "Accommodate": market2((2, 2))})}),
        players=("Monopolist", "E1", "E2"))


def outside_option_bos():
    bos = {("A", "a"): (3, 1), ("A", "b"): (0, 0), ("B", "a"): (0, 0), ("B", "b"): (1, 3)}
    return ExtensiveGame.from_tree(decision("1", {
        "Out": terminal(2, 0),
        "In": decision("1", {r: decision("2", {c: terminal(*bos[(r, c)]) for c in "ab"}, infoset="col")
                             for r in "AB"})}), players=("1", "2"))


def test_registered():
    assert METHODS["spe"][:2] == ("spe", "spe_solve")


def test_entry_deterrence_threat_is_nash_but_not_subgame_perfect():
    g = entry_game()
    threat = (((1, 0),), ((1, 0),))
    assert bh.exact_regret(g, threat) == 0  # a Nash equilibrium...
    result = solve(g, "spe")
    (eq,) = result.equilibria  # ...but the only SPE has entry and accommodation
    assert eq.exact_behavior == (((0, 1),), ((0, 1),))
    assert eq.exact_payoffs == (1, 1) and eq.exact_regret == 0 and eq.refinement == "subgame perfect"
    assert eq.exact_terminal_distribution == (0, 0, 1)
    assert result.complete and result.exact and result.details.count == 1 and result.details.tie_nodes == ()


def test_centipede_takes_at_once_and_off_path_behaviour_is_reported():
    g = centipede(6)
    (eq,) = spe_solve(g).equilibria
    # every information set, reached or not, gets an action: take everywhere
    assert all(probs == (1, 0) for player in eq.exact_behavior for probs in player)
    assert eq.exact_payoffs == (4, 1)
    assert len(eq.behavior[0]) == 3 and len(eq.behavior[1]) == 3


def test_chain_store_paradox():
    result = spe_solve(chain_store())
    (eq,) = result.equilibria
    assert eq.exact_payoffs == (4, 2, 2)
    assert all(probs == (0, 1) for probs in eq.exact_behavior[0])  # always accommodate (off path too)
    assert eq.exact_behavior[1] == ((0, 1),) and all(p == (0, 1) for p in eq.exact_behavior[2])


def test_imperfect_information_subgame_every_equilibrium_combined():
    result = spe_solve(outside_option_bos())
    pays = sorted(eq.exact_payoffs for eq in result.equilibria)
    assert pays == [(2, 0), (2, 0), (3, 1)]
    mixed = [eq for eq in result.equilibria if not eq.is_pure]
    assert len(mixed) == 1 and mixed[0].exact_behavior[0][0] == (1, 0)  # Out, since the mixed subgame pays 3/4
    assert mixed[0].exact_behavior[0][1] == (F(3, 4), F(1, 4))
    assert all(eq.exact_regret == 0 for eq in result.equilibria)
    assert result.details.imperfect_subgames == (2,) and not result.complete
    assert any(step.kind == "subgame" for step in result.details.trace)


def test_subgame_method_hook_uses_an_extensive_form_solver():
    if "lcp" not in METHODS:
        pytest.skip("no sequence-form lcp method registered")
    result = spe_solve(outside_option_bos(), subgame_method="lcp")
    assert result.equilibria and all(eq.exact_regret == 0 for eq in result.equilibria)
    assert dict(result.parameters)["subgame_method"] == "lcp" and "'lcp' returns" in result.notes[-1]


def test_ties_counted_and_all_listed():
    share = ExtensiveGame.from_tree(decision("1", {
        "2-0": decision("2", {"no": terminal(0, 0), "yes": terminal(2, 0)}),
        "1-1": decision("2", {"no": terminal(0, 0), "yes": terminal(1, 1)}),
        "0-2": decision("2", {"no": terminal(0, 0), "yes": terminal(0, 2)})}))
    result = spe_solve(share)
    assert result.details.count == 2 and result.details.tie_nodes == (1,)
    assert sorted(eq.exact_payoffs for eq in result.equilibria) == [(1, 1), (2, 0)]
    capped = spe_solve(share, cap=1)
    assert len(capped.equilibria) == 1 and capped.details.truncated and not capped.complete
    assert "2 subgame-perfect equilibria; the first 1 are listed" in capped.notes[0]


def test_chance_expectations_and_trace():
    g = ExtensiveGame.from_tree(decision("A", {
        "safe": terminal(1, 0),
        "risky": chance({"good": ("1/3", terminal(3, 0)), "bad": ("2/3", terminal(0, 0))})}), players=("A", "B"))
    result = spe_solve(g)
    assert result.details.count == 2  # 1 = 1/3 * 3: a tie
    texts = [s.text for s in result.details.trace]
    assert texts[0] == "Chance at node 2: good (1/3) gives (3, 0), bad (2/3) gives (0, 0); expected (1, 0)"
    assert texts[1].startswith("A at node 0: safe gives 1, risky gives 1; takes")
    assert result.details.trace[1].tied != ()


def test_many_ties_counted_without_enumeration():
    wide = ExtensiveGame.from_tree(decision("A", {str(k): decision("B", {"x": terminal(0, 0), "y": terminal(0, 0)})
                                                  for k in range(40)}))
    result = spe_solve(wide, cap=5)
    assert result.details.count == 40 * 2 ** 40 and len(result.equilibria) == 5


def test_float_game_uses_a_tolerance_relative_to_the_payoff_range():
    # 0.1 + 0.2 is 0.30000000000000004: 8e-17 of A's payoff range (0.7), within the tolerance: a tie
    g = ExtensiveGame.from_tree(decision("A", {"x": terminal(0.1 + 0.2), "y": terminal(0.3), "z": terminal(-0.4)}))
    result = spe_solve(g)
    assert not result.exact and result.details.count == 2 and result.details.tie_nodes == (0,)
    assert result.tolerance == 1e-9 and result.tolerances == pytest.approx((0.7e-9,))
    # the same with the payoffs shifted (exactly) and scaled by a power of two
    moved = ExtensiveGame.from_tree(decision("A", {"x": terminal((0.1 + 0.2) * 2**40 + 2**20),
                                                   "y": terminal(0.3 * 2**40 + 2**20), "z": terminal(-0.4 * 2**40 + 2**20)}))
    assert spe_solve(moved).details.count == 2


def test_float_payoffs_whose_range_is_rounding_noise_are_taken_at_face_value():
    # only x and y: the range (5.6e-17) is all rounding noise, so the tolerance (1e-9 of it) cannot
    # absorb it; the floats are taken as the numbers they are, and x pays more
    g = ExtensiveGame.from_tree(decision("A", {"x": terminal(0.1 + 0.2), "y": terminal(0.3)}))
    result = spe_solve(g)
    assert result.details.count == 1 and result.equilibria[0].behavior == (((1.0, 0.0),),)


def test_bad_cap():
    with pytest.raises(SolverError, match="cap"):
        spe_solve(entry_game(), cap=0)


@st.composite
def perfect_information_trees(draw):
    def node(depth):
        if depth == 0 or draw(st.integers(0, 3)) == 0:
            return terminal(*[draw(st.integers(0, 2)) for _ in range(2)])
        if draw(st.integers(0, 4)) == 0:
            return chance([("u", F(1, 2), node(depth - 1)), ("v", F(1, 2), node(depth - 1))])
        who = draw(st.sampled_from(["A", "B"]))
        return decision(who, {f"{who}{i}": node(depth - 1) for i in range(draw(st.integers(1, 3)))})

    return ExtensiveGame.from_tree(node(4), players=("A", "B"))


def brute_force_spe_count(game):
    """Pure profiles in which every decision node's action is optimal given the continuation (one-shot deviations)."""
    sets = [h for p in range(game.num_players) for h in game.player_infosets[p]]
    count = 0
    for combo in itertools.product(*[range(game.infosets[h].num_actions) for h in sets]):
        choice = dict(zip(sets, combo))
        prof = tuple(tuple(tuple(int(a == choice[h]) for a in range(game.infosets[h].num_actions))
                           for h in game.player_infosets[p]) for p in range(game.num_players))
        values = bh.node_values(game, prof, exact=True)
        ok = all(values[game.children(n)[choice[game.infoset[n]]], game.player[n]]
                 == max(values[c, game.player[n]] for c in game.children(n))
                 for n in range(game.num_nodes) if game.kind[n] == DECISION)
        count += ok
    return count


@settings(max_examples=60, deadline=None)
@given(perfect_information_trees())
def test_spe_is_nash_of_reduced_normal_form_and_count_is_exact(game):
    result = spe_solve(game, cap=50)
    nf, smap = to_reduced_normal_form(game)
    for eq in result.equilibria:
        assert eq.exact_regret == 0
        # the pure reduced strategy each player uses
        mixed = []
        for p in range(game.num_players):
            plan = tuple(int(np.argmax(probs)) for probs in eq.exact_behavior[p])
            match = [s for s, ch in enumerate(smap.choices[p]) if all(c < 0 or c == a for c, a in zip(ch, plan))]
            mixed.append([int(s == match[0]) for s in range(nf.shape[p])])
        assert nf_regret(nf, mixed) <= 1e-12
    profiles = np.prod([s.num_actions for s in game.infosets], dtype=object)
    if profiles <= 500:  # the brute force checks every pure profile
        assert brute_force_spe_count(game) == result.details.count
    assert len(result.equilibria) == min(result.details.count, 50)


def test_a_signalling_game_too_large_to_enumerate_says_lcp_found_one_equilibrium():
    from _signalling_games import random_signalling

    game = random_signalling(np.random.default_rng(1), types=3, messages=3, replies=3)  # 27 x 27 strategies
    result = spe_solve(game)
    assert not result.complete and len(result.equilibria) == 1
    note = next(n for n in result.notes if n.startswith("a subgame is too large"))
    assert "729 cells (enumerated up to 150)" in note and "'lcp'" in note and "'pbe'" in note
    assert any("except where a subgame was too large" in n for n in result.notes)
