"""The complete threshold finder: windows narrower than any scan, one-point changes (tangencies), irrational
switch points, trees (chance probabilities that move, plans off the path), changes at the interval's ends,
the issue-17 cases of the shipped scenarios, and a property test against a 10^5-point grid."""

import functools
import pathlib
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berlinsim.analysis.thresholds import find_thresholds, search_thresholds
from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import load_scenario, parse_scenario
from berlinsim.model.real_roots import WIDTH
from berlinsim.scenarios.run import run_scenario
from berlinsim.analysis.outcome_keys import equilibrium_keys

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "scenarios"

CHOICE = """
berlinsim: 1
id: choice
title: A choice against a moving payoff
source: {{document: memo, paragraphs: [1]}}
parameters:
  x: {{default: 0.5, range: [0, 1]}}
players:
  US: {{payoff: 0}}
  USSR: {{payoff: 0}}
game:
  type: matrix
  actions: {{US: [A, B], USSR: [w]}}
  cells:
    - {{actions: [A, w], payoffs: {{US: {a}}}}}
    - {{actions: [B, w], payoffs: {{US: {b}}}}}
solve: {{method: {method}}}
"""


def choice(b, a="0.5", method="enummixed"):
    return parse_scenario(CHOICE.format(a=a, b=b, method=method), path="choice.yaml")


def labels_at(scenario, x, name="x", **kw):
    run = run_scenario(scenario, overrides={name: x, **kw.pop("overrides", {})}, **kw)
    return tuple(sorted(label for label, _ in equilibrium_keys(run).values()))


@functools.lru_cache(maxsize=None)
def shipped(name):
    return load_scenario(SCENARIOS / f"{name}.yaml")


# ----------------------------------------------------------------------------- matrices
def test_the_issue_example_a_window_between_two_scan_points():
    """B beats A for x in [0.345, 0.365]: a scan of 33 points over [0, 1] (step 1/32) has no point in it."""
    search = search_thresholds(choice("1 - 50 * abs(x - 0.355)"), "x", 0, 1)
    assert search.complete
    assert [(t.exact, t.kind) for t in search.thresholds] == [(F(69, 200), "path"), (F(73, 200), "path")]
    assert search.thresholds[0].sentence == "at x = 0.345 the US switches from A to B"


@pytest.mark.parametrize("method", ["enummixed", "pure", "auto"])
def test_a_window_1e_4_wide(method):
    s = choice("1 - 10000 * abs(x - 0.355)", method=method)
    low, high = find_thresholds(s, "x", 0, 1)
    assert (low.exact, high.exact) == (F(7099, 20000), F(7101, 20000))  # |x - 0.355| <= 1/20000
    assert low.before == ("(A, w)",) and low.after == ("(B, w)",) == high.before and high.after == ("(A, w)",)
    assert low.at == high.at == ("(A, w)", "(B, w)")  # the ties
    assert labels_at(s, F("0.355")) == ("(B, w)",) and labels_at(s, F("0.3549")) == ("(A, w)",)


def test_a_tangency_changes_the_set_at_one_point_only():
    (t,) = find_thresholds(choice("1/2 - (x - 1/3)^2"), "x", 0, 1)
    assert (t.exact, t.kind, t.before, t.at, t.after) == (F(1, 3), "point", ("(A, w)",), ("(A, w)", "(B, w)"),
                                                          ("(A, w)",))
    assert t.sentence == "at x = 0.3333 (1/3) only, (B, w) is also an equilibrium (on both sides: (A, w))"


