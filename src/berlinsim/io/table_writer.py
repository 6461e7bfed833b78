"""Tidy sweep tables written chunk by chunk: ``sweep --out`` for grids of any size.

:func:`write_streamed` writes the table of :func:`berlinsim.io.tables.sweep_table` -- the same
columns, rows and metadata -- from a streamed sweep
(:func:`berlinsim.analysis.sweep_stream.stream_sweep`): each chunk's rows are appended to the file
before the next chunk is solved, so memory does not grow with the grid. ``.csv`` comes out byte
for byte as :func:`~berlinsim.io.tables.write_table` writes it; ``.parquet`` is written by
pyarrow's ``ParquetWriter``, one row group per chunk, the metadata added to the footer at the end
(a table equal to the one written at once). ``.json`` is one document whose metadata comes
first in no reader's order, so it is written only from a whole sweep (within the in-memory cap).

The rows go to a temporary file next to ``path`` (``.NAME.partial-XXXX``), renamed to ``path``
once complete: an interrupted sweep leaves no file at ``path`` (and no temporary file either,
unless the process is killed outright). After the first chunk the size of the whole file is
estimated from it, and the sweep stops with a message when the disk has not that much room.

Chunks are duck-typed (io does not import analysis): any object with the attributes of
:class:`berlinsim.analysis.sweep_stream.SweepChunk`; the summary has those of a
:class:`~berlinsim.analysis.sweep_stream.StreamSummary`.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from typing import Any

import numpy as np

from berlinsim.errors import BerlinsimError
from berlinsim.io.tables import (
    PARQUET_KEY, _csv_cell, _equilibrium_columns, _table, check_format, sweep_metadata,
)
from berlinsim.model.sweep_result import NO_EQUILIBRIUM

__all__ = ["STREAMED_FORMATS", "chunk_columns", "write_streamed"]

#: Suffixes a streamed sweep can write.
STREAMED_FORMATS = (".csv", ".parquet")
#: Margin kept free on the disk beyond the estimated size of the file.
_MARGIN = 1.1


def _head(summary: Any) -> tuple[list[str], list[tuple[str, str, str]]]:
    tail = _equilibrium_columns(summary.players, summary.strategy_columns, summary.outcome_labels,
                                summary.attribute_names)
    return [a.name for a in summary.axes], tail


def chunk_columns(summary: Any, chunk: Any) -> list[Any]:
    """The columns of one chunk's rows, as :func:`~berlinsim.io.tables.sweep_table` makes them, built with numpy:
    numbers as float arrays (NaN where the cell is empty), integers and flags as arrays, texts as lists."""
    count = np.asarray(chunk.count)
    rows = np.maximum(count, 1)  # a point without equilibrium has one row, with empty numbers
    point = np.repeat(np.arange(chunk.size), rows)
    first = np.cumsum(rows) - rows
    equilibrium = np.arange(len(point)) - first[point]
    found = count[point] > 0
    e = np.where(found, equilibrium, 0)
    columns: list[Any] = [chunk.start + point]
    columns += [np.asarray(chunk.values)[point, d] for d in range(len(summary.axes))]
    labels = np.array([*chunk.labels, NO_EQUILIBRIUM], dtype=object)
    supports = np.array([*chunk.supports, ""], dtype=object)
    label = np.where(found, chunk.label_of[point, e], len(chunk.labels))
    support = np.where(found, chunk.support_of[point, e], len(chunk.supports))
    columns += [np.where(found, e + 1, 0), labels[label].tolist(), supports[support].tolist(),
                np.asarray(chunk.region)[point] + 1]
    for array in (chunk.pay, chunk.vec, chunk.outcome, chunk.attrs):
        block = np.where(found[:, None], array[point, e], np.nan)
        block[~np.isfinite(block)] = np.nan
        columns += [block[:, c] for c in range(block.shape[1])]
    columns.append(np.asarray(chunk.degenerate, dtype=bool)[point])
    return columns


def _python(column: Any, kind: str) -> list[Any]:
    """A column as the plain values :meth:`Table.cell` gives (None for an empty number)."""
    if kind != "number":
        return column if isinstance(column, list) else column.tolist()
    values = column.tolist()
    if np.isnan(column).any():
        values = [None if v != v else v for v in values]
    return values


class _Output:
    """A temporary file next to ``path``, renamed to it by :meth:`finish`, removed by :meth:`abort`."""

    def __init__(self, path: str) -> None:
        self.path = str(path)
        folder = os.path.dirname(os.path.abspath(self.path))
        try:
            handle, self.temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(self.path)}.partial-")
        except OSError as exc:
            raise BerlinsimError(f"--out {path}: cannot write ({exc.strerror})") from None
        os.close(handle)
        self.folder = folder

    def check_room(self, written: int, done: int, total: int) -> None:
        """Refuse to go on when the rest, estimated from ``written`` bytes for ``done`` points, will not fit."""
        if done <= 0 or done >= total:
            return
        needed = int(written / done * (total - done) * _MARGIN)
        free = shutil.disk_usage(self.folder).free
        if needed > free:
            raise BerlinsimError(f"--out {self.path}: the file would need about {_size(written + needed)} "
                                 f"({total:,} points at about {written / done:.0f} bytes each) and the disk has "
                                 f"{_size(free)} free; sweep fewer points or write elsewhere")

    def finish(self) -> None:
        os.replace(self.temporary, self.path)

    def abort(self) -> None:
        try:
            os.unlink(self.temporary)
        except FileNotFoundError:
            pass


def _size(count: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if count < 1000 or unit == "TB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} TB"  # pragma: no cover


def write_streamed(summary: Any, chunks: Iterable[Any], path: str) -> None:
    """Solve and write every chunk of a streamed sweep to ``path`` (``.csv`` or ``.parquet``).

    ``summary`` is complete when this returns. A :class:`BerlinsimError` for another suffix, Parquet
    without pyarrow, a file that cannot be written or a disk too small; on any error (or interruption)
    nothing is left at ``path``.
    """
    check_format(path)
    lower = str(path).lower()
    if not lower.endswith(STREAMED_FORMATS):
        raise BerlinsimError(f"--out {path}: a grid of {summary.size:,} points is written as it is solved, to "
                             ".csv or .parquet; .json holds one document and is written only for grids within "
                             "the in-memory cap")
    out = _Output(path)
    try:
        if lower.endswith(".parquet"):
            _parquet(summary, chunks, out)
        else:
            _csv(summary, chunks, out)
        out.finish()
    except OSError as exc:
        out.abort()
        raise BerlinsimError(f"--out {path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        out.abort()
        raise


def _csv(summary: Any, chunks: Iterable[Any], out: _Output) -> None:
    names, tail = _head(summary)
    header = _table("point", names, [], tail, {}, "sweep").names
    with open(out.temporary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        kinds = _table("point", names, [], tail, {}, "sweep").kinds
        for chunk in chunks:
            columns = [_python(c, kind) for c, kind in zip(chunk_columns(summary, chunk), kinds)]
            writer.writerows([_csv_cell(v) for v in row] for row in zip(*columns))
            out.check_room(handle.tell(), chunk.start + chunk.size, summary.size)


def _parquet(summary: Any, chunks: Iterable[Any], out: _Output) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names, tail = _head(summary)
    empty = _table("point", names, [], tail, {}, "sweep")
    types = {"integer": pa.int64(), "number": pa.float64(), "string": pa.string(), "boolean": pa.bool_()}
    fields = [pa.field(n, types[k], metadata={b"description": d.encode("utf-8")} if d else None)
              for n, k, d in zip(empty.names, empty.kinds, empty.descriptions)]
    schema = pa.schema(fields)
    with pq.ParquetWriter(out.temporary, schema) as writer:
        for chunk in chunks:
            arrays = [pa.array(c, type=types[kind], mask=np.isnan(c) if kind == "number" else None)
                      for c, kind in zip(chunk_columns(summary, chunk), empty.kinds)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            out.check_room(os.path.getsize(out.temporary), chunk.start + chunk.size, summary.size)
        metadata = {PARQUET_KEY: json.dumps({"sweep": sweep_metadata(summary, summary.points)}).encode("utf-8")}
        # readers take the schema (and its metadata) from the serialised Arrow schema that the writer stored
        # when it opened: replace it by the schema with the metadata, as pyarrow.parquet.write_table stores it
        serialised = base64.b64encode(schema.with_metadata(metadata).serialize().to_pybytes())
        writer.add_key_value_metadata({**metadata, b"ARROW:schema": serialised})
