"""The exact fast path of the threshold finder: secant roots of convex piecewise-affine regrets,
the agent (sequential) regret, purification of a QRE limit's profile."""

from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis._threshold_roots import agent_regret, purified, regret_root
from berlinsim.analysis.outcome_keys import tree_outcome
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.result import behavior_equilibrium_from

fractions = st.fractions(min_value=-5, max_value=5, max_denominator=50)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(fractions.filter(bool), fractions), min_size=1, max_size=5), st.booleans())
def test_regret_root_is_the_exact_edge_of_the_zero_set(pieces, from_the_right):
    """regret(x) = max(0, max_k s_k x + c_k): the root found from either end of [-10, 10] is the
    exact end of the set where the regret is zero, or None when that set does not lie inside."""
    def regret(x):
        return max(F(0), *(s * x + c for s, c in pieces))

    start, other = (F(10), F(-10)) if from_the_right else (F(-10), F(10))
    root = regret_root(regret, start, other)
    # brute force: the zero set is an interval [lo, hi] (or empty); its end facing start
    bounds = []
    for s, c in pieces:  # s x + c <= 0
        bounds.append((-c / s, s > 0))
    hi = min((b for b, upper in bounds if upper), default=None)
    lo = max((b for b, upper in bounds if not upper), default=None)
    empty = hi is not None and lo is not None and lo > hi
    edge = hi if from_the_right else lo
    if regret(start) == 0 or empty or edge is None or not -10 < edge < 10:
        assert root is None
    else:
        assert root == edge and regret(root) == 0 and regret(root + (start - root) / 10**9) > 0


def test_regret_root_gives_up_where_the_regret_never_falls():
    assert regret_root(lambda x: 1 + x * x, F(1), F(-1)) is None
    assert regret_root(lambda x: F(0), F(1), F(-1)) is None  # not failing at the start
    assert regret_root(lambda x: None, F(1), F(-1)) is None  # not exact


def entry(fight):
    return ExtensiveGame.from_tree(
        decision("Entrant", {"Out": terminal(0, 2), "In": decision(
            "Incumbent", {"Fight": terminal(fight, -1), "Accommodate": terminal(1, 1)})}))


def test_agent_regret_catches_a_non_credible_threat_nash_regret_does_not():
    from berlinsim.model.behavior import exact_regret

    game = entry(-1)
    threat = (((1, 0),), ((1, 0),))
    assert exact_regret(game, threat) == 0  # a Nash equilibrium
    assert agent_regret(game, threat) == 2  # fighting costs the incumbent 2 if it is ever asked
    assert agent_regret(game, (((0, 1),), ((0, 1),))) == 0


def screening(w):
    """Nature picks a type (1/4 soft); the receiver, not seeing it, holds (worth w - 7/2) or sweetens (-11/20)."""
    def receiver():
        return decision("R", {"hold": terminal(w - F(7, 2)), "sweeten": terminal(F(-11, 20))}, infoset="after")

    return ExtensiveGame.from_tree(chance({"soft": (F(1, 4), receiver()), "hard": (F(3, 4), receiver())}))


def test_agent_regret_weighs_beliefs_and_is_affine_in_the_payoff():
    sweeten = (((0, 1),),)
    values = [agent_regret(screening(w), sweeten) for w in (F(2), F(59, 20), F(3), F(4))]
    assert values == [0, 0, F(1, 20), F(21, 20)]  # w - 7/2 + 11/20 beyond 59/20, both nodes weighed
    assert regret_root(lambda w: agent_regret(screening(w), sweeten), F(4), F(2)) == F(59, 20)


def test_purified_rounds_to_the_action_a_limit_tends_to():
    """Off the path a QRE limit may not have settled (hold 39/907 after a program never stated)."""
    game = ExtensiveGame.from_tree(decision("US", {"G": terminal(F(1, 2)), "R": decision(
        "US", {"hold": terminal(F(-1, 2)), "sweeten": terminal(F(-11, 20))})}))
    nearly = behavior_equilibrium_from(game, (((1, 0), (F(39, 907), F(868, 907))),), exact=True)
    pure = purified(game, nearly, tree_outcome(game, nearly)[0])
    assert pure.exact_behavior == (((1, 0), (0, 1)),)
    # on the path the rounded profile has another outcome, and an even mixture has no rounding
    on_path = behavior_equilibrium_from(game, (((0, 1), (F(39, 907), F(868, 907))),), exact=True)
    assert purified(game, on_path, tree_outcome(game, on_path)[0]) is None
    even = behavior_equilibrium_from(game, (((1, 0), (F(1, 2), F(1, 2))),), exact=True)
    assert purified(game, even, tree_outcome(game, even)[0]) is None
