"""Payoffs normalised per player before any float step: exact, invariant, and cheap to ask for twice."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.model._scale import FLOAT_SPAN, batch_ranges, is_too_narrow, payoff_scale
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.normal_form import NormalFormGame

AFFINE = st.tuples(st.sampled_from([Fraction(1, 10**12), Fraction(1, 3), 1, 7, 10**12]),
                   st.sampled_from([0, -5, 10**15, 10**16 + 1, -(10**18)]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=6, max_size=6), st.lists(st.fractions(-3, 3, max_denominator=7),
                                                                      min_size=6, max_size=6), AFFINE, AFFINE)
def test_affine_images_have_bit_identical_normalised_payoffs(a, b, first, second):
    game = NormalFormGame.from_bimatrix(np.array(a, dtype=object).reshape(2, 3),
                                        np.array(b, dtype=object).reshape(2, 3))
    (s1, t1), (s2, t2) = first, second
    moved = NormalFormGame.from_bimatrix(game.exact_payoffs[0] * s1 + t1, game.exact_payoffs[1] * s2 + t2)
    assert moved.normalized_payoffs.tobytes() == game.normalized_payoffs.tobytes()
    assert moved.payoff_scale.span == (game.payoff_scale.span[0] * s1, game.payoff_scale.span[1] * s2)
    # each normalised float is the exact value rounded once
    exact = moved.normalized().exact_payoffs
    assert [float(v) for v in exact.flat] == moved.normalized_payoffs.ravel().tolist()
    assert all(0 <= v <= 1 for v in exact.flat)


def test_whole_number_fast_path_equals_the_exact_computation():
    ints = np.array([[[0, 7], [3, 2**52]], [[-5, -5], [-5, -5]]], dtype=object)
    scale = payoff_scale(ints.astype(float), ints)
    assert scale.normalized[0].tolist() == [[0.0, 7 / 2**52], [3 / 2**52, 1.0]]
    assert scale.normalized[1].tolist() == [[0.0, 0.0], [0.0, 0.0]] and scale.span[1] == 0
    big = ints.copy()
    big[0, 1, 1] = 2**60 + 1  # beyond exact floats: the integer path
    assert payoff_scale(big.astype(float), big).normalized[0, 0, 1] == 7 / (2**60 + 1)


def test_float_normalisation_is_accurate_at_any_magnitude():
    u = np.array([[1e300, -1e300, 0.0], [3.0, 3.0 + 2**-51, 3.0 + 2**-50]])
    scale = payoff_scale(u, None)
    assert scale.normalized[0].tolist() == [1.0, 0.0, 0.5]  # the range overflows; halved, it does not
    assert scale.normalized[1].tolist() == [0.0, 0.5, 1.0] and scale.span[1] == 2**-50


def test_narrow_float_games_are_taken_exactly():
    assert is_too_narrow(np.array([[1e9, 1e9 + 1.0]])) and not is_too_narrow(np.array([[1e3, 1e3 + 1.0]]))
    assert not is_too_narrow(np.array([[5.0, 5.0]]))  # a constant player has no preferences to resolve
    assert FLOAT_SPAN == 2.0**-22
    g = NormalFormGame.from_bimatrix([[1e9, 1e9 + 1.0]], [[0.5, 0.25]])
    assert g.is_exact and g.exact_payoffs[0, 0, 1] == 10**9 + 1 and g.exact_payoffs[1, 0, 1] == Fraction(1, 4)
    wide = NormalFormGame.from_bimatrix([[1e3, 1e3 + 1.0]], [[0.5, 0.25]])
    assert not wide.is_exact and wide.normalized_payoffs.tolist() == [[[0.0, 1.0]], [[1.0, 0.0]]]


def test_normalised_game_is_cached_and_has_the_same_labels():
    g = NormalFormGame.from_bimatrix([[4, 0], [2, 8]], [[1, 1], [1, 1]], players=("R", "C"),
                                     actions=(("u", "d"), ("l", "r")), title="t")
    n = g.normalized()
    assert n is g.normalized() and g.payoff_scale is g.payoff_scale
    assert (n.players, n.actions, n.title) == (g.players, g.actions, g.title)
    assert n.payoff_of(("d", "l")) == (Fraction(1, 4), Fraction(0))
    assert g.normalized() == n and g == NormalFormGame.from_bimatrix([[4, 0], [2, 8]], [[1, 1], [1, 1]],
                                                                     players=("R", "C"),
                                                                     actions=(("u", "d"), ("l", "r")), title="t")


def test_tree_normalisation_uses_terminal_payoffs_per_player():
    g = ExtensiveGame.from_tree(decision("A", {"x": terminal(10**16, 1),
                                               "y": chance([("h", Fraction(1, 2), terminal(10**16 + 4, -1)),
                                                            ("t", Fraction(1, 2), terminal(10**16 + 1, 3))])}),
                                players=("A", "B"))
    n = g.normalized()
    assert n.exact_payoffs.tolist() == [[0, Fraction(1, 2)], [1, 0], [Fraction(1, 4), 1]]
    assert g.payoff_scale.span == (4, 4) and n is g.normalized() and n.num_nodes == g.num_nodes


def test_batch_ranges_are_per_game_and_player():
    payoffs = np.array([[[0.0, 4.0], [2.0, 2.0]], [[1e12, 1e12 + 2e6], [3.0, 3.0]]])  # (G, players, cells)
    low, span, narrow = batch_ranges(payoffs, axis=1)
    assert low.shape == span.shape == (2, 2, 1)
    assert low.ravel().tolist() == [0.0, 2.0, 1e12, 3.0] and span.ravel().tolist() == [4.0, 0.0, 2e6, 0.0]
    assert narrow.tolist() == [False, False]
    assert batch_ranges(np.array([[[1e12, 1e12 + 1.0]]]), axis=1)[2].tolist() == [True]
    many = np.arange(2 * 3 * 40, dtype=float).reshape(2, 3, 40)  # more cells than the cell-by-cell path takes
    low, span, _ = batch_ranges(many, axis=1)
    assert low.ravel().tolist() == many.min(axis=2).ravel().tolist() and span.ravel().tolist() == [39.0] * 6
