"""Tests of the sweep value objects."""

import numpy as np
import pytest

from berlinsim.model.sweep_result import SweepAxis, SweepResult, equilibrium_label

COLS = (("A", "", "x"), ("A", "", "z"), ("B", "", "y"), ("B", "", "w"))


def _result(n=4, **changes):
    kwargs = dict(
        scenario_id="toy", title="Toy", axes=(SweepAxis(name="p", values=np.linspace(0, 1, n)),),
        players=("A", "B"), regions=(("r0",), ("r1", "r2")),
        region_index=[0, 0, 1, 1][:n], num_equilibria=[1, 1, 2, 2][:n],
        equilibrium_payoffs=np.full((n, 2, 2), np.nan), strategy_columns=COLS,
        strategies=np.zeros((n, 4)), outcome_labels=("o",), outcome_probabilities=np.ones((n, 1)),
        attribute_names=("war",), expected_attributes=np.zeros((n, 1)), degenerate=[False] * n)
    kwargs.update(changes)
    return SweepResult(**kwargs)


def test_arrays_are_read_only_copies():
    index = np.array([0, 0, 1, 1])
    r = _result(region_index=index)
    index[0] = 1
    assert r.region_index[0] == 0
    with pytest.raises(ValueError):
        r.strategies[0, 0] = 1.0
    with pytest.raises(ValueError):
        r.axes[0].values[0] = 3.0


def test_intervals_follow_the_axis():
    r = _result()
    assert r.intervals() == ((("r0",), 0.0, 1 / 3), (("r1", "r2"), 2 / 3, 1.0))
    assert r.shape == (4,) and r.axis_names == ("p",)


def test_shapes_and_indices_are_checked():
    with pytest.raises(ValueError, match="strategies"):
        _result(strategies=np.zeros((4, 3)))
    with pytest.raises(ValueError, match="outside regions"):
        _result(region_index=[0, 0, 1, 2])
    with pytest.raises(ValueError, match="1 or 2 axes"):
        _result(axes=())
    with pytest.raises(ValueError, match="no values"):
        SweepAxis(name="p", values=[])


def test_two_dimensional_grid():
    axes = (SweepAxis(name="p", values=[0, 1]), SweepAxis(name="q", values=[0, 1, 2]))
    r = _result(axes=axes, region_index=np.zeros((2, 3)), num_equilibria=np.ones((2, 3)),
                equilibrium_payoffs=np.zeros((2, 3, 1, 2)), strategies=np.zeros((2, 3, 4)),
                outcome_probabilities=np.ones((2, 3, 1)), expected_attributes=np.zeros((2, 3, 1)),
                degenerate=np.zeros((2, 3)))
    assert r.shape == (2, 3) and r.region_at((1, 2)) == ("r0",)
    with pytest.raises(ValueError, match="1-D"):
        r.intervals()


def test_labels_in_words():
    assert equilibrium_label(("A", "B"), COLS, [0, 1, 1, 0]) == "A: z; B: y"
    assert equilibrium_label(("A", "B"), COLS, [0.25, 0.75, 0.5, 0.5], digits=2) == "A: x 0.25, z 0.75; B: y 0.5, w 0.5"
    tree = (("US", "plan", "go"), ("US", "plan", "stay"), ("USSR", "a", "yes"), ("USSR", "a", "no"),
            ("USSR", "b", "yes"), ("USSR", "b", "no"))
    assert equilibrium_label(("US", "USSR"), tree, [1, 0, 0, 1, 1, 0]) == "US: go; USSR: no / yes"
    assert equilibrium_label(("US", "USSR"), tree, [1, 0, 1, 0, 1, 0]) == "US: go; USSR: yes"
    assert equilibrium_label(("US", "USSR"), tree, [0, 1, 0.5, 0.5, 1, 0]) == "US: stay; USSR: yes 0.5, no 0.5 / yes"
    assert equilibrium_label(("US", "USSR"), tree[:2], [0, 1]) == "US: stay"
