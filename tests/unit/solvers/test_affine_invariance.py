"""Every method's answer is invariant under a positive affine change of one player's payoffs, at any magnitude.

Such a change (``u -> scale * u + shift`` for one player, ``scale > 0``) changes no equilibrium.
The games here are exact with small integer payoffs (ties, degenerate games and continua are
common); shifts go up to ``10**18`` and scales from ``10**-12`` to ``10**12``. Each test compares
what is well defined for its method:

* all-equilibria methods (pure, enummixed, auto, spe): the set of exact equilibria, flags too;
* sample methods: Lemke-Howson the equilibrium reached from *every* label (a set indexed by
  label), lcp the one equilibrium from its start, dominance the whole trace;
* every equilibrium's payoffs move with the change: ``scale * before + shift`` for the changed
  player, the same for the others;
* the logit QRE (``qre``, ``agent_qre``) only under *shifts*: a logit player responds to
  ``lambda`` times payoff differences, so scaling her payoffs is the same as changing her
  precision, and the path -- possibly the equilibrium it selects -- changes by definition. A
  common scale of all players only rescales ``lambda``, and is tested so. ``auto`` traces the QRE
  of the normalised game, so its answer is invariant under both.

Float games are tested with changes that floats represent exactly (``(u + c) * 2**k``), far out
(``c`` up to ``2**50``, where the game is too narrow for floats and is taken exactly) and near.
The batched sweep solvers must give what the per-game solvers give: their certain answers are
checked against enummixed and spe on the changed game.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from _extensive_trees import random_games
from berlinsim.model.extensive import CHANCE, ExtensiveGame, chance, decision, terminal
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers import solve
from berlinsim.solvers.batched_matrix import batched_equilibria, batched_pure_equilibria
from berlinsim.solvers.batched_tree import batched_backward_induction

SETTINGS = settings(max_examples=40, deadline=None)
FEW = settings(max_examples=15, deadline=None)

SHIFTS = st.one_of(st.sampled_from([0, 1, -7, 10**12, 10**15, 10**16, 10**16 + 3, 10**18, -(10**18)]),
                   st.integers(-(10**18), 10**18))
SCALES = st.one_of(st.sampled_from([Fraction(1, 10**12), Fraction(1, 3), Fraction(7, 5), 10**6, 10**12]),
                   st.integers(-12, 12).map(lambda k: Fraction(10) ** k),
                   st.builds(lambda p, q, k: Fraction(p, q) * Fraction(10) ** k,
                             st.integers(1, 10**6), st.integers(1, 10**6), st.integers(-6, 6)))


@st.composite
def games(draw, players: int = 2, max_actions: int = 3) -> NormalFormGame:
    """Exact games with small integer payoffs (ties common)."""
    shape = tuple(draw(st.integers(1 if players == 2 else 2, max_actions)) for _ in range(players))
    high = draw(st.sampled_from([1, 2, 5]))
    size = players * int(np.prod(shape))
    values = draw(st.lists(st.integers(-high, high), min_size=size, max_size=size))
    return NormalFormGame.from_payoffs(np.array(values, dtype=object).reshape((players, *shape)))


@st.composite
def changes(draw, players: int = 2, scale: bool = True) -> tuple[int, Fraction, int]:
    """``(player, scale, shift)``: a positive affine change of one player's payoffs."""
    return draw(st.integers(0, players - 1)), (draw(SCALES) if scale else Fraction(1)), draw(SHIFTS)


def moved(game: NormalFormGame, player: int, scale, shift) -> NormalFormGame:
    payoffs = game.exact_payoffs.copy()
    payoffs[player] = payoffs[player] * scale + shift
    return NormalFormGame.from_payoffs(payoffs, players=game.players, actions=game.actions)


def moved_tree(game: ExtensiveGame, player: int, scale, shift) -> ExtensiveGame:
    exact = game.exact_payoffs.copy()
    exact[:, player] = exact[:, player] * scale + shift
    floats = np.array([[float(v) for v in row] for row in exact])
    return dataclasses.replace(game, payoffs=floats, exact_payoffs=exact)


def key(eq) -> tuple:
    return eq.exact_strategies if eq.exact_strategies is not None else eq.strategies


def equilibria(result) -> set:
    """The equilibria as exact strategies (float strategies for a float one, e.g. a QRE limit)."""
    return {key(eq) for eq in result.equilibria}


