"""enummixed: all extreme equilibria of two-player games, degenerate games included."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.solvers import solve
from berlinsim.solvers import _polytope
from berlinsim.solvers.enummixed import DEGENERATE_NOTE, completely_labelled_pairs, enummixed_solve

F = Fraction


def exact_set(result):
    return {tuple(tuple(str(p) for p in s) for s in eq.exact_strategies) for eq in result.equilibria}


# ------------------------------------------------------------------ literature games

def test_matching_pennies_has_one_mixed_equilibrium():
    mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    result = enummixed_solve(mp)
    assert exact_set(result) == {(("1/2", "1/2"), ("1/2", "1/2"))}
    assert result.exact and result.complete and result.degenerate is False
    assert result.equilibria[0].exact_payoffs == (0, 0)
    assert result.notes == ()


def test_battle_of_the_sexes_has_three_equilibria():
    # Osborne & Rubinstein (1994), A Course in Game Theory, ex. 15.3 (payoffs 2/1 and 1/2).
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = enummixed_solve(bos)
    assert exact_set(result) == {
        (("1", "0"), ("1", "0")),
        (("0", "1"), ("0", "1")),
        (("2/3", "1/3"), ("1/3", "2/3")),
    }
    mixed = [eq for eq in result.equilibria if not eq.is_pure][0]
    assert mixed.exact_payoffs == (F(2, 3), F(2, 3))
    assert all(eq.exact_regret == 0 for eq in result.equilibria)


def test_nondegenerate_von_stengel_example():
    # von Stengel (2007), Equilibrium computation for two-player games in strategic and
    # extensive form, Algorithmic Game Theory ch. 3, the 3x2 example with three equilibria.
    game = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    result = enummixed_solve(game)
    assert exact_set(result) == {
        (("1", "0", "0"), ("1", "0")),
        (("4/5", "1/5", "0"), ("2/3", "1/3")),
        (("0", "1/3", "2/3"), ("1/3", "2/3")),
    }
    assert result.degenerate is False


def test_degenerate_von_stengel_example_reports_continuum_extremes():
    # Same chapter: B[0][1] raised from 2 to 3 makes the top row have two best responses;
    # (top, y) is an equilibrium for every y = (p, 1-p) with p >= 2/3.
    game = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    result = enummixed_solve(game)
    assert exact_set(result) == {
        (("1", "0", "0"), ("1", "0")),
        (("1", "0", "0"), ("2/3", "1/3")),
        (("0", "1/3", "2/3"), ("1/3", "2/3")),
    }
    assert result.degenerate is True and result.complete
    assert any("degenerate" in note for note in result.notes)
    assert any("continua" in note for note in result.notes)


def test_duplicate_actions_give_both_extreme_points():
    # Coordination game whose first two rows are copies of each other.
    a = [[1, 0], [1, 0], [0, 1]]
    result = enummixed_solve(NormalFormGame.from_bimatrix(a, a))
    assert exact_set(result) == {
        (("1", "0", "0"), ("1", "0")),
        (("0", "1", "0"), ("1", "0")),
        (("0", "0", "1"), ("0", "1")),
        (("1/2", "0", "1/2"), ("1/2", "1/2")),
        (("0", "1/2", "1/2"), ("1/2", "1/2")),
    }
    assert result.degenerate is True


def test_constant_game_has_every_pure_profile_as_extreme_point():
    game = NormalFormGame.from_bimatrix([[2, 2], [2, 2], [2, 2]], [[5, 5], [5, 5], [5, 5]])
    result = enummixed_solve(game)
    assert len(result.equilibria) == 6
    assert all(eq.is_pure for eq in result.equilibria)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([[1, 2, 3]], [[3, 1, 3]], {(("1",), ("1", "0", "0")), (("1",), ("0", "0", "1"))}),
        ([[1], [2], [2]], [[3], [1], [3]], {(("0", "1", "0"), ("1",)), (("0", "0", "1"), ("1",))}),
        ([[4, 7]], [[0, 5]], {(("1",), ("0", "1"))}),
        ([[7]], [[-1]], {(("1",), ("1",))}),
    ],
    ids=["1x3", "3x1", "1x2", "1x1"],
)
def test_games_with_a_single_action_for_one_player(a, b, expected):
    assert exact_set(enummixed_solve(NormalFormGame.from_bimatrix(a, b))) == expected


def test_float_game_gives_float_results_with_small_regret():
    bos = NormalFormGame.from_bimatrix([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]])
    result = enummixed_solve(bos)
    assert not result.exact and result.tolerance > 0
    strategies = [eq.strategies for eq in result.equilibria]
    assert np.allclose(strategies[1][0], (2 / 3, 1 / 3)) and np.allclose(strategies[1][1], (1 / 3, 2 / 3))
    assert all(eq.regret <= 1e-12 and eq.exact_strategies is None for eq in result.equilibria)


def test_large_payoffs_use_a_relative_tolerance():
    a = np.array([[1.7e6, 0.0], [0.0, 1.0e6]])
    result = enummixed_solve(NormalFormGame.from_bimatrix(a, a.T.copy()))
    assert len(result.equilibria) == 3
    assert all(eq.relative_regret <= result.tolerance for eq in result.equilibria)


def test_exact_game_can_be_solved_in_floats_and_agrees():
    game = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    exact, floats = enummixed_solve(game), enummixed_solve(game, exact=False)
    assert not floats.exact and floats.parameters[0] == ("exact", False)
    assert len(exact.equilibria) == len(floats.equilibria)
    for e, f in zip(exact.equilibria, floats.equilibria):
        assert np.allclose(np.concatenate(e.strategies), np.concatenate(f.strategies), atol=1e-12)


def test_results_are_sorted_and_registered_in_the_method_table():
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = solve(bos, "enummixed")
    assert result.method == "enummixed"
    keys = [eq.exact_strategies for eq in result.equilibria]
    assert keys == sorted(keys)


# ------------------------------------------------------------------ refusals

def test_refuses_three_players():
    game = NormalFormGame.from_payoffs(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(SolverError, match="2-player"):
        enummixed_solve(game)


def test_refuses_games_too_large_to_enumerate():
    game = NormalFormGame.from_bimatrix(np.ones((30, 30)), np.ones((30, 30)))
    with pytest.raises(SolverError, match="too large.*vertices"):
        enummixed_solve(game)
    small = NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[1, 2], [3, 4]])
    with pytest.raises(SolverError, match="up to 4 vertices .limit 3."):
        enummixed_solve(small, max_vertices=3)


def test_exact_mode_needs_rational_payoffs():
    with pytest.raises(SolverError, match="rational"):
        enummixed_solve(NormalFormGame.from_bimatrix([[0.5]], [[0.5]]), exact=True)


# ------------------------------------------------------------------ internals

def test_completely_labelled_pairs_handles_degenerate_vertices():
    # m = 1, n = 2: P's vertex carries both column labels (a tie), Q has two vertices.
    p = np.array([[False, True, True]])
    q = np.array([[True, False, True], [True, True, False]])
    assert completely_labelled_pairs(p, q, 1).tolist() == [[0, 0], [0, 1]]


@pytest.mark.parametrize(("m", "n"), [(3, 4), (40, 30)], ids=["int keys", "byte keys"])
def test_completely_labelled_pairs_matches_a_naive_search(m, n):
    rng = np.random.default_rng(m)
    # distinct label sets (as distinct vertices have) of size m in P and n in Q, some P
    # sets with an extra label, many Q sets complementary to a P set
    p = np.zeros((30, m + n), dtype=bool)
    for row in p:
        row[rng.choice(m + n, m + int(rng.random() < 0.2), replace=False)] = True
    q = np.zeros((10, m + n), dtype=bool)
    for row in q:
        row[rng.choice(m + n, n, replace=False)] = True
    q = np.concatenate([~p[p.sum(axis=1) == m][:20], q])
    p, q = np.unique(p, axis=0), np.unique(q, axis=0)
    naive = [[i, j] for i in range(len(p)) for j in range(len(q)) if (p[i] | q[j]).all()]
    assert completely_labelled_pairs(p, q, m).tolist() == naive
    assert len(naive) >= 15


def test_fallback_enumeration_agrees_with_qhull(monkeypatch):
    rng = np.random.default_rng(5)
    m = _polytope.scale_positive(rng.integers(0, 3, (4, 3)).astype(float))
    with_qhull = _polytope.polytope_vertices(m)
    monkeypatch.setattr(_polytope, "_qhull_candidates", lambda m: None)
    without = _polytope.polytope_vertices(m)
    for x, y in zip(with_qhull, without):
        assert np.array_equal(x, y) if x.dtype == bool else np.allclose(x, y)


# ------------------------------------------------------------------ against brute force

def _solve_exact(rows, rhs):
    n = len(rows)
    aug = [[F(v) for v in r] + [F(b)] for r, b in zip(rows, rhs)]
    for c in range(n):
        p = next((r for r in range(c, n) if aug[r][c] != 0), None)
        if p is None:
            return None
        aug[c], aug[p] = aug[p], aug[c]
        aug[c] = [v / aug[c][c] for v in aug[c]]
        for r in range(n):
            if r != c and aug[r][c] != 0:
                f = aug[r][c]
                aug[r] = [v - f * w for v, w in zip(aug[r], aug[c])]
    return [row[-1] for row in aug]


def _brute_vertices(mat):
    """Vertices of {z >= 0, mat z <= 1} by solving every d-subset of constraints exactly."""
    k, d = len(mat), len(mat[0])
    cons = [([int(i == j) for j in range(d)], 0) for i in range(d)] + [(row, 1) for row in mat]
    out = {}
    for sub in combinations(range(d + k), d):
        z = _solve_exact([cons[s][0] for s in sub], [cons[s][1] for s in sub])
        if z is None:
            continue
        vals = [sum(a * b for a, b in zip(c, z)) for c, _ in cons]
        if all(v >= 0 for v in vals[:d]) and all(v <= 1 for v in vals[d:]):
            out[tuple(z)] = frozenset(i for i, (v, (_, b)) in enumerate(zip(vals, cons)) if v == b)
    return out


def brute_force_extreme_equilibria(a, b):
    """Reference: completely labelled vertex pairs, every vertex found by exact brute force."""
    m, n = len(a), len(a[0])
    lo_a, lo_b = min(map(min, a)), min(map(min, b))
    p = _brute_vertices([[F(b[i][j] - lo_b + 1) for i in range(m)] for j in range(n)])
    q = _brute_vertices([[F(v - lo_a + 1) for v in row] for row in a])
    q = {y: frozenset(m + k if k < n else k - n for k in labels) for y, labels in q.items()}
    found = set()
    for x, lx in p.items():
        for y, ly in q.items():
            if any(x) and any(y) and len(lx | ly) == m + n:
                found.add((tuple(v / sum(x) for v in x), tuple(v / sum(y) for v in y)))
    return found


def test_brute_force_reference_on_the_degenerate_example():
    a, b = [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]
    assert len(brute_force_extreme_equilibria(a, b)) == 3


@st.composite
def small_bimatrix(draw, max_actions=4):
    m = draw(st.integers(1, max_actions))
    n = draw(st.integers(1, max_actions))
    high = draw(st.sampled_from([1, 2, 4]))
    cell = st.integers(0, high)
    a = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    b = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    return a, b


@settings(max_examples=60, deadline=None)
@given(small_bimatrix())
def test_matches_brute_force_vertex_enumeration(ab):
    a, b = ab
    result = enummixed_solve(NormalFormGame.from_bimatrix(a, b))
    assert result.complete
    assert {eq.exact_strategies for eq in result.equilibria} == brute_force_extreme_equilibria(a, b)
    floats = enummixed_solve(NormalFormGame.from_bimatrix(a, b), exact=False)
    assert len(floats.equilibria) == len(result.equilibria)


# ------------------------------------------------------------------ fast paths give the same numbers

def _polar_points(rng, k, d, high):
    m = _polytope.scale_positive(rng.integers(0, high, (k, d)).astype(float))
    t = 0.5 / float(np.max(m.sum(axis=1)))
    return np.concatenate([-np.eye(d) / t, m / (1.0 - m @ np.full(d, t))[:, None]])


def test_hull_equations_are_convexhulls(monkeypatch):
    from scipy.spatial import ConvexHull

    rng = np.random.default_rng(8)
    for trial in range(60):
        points = _polar_points(rng, int(rng.integers(2, 9)), int(rng.integers(2, 9)), [3, 100][trial % 2])
        assert _polytope._hull_equations(points).tobytes() == ConvexHull(points).equations.tobytes()
    # without scipy's private wrapper, the public class is used
    import scipy.spatial

    monkeypatch.setattr(scipy.spatial, "_qhull", object())
    assert _polytope._hull_equations(points).tobytes() == ConvexHull(points).equations.tobytes()


@pytest.mark.parametrize("high", [3, 100], ids=["degenerate", "generic"])
def test_unordered_vertices_pair_up_in_the_sorted_order(high):
    # enummixed enumerates vertices unsorted and orders only the paired ones: the pairs,
    # as coordinates, must come out as the sorted vertex lists would give them.
    from berlinsim.solvers.enummixed import _in_vertex_order

    rng = np.random.default_rng(high)
    for _ in range(25):
        m, n = (int(v) for v in rng.integers(2, 7, 2))
        a = _polytope.scale_positive(rng.integers(0, high, (m, n)).astype(float))
        b = _polytope.scale_positive(rng.integers(0, high, (m, n)).astype(float))
        found = []
        for ordered in (True, False):
            px, pz, pt = _polytope.polytope_vertices(b.T, ordered=ordered)
            qy, qz, qt = _polytope.polytope_vertices(a, ordered=ordered)
            pairs = completely_labelled_pairs(np.concatenate([pz, pt], 1), np.concatenate([qt, qz], 1), m)
            if not ordered:
                pairs = _in_vertex_order(pairs, px, qy)
            found.append([(px[i].tobytes(), qy[j].tobytes()) for i, j in pairs])
        assert found[0] == found[1] and found[0]


def test_payoffs_closer_than_the_label_tolerance_are_enumerated_exactly():
    # Bayesian chicken (scenario 08d) at a belief 2**-27 from 1: the reduced normal form's
    # payoffs differ in the eighth digit, so the float labels go wrong; the exact
    # enumeration must still find the one equilibrium (pure: Firm/Firm against Back)
    eps = Fraction(1, 2**27)
    a = [[0, -10], [-5 * eps, -10 + 5 * eps / 2], [10 - 5 * eps, -5 - 5 * eps / 2], [10, -5 - 95 * eps]]
    b = [[0, 10], [5 * eps, 10 - 5 * eps], [-10 + 5 * eps, -100 + 5 * eps], [-10, -100]]
    game = NormalFormGame.from_bimatrix(
        [[Fraction(v) for v in row] for row in a], [[Fraction(v) for v in row] for row in b]
    )
    result = enummixed_solve(game)
    assert result.complete and result.exact
    assert [eq.exact_strategies for eq in result.equilibria] == [((0, 0, 0, 1), (1, 0))]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.randoms(use_true_random=False))
def test_exact_vertex_labels_agree_with_the_float_enumeration(d, k, rnd):
    from berlinsim.solvers._exact_vertices import exact_vertex_labels

    m = [[Fraction(rnd.randint(1, 4)) for _ in range(d)] for _ in range(k)]  # ties: degenerate too
    zero, tight = exact_vertex_labels(m)
    points, f_zero, f_tight = _polytope.polytope_vertices(np.array(m, dtype=float))
    exact_labels = [tuple(z + t) for z, t in zip(zero.tolist(), tight.tolist())]
    float_labels = [tuple(z + t) for z, t in zip(f_zero.tolist(), f_tight.tolist())]
    # the same vertices (distinct vertices have distinct label sets), each listed once; the two
    # enumerations sort their vertices in exact and in float arithmetic, so their orders may differ
    assert len(set(exact_labels)) == len(exact_labels) and len(set(float_labels)) == len(float_labels)
    assert set(exact_labels) == set(float_labels)
    # and each float vertex is where its labels say: its tight constraints hold, the others do not
    for z, zeros, tights in zip(points, f_zero, f_tight):
        slack = 1.0 - np.array(m, dtype=float) @ z
        assert np.allclose(z[zeros], 0.0, atol=1e-9) and np.all(z[~zeros] > 1e-9)
        assert np.allclose(slack[tights], 0.0, atol=1e-9) and np.all(slack[~tights] > 1e-9)


# ----------------------------------------------------------------- issue 17: at any magnitude
def test_payoffs_near_1e16_give_the_same_extreme_equilibria_as_the_unshifted_game():
    # rows (0, 3), (3, 0), (2, 1) for P1 plus 10**16; P2 = -(P1 - 10**16): floats of these payoffs
    # lose the differences (10**16 + 3 is not a float), so they must be normalised exactly first
    from berlinsim.io.nfg import parse_nfg

    text = ('NFG 1 R "t" { "P1" "P2" } { 3 2 }\n10000000000000000 0 10000000000000003 -3 10000000000000002 -2 '
            '10000000000000003 -3 10000000000000000 0 10000000000000001 -1')
    shifted = enummixed_solve(parse_nfg(text))
    plain = enummixed_solve(NormalFormGame.zero_sum([[0, 3], [3, 0], [2, 1]]))
    F = Fraction
    expected = [((F(1, 4), F(0), F(3, 4)), (F(1, 2), F(1, 2))), ((F(1, 2), F(1, 2), F(0)), (F(1, 2), F(1, 2)))]
    for result in (shifted, plain):
        assert [eq.exact_strategies for eq in result.equilibria] == expected
        assert result.complete and result.degenerate and DEGENERATE_NOTE in result.notes
    assert [eq.exact_payoffs for eq in shifted.equilibria] == [(10**16 + F(3, 2), F(-3, 2))] * 2
    floats = enummixed_solve(parse_nfg(text), exact=False)  # the float path sees the normalised payoffs too
    assert len(floats.equilibria) == 2 and floats.degenerate
