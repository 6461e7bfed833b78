"""The ``berlinsim`` command: thin wiring from arguments to io, solvers and reports.

Commands::

    berlinsim run SCENARIO [--set NAME=VALUE ...] [--variant V] [--method M] [--format text|json|markdown] [-o FILE]
    berlinsim solve PATH [--method M] [--format text|json] [--exact] [--option NAME=VALUE ...] [-o FILE]
                    [--set ...] [--variant V] [--time-limit S] [--max-NAME N]
    berlinsim validate FILE ...
    berlinsim list [DIR]
    berlinsim new NAME [-o PATH]
    berlinsim convert SCENARIO --to nfg|efg [--set NAME=VALUE ...] [--variant V] [-o PATH]
    berlinsim sweep SCENARIO --vary NAME=START:STOP:N [--vary ...] [--between A,B] [--out FILE] [--plot FILE] [--y Q]
    berlinsim sweep SCENARIO --sample NAME=DIST [--samples N] [--seed S]   (also: berlinsim robustness)
    berlinsim thresholds SCENARIO --vary NAME=LOW:HIGH[:N]
    berlinsim sensitivity SCENARIO --sample NAME=DIST ... [-n N] [--format text|json] [--plot FILE]
    berlinsim discover SCENARIO --sample NAME=DIST ... --target LABEL [-n N] [--format text|json]
    berlinsim compare ITEM ... [--metric M] [--vary ...] [--plot FILE]
    berlinsim figures [-o DIR] [DIR]
    berlinsim draw PATH -o FILE [--set ...] [--variant V] [--title T] [--size WxH]
    berlinsim explain PATH [--set ...] [--variant V] [--format text|markdown|latex|html] [-o FILE]
    berlinsim report SCENARIO ... -o report.html [--grid N] [--vary ...]
    berlinsim check SCENARIO ... [--format text|json|markdown]
    berlinsim methods
    berlinsim --version

A ``SCENARIO`` is a YAML file (``.yaml``/``.yml``, see ``docs/scenario-format.md``).
``solve``'s ``PATH`` is a scenario, a Gambit ``.nfg`` table or, by its suffix, a ``.efg``
tree (:mod:`.solve`).

One module per command group: :mod:`.solve` (solve, methods), :mod:`.scenario` (run,
validate, list, new, convert), :mod:`.compare`, :mod:`.sweep` (sweep, thresholds),
:mod:`.sample` (sweep --sample, robustness), :mod:`.figures` (with the gallery,
:mod:`._gallery`), :mod:`.draw`, :mod:`.explain`, :mod:`.report`; the options they share in
:mod:`._args`, the sweep figure in :mod:`._sweep_figure`. Each registers its parsers with a handler (``set_defaults(handler=...)``)
and :func:`main` calls it.

A :class:`~berlinsim.errors.BerlinsimError` (bad file, bad option, unsuitable game) is
printed on stderr, one line per problem, and the exit code is 2; anything else is a bug and
shows its traceback (exit code 1). Every output option (``-o/--out FILE`` on every command,
``--plot FILE``) is checked before any work (:mod:`._outputs`): the folder exists and is
writable, an input is never replaced, an existing file that is not an earlier output of the same
kind needs ``--force``. Heavy modules (numpy, scipy) are imported only
when a command runs, so ``berlinsim --help`` starts fast.

Examples
--------
>>> main(["methods"])  # doctest: +ELLIPSIS
auto         2 players: enummixed; 3+ players: enumpoly when small, else pure plus the QRE limit; trees: spe, or pbe when an information set has several nodes
...
0
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any, Sequence

from berlinsim import __version__
from berlinsim.cli import (
    check, compare, discover, draw, explain, figures, report, sample, scenario, sensitivity, solve, sweep,
)
from berlinsim.cli._outputs import check_outputs
from berlinsim.errors import BerlinsimError, InputErrors

__all__ = ["PROG", "TimeLimitExceeded", "main", "time_limit"]

PROG = "berlinsim"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Game-theoretic models of Kissinger's 1961 Berlin memo: solve games and explain them.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for register in (solve.add_solve_parser, scenario.add_parsers, compare.add_parser, sweep.add_thresholds_parser,
                     sample.add_robustness_parser, sweep.add_parser, figures.add_parser, draw.add_parser,
                     explain.add_parser,
                     report.add_parser, sensitivity.add_parser, discover.add_parser, check.add_parser,
                     solve.add_methods_parser):  # the order of `berlinsim --help`
        register(commands)
    return parser


class TimeLimitExceeded(BerlinsimError):
    """The command ran past ``--time-limit``."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the main thread once ``seconds`` have passed (None: no limit).

    A real-time timer (``SIGALRM``); the check happens between Python steps, so a long call
    inside a compiled library ends when that call returns.
    """
    if seconds is None:
        yield
        return
    if not hasattr(signal, "setitimer"):
        raise BerlinsimError("--time-limit needs a system with interval timers (not available here)")

    def expire(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded(f"stopped: the time limit of {seconds:g} s (--time-limit) has passed; no result "
                                "was written (raise --time-limit, or ask for less work)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    0 success; 2 bad input or options, a refused size or an expired ``--time-limit``; 130 Ctrl-C;
    1 a bug (with its traceback).
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse prints it)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        check_outputs(args)  # every output's folder, kind and existing file, before any work
        with time_limit(getattr(args, "time_limit", None)):
            return args.handler(args)
    except InputErrors as exc:  # several located problems in one file: one line each
        for error in exc.errors:
            print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except BerlinsimError as exc:
        message = " | ".join(line for line in str(exc).splitlines() if line) or type(exc).__name__
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: one line, the shell's code for an interrupt
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