def test_an_irrational_switch_point_with_its_polynomial():
    (t,) = find_thresholds(choice("x^2"), "x", 0, 1, method="pure")
    assert t.exact is None and t.polynomial == "x^2 - 1/2" and t.kind == "path"
    low, high = t.bracket
    assert low * low < F(1, 2) < high * high and high - low <= WIDTH
    assert abs(t.value - 2 ** -0.5) < 1e-12
    assert t.sentence == "at x = 0.7071 (a root of x^2 - 1/2) the US switches from A to B"
    assert t.at == ("(A, w)", "(B, w)")  # the tie at the root, though A and B are all the US's payoffs
    # far out (both payoffs plus 10^18) the same: the point is solved on payoffs normalised exactly
    (far,) = find_thresholds(choice("x^2 + 10^18", a="1/2 + 10^18"), "x", 0, 1, method="pure")
    assert (far.polynomial, far.bracket, far.at, far.sentence) == (t.polynomial, t.bracket, t.at, t.sentence)


def test_an_irrational_tangency():
    (t,) = find_thresholds(choice("1/2 - (x^2 - 1/2)^2", method="pure"), "x", 0, 1)
    assert (t.kind, t.polynomial, t.before, t.after) == ("point", "x^2 - 1/2", ("(A, w)",), ("(A, w)",))
    assert "(B, w)" in t.at


def test_a_change_at_the_ends_of_the_interval():
    """The tie at x = 0 (and only there) is reported as a change at the interval's end."""
    s = choice("0.5 + x * (x - 1)")
    low, high = find_thresholds(s, "x", 0, 1)
    assert (low.exact, low.kind, high.exact, high.kind) == (0, "end", 1, "end")
    assert low.before == low.at == ("(A, w)", "(B, w)") and low.after == ("(A, w)",)
    assert low.sentence.startswith("at x = 0, the lower end of the interval, (B, w) is also an equilibrium")
    assert find_thresholds(s, "x", "0.1", "0.9") == ()


def test_mixed_equilibria_switch_where_a_probability_reaches_zero():
    """Chicken with a cost of war c: the mixed equilibrium's P(Firm) = w / (w + c - l) reaches 1 at c = l."""
    s = shipped("08_berlin_chicken")
    found = find_thresholds(s, "c_war", 0, 100, overrides={"w": 10, "l": 5})
    assert [(t.exact, t.kind) for t in found] == [(F(5), "path")]
    assert labels_at(s, F(6), "c_war", overrides={"w": 10, "l": 5}) == found[0].after


def test_formulas_with_sqrt_are_scanned_and_say_so():
    search = search_thresholds(choice("sqrt(x)"), "x", 0, 1)
    assert not search.complete and "sqrt" in search.note and "may be missed" in search.note
    assert [t.exact for t in search.thresholds] == [F(1, 4)]


def test_the_interval_must_lie_in_the_range_as_typed():
    with pytest.raises(BerlinsimError, match=r"c_commit=0:100: outside the range of 'c_commit' \(expected an "
                                             r"interval within \[0, 10\]\)"):
        find_thresholds(shipped("06_two_dangers"), "c_commit", "0", "100")


# ----------------------------------------------------------------------------- trees
ENTRY = """
berlinsim: 1
id: entry
title: Entry with a tough incumbent of probability p
source: {document: memo, paragraphs: [4]}
parameters:
  p: {default: 0.5, range: [0, 1]}
  c: {default: 1, range: [0, 10]}
players:
  Entrant: {payoff: 0}
  Incumbent: {payoff: 0}
game:
  type: tree
  root: type
  nodes:
    type:
      chance:
        tough: {p: p * p, next: tough_entry}
        weak: {p: 1 - p * p, next: weak_entry}
    tough_entry:
      player: Entrant
      infoset: enter?
      actions: {in: tough_in, out: tough_out}
    weak_entry:
      player: Entrant
      infoset: enter?
      actions: {in: weak_in, out: weak_out}
    tough_in: {outcome: {payoffs: {Entrant: -1, Incumbent: 1}}}
    tough_out: {outcome: {payoffs: {Entrant: 0, Incumbent: 2}}}
    weak_in:
      player: Incumbent
      infoset: fight?
      actions: {fight: war, accommodate: share}
    weak_out: {outcome: {payoffs: {Entrant: 0, Incumbent: 2}}}
    war: {outcome: {payoffs: {Entrant: -1, Incumbent: 1 - c}}}
    share: {outcome: {payoffs: {Entrant: 1, Incumbent: 1 - c / 10}}}
solve: {method: spe}
"""


