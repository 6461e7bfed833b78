"""The ``berlinsim`` command: thin wiring from arguments to io, solvers and reports.

Commands::

    berlinsim run SCENARIO [--set NAME=VALUE ...] [--variant V] [--method M] [--format text|json|markdown]
    berlinsim solve PATH [--method M] [--format text|json] [--exact] [-o NAME=VALUE ...] [--set ...] [--variant V]
    berlinsim validate FILE ...
    berlinsim list [DIR]
    berlinsim new NAME [-o PATH]
    berlinsim convert SCENARIO --to nfg|efg [--set NAME=VALUE ...] [--variant V] [-o PATH]
    berlinsim sweep SCENARIO --vary NAME=START:STOP:N [--vary ...] [--between A,B] [--out FILE] [--plot FILE]
    berlinsim sweep SCENARIO --sample NAME=DIST [--samples N] [--seed S]   (also: berlinsim robustness)
    berlinsim thresholds SCENARIO --vary NAME=START:STOP
    berlinsim compare ITEM ... [--metric M] [--vary ...] [--plot FILE]
    berlinsim figures [--out DIR]
    berlinsim explain PATH [--set ...] [--variant V] [--format text|markdown|latex|html] [-o FILE]
    berlinsim report SCENARIO ... -o report.html [--grid N] [--vary ...]
    berlinsim methods
    berlinsim --version

A ``SCENARIO`` is a YAML file (``.yaml``/``.yml``, see ``docs/scenario-format.md``).
``solve``'s ``PATH`` is a scenario, a Gambit ``.nfg`` table or, by its suffix, a ``.efg``
tree. The default method is the scenario's own, else ``auto`` for tables and ``spe`` for
trees; a method written for tables (``enummixed``, ``pure`` ...) solves a tree's reduced
normal form.

A :class:`~berlinsim.errors.BerlinsimError` (bad file, bad option, unsuitable game) is
printed on stderr, one line per problem, and the exit code is 2; anything else is a bug and
shows its traceback (exit code 1). Heavy modules (numpy, scipy) are imported only
when a command runs, so ``berlinsim --help`` starts fast.

Examples
--------
>>> main(["methods"])  # doctest: +ELLIPSIS
auto         2 players: enummixed; 3+ players: pure plus the QRE limit
...
0
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from typing import Any, Sequence

from berlinsim import __version__
from berlinsim.cli import scenario as scenario_commands
from berlinsim.cli import compare as compare_commands
from berlinsim.cli import sweep as sweep_commands
from berlinsim.cli import figures as figure_commands
from berlinsim.cli import explain as explain_commands
from berlinsim.cli import report as report_commands
from berlinsim.errors import BerlinsimError, InputErrors
from berlinsim.solvers import METHODS

PROG = "berlinsim"


class CliError(BerlinsimError):
    """A problem with the command line itself (an option that does not fit)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Game-theoretic models of Kissinger's 1961 Berlin memo: solve games and explain them.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    solve = commands.add_parser(
        "solve",
        help="find the equilibria of a game file (Gambit .nfg or .efg, or a scenario)",
        description="Find the equilibria of the game in PATH (a Gambit .nfg or .efg file, or a scenario "
        ".yaml at its default parameters) and print them.",
    )
    solve.add_argument("path", metavar="PATH", help="the game file (.yaml: a scenario; .efg: a tree; else .nfg)")
    solve.add_argument(
        "--method", "-m", default=None, metavar="M",
        help="solution method (default: auto for .nfg, spe for .efg); see 'berlinsim methods'. "
        "Table methods on a .efg solve its reduced normal form",
    )
    solve.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)")
    solve.add_argument(
        "--exact", action="store_true",
        help="require exact rational arithmetic: fail unless the payoffs and the answer are exact",
    )
    solve.add_argument(
        "--option", "-o", action="append", default=[], metavar="NAME=VALUE",
        help="a method option, e.g. -o weak=true for dominance or -o leader=USSR for stackelberg",
    )
    scenario_commands.add_options(solve, "(scenario files only) ")
    scenario_commands.add_parsers(commands)
    _COMMANDS.update(compare_commands.add_parsers(commands))  # compare, thresholds, robustness
    sweep_commands.add_parser(commands)
    figure_commands.add_parser(commands)
    explain_commands.add_parser(commands)
    report_commands.add_parser(commands)
    commands.add_parser("methods", help="list the solution methods", description="List the solution methods.")
    return parser


