"""Tidy tables: one row per (point, equilibrium), written as CSV, Table Schema JSON and Parquet."""

import csv
import json

import numpy as np
import pytest

from berlinsim.errors import BerlinsimError
from berlinsim.io.tables import Table, check_format, json_text, strategy_column_names, sweep_table, write_table
from berlinsim.model.sweep_result import PointEquilibria, SweepAxis, SweepResult


def toy() -> SweepResult:
    """A tree over p = 0, 1/2, 1: one equilibrium, then two, then none found."""
    columns = (("A", "start", "x"), ("A", "start", "y"), ("B", "after x", "l"), ("B", "after x", "r"))

    def point(labels, strategies, payoffs):
        n = len(labels)
        return PointEquilibria(labels=labels, supports=tuple(label.replace(" (r)", " does not move") for label in labels),
                               payoffs=np.reshape(payoffs, (n, 2)), strategies=np.reshape(strategies, (n, 4)),
                               outcomes=np.reshape([1.0] * n, (n, 1)), attributes=np.reshape([0.5] * n, (n, 1)),
                               degenerate=n > 1)

    points = [point(("A: x; B: l",), [1, 0, 1, 0], [1, 2]),
              point(("A: x; B: l", "A: y; B: (r)"), [[1, 0, 1, 0], [0, 1, 0, 1]], [[1, 2], [3, 4]]),
              point((), np.zeros((0, 4)), np.zeros((0, 2)))]
    return SweepResult.from_points(scenario_id="toy", title="Toy", axes=(SweepAxis(name="p", values=[0, 0.5, 1]),),
                                   players=("A", "B"), strategy_columns=columns, outcome_labels=("o",),
                                   attribute_names=("war",), points=points, method="spe")


def test_sweep_table_columns_and_rows():
    table = sweep_table(toy())
    assert table.names == ("point", "p", "equilibrium", "label", "support", "region", "payoff A", "payoff B",
                           "A @ start: x", "A @ start: y", "B @ after x: l", "B @ after x: r", "P(o)", "E[war]",
                           "degenerate")
    records = table.records()
    assert [(r["point"], r["equilibrium"], r["label"], r["region"]) for r in records] == [
        (0, 1, "A: x; B: l", 1), (1, 1, "A: x; B: l", 2), (1, 2, "A: y; B: (r)", 2), (2, 0, "no equilibrium found", 3)]
    assert records[2]["payoff A"] == 3 and records[2]["A @ start: y"] == 1.0 and records[2]["degenerate"] is True
    assert records[3]["payoff A"] is None and records[3]["support"] == ""  # a point without equilibria keeps a row
    assert records[2]["support"] == "A: y; B: does not move"
    regions = table.metadata["regions"]
    assert [r["intervals"] for r in regions] == [[[0.0, 0.0]], [[0.5, 0.5]], [[1.0, 1.0]]]
    assert regions[1]["supports"] == ["A: x; B: l", "A: y; B: does not move"]
    assert regions[2]["name"] == "no equilibrium found" and regions[2]["supports"] == []


def test_written_files(tmp_path):
    table = sweep_table(toy())
    write_table(table, tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[3]["payoff A"] == "" and rows[0]["payoff A"] == "1.0"  # no number: an empty cell, not 'nan'
    write_table(table, tmp_path / "t.json")
    text = (tmp_path / "t.json").read_text(encoding="utf-8")
    assert text == json_text(table) and len(text.splitlines()) == 4 + 4 + len(table.metadata) + 3
    data = json.loads(text)
    assert list(data) == ["schema", "data", "sweep"] and data["data"] == table.records()
    assert [f["name"] for f in data["schema"]["fields"]] == list(table.names)
    assert {f["type"] for f in data["schema"]["fields"]} == {"integer", "number", "string", "boolean"}


def test_parquet_round_trip(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    table = sweep_table(toy())
    write_table(table, tmp_path / "t.parquet")
    read = pq.read_table(tmp_path / "t.parquet")
    assert read.column_names == list(table.names) and read.num_rows == 4
    assert read.column("payoff A").to_pylist() == [1.0, 1.0, 3.0, None]
    assert json.loads(read.schema.metadata[b"berlinsim"])["sweep"]["regions"] == table.metadata["regions"]


def test_formats_and_errors(tmp_path, monkeypatch):
    with pytest.raises(BerlinsimError, match=r"--out t.xlsx: expected a .csv, .json or .parquet file name"):
        check_format("t.xlsx")
    import berlinsim.io.tables as tables

    monkeypatch.setattr(tables, "parquet_available", lambda: False)
    with pytest.raises(BerlinsimError, match=r"needs pyarrow.*pip install 'berlinsim\[frames\]'"):
        check_format("t.parquet")
    with pytest.raises(BerlinsimError, match="cannot write"):
        write_table(sweep_table(toy()), str(tmp_path / "missing" / "t.csv"))
    with pytest.raises(BerlinsimError, match="two columns named 'label'"):
        Table(names=("label", "label"), kinds=("string", "string"), columns=((), ()))
    assert strategy_column_names((("US", "", "Yield"), ("USSR", "h", "Back"))) == ("US: Yield", "USSR @ h: Back")
