"""Streamed sweeps: chunk by chunk, the same regions, labels, numbers and summary as one whole sweep."""

from pathlib import Path

import numpy as np
import pytest

from berlinsim.analysis.sweep import sweep
from berlinsim.analysis.sweep_stream import stream_sweep
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.reports.sweep_text import format_summary

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"

#: A matrix (08, 2-D and 1-D, degenerate lines included), a tree (01) and a tree without proper
#: subgames (08d, several equilibria per point).
CASES = [
    ("08_berlin_chicken", ["w=0:30:23", "l=0:30:17"]),
    ("08_berlin_chicken", ["w=0:30:31"]),
    ("01_acheson_wait", ["p_reasonable=0:1:11", "r_spiral=0:0.1:5"]),
    ("08d_berlin_chicken_bayesian", ["mu=0:1:29"]),
]


def _load(stem):
    return load_scenario(SCENARIOS / f"{stem}.yaml")


@pytest.mark.parametrize(("stem", "axes"), CASES)
@pytest.mark.parametrize("chunk", [1, 7, 64, 10**6])  # 7 divides none of the grids; 10**6: one chunk
def test_chunks_equal_the_whole_sweep(stem, axes, chunk):
    scenario = _load(stem)
    whole = sweep(scenario, axes)
    summary, chunks = stream_sweep(scenario, axes, chunk_points=chunk)
    starts, regions = [], []
    for c in chunks:
        starts.append(c.start)
        flat = np.arange(c.start, c.start + c.size)
        index = np.unravel_index(flat, whole.shape)
        regions.append(c.region)
        assert (c.count == whole.num_equilibria[index]).all()
        assert (c.degenerate == whole.degenerate[index]).all()
        assert (c.batched == whole.batched[index]).all()
        for k in range(c.size):
            at = tuple(int(i[k]) for i in index)
            count = int(c.count[k])
            assert tuple(c.labels[i] for i in c.label_of[k, :count]) == whole.labels_at(at)
            assert tuple(c.supports[i] for i in c.support_of[k, :count]) == whole.supports_at(at)
            for mine, theirs in ((c.pay, whole.equilibrium_payoffs), (c.vec, whole.equilibrium_strategies),
                                 (c.outcome, whole.equilibrium_outcomes), (c.attrs, whole.equilibrium_attributes)):
                np.testing.assert_array_equal(mine[k, :count], theirs[at][:count])
            assert [float(a.values[i]) for a, i in zip(whole.axes, at)] == c.values[k].tolist()
    assert starts == list(range(0, whole.region_index.size, chunk))
    assert (np.concatenate(regions) == whole.region_index.ravel()).all()
    assert summary.regions == whole.regions
    assert summary.points == tuple(int((whole.region_index == k).sum()) for k in range(len(whole.regions)))
    assert format_summary(summary) == format_summary(whole)
    if len(whole.axes) == 1:
        assert summary.runs() == whole.runs()
    else:
        assert (summary.region_index == whole.region_index).all()


def test_a_point_left_to_the_general_solver_lands_in_its_chunk():
    scenario = _load("01_acheson_wait")
    axes = ["p_reasonable=0:1:31", "r_spiral=0:0.1:13"]
    whole = sweep(scenario, axes)
    assert not whole.batched.all()  # the case this test is about
    summary, chunks = stream_sweep(scenario, axes, chunk_points=50)
    batched = np.concatenate([c.batched for c in chunks])
    assert (batched == whole.batched.ravel()).all() and format_summary(summary) == format_summary(whole)


def test_nothing_is_solved_before_the_chunks_are_read():
    calls = []
    summary, chunks = stream_sweep(_load("08_berlin_chicken"), ["w=0:30:10"], chunk_points=4,
                                   progress=lambda done, total: calls.append((done, total)))
    assert calls == [] and summary.regions == ()
    first = next(chunks)
    assert first.size == 4 and calls == [(4, 10)]
    assert list(chunks)[-1].size == 2 and calls[-1] == (10, 10)


def test_unbatched_chunks_equal_batched_ones():
    scenario = _load("08_berlin_chicken")
    a = list(stream_sweep(scenario, ["w=0:30:9"], chunk_points=4)[1])
    b = list(stream_sweep(scenario, ["w=0:30:9"], chunk_points=4, batched=False)[1])
    assert [c.region.tolist() for c in a] == [c.region.tolist() for c in b]
    assert not any(c.batched.any() for c in b)


def test_a_bad_chunk_size_or_axis_is_refused_before_any_work():
    from berlinsim.errors import BerlinsimError

    with pytest.raises(ValueError, match="chunk_points"):
        stream_sweep(_load("08_berlin_chicken"), ["w=0:30:9"], chunk_points=0)
    with pytest.raises(BerlinsimError, match="outside|range"):
        stream_sweep(_load("08_berlin_chicken"), ["w=0:1000:9"])