def check_payoffs(before, after, player: int, scale, shift) -> None:
    """Each exact equilibrium's payoffs moved with the change (matched by strategies); float ones verified."""
    pay = {key(eq): eq.exact_payoffs for eq in before.equilibria}
    for eq in after.equilibria:
        if eq.exact_payoffs is None:
            assert eq.relative_regret <= after.tolerance
            continue
        expected = list(pay[key(eq)])
        expected[player] = expected[player] * scale + shift
        assert eq.exact_payoffs == tuple(expected)
        assert eq.exact_regret == 0 and eq.relative_regret == 0.0


# ----------------------------------------------------------------- normal form, exact
@SETTINGS
@given(games(), changes())
def test_pure_and_enummixed(game, change):
    after_game = moved(game, *change)
    for method in ("pure", "enummixed", "auto"):
        before, after = solve(game, method), solve(after_game, method)
        assert equilibria(after) == equilibria(before)
        assert (after.complete, after.degenerate, after.notes) == (before.complete, before.degenerate, before.notes)
        check_payoffs(before, after, *change)


@SETTINGS
@given(games(), changes())
def test_enummixed_in_floats(game, change):
    before, after = solve(game, "enummixed", exact=False), solve(moved(game, *change), "enummixed", exact=False)
    # the float pipeline sees bit-identical normalised payoffs, so the strategies are the same floats
    assert [eq.strategies for eq in after.equilibria] == [eq.strategies for eq in before.equilibria]
    assert after.degenerate == before.degenerate and len(after.equilibria) >= 1
    assert all(eq.relative_regret <= after.tolerance for eq in after.equilibria)


@SETTINGS
@given(games(), changes())
def test_lemke_howson_from_every_label(game, change):
    after_game = moved(game, *change)
    for exact in (True, False):
        before, after = solve(game, "lh", exact=exact), solve(after_game, "lh", exact=exact)

        def reached(result) -> dict:
            return {label: (None if k < 0 else result.equilibria[k].strategies)
                    for label, k in zip(result.details.labels, result.details.equilibrium)}

        assert reached(after) == reached(before)
        assert after.details.pivots == before.details.pivots and after.degenerate == before.degenerate
        if exact:
            check_payoffs(before, after, *change)


@SETTINGS
@given(games(players=2), changes(), st.booleans())
def test_dominance_trace(game, change, weak):
    before, after = solve(game, "dominance", weak=weak), solve(moved(game, *change), "dominance", weak=weak)
    player, scale, _ = change

    def steps(result, factor):
        return [(s.round, s.player, s.action, s.dominator, s.strict, s.margin * (factor if s.player_index == player
                                                                                    else 1))
                for s in result.details.steps]

    assert steps(after, 1) == steps(before, scale)
    assert equilibria(after) == equilibria(before) and after.complete == before.complete
    check_payoffs(before, after, *change)


@FEW
@given(games(players=3, max_actions=2), changes(players=3), st.booleans())
def test_three_players(game, change, weak):
    after_game = moved(game, *change)
    for method, options in (("pure", {}), ("auto", {}), ("dominance", {"weak": weak})):
        before, after = solve(game, method, **options), solve(after_game, method, **options)
        assert equilibria(after) == equilibria(before) and after.notes == before.notes
        check_payoffs(before, after, *change)


@SETTINGS
@given(games(), changes(), st.integers(0, 1))
def test_stackelberg_commitments(game, change, leader):
    before = solve(game, "stackelberg", leader=leader).details
    after = solve(moved(game, *change), "stackelberg", leader=leader).details
    player, scale, shift = change
    for mine, theirs in ((after.pure, before.pure), (after.mixed, before.mixed)):
        assert (mine.strategy, mine.response, mine.is_nash, mine.exact) == \
            (theirs.strategy, theirs.response, theirs.is_nash, theirs.exact)
        pays = [theirs.leader_payoff, theirs.follower_payoff]
        k = 0 if player == leader else 1
        pays[k] = pays[k] * scale + shift
        assert (mine.leader_payoff, mine.follower_payoff) == tuple(pays)
    if player == leader:
        assert after.inducible == tuple((a, None if v is None else v * scale + shift) for a, v in before.inducible)
        assert after.value_of_commitment == before.value_of_commitment * scale
    else:
        assert after.inducible == before.inducible and after.value_of_commitment == before.value_of_commitment


