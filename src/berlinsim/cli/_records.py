"""``--out FILE``: what ``sweep`` and ``robustness`` (``sweep --sample``) write, as JSON or CSV.

A command hands :func:`write_records` two callables: the whole document (for ``.json``) and
the table of one row per grid point or draw (for ``.csv``); only the one the suffix asks for
is called.

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "points.csv"
>>> write_records(str(path), lambda: {}, lambda: (["p", "equilibria"], [[0.5, "(U, B)"]]))
>>> path.read_text(encoding="utf-8").splitlines()
['p,equilibria', '0.5,"(U, B)"']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from berlinsim.errors import BerlinsimError

__all__ = ["write_records"]


def write_records(path: str, document: Callable[[], Any], table: Callable[[], tuple[list[str], list[list[Any]]]]) -> None:
    """Write ``document()`` to a ``.json`` path, or the ``(header, rows)`` of ``table()`` to a ``.csv`` one.

    Any other suffix, or a file that cannot be written, is a :class:`BerlinsimError` naming ``--out``.
    """
    import csv
    import json

    lower = path.lower()
    if not lower.endswith((".csv", ".json")):
        raise BerlinsimError(f"--out {path}: expected a .csv or .json file name")
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            if lower.endswith(".json"):
                json.dump(document(), handle, indent=1)
                handle.write("\n")
            else:
                header, rows = table()
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(rows)
    except OSError as exc:
        raise BerlinsimError(f"--out {path}: cannot write ({exc.strerror})") from None
