"""What the command modules of :mod:`berlinsim.cli` share: common options, their reading, the progress bar.

The options several commands take (``--set``/``--variant``, ``--method``, ``--workers``/``--quiet``)
and how their values are read (``--set`` pairs, ``FILE:VARIANT`` items, ``NAME=LOW:HIGH``
ranges); the checks made before anything is read (a known method, a scenario file's suffix);
:func:`progress_bar`, the bar long runs draw on stderr; and :class:`CliError`, a problem with
the command line itself. Only :mod:`berlinsim.errors` and the method table are imported at
module level, so ``berlinsim --help`` stays cheap.

Examples
--------
>>> is_scenario("scenarios/02_kennedy_plan_buildup.yaml"), is_scenario("game.nfg")
(True, False)
>>> split_item("scenarios/02_kennedy_plan_buildup.yaml:acheson")
('scenarios/02_kennedy_plan_buildup.yaml', 'acheson')
>>> split_item("scenarios/01_acheson_wait.yaml")
('scenarios/01_acheson_wait.yaml', None)
>>> parse_range("p_reasonable=0.5:0.6")
('p_reasonable', '0.5', '0.6')
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from berlinsim.errors import BerlinsimError, InputErrors, LocatedError
from berlinsim.solvers import METHODS

__all__ = ["METHOD_HELP", "SCENARIO_SUFFIXES", "CliError", "about", "add_budget", "add_fixed", "add_method",
           "add_options", "add_workers", "check_method", "check_workers", "is_scenario", "limits_of", "overrides",
           "parse_range", "progress_bar", "read_scenario", "seconds", "split_item", "whole"]

SCENARIO_SUFFIXES = (".yaml", ".yml")
METHOD_HELP = "solution method (default: the scenario's own); see 'berlinsim methods'"


class CliError(BerlinsimError):
    """A problem with the command line itself (an option that does not fit)."""


# ----------------------------------------------------------------------------- options
def whole(minimum: int, limit: str | None = None) -> Callable[[str], int]:
    """An argparse ``type``: a whole number of at least ``minimum`` (and at most the named limit).

    Checked when the command line is parsed, so a bad value is refused before any work, with
    argparse's usage line and exit code 2.

    >>> whole(0)("7"), whole(1, "max_samples")("1000")
    (7, 1000)
    >>> whole(0)("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number of at least 0, got '-1'
    >>> whole(1, "max_samples")("1000000000")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected at most 1,000,000 (limit max_samples, see docs/limits.md), got 1,000,000,000
    """

    def read(text: str) -> int:
        shown = text if len(text) <= 30 else text[:24] + "..."
        if not text.strip().isascii() or not re.fullmatch(r"[+-]?[0-9]{1,30}", text.strip()):
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, got '{shown}'")
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, got '{shown}'")
        if limit is not None:
            from berlinsim.limits import DEFAULT

            if value > getattr(DEFAULT, limit):
                raise argparse.ArgumentTypeError(f"expected {DEFAULT.at_most(limit)}, got {value:,}")
        return value

    read.__name__ = "whole number"
    return read


def add_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    """``--set NAME=VALUE`` (repeatable) and ``--variant NAME``; ``prefix`` starts both help texts."""
    parser.add_argument(
        "--set", "-s", action="append", default=[], metavar="NAME=VALUE", dest="assignments",
        help=prefix + "give a parameter a value (repeatable; applied after --variant), e.g. --set p_reasonable=0.5",
    )
    parser.add_argument("--variant", "-V", default=None, metavar="NAME",
                        help=prefix + "use a named variant of the scenario (a preset of parameter values)")


def add_method(parser: argparse.ArgumentParser, help_text: str = METHOD_HELP) -> None:
    """``--method M`` (default None: the file's own method)."""
    parser.add_argument("--method", "-m", default=None, metavar="M", help=help_text)


def add_fixed(parser: argparse.ArgumentParser) -> None:
    """``--set`` and ``--method`` of compare, thresholds and robustness (their ``--variant`` is their own)."""
    parser.add_argument("--set", "-s", action="append", default=[], metavar="NAME=VALUE", dest="assignments",
                        help="give a parameter a value (repeatable), e.g. --set w_framing=3")
    add_method(parser)


def add_workers(parser: argparse.ArgumentParser) -> None:
    """``--workers N`` for the points solved one by one, and ``--quiet`` (no progress bar)."""
    parser.add_argument("--workers", "-j", type=whole(1), default=1, metavar="N",
                        help="processes for the points solved one by one (default: 1)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def seconds(text: str) -> float:
    """An argparse ``type``: a positive number of seconds (``--time-limit``).

    >>> seconds("2.5")
    2.5
    """
    try:
        value = float(text) if text.strip().isascii() else float("nan")
    except ValueError:
        value = float("nan")
    if not 0 < value <= 10**7:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds above 0 (at most 10,000,000), got '{text[:30]}'")
    return value


def add_budget(parser: argparse.ArgumentParser, *, limits: bool = True) -> None:
    """``--time-limit SECONDS`` and (with ``limits``) one ``--max-NAME N`` per field of
    :class:`~berlinsim.limits.Limits` (the limits of docs/limits.md, raised or lowered for this run)."""
    parser.add_argument("--time-limit", type=seconds, default=None, metavar="SECONDS",
                        help="stop with a message (exit code 2) when the command has run this long")
    if not limits:
        return
    from berlinsim.limits import names

    group = parser.add_argument_group(
        "limits", "--max-NAME N raises or lowers the size limit max_NAME of docs/limits.md for this run, e.g. "
        "--max-cells 4000000 or --max-enummixed-work 1000000000 (every limit there has its flag)")
    for name in names():
        group.add_argument("--" + name.replace("_", "-"), type=whole(1), default=None, metavar="N",
                           dest="limit_" + name, help=argparse.SUPPRESS)


def limits_of(args: argparse.Namespace) -> Any:
    """The :class:`~berlinsim.limits.Limits` that ``args`` asks for (``--max-NAME N``), or None (the defaults)."""
    changes = {key[len("limit_"):]: value for key, value in vars(args).items()
               if key.startswith("limit_") and value is not None}
    if not changes:
        return None
    from berlinsim.limits import DEFAULT

    return DEFAULT.raised(**changes)


# ----------------------------------------------------------------------------- reading them
def is_scenario(path: str) -> bool:
    """Whether ``path`` names a scenario file (by its suffix)."""
    return path.lower().endswith(SCENARIO_SUFFIXES)


def check_method(path: str, method: str | None) -> None:
    """Refuse an unknown method name before anything is read."""
    if method is not None and method not in METHODS:
        raise BerlinsimError(f"{path}: unknown method {method!r}; known methods: {', '.join(METHODS)}")


def check_workers(workers: int) -> None:
    """Refuse ``--workers`` below 1."""
    if workers < 1:
        raise BerlinsimError(f"--workers must be at least 1, got {workers}")


def overrides(assignments: Sequence[str]) -> dict[str, Any]:
    """The ``--set NAME=VALUE`` texts as ``{NAME: value}`` (numbers read exactly)."""
    from berlinsim.scenarios.values import parse_assignment

    return dict(parse_assignment(text) for text in assignments)


def about(path: str, exc: BerlinsimError) -> BerlinsimError:
    """``exc`` naming the file it concerns (located errors name it already)."""
    if isinstance(exc, (InputErrors, LocatedError)):
        return exc
    return BerlinsimError(f"{path}: {exc}")


def read_scenario(path: str) -> Any:
    """The scenario in ``path``, refusing a file that is not a scenario by its suffix."""
    from berlinsim.io.scenario_yaml import load_scenario

    if not is_scenario(path):
        raise BerlinsimError(f"{path}: not a scenario file (expected .yaml or .yml, or FILE:VARIANT)")
    return load_scenario(path)


def split_item(text: str) -> tuple[str, str | None]:
    """``FILE:VARIANT`` -> (FILE, VARIANT); a plain file -> (FILE, None)."""
    head, sep, tail = text.rpartition(":")
    if sep and is_scenario(head) and tail and "/" not in tail and "\\" not in tail:
        return head, tail
    return text, None


def parse_range(text: str) -> tuple[str, str, str]:
    """``NAME=LOW:HIGH`` -> (NAME, LOW, HIGH) (numbers kept as text, read exactly later)."""
    name, sep, rest = text.partition("=")
    low, colon, high = rest.partition(":")
    if not sep or not colon or not name.strip() or not low.strip() or not high.strip():
        raise BerlinsimError(f"bad --vary {text!r} (expected NAME=LOW:HIGH, e.g. p_reasonable=0:1)")
    return name.strip(), low.strip(), high.strip()


# ----------------------------------------------------------------------------- the progress bar
@contextlib.contextmanager
def progress_bar(args: argparse.Namespace, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback drawing a bar on stderr, closed when the block ends.

    None (no bar) unless stderr is a terminal and ``--quiet`` is not given. The bar is
    :mod:`tqdm`'s, in the layout ``label [####      ]  40% (4/10)``, opened at the first call
    (when the total is known) and redrawn at most ten times a second; cut to the terminal's
    width when it has one (a bare pseudo-terminal reports 0 x 0: then the line is left whole).

    >>> import argparse
    >>> with progress_bar(argparse.Namespace(quiet=True), "sweep") as progress:
    ...     progress is None
    True
    """
    if args.quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    try:  # tqdm reads a size of 0 x 0 as -1 x -1 and then draws nothing: give it the size itself
        columns, lines = os.get_terminal_size(sys.stderr.fileno())
    except OSError:
        columns, lines = 0, 0
    columns = columns or 120  # unknown width: wide enough for the whole line (0 would drop the bar)
    bars: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, desc=label, file=sys.stderr, ascii=" #", leave=True, ncols=columns, nrows=lines,
                             bar_format="{desc} [{bar:30}] {percentage:3.0f}% ({n_fmt}/{total_fmt})"))
        bars[0].update(done - bars[0].n)

    try:
        yield progress
    finally:
        if bars:
            bars[0].close()