def _option_value(text: str) -> Any:
    low = text.strip().lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    if low in ("none", "null"):
        return None
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def _solver_options(method: str, function: Any, pairs: Sequence[str], exact: bool) -> dict[str, Any]:
    params = inspect.signature(function).parameters
    names = [n for n, p in params.items() if n != "game" and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]
    options: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name:
            raise CliError(f"option {pair!r} is not of the form NAME=VALUE")
        if name not in names:
            known = ", ".join(names) if names else "none"
            raise CliError(f"method {method!r} has no option {name!r} (its options: {known})")
        options[name] = _option_value(value)
    if exact and "exact" in names:
        options["exact"] = True
    return options


def _load_game(args: argparse.Namespace) -> tuple[Any, str | None]:
    """The game in ``args.path`` and the file's own default method (scenarios only).

    A scenario (``.yaml``), a Gambit ``.efg`` tree by its suffix, else a ``.nfg`` table.
    """
    path = args.path
    if scenario_commands.is_scenario(path):
        scenario, game = scenario_commands.scenario_game(args)
        return game, scenario.method
    if args.assignments or args.variant:
        raise CliError(f"{path}: --set and --variant apply to scenario files (.yaml), not to Gambit files")
    return _read_gambit(path), None


def _read_gambit(path: str) -> Any:
    if path.lower().endswith(".efg"):
        from berlinsim.io.efg import read_efg

        return read_efg(path)
    from berlinsim.io.nfg import read_nfg

    return read_nfg(path)


def _solve(args: argparse.Namespace) -> int:
    scenario_commands.check_method(args.path, args.method)
    game, own_method = _load_game(args)
    tree = hasattr(game, "player_infosets")
    method = args.method or own_method or ("spe" if tree else "auto")
    from berlinsim.solvers import TREE_EQUIVALENTS, solver_for

    if tree:
        method = TREE_EQUIVALENTS.get(method, method)

    options = _solver_options(method, solver_for(method), args.option, args.exact)
    if args.exact and not game.is_exact:
        raise CliError(
            f"{args.path}: --exact needs exact payoffs (integers, decimals or fractions); this game has float payoffs"
        )
    from berlinsim.scenarios.run import solve_built

    try:
        result = solve_built(game, method, **options)
    except BerlinsimError as exc:
        raise CliError(f"{args.path}: {exc}") from None
    if args.exact and not result.exact:
        raise CliError(
            f"{args.path}: --exact: method {method!r} did not give an exact (verified rational) answer; "
            "try enummixed, lh, lp, pure or dominance"
        )
    if args.format == "json":
        from berlinsim.io.json_out import result_to_json_text

        print(result_to_json_text(result, source=args.path))
    else:
        from berlinsim.reports.text import format_result

        from berlinsim.analysis._derivation_matrix import solved_dominance_view  # dominance: steps in words

        print(format_result(result, source=args.path, dominance=solved_dominance_view(result)))
    return 0


def _methods() -> int:
    width = max(len(name) for name in METHODS)
    for name, (_, _, description) in METHODS.items():
        print(f"{name.ljust(width + 2)}{description}")
    return 0


_COMMANDS = {"solve": _solve, "methods": lambda args: _methods(), **scenario_commands.COMMANDS}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 success, 2 bad input or options)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse prints it)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return (getattr(args, "handler", None) or _COMMANDS[args.command])(args)
    except InputErrors as exc:  # several located problems in one file: one line each
        for error in exc.errors:
            print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except BerlinsimError as exc:
        message = " | ".join(line for line in str(exc).splitlines() if line) or type(exc).__name__
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
