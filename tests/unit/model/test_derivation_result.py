"""Value objects of a derivation: cell indexing, verdicts of verification tables, immutability."""

from __future__ import annotations

import dataclasses
import itertools
from fractions import Fraction

import pytest

from berlinsim.model.derivation_result import Deviation, DominanceStepView, MatrixView, Verification


def test_cell_index_is_row_major_for_any_shape():
    shape = (2, 3, 2)
    cells = tuple(itertools.product(*(range(n) for n in shape)))
    view = MatrixView(players=("A", "B", "C"), actions=(("a", "b"), ("x", "y", "z"), ("l", "r")),
                      descriptions=(("",) * 2, ("",) * 3, ("",) * 2), cells=cells, payoffs=((0, 0, 0),) * len(cells),
                      best=((True,) * 3,) * len(cells), outcomes=("",) * len(cells), exact=True)
    assert [view.cell_index(c) for c in cells] == list(range(len(cells)))
    assert view.shape == shape


def test_verification_verdicts_exact_and_float():
    row = Deviation(player="A", strategy="x", payoff=Fraction(1), gain=Fraction(0), used=True)
    exact = Verification(kind="actions", payoffs=(Fraction(1),), rows=(row,), best_values=(Fraction(1),),
                         regret=Fraction(0), exact=True)
    assert exact.holds
    assert not dataclasses.replace(exact, regret=Fraction(1, 10**9)).holds  # exact means exactly zero
    floats = Verification(kind="actions", payoffs=(1000.0,), rows=(), best_values=(1000.0,), regret=1e-7, exact=False)
    assert floats.holds  # within 1e-9 of the payoff scale (1000)
    assert not dataclasses.replace(floats, regret=1e-5).holds


def test_values_are_frozen_and_pure_dominators_recognised():
    step = DominanceStepView(round=1, player="US", action="S", dominator=(("F", Fraction(0)), ("K", Fraction(1))),
                             strict=True, margin=Fraction(3, 2), comparisons=())
    assert step.is_pure_dominator
    assert not dataclasses.replace(step, dominator=(("F", Fraction(1, 2)), ("K", Fraction(1, 2)))).is_pure_dominator
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.action = "K"


def test_a_set_of_strategies_reports_its_ranges_and_whether_it_is_pinned():
    from berlinsim.model.derivation_result import Incentive, MixDerivation, Vertex

    hold = Incentive(player="B", used=("l",), used_rows=((Fraction(1), Fraction(0), Fraction(2)),))
    corners = (Vertex(point=(Fraction(1), Fraction(0), Fraction(0)), equilibrium=1),
               Vertex(point=(Fraction(0), Fraction(1, 2), Fraction(1, 2))), Vertex(point=(Fraction(0), Fraction(0), 1)))
    free = MixDerivation(mixer="A", actions=("x", "y", "z"), variables=("p1", "p2", "p3"),
                         strategy=(Fraction(1), Fraction(0), Fraction(0)), worth=Fraction(0), incentives=(hold,),
                         free=(0, 1), vertices=corners, status="free")
    assert not free.is_pinned and not hold.is_indifferent
    assert free.ranges == ((0, 1), (0, Fraction(1, 2)), (0, 1))
    pinned = dataclasses.replace(free, status="pinned", vertices=(), free=())
    assert pinned.is_pinned and pinned.ranges == ()
