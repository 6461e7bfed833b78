"""Tidy tables of solved points: what ``sweep --out`` writes, one row per (grid point, equilibrium).

:func:`sweep_table` turns a :class:`~berlinsim.model.sweep_result.SweepResult` and
:func:`draws_table` a Monte Carlo run (``sweep --sample``) into a :class:`Table`: one row per
equilibrium at every grid point (or draw), in the canonical order of
:mod:`berlinsim.model.identity`, with these columns:

- ``point`` (the 0-based grid index, row-major; ``draw`` for a Monte Carlo draw), then one column
  per varied (or drawn) parameter, with its value;
- ``equilibrium``: 1-based within the point (0 on the one row of a point where the method found
  no equilibrium; its numbers are then empty); ``label``: the equilibrium's label, the text
  ``run`` and every other output name it by; ``support``: what it plays where play goes;
  ``region``: the 1-based number of the point's region (the set of supports at the point) in the
  metadata's ``regions``, as the text output numbers them;
- ``payoff <player>`` per player;
- ``<player>: <action>`` (a matrix game: the probability of each action) or
  ``<player> @ <information set>: <action>`` (a tree: the behaviour at every information set,
  reached or not);
- ``P(<outcome>)`` per outcome label and ``E[<attribute>]`` per attribute;
- ``degenerate``: the game at the point is degenerate (ties).

:func:`write_table` writes a table by the file's suffix: ``.csv`` (a header row; empty cells
where there is no number), ``.json`` (a Table Schema document: ``{"schema": {"fields": [...]},
"data": [one object per row], <metadata key>: {...}}``, which ``pandas.read_json(path,
orient="table")`` reads as a DataFrame and ``pandas.json_normalize(doc, record_path="data")``
too) or ``.parquet`` (through pyarrow, the ``frames`` extra; the metadata is in the file's
schema metadata under ``b"berlinsim"``). The metadata names the players, the axes and their
values, what every column is, and each region with its name, supports, points and extent (a list
of intervals along one axis, a list of grid cells over two).

Examples
--------
>>> t = Table(names=("point", "label", "payoff A"), kinds=("integer", "string", "number"),
...           columns=((0, 1), ("A: x", "A: y"), (1.0, float("nan"))))
>>> t.records()
[{'point': 0, 'label': 'A: x', 'payoff A': 1.0}, {'point': 1, 'label': 'A: y', 'payoff A': None}]
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from berlinsim.errors import BerlinsimError
from berlinsim.model.sweep_result import NO_EQUILIBRIUM

__all__ = ["FORMATS", "Table", "draws_table", "strategy_column_names", "sweep_table", "write_table"]

#: File suffixes :func:`write_table` writes.
FORMATS = (".csv", ".json", ".parquet")
#: The Parquet schema-metadata key holding the table's metadata (JSON).
PARQUET_KEY = b"berlinsim"
_TYPES = {"integer": int, "number": float, "string": str, "boolean": bool}


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A table by columns: names, kinds (Table Schema types: integer, number, string, boolean),
    descriptions, the columns' values (equal lengths), and metadata (plain JSON values)."""

    names: tuple[str, ...]
    kinds: tuple[str, ...]
    columns: tuple[tuple[Any, ...], ...]
    descriptions: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    key: str = "berlinsim"

    def __post_init__(self) -> None:
        for name in ("names", "kinds", "columns", "descriptions"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not self.descriptions:
            object.__setattr__(self, "descriptions", ("",) * len(self.names))
        if not len(self.names) == len(self.kinds) == len(self.columns) == len(self.descriptions):
            raise ValueError("one kind, one description and one column per name")
        if len(set(self.names)) != len(self.names):
            clash = sorted({n for n in self.names if self.names.count(n) > 1})
            raise BerlinsimError(f"the table would have two columns named {', '.join(map(repr, clash))} "
                                 "(rename the parameter, player, action, outcome or attribute)")
        if len({len(c) for c in self.columns}) > 1:
            raise ValueError("columns of unequal length")
        bad = [k for k in self.kinds if k not in _TYPES]
        if bad:
            raise ValueError(f"unknown column kind {bad[0]!r}")

    @property
    def size(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def cell(self, k: int, row: int) -> Any:
        """A value as plain Python (None for a missing number)."""
        value = self.columns[k][row]
        if value is None:
            return None
        if self.kinds[k] == "number":
            value = float(value)
            return value if math.isfinite(value) else None
        return _TYPES[self.kinds[k]](value)

    def records(self) -> list[dict[str, Any]]:
        """One ``{column: value}`` per row."""
        return [{name: self.cell(k, r) for k, name in enumerate(self.names)} for r in range(self.size)]

    def document(self) -> dict[str, Any]:
        """The JSON document: Table Schema ``schema``, the ``data`` records, then the metadata under :attr:`key`."""
        fields = [{"name": n, "type": t, **({"description": d} if d else {})}
                  for n, t, d in zip(self.names, self.kinds, self.descriptions)]
        return {"schema": {"fields": fields}, "data": self.records(), self.key: self.metadata}


def strategy_column_names(columns: tuple[tuple[str, str, str], ...]) -> tuple[str, ...]:
    """Export names of strategy columns: ``"US: Yield"`` (matrix), ``"US @ the US commits first: Firm"`` (tree).

    >>> strategy_column_names((("US", "", "Yield"), ("USSR", "answer", "Back")))
    ('US: Yield', 'USSR @ answer: Back')
    """
    return tuple(f"{p} @ {h}: {a}" if h else f"{p}: {a}" for p, h, a in columns)


def _float(x: Any) -> float | None:
    value = float(x)
    return value if math.isfinite(value) else None


def _strategy_metadata(columns: tuple[tuple[str, str, str], ...]) -> list[dict[str, Any]]:
    return [{"column": name, "player": p, "information_set": h or None, "action": a}
            for name, (p, h, a) in zip(strategy_column_names(columns), columns)]


def _equilibrium_columns(players: tuple[str, ...], strategy: tuple[tuple[str, str, str], ...],
                         outcomes: tuple[str, ...], attributes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(name, kind, description) of the columns after the point's: identity, region, numbers, degenerate."""
    tree = any(h for _, h, _ in strategy)
    return ([("equilibrium", "integer", "1-based within the point, in canonical order (0: none found)"),
             ("label", "string", "the equilibrium's label (the text every berlinsim output names it by)"),
             ("support", "string", "the actions it uses where play goes"),
             ("region", "integer", "the point's region (its set of supports), 1-based, as in the metadata")]
            + [(f"payoff {p}", "number", f"{p}'s expected payoff") for p in players]
            + [(name, "number", "behaviour probability at the information set" if tree else "probability")
               for name in strategy_column_names(strategy)]
            + [(f"P({o})", "number", "probability of the outcome") for o in outcomes]
            + [(f"E[{a}]", "number", "expected value of the attribute") for a in attributes]
            + [("degenerate", "boolean", "the game at the point is degenerate (ties)")])


def _rows(point: int, values: list[Any], count: int, labels: Any, supports: Any, region: int, payoffs: Any,
          strategies: Any, outcomes: Any, attributes: Any, degenerate: bool, widths: tuple[int, ...]) -> list[list[Any]]:
    """The rows of one point: one per equilibrium (one with empty numbers when there is none)."""
    if count == 0:
        blanks = [None] * sum(widths)
        return [[point, *values, 0, NO_EQUILIBRIUM, "", region + 1, *blanks, bool(degenerate)]]
    return [[point, *values, e + 1, labels[e], supports[e], region + 1,
             *(_float(x) for x in payoffs[e]), *(_float(x) for x in strategies[e]),
             *(_float(x) for x in outcomes[e]), *(_float(x) for x in attributes[e]), bool(degenerate)]
            for e in range(count)]


def _table(first: str, parameters: list[str], rows: list[list[Any]], tail: list[tuple[str, str, str]],
           metadata: dict[str, Any], key: str) -> Table:
    head = [(first, "integer", "the grid point (0-based, row-major)" if first == "point" else "the draw (0-based)")]
    head += [(name, "number", "the parameter's value") for name in parameters]
    spec = head + tail
    columns = tuple(zip(*rows)) if rows else tuple(() for _ in spec)
    return Table(names=tuple(n for n, _, _ in spec), kinds=tuple(k for _, k, _ in spec),
                 descriptions=tuple(d for _, _, d in spec), columns=columns, metadata=metadata, key=key)


def sweep_table(result: Any) -> Table:
    """The tidy table of a :class:`~berlinsim.model.sweep_result.SweepResult` (see the module docstring)."""
    names = list(result.axis_names)
    widths = (len(result.players), len(result.strategy_columns), len(result.outcome_labels),
              len(result.attribute_names))
    rows: list[list[Any]] = []
    for flat, index in enumerate(np.ndindex(*result.shape)):
        values = [float(a.values[i]) for a, i in zip(result.axes, index)]
        rows += _rows(flat, values, int(result.num_equilibria[index]), result.labels_at(index),
                      result.supports_at(index), int(result.region_index[index]), result.equilibrium_payoffs[index],
                      result.equilibrium_strategies[index], result.equilibrium_outcomes[index],
                      result.equilibrium_attributes[index], bool(result.degenerate[index]), widths)
    tail = _equilibrium_columns(result.players, result.strategy_columns, result.outcome_labels,
                                result.attribute_names)
    return _table("point", names, rows, tail, sweep_metadata(result), "sweep")


def sweep_metadata(result: Any, points: Any = None) -> dict[str, Any]:
    """The metadata of :func:`sweep_table` (what its regions are and where they lie).

    ``points``: each region's number of points (default: counted in ``result.region_index``); a result
    whose :meth:`region_cells` returns None (a streamed sweep too large to list them) gets ``"cells": null``.
    """
    one = len(result.axes) == 1
    regions = []
    for k, supports in enumerate(result.regions):
        if one:
            where = {"intervals": [list(pair) for pair in result.region_intervals(k)]}
        else:
            cells = result.region_cells(k)
            where = {"cells": None if cells is None else cells.tolist()}
        count = int((result.region_index == k).sum()) if points is None else int(points[k])
        regions.append({"region": k + 1, "name": result.region_name(k), "supports": list(supports),
                        "points": count, **where})
    return {
        "scenario": result.scenario_id, "title": result.title, "method": result.method, "variant": result.variant,
        "between": list(result.between) if result.between else None, "fixed": dict(result.fixed),
        "players": list(result.players),
        "axes": [{"name": a.name, "values": a.values.tolist()} for a in result.axes],
        "strategy_columns": _strategy_metadata(result.strategy_columns),
        "outcome_labels": list(result.outcome_labels), "attribute_names": list(result.attribute_names),
        "regions": regions,
        "row": "one per (grid point, equilibrium); a point's equilibria in canonical order",
    }


def draws_table(result: Any, metadata: dict[str, Any]) -> Table:
    """The tidy table of a Monte Carlo run (:class:`~berlinsim.analysis.robustness.RobustnessResult`):
    one row per (draw, equilibrium); ``region`` numbers the draw's set of equilibrium outcomes as
    ``result.sets`` lists them. ``metadata``: what else to record (the seed, the distributions, ...)."""
    sets = [f.label for f in result.sets]
    widths = (len(result.players), len(result.strategy_columns), len(result.outcome_labels),
              len(result.attribute_names))
    rows: list[list[Any]] = []
    for k, (draw, outcomes, point) in enumerate(zip(result.draws, result.equilibria, result.points)):
        region = sets.index(" | ".join(outcomes) or NO_EQUILIBRIUM)
        rows += _rows(k, [float(x) for x in draw], point.count, point.labels, point.supports, region, point.payoffs,
                      point.strategies, point.outcomes, point.attributes, point.degenerate, widths)
    regions = [{"region": k + 1, "name": f.label, "supports": f.label.split(" | ") if f.label != NO_EQUILIBRIUM else [],
                "draws": f.count, "frequency": f.frequency} for k, f in enumerate(result.sets)]
    info = {**metadata, "players": list(result.players), "strategy_columns": _strategy_metadata(result.strategy_columns),
            "outcome_labels": list(result.outcome_labels), "attribute_names": list(result.attribute_names),
            "regions": regions,
            "row": "one per (draw, equilibrium); a draw's equilibria in canonical order"}
    tail = _equilibrium_columns(result.players, result.strategy_columns, result.outcome_labels,
                                result.attribute_names)
    return _table("draw", list(result.parameters), rows, tail, info, "sample")


def json_text(table: Table) -> str:
    """The JSON document of :meth:`Table.document` as text: the schema on one line, one line per record and per
    metadata entry (strict JSON: no NaN)."""
    def dump(value: Any, indent: int | None = None) -> str:
        return json.dumps(value, indent=indent, allow_nan=False, ensure_ascii=False)

    document = table.document()
    records = ",\n".join("  " + dump(r) for r in document["data"])
    metadata = ",\n".join(f"  {dump(k)}: {dump(v)}" for k, v in document[table.key].items())
    return "{\n" + f' "schema": {dump(document["schema"])},\n "data": [\n{records}\n ],\n' + \
        f' {dump(table.key)}: {{\n{metadata}\n }}\n}}\n'


def _csv_cell(value: Any) -> Any:
    return "" if value is None else value


def write_table(table: Table, path: str) -> None:
    """Write ``table`` to ``path`` as ``.csv``, ``.json`` or ``.parquet`` (by the suffix).

    A :class:`BerlinsimError` for another suffix, a file that cannot be written, or Parquet without pyarrow.
    """
    lower = str(path).lower()
    if not lower.endswith(FORMATS):
        raise BerlinsimError(f"--out {path}: expected a .csv, .json or .parquet file name")
    if lower.endswith(".parquet"):
        _write_parquet(table, path)
        return
    import csv

    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            if lower.endswith(".json"):
                handle.write(json_text(table))
            else:
                writer = csv.writer(handle)
                writer.writerow(table.names)
                for r in range(table.size):
                    writer.writerow([_csv_cell(table.cell(k, r)) for k in range(len(table.names))])
    except OSError as exc:
        raise BerlinsimError(f"--out {path}: cannot write ({exc.strerror})") from None


def parquet_available() -> bool:
    """Whether pyarrow (the ``frames`` extra) can be imported."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def check_format(path: str) -> None:
    """Refuse, before any work, an ``--out`` file this module cannot write (the suffix, or Parquet without pyarrow)."""
    lower = str(path).lower()
    if not lower.endswith(FORMATS):
        raise BerlinsimError(f"--out {path}: expected a .csv, .json or .parquet file name")
    if lower.endswith(".parquet") and not parquet_available():
        raise BerlinsimError(f"--out {path}: writing Parquet needs pyarrow, which is not installed; install the "
                             "frames extra (pip install 'berlinsim[frames]'), or write .csv or .json")


def _write_parquet(table: Table, path: str) -> None:
    check_format(path)
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"integer": pa.int64(), "number": pa.float64(), "string": pa.string(), "boolean": pa.bool_()}
    arrays = [pa.array([table.cell(k, r) for r in range(table.size)], type=types[kind])
              for k, kind in enumerate(table.kinds)]
    fields = [pa.field(n, types[k], metadata={b"description": d.encode("utf-8")} if d else None)
              for n, k, d in zip(table.names, table.kinds, table.descriptions)]
    schema = pa.schema(fields, metadata={PARQUET_KEY: json.dumps({table.key: table.metadata}).encode("utf-8")})
    try:
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)
    except OSError as exc:
        raise BerlinsimError(f"--out {path}: cannot write ({exc})") from None