def test_a_tree_with_a_chance_probability_that_moves_irrationally():
    """The entrant enters while 1 - 2 p^2 > 0: the switch is at p = 1/sqrt(2) (prior p^2 = 1/2)."""
    s = parse_scenario(ENTRY, path="entry.yaml")
    (t,) = find_thresholds(s, "p", 0, 1)
    assert t.polynomial == "p^2 - 1/2" and abs(t.value - 2 ** -0.5) < 1e-12 and t.kind == "path"
    assert "Entrant switches from in to out" in t.sentence


def test_a_tree_plan_change_off_the_path_at_an_end():
    """With p = 1 the weak incumbent is never met and the entrant stays out. The weak type's answer is part
    of the plan off the path: fighting is as good as accommodating at c = 0 only (1 - c = 1 - c / 10), so
    the set of plans is larger at the interval's end c = 0, while play is the same."""
    s = parse_scenario(ENTRY, path="entry.yaml")
    (t,) = find_thresholds(s, "c", 0, 10, overrides={"p": 1})
    assert (t.exact, t.kind) == (0, "end")
    assert t.sentence == ("at c = 0, the lower end of the interval, the Incumbent would switch from accommodate to "
                          "fight when fight? (play itself is the same)") or "2 equilibria instead of 1" in t.sentence


@pytest.mark.parametrize("name, parameter, low, high, expected", [
    ("04_soviet_overture", "u_acc", -10, 10, [(F(-9, 2), "plan"), (F(-1, 2), "path"), (F(3, 2), "plan")]),
    ("03c_british_readiness_us_leads", "w_firm_uk", 0, 10, [(F(13, 2), "plan")]),
    ("08_berlin_chicken", "w", 0, 100, [(F(0), "end")]),
])
def test_issue_17_plans_off_the_path_and_changes_at_the_ends(name, parameter, low, high, expected):
    found = find_thresholds(shipped(name), parameter, low, high)
    assert [(t.exact, t.kind) for t in found] == expected


def test_soviet_overture_says_what_the_plan_off_the_path_does():
    t = find_thresholds(shipped("04_soviet_overture"), "u_acc", -10, 10)[0]
    assert t.sentence == ("at u_acc = -4.5, off the equilibrium path, the US switches from refuse to accept when an "
                          "unprepared US answers the Soviet request (the fork) (play itself does not change)")
    assert t.before != t.after and all("off the path" in label for label in t.before + t.after)


def test_bayesian_chicken_through_its_normal_form():
    """08d has no proper subgame: spe solves it through its reduced normal form (mixed probabilities are
    rational functions of mu); the threshold mu = 0.1 of the domain notes, exactly."""
    found = find_thresholds(shipped("08d_berlin_chicken_bayesian"), "mu", "0.01", "0.99")
    assert [(t.exact, t.kind) for t in found] == [(F(1, 10), "path")]
    assert "stop being equilibria" in found[0].sentence


# ----------------------------------------------------------------------------- against a fine grid
GRID = 10**5
GAME = """
berlinsim: 1
id: random
title: A random game
source: {{document: memo, paragraphs: [1]}}
parameters:
  x: {{default: 0.5, range: [0, 1]}}
players:
  R: {{payoff: 0}}
  C: {{payoff: 0}}
game:
  type: matrix
  actions: {{R: {rows}, C: [c1, c2]}}
  cells:
{cells}
solve: {{method: {method}}}
"""

small = st.integers(-4, 4)
point = st.integers(1, 9).map(lambda k: F(k, 10))
linear = st.builds(lambda a, b, c, d: f"{a} + {b} * x + {c} * abs(x - {float(d)})", small, small, small, point)
kinked = st.builds(lambda a, b, c, d: f"min({a} + {b} * x, {c} + {d} * x)", small, small, small, small)
quadratic = st.builds(lambda a, b, c: f"{a} + {b} * x + {c} * x^2", small, small, small)
formulas = st.one_of(linear, kinked, quadratic)


