"""Tests of the sweep value objects: every equilibrium per point, regions by supports, extents as they are."""

import numpy as np
import pytest

from berlinsim.model.sweep_result import NO_EQUILIBRIUM, PointEquilibria, SweepAxis, SweepResult

COLS = (("A", "", "x"), ("A", "", "z"), ("B", "", "y"), ("B", "", "w"))


def point(*labels, supports=None, degenerate=False):
    n = len(labels)
    return PointEquilibria(labels=labels, supports=supports or labels, payoffs=np.arange(2 * n).reshape(n, 2),
                           strategies=np.tile([1.0, 0.0, 1.0, 0.0], (n, 1)), outcomes=np.ones((n, 1)),
                           attributes=np.full((n, 1), 0.5), degenerate=degenerate)


def _result(points, axes=None):
    axes = axes or (SweepAxis(name="p", values=np.linspace(0, 1, len(points))),)
    return SweepResult.from_points(scenario_id="toy", title="Toy", axes=axes, players=("A", "B"), strategy_columns=COLS,
                                   outcome_labels=("o",), attribute_names=("war",), points=points)


def test_points_make_indices_regions_and_padded_arrays():
    r = _result([point("a"), point("a 0.5", supports=("s",)), point("b", "a"), point("a", "b"), point()])
    assert r.labels == ("a", "a 0.5", "b") and r.supports == ("a", "b", "s")
    assert r.labels_at(2) == ("b", "a") and r.supports_at(1) == ("s",)
    # one region per set of supports, whatever the order the equilibria come in; listed as at the first point
    assert r.regions == (("a",), ("s",), ("b", "a"), ())
    assert r.region_index.tolist() == [0, 1, 2, 2, 3]
    assert r.region_name(2) == "b | a" and r.region_name(3) == NO_EQUILIBRIUM
    assert r.width == 2 and r.num_equilibria.tolist() == [1, 1, 2, 2, 0]
    assert r.label_index[0].tolist() == [0, -1] and np.isnan(r.equilibrium_payoffs[0, 1]).all()
    assert r.equilibrium_payoffs[2].tolist() == [[0, 1], [2, 3]]
    back = r.point_at(2)
    assert back.labels == ("b", "a") and back.payoffs.tolist() == [[0, 1], [2, 3]]


def test_arrays_are_read_only_copies():
    r = _result([point("a"), point("b")])
    with pytest.raises(ValueError):
        r.equilibrium_strategies[0, 0, 0] = 1.0
    with pytest.raises(ValueError):
        r.axes[0].values[0] = 3.0
    with pytest.raises(ValueError):
        r.region_index[0] = 1


def test_runs_and_intervals_along_one_axis():
    r = _result([point("a"), point("a"), point("b"), point("a")])
    assert r.runs() == ((0, 0, 1), (1, 2, 2), (0, 3, 3))
    assert r.region_intervals(0) == ((0.0, 1 / 3), (1.0, 1.0))  # a list of intervals, not a bounding box
    assert r.region_intervals(1) == ((2 / 3, 2 / 3),)


def test_two_dimensional_grid_and_cells():
    axes = (SweepAxis(name="p", values=[0, 1]), SweepAxis(name="q", values=[0, 1, 2]))
    r = _result([point("a"), point("b"), point("a"), point("b"), point("b"), point("a")], axes=axes)
    assert r.shape == (2, 3) and r.region_at((1, 2)) == ("a",) and r.labels_at((0, 1)) == ("b",)
    assert r.region_cells(0).tolist() == [[0, 0], [0, 2], [1, 2]]
    with pytest.raises(ValueError, match="1-D"):
        r.runs()


def test_shapes_and_indices_are_checked():
    good = _result([point("a"), point("b")])
    fields = {name: getattr(good, name) for name in good.__slots__ if not name.startswith("__")}
    with pytest.raises(ValueError, match="equilibrium_strategies"):
        SweepResult(**{**fields, "equilibrium_strategies": np.zeros((2, 1, 3))})
    with pytest.raises(ValueError, match="outside regions"):
        SweepResult(**{**fields, "region_index": [0, 2]})
    with pytest.raises(ValueError, match="label_index"):
        SweepResult(**{**fields, "label_index": [[0], [-1]]})  # an equilibrium without a label
    with pytest.raises(ValueError, match="1 or 2 axes"):
        SweepResult(**{**fields, "axes": ()})
    with pytest.raises(ValueError, match="no values"):
        SweepAxis(name="p", values=[])
    with pytest.raises(ValueError, match="one row per equilibrium"):
        PointEquilibria(labels=("a",), supports=("a",), payoffs=np.zeros((2, 2)), strategies=np.zeros((1, 4)),
                        outcomes=np.zeros((1, 1)), attributes=np.zeros((1, 1)))
    with pytest.raises(ValueError, match="points for a grid"):
        _result([point("a")], axes=(SweepAxis(name="p", values=[0, 1]),))
