"""Thresholds are invariant under a shift of one player's payoffs inside the formulas.

Adding a constant to every payoff formula of one player changes no equilibrium at any value of
the parameter, so the thresholds found (values, polynomials, kinds, the equilibria before, at and
after, the sentences) must be the same. Random 2 x 2 tables and two-stage trees whose payoffs are
affine or quadratic in the parameter (rational and irrational switch points, ties, tangencies),
shifts up to 10**18, through the complete finder (pure, enummixed, spe).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis.thresholds import search_thresholds
from berlinsim.io.scenario_yaml import parse_scenario

SETTINGS = settings(max_examples=12, deadline=None)

SHIFTS = st.one_of(st.sampled_from([1, -7, 10**6, 10**12, 10**15, 10**18, -(10**18)]), st.integers(-(10**18), 10**18))

HEAD = """
berlinsim: 1
id: shifted
title: Payoffs moving with x
source: {{document: memo, paragraphs: [1]}}
parameters:
  x: {{default: 1, range: [-2, 2]}}
players:
  US: {{payoff: 0}}
  USSR: {{payoff: 0}}
"""

MATRIX = HEAD + """game:
  type: matrix
  actions: {{US: [A, B], USSR: [L, R]}}
  cells:
{cells}
solve: {{method: {method}}}
"""

TREE = HEAD + """game:
  type: tree
  root: us
  nodes:
    us: {{player: US, actions: {{A: after_a, B: after_b}}}}
    after_a: {{player: USSR, actions: {{L: a_l, R: a_r}}}}
    after_b: {{player: USSR, actions: {{L: b_l, R: b_r}}}}
    a_l: {{outcome: {{payoffs: {{US: {f0}, USSR: {g0}}}}}}}
    a_r: {{outcome: {{payoffs: {{US: {f1}, USSR: {g1}}}}}}}
    b_l: {{outcome: {{payoffs: {{US: {f2}, USSR: {g2}}}}}}}
    b_r: {{outcome: {{payoffs: {{US: {f3}, USSR: {g3}}}}}}}
solve: {{method: spe}}
"""

COEFFICIENT = st.integers(-3, 3)


@st.composite
def formula(draw) -> str:
    """``a + b*x + c*x^2`` with small integer coefficients."""
    a, b, c = draw(COEFFICIENT), draw(COEFFICIENT), draw(st.sampled_from([0, 0, 1, -1]))
    return f"({a} + {b} * x + {c} * x^2)"


def shifted(formulas: list[str], k: int) -> list[str]:
    return [f"{f} + {k}" for f in formulas]


def answer(text: str) -> list[tuple]:
    search = search_thresholds(parse_scenario(text, path="shifted.yaml"), "x", -2, 2)
    return [search.complete] + [(t.exact, t.polynomial, t.bracket, t.kind, t.before, t.at, t.after, t.sentence)
                                for t in search.thresholds]


def matrix(us: list[str], ussr: list[str], method: str) -> str:
    cells = "\n".join(f"    - {{actions: [{a}, {b}], payoffs: {{US: {us[k]}, USSR: {ussr[k]}}}}}"
                      for k, (a, b) in enumerate([("A", "L"), ("A", "R"), ("B", "L"), ("B", "R")]))
    return MATRIX.format(cells=cells, method=method)


@SETTINGS
@given(st.lists(formula(), min_size=4, max_size=4), st.lists(formula(), min_size=4, max_size=4), st.integers(0, 1),
       SHIFTS, st.sampled_from(["pure", "enummixed"]))
def test_matrix_thresholds(us, ussr, player, k, method):
    moved = (shifted(us, k), ussr) if player == 0 else (us, shifted(ussr, k))
    assert answer(matrix(*moved, method)) == answer(matrix(us, ussr, method))


@SETTINGS
@given(st.lists(formula(), min_size=4, max_size=4), st.lists(formula(), min_size=4, max_size=4), st.integers(0, 1),
       SHIFTS)
def test_tree_thresholds_with_plans_off_the_path(us, ussr, player, k):
    def tree(f, g):
        return TREE.format(**{f"f{i}": f[i] for i in range(4)}, **{f"g{i}": g[i] for i in range(4)})

    moved = (shifted(us, k), ussr) if player == 0 else (us, shifted(ussr, k))
    assert answer(tree(*moved)) == answer(tree(us, ussr))