@SETTINGS
@given(games(), changes())
def test_lp_on_zero_sum_games(game, change):
    zero_sum = NormalFormGame.from_bimatrix(game.exact_payoffs[0], -game.exact_payoffs[0])
    before, after = solve(zero_sum, "lp"), solve(moved(zero_sum, *change), "lp")
    assert after.exact and before.exact
    assert equilibria(after) == equilibria(before)
    player, scale, shift = change
    values = list(before.details.values)
    values[player] = values[player] * scale + shift
    assert after.details.values == tuple(values)
    assert [s.strategy for s in after.details.security_levels] == [s.strategy for s in before.details.security_levels]
    check_payoffs(before, after, *change)


@FEW
@given(games(max_actions=3), changes(scale=False))
def test_qre_under_shifts(game, change):
    before, after = solve(game, "qre"), solve(moved(game, *change), "qre")
    assert after.details.path.profiles.tobytes() == before.details.path.profiles.tobytes()
    assert after.details.path.lambdas.tobytes() == before.details.path.lambdas.tobytes()
    assert [eq.strategies for eq in after.equilibria] == [eq.strategies for eq in before.equilibria]
    assert after.exact == before.exact and after.details.status == before.details.status


@FEW
@given(games(max_actions=3), SCALES)
def test_qre_under_a_common_scale(game, scale):
    scaled = NormalFormGame.from_payoffs(game.exact_payoffs * scale)
    before, after = solve(game, "qre"), solve(scaled, "qre")
    assert after.details.path.profiles.tobytes() == before.details.path.profiles.tobytes()
    if max(game.payoff_scale.span):  # (all payoffs equal: lambda has no unit to scale)
        assert np.allclose(after.details.path.lambdas * float(scale), before.details.path.lambdas, rtol=1e-12)
    assert [eq.strategies for eq in after.equilibria] == [eq.strategies for eq in before.equilibria]


# ----------------------------------------------------------------- normal form, floats
FLOAT_CHANGES = st.tuples(st.integers(0, 1), st.integers(-40, 40),
                          st.one_of(st.integers(-(2**20), 2**20), st.integers(-(2**50), 2**50)))


@SETTINGS
@given(games(), FLOAT_CHANGES)
def test_float_games(game, change):
    # (u + c) * 2**k is exact in floats; far out (c near 2**50) the game is too narrow for floats and
    # is taken exactly, near the origin it is solved in floats: both give the original's answer
    player, k, c = change
    floats = game.payoffs.copy()
    before_game = NormalFormGame.from_payoffs(floats.copy())
    floats[player] = (floats[player] + c) * 2.0**k
    after_game = NormalFormGame.from_payoffs(floats)
    for method in ("pure", "enummixed", "lh"):
        before, after = solve(before_game, method), solve(after_game, method)
        assert same_profiles([eq.strategies for eq in after.equilibria], [eq.strategies for eq in before.equilibria])
        assert all(eq.relative_regret <= after.tolerance for eq in after.equilibria)


def same_profiles(first: list, second: list, tol: float = 1e-9) -> bool:
    """The same profiles, each matched within ``tol`` (order free)."""
    flat = [np.concatenate([np.asarray(s, dtype=float) for s in p]) for p in second]
    if len(first) != len(second):
        return False
    unused = list(range(len(flat)))
    for p in first:
        x = np.concatenate([np.asarray(s, dtype=float) for s in p])
        hit = next((j for j in unused if np.max(np.abs(flat[j] - x)) <= tol), None)
        if hit is None:
            return False
        unused.remove(hit)
    return True


# ----------------------------------------------------------------- batched sweep solvers
@SETTINGS
@given(games(max_actions=3), FLOAT_CHANGES, st.integers(0, 2**32 - 1))
def test_batched_matrix_solvers_agree_with_the_per_game_solvers(game, change, seed):
    player, k, c = change
    rng = np.random.default_rng(seed)
    batch = np.stack([game.payoffs, game.payoffs.copy()])
    batch[1, player] = (batch[1, player] + c) * 2.0**k  # exact in floats
    batch[0, int(rng.integers(2))] *= 2.0 ** int(rng.integers(-30, 30))
    found = batched_equilibria(batch[:, 0], batch[:, 1])
    pure, tied = batched_pure_equilibria(batch)
    for g in range(2):
        single = NormalFormGame.from_payoffs(batch[g])
        if not found.uncertain[g]:
            reference = solve(single, "enummixed")
            count = int(found.count[g])
            listed = [(found.x[g, e], found.y[g, e]) for e in range(count)]
            assert same_profiles(listed, [eq.strategies for eq in reference.equilibria])
            assert bool(found.degenerate[g]) == reference.degenerate
            for e in range(count):
                eq = next(q for q in reference.equilibria if same_profiles([listed[e]], [q.strategies]))
                assert np.allclose(found.payoffs[g, e], eq.payoffs, rtol=1e-9, atol=1e-9 * np.abs(batch[g]).max())
        if not tied[g]:
            cells = {tuple(int(i) for i in c) for c in np.argwhere(pure[g])}
            assert cells == {tuple(s.index(1.0) for s in eq.strategies) for eq in solve(single, "pure").equilibria}