def random_game(method, rows, payoffs):
    cells = []
    for k, (r, c) in enumerate((r, c) for r in rows for c in ("c1", "c2")):
        cells.append(f"    - {{actions: [{r}, {c}], payoffs: {{R: '{payoffs[2 * k]}', C: '{payoffs[2 * k + 1]}'}}}}")
    return parse_scenario(GAME.format(rows="[" + ", ".join(rows) + "]", cells="\n".join(cells), method=method),
                          path="random.yaml")


def grid_codes(scenario, method, xs):
    """Per grid point: a code of its equilibrium set (sorted support pairs), and whether floats can decide it."""
    from berlinsim.scenarios.grid import evaluate_payoff_grid
    from berlinsim.solvers.batched_matrix import batched_equilibria, batched_pure_equilibria

    payoffs = evaluate_payoff_grid(scenario, {"x": xs})
    if method == "pure":
        eq, tied = batched_pure_equilibria(payoffs)
        flat = eq.reshape(len(xs), -1)
        return flat.astype(np.int64) @ (1 << np.arange(flat.shape[1])), ~tied
    found = batched_equilibria(payoffs[:, 0], payoffs[:, 1])
    sx = (found.x > 1e-9).astype(np.int64) @ (1 << np.arange(found.x.shape[2]))
    sy = (found.y > 1e-9).astype(np.int64) @ np.array([1, 2])
    code = np.where(np.arange(found.x.shape[1])[None, :] < found.count[:, None], sx * 4 + sy, -1)
    code = np.sort(code, axis=1)
    packed = (code + 1) @ (33 ** np.arange(code.shape[1], dtype=np.int64))
    return packed, ~found.uncertain


games = st.tuples(st.sampled_from(["pure", "enummixed"]), st.sampled_from([2, 3])).flatmap(
    lambda mr: st.tuples(st.just(mr[0]), st.just(mr[1]), st.lists(formulas, min_size=4 * mr[1], max_size=4 * mr[1])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games)
def test_thresholds_equal_the_changes_on_a_fine_grid(game):
    """Random piecewise-linear and quadratic payoffs of a 2 x 2 or 3 x 2 game: every change between two grid points
    (10^5 of them, where floats decide the set) has a threshold between them, and every change the finder
    reports between two intervals shows on the grid -- unless another threshold lies in the same grid gap
    (two changes that undo each other), or floats cannot decide the points around it. Changes at one point
    only (tangencies) and at the interval's ends are invisible to a grid and not required to show."""
    method, rows, payoffs = game
    s = random_game(method, [f"r{k + 1}" for k in range(rows)], payoffs)
    found = find_thresholds(s, "x", 0, 1)
    xs = np.linspace(0.0, 1.0, GRID + 1)
    codes, certain = grid_codes(s, method, xs)
    values = np.array([t.value for t in found])
    where = np.flatnonzero(certain)
    # (a) no change is missed: between consecutive decided grid points with different sets, a threshold
    changes = np.flatnonzero(codes[where[1:]] != codes[where[:-1]])
    for k in changes:
        a, b = xs[where[k]], xs[where[k + 1]]
        assert np.any((values >= a - 1e-12) & (values <= b + 1e-12)), (a, b, [t.sentence for t in found])
    # (b) no change is invented: a change between intervals shows between the decided points around it
    for t in found:
        if t.kind not in ("path", "plan"):
            continue
        below = where[xs[where] < t.value - 1e-12]
        above = where[xs[where] > t.value + 1e-12]
        if not below.size or not above.size:
            continue
        a, b = below[-1], above[0]
        others = np.sum((values >= xs[a] - 1e-12) & (values <= xs[b] + 1e-12))
        assert codes[a] != codes[b] or others > 1, (t.sentence, xs[a], xs[b])
