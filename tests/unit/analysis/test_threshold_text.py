"""The sentence of a threshold: equilibria listed in the solver's order (whatever the hash seed),
and no claimed switch where a player's moves read the same on both sides."""

from itertools import permutations
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis._threshold_text import _said, _switch, _then, describe

GAME = SimpleNamespace(players=("US", "USSR"))


def point(*keys):
    """A solved point as the finder keeps it: keys, and key -> (label, equilibrium) in the solver's order."""
    return SimpleNamespace(keys=frozenset(keys), labels={k: (f"({k[0][0]}, {k[1][0]})", None) for k in keys})


def key(us, ussr):
    return ((us,), (ussr,))


OLD = (key("A", "x"), key("B", "y"), key("C", "z"))
NEW = (key("D", "x"), key("E", "y"), key("F", "z"))


def test_changed_equilibria_are_listed_in_the_solvers_order():
    """Every order the solver may list them in is kept (a set difference would impose its own)."""
    for old in permutations(OLD):
        for new in permutations(NEW):
            at = point(*old, *new, key("G", "w"))
            text = describe("c", 1.0, None, GAME, point(*old), point(*new), at)
            gone = " and ".join(f"({k[0][0]}, {k[1][0]})" for k in old)
            came = " and ".join(f"({k[0][0]}, {k[1][0]})" for k in new)
            assert text == (f"at c = 1 {gone} stop being equilibria and {came} become equilibria "
                            "(at the threshold also (G, w))")


def test_an_equilibrium_held_on_both_sides_is_not_listed():
    text = describe("c", 2.0, None, GAME, point(OLD[0], OLD[1]), point(OLD[1], NEW[0]), None)
    assert text == "at c = 2 (A, x) stops being an equilibrium and (D, x) becomes an equilibrium"


SETS = ("h1", "h2", "h3")
support = st.sampled_from((("a",), ("b",), ("a", "b")))
moves = st.dictionaries(st.sampled_from(SETS), support, min_size=1, max_size=3).map(
    lambda d: tuple((h, d[h]) for h in SETS if h in d))


@settings(max_examples=150, deadline=None)
@given(moves, moves)
def test_no_switch_is_claimed_between_moves_that_read_the_same(before, after):
    """A player's moves at information sets (the sets reached on each side may differ)."""
    was, now, where = _switch(before, after)
    then = _then(before, after)
    if before == after:
        assert then == f"still plays {_said(before)}"
        return
    assert was != now  # the words show what differs
    if then.startswith("then: "):
        assert then != f"then: {was} instead of {was}{where}"
        assert any(dict(after).get(h, s) != s for h, s in before) or _said(before) != _said(after)
    else:  # 'still plays': the moves at the sets reached on both sides are the same
        assert then.startswith("still plays ")
        assert all(dict(after)[h] == s for h, s in before if h in dict(after))


def test_a_player_answering_the_same_at_another_set_still_plays_it():
    """Scenario 09: the USSR negotiates after hype and after a businesslike conference."""
    us0, us1 = (("posture", ("hype",)),), (("posture", ("businesslike",)),)
    su0, su1 = (("after hype", ("negotiate",)),), (("after businesslike", ("negotiate",)),)
    left, right = point(), point()
    left.keys, right.keys = frozenset({(us0, su0)}), frozenset({(us1, su1)})
    text = describe("rho", 0.25, None, GAME, left, right, None)
    assert text == "at rho = 0.25 the US switches from hype to businesslike (the USSR still plays negotiate)"