@SETTINGS
@given(random_games(max_depth=3), changes())
def test_spe(game, change):
    before, after = solve(game, "spe"), solve(moved_tree(game, *change), "spe")
    assert {eq.exact_behavior for eq in after.equilibria} == {eq.exact_behavior for eq in before.equilibria}
    assert after.details.count == before.details.count and after.details.tie_nodes == before.details.tie_nodes
    assert after.notes == before.notes
    player, scale, shift = change
    pay = {eq.exact_behavior: eq.exact_payoffs for eq in before.equilibria}
    for eq in after.equilibria:
        expected = list(pay[eq.exact_behavior])
        expected[player] = expected[player] * scale + shift
        assert eq.exact_payoffs == tuple(expected)


def _tree_spec(rng: np.random.Generator, depth: int) -> object:
    """A random perfect-information tree of two players with chance (small integer payoffs: ties)."""
    if depth == 0 or rng.random() < 0.25:
        return terminal(*[int(v) for v in rng.integers(-2, 3, 2)])
    if rng.random() < 0.25:
        return chance([("h", Fraction(1, 3), _tree_spec(rng, depth - 1)), ("t", Fraction(2, 3), _tree_spec(rng, depth - 1))])
    return decision(str(int(rng.integers(1, 3))), {f"a{k}": _tree_spec(rng, depth - 1) for k in range(int(rng.integers(2, 4)))})


@SETTINGS
@given(st.integers(0, 2**32 - 1), FLOAT_CHANGES)
def test_batched_backward_induction_agrees_with_spe(seed, change):
    game = ExtensiveGame.from_tree(decision("1", {"x": _tree_spec(np.random.default_rng(seed), 3),
                                                  "y": _tree_spec(np.random.default_rng(seed + 1), 3)}),
                                   players=("1", "2"))
    player, k, c = change
    floats = game.payoffs.copy()
    floats[:, player] = (floats[:, player] + c) * 2.0**k  # exact in floats
    float_game = dataclasses.replace(game, payoffs=floats, exact_payoffs=None)
    chance_nodes = np.flatnonzero(game.kind == CHANCE)
    probs = tuple(np.array([list(game.chance_infosets[int(game.infoset[n])].probabilities)] * 2)
                  for n in chance_nodes)
    found = batched_backward_induction(game, np.stack([game.payoffs, floats]), probs)
    before, per_game = solve(game, "spe"), solve(float_game, "spe")
    assert {eq.behavior for eq in per_game.equilibria} == {eq.behavior for eq in before.equilibria}
    for g, reference in ((0, before), (1, per_game)):
        if not found.tied[g]:
            assert [tuple(found.behavior[g])] == [tuple(p for pl in eq.behavior for st_ in pl for p in st_)
                                                  for eq in reference.equilibria]
            assert np.allclose(found.values[g], reference.equilibria[0].payoffs, rtol=1e-12)
    narrow = abs(c) * 2.0**-22 > 4  # the changed player's payoffs span at most 4 at magnitude |c|
    assert found.tied[1] == (found.tied[0] or narrow)


@FEW
@given(random_games(max_depth=3), changes())
def test_lcp(game, change):
    after_game = moved_tree(game, *change)
    for exact in (True, False):
        before, after = solve(game, "lcp", exact=exact), solve(after_game, "lcp", exact=exact)
        assert after.equilibria[0].behavior == before.equilibria[0].behavior
        assert after.details.pivots == before.details.pivots
        assert after.equilibria[0].relative_regret <= after.tolerance


@FEW
@given(random_games(max_depth=3), changes(scale=False))
def test_agent_qre_under_shifts(game, change):
    assume(game.num_actions > 0)
    before, after = solve(game, "agent_qre"), solve(moved_tree(game, *change), "agent_qre")
    assert after.details.path.profiles.tobytes() == before.details.path.profiles.tobytes()
    assert [eq.behavior for eq in after.equilibria] == [eq.behavior for eq in before.equilibria]
    assert after.details.status == before.details.status
