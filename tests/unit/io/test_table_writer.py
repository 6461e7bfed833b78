"""Streamed exports: byte for byte the CSV of a whole sweep, an equal Parquet table, nothing left when interrupted."""

import os
from collections import namedtuple
from pathlib import Path

import pytest

from berlinsim.analysis.sweep import sweep
from berlinsim.analysis.sweep_stream import stream_sweep
from berlinsim.errors import BerlinsimError
from berlinsim.io import table_writer
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.io.table_writer import write_streamed
from berlinsim.io.tables import sweep_table, write_table

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
CASES = [
    ("08_berlin_chicken", ["w=0:30:13", "l=0:30:7"]),
    ("08_berlin_chicken", ["w=0:30:31"]),
    ("08d_berlin_chicken_bayesian", ["mu=0:1:29"]),
    ("01_acheson_wait", ["p_reasonable=0:1:11", "r_spiral=0:0.1:5"]),
]


def _load(stem):
    return load_scenario(SCENARIOS / f"{stem}.yaml")


@pytest.mark.parametrize(("stem", "axes"), CASES)
@pytest.mark.parametrize("chunk", [1, 10, 10**6])  # 10 divides none of the grids
def test_streamed_csv_is_the_whole_sweeps_byte_for_byte(tmp_path, stem, axes, chunk):
    scenario = _load(stem)
    write_table(sweep_table(sweep(scenario, axes)), tmp_path / "whole.csv")
    write_streamed(*stream_sweep(scenario, axes, chunk_points=chunk), str(tmp_path / "streamed.csv"))
    assert (tmp_path / "streamed.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["streamed.csv", "whole.csv"]  # no temporary file left


@pytest.mark.parametrize(("stem", "axes"), CASES)
@pytest.mark.parametrize("chunk", [1, 10])
def test_streamed_parquet_is_the_whole_sweeps_table(tmp_path, stem, axes, chunk):
    pq = pytest.importorskip("pyarrow.parquet")
    scenario = _load(stem)
    write_table(sweep_table(sweep(scenario, axes)), str(tmp_path / "whole.parquet"))
    write_streamed(*stream_sweep(scenario, axes, chunk_points=chunk), str(tmp_path / "streamed.parquet"))
    whole, streamed = pq.read_table(tmp_path / "whole.parquet"), pq.read_table(tmp_path / "streamed.parquet")
    assert streamed.equals(whole)
    assert streamed.schema.equals(whole.schema, check_metadata=True)  # the metadata, descriptions included
    points = whole.column("point")[-1].as_py() + 1
    assert pq.ParquetFile(tmp_path / "streamed.parquet").num_row_groups == -(-points // chunk)  # one per chunk


def _interrupted(chunks, after):
    for k, chunk in enumerate(chunks):
        if k == after:
            raise KeyboardInterrupt
        yield chunk


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_an_interrupted_sweep_leaves_no_file(tmp_path, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    summary, chunks = stream_sweep(_load("08_berlin_chicken"), ["w=0:30:31"], chunk_points=4)
    with pytest.raises(KeyboardInterrupt):
        write_streamed(summary, _interrupted(chunks, 3), str(tmp_path / f"out{suffix}"))
    assert os.listdir(tmp_path) == []


def test_an_interrupted_sweep_leaves_an_older_file_untouched(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("before\n")
    summary, chunks = stream_sweep(_load("08_berlin_chicken"), ["w=0:30:31"], chunk_points=4)
    with pytest.raises(RuntimeError):
        write_streamed(summary, (c if c.start < 8 else (_ for _ in ()).throw(RuntimeError("boom")) for c in chunks),
                       str(out))
    assert out.read_text() == "before\n" and os.listdir(tmp_path) == ["out.csv"]


def test_a_file_that_would_not_fit_on_the_disk_is_refused(tmp_path, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(table_writer.shutil, "disk_usage", lambda path: usage(10**6, 10**6 - 1000, 1000))
    summary, chunks = stream_sweep(_load("08_berlin_chicken"), ["w=0:30:31"], chunk_points=4)
    with pytest.raises(BerlinsimError, match=r"would need about .* disk has 1.0 KB free"):
        write_streamed(summary, chunks, str(tmp_path / "out.csv"))
    assert os.listdir(tmp_path) == []


def test_json_and_other_suffixes_are_refused_before_any_work(tmp_path):
    summary, chunks = stream_sweep(_load("08_berlin_chicken"), ["w=0:30:31"])
    with pytest.raises(BerlinsimError, match=r"\.json holds one document"):
        write_streamed(summary, chunks, str(tmp_path / "out.json"))
    with pytest.raises(BerlinsimError, match="expected a .csv"):
        write_streamed(summary, chunks, str(tmp_path / "out.txt"))
    assert summary.done == 0 and os.listdir(tmp_path) == []


def test_a_folder_that_cannot_be_written_is_a_clean_error(tmp_path):
    summary, chunks = stream_sweep(_load("08_berlin_chicken"), ["w=0:30:3"])
    with pytest.raises(BerlinsimError, match="cannot write"):
        write_streamed(summary, chunks, str(tmp_path / "missing" / "out.csv"))
