"""The ``berlinsim`` command: thin wiring from arguments to io, solvers and reports.

Commands::

    berlinsim run SCENARIO [--set NAME=VALUE ...] [--variant V] [--method M] [--format text|json|markdown]
    berlinsim solve PATH [--method M] [--format text|json] [--exact] [-o NAME=VALUE ...] [--set ...] [--variant V]
    berlinsim validate FILE ...
    berlinsim list [DIR]
    berlinsim new NAME [-o PATH]
    berlinsim convert SCENARIO --to nfg|efg [--set NAME=VALUE ...] [--variant V] [-o PATH]
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
import dataclasses
import inspect
import os
import sys
from typing import Any, Sequence

from berlinsim import __version__
from berlinsim.errors import BerlinsimError, InputErrors, LocatedError
from berlinsim.solvers import METHODS

PROG = "berlinsim"
SCENARIO_SUFFIXES = (".yaml", ".yml")
#: A scenario name for ``berlinsim new``: an optional ``NN_`` file prefix, then the id.
NAME_PATTERN = r"(?:(\d+)_)?([a-z0-9_]*[a-z][a-z0-9_]*)"


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
        help="find the equilibria of a game file (Gambit .nfg or .efg)",
        description="Find the equilibria of the game in PATH (a Gambit .nfg or .efg file) and print them.",
    )
    solve.add_argument("path", metavar="PATH", help="the game file (.efg: a tree; anything else: .nfg)")
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
    _scenario_options(solve, "(scenario files only) ")
    _scenario_parsers(commands)
    commands.add_parser("methods", help="list the solution methods", description="List the solution methods.")
    return parser


def _scenario_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument(
        "--set", "-s", action="append", default=[], metavar="NAME=VALUE", dest="assignments",
        help=prefix + "give a parameter a value (repeatable; applied after --variant), e.g. --set p_reasonable=0.5",
    )
    parser.add_argument("--variant", "-V", default=None, metavar="NAME",
                        help=prefix + "use a named variant of the scenario (a preset of parameter values)")


def _scenario_parsers(commands: Any) -> None:
    run = commands.add_parser(
        "run", help="solve a scenario and explain its equilibria",
        description="Solve the scenario in SCENARIO (a YAML file) and explain what rational players do and why.",
    )
    run.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    _scenario_options(run)
    run.add_argument("--method", "-m", default=None, metavar="M",
                     help="solution method (default: the scenario's own); see 'berlinsim methods'")
    run.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text",
                     help="output format (default: text)")

    validate = commands.add_parser(
        "validate", help="check scenario files and report every problem",
        description="Check scenario files: prints 'PATH: ok' for each valid file and every problem of each "
        "invalid one (path:line:col: key: message); exit code 2 when any file is invalid.",
    )
    validate.add_argument("paths", nargs="+", metavar="FILE", help="scenario files (.yaml)")

    listing = commands.add_parser(
        "list", help="list the scenarios in a directory",
        description="List the id, memo paragraphs and title of each scenario in DIR (default: ./scenarios).",
    )
    listing.add_argument("directory", nargs="?", default=None, metavar="DIR", help="directory (default: scenarios)")

    new = commands.add_parser(
        "new", help="write a commented scenario template",
        description="Write a commented scenario template that validates, ready to edit. Never overwrites a file.",
    )
    new.add_argument("name", metavar="NAME", help="the scenario id ([a-z0-9_]+), optionally with an NN_ prefix")
    new.add_argument("--output", "-o", default=None, metavar="PATH", help="where to write it (default: NAME.yaml)")

    convert = commands.add_parser(
        "convert", help="write a scenario's game as a Gambit .nfg or .efg file",
        description="Write the game of SCENARIO at the given parameters as a Gambit file (a tree's reduced "
        "normal form for --to nfg).",
    )
    convert.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    convert.add_argument("--to", "-t", required=True, choices=("nfg", "efg"), help="the file format")
    _scenario_options(convert)
    convert.add_argument("--output", "-o", default=None, metavar="PATH", help="the file to write (default: stdout)")


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


def _is_scenario(path: str) -> bool:
    return path.lower().endswith(SCENARIO_SUFFIXES)


def _scenario_game(args: argparse.Namespace) -> tuple[Any, Any]:
    """The scenario in ``args.path`` and its game built at the chosen variant and ``--set`` values."""
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.values import resolve_values

    scenario = load_scenario(args.path)
    try:
        values = resolve_values(scenario, args.variant, _overrides(args.assignments))
        return scenario, build_game(scenario, values).game
    except BerlinsimError as exc:
        raise _about(args.path, exc) from None


def _about(path: str, exc: BerlinsimError) -> BerlinsimError:
    """``exc`` naming the file it concerns (located errors name it already)."""
    if isinstance(exc, (InputErrors, LocatedError)):
        return exc
    return CliError(f"{path}: {exc}")


def _overrides(assignments: Sequence[str]) -> dict[str, Any]:
    from berlinsim.scenarios.values import parse_assignment

    return dict(parse_assignment(text) for text in assignments)


def _load_game(args: argparse.Namespace) -> tuple[Any, str | None]:
    """The game in ``args.path`` and the file's own default method (scenarios only).

    A scenario (``.yaml``), a Gambit ``.efg`` tree by its suffix, else a ``.nfg`` table.
    """
    path = args.path
    if _is_scenario(path):
        scenario, game = _scenario_game(args)
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


def _takes_tree(function: Any) -> bool:
    """True when the solver is written for extensive games (its ``game`` is an ``ExtensiveGame``)."""
    parameter = next(iter(inspect.signature(function).parameters.values()), None)
    return parameter is not None and "ExtensiveGame" in str(parameter.annotation)


def _solve(args: argparse.Namespace) -> int:
    _check_method(args.path, args.method)
    game, own_method = _load_game(args)
    tree = hasattr(game, "player_infosets")
    method = args.method or own_method or ("spe" if tree else "auto")
    from berlinsim.solvers import solver_for

    function = solver_for(method)
    options = _solver_options(method, function, args.option, args.exact)
    if args.exact and not game.is_exact:
        raise CliError(
            f"{args.path}: --exact needs exact payoffs (integers, decimals or fractions); this game has float payoffs"
        )
    note = None
    if _takes_tree(function) and not tree:
        raise CliError(f"{args.path}: method {method!r} needs an extensive-form game (a .efg file)")
    if tree and not _takes_tree(function):
        from berlinsim.model.reduced_normal_form import to_reduced_normal_form

        try:
            game, _ = to_reduced_normal_form(game)
        except BerlinsimError as exc:
            raise CliError(f"{args.path}: {exc}") from None
        note = f"method {method!r} works on tables: the tree was solved in its reduced normal form"
    try:
        result = function(game, **options)
    except BerlinsimError as exc:
        raise CliError(f"{args.path}: {exc}") from None
    if note:
        result = dataclasses.replace(result, notes=(note, *result.notes))
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

        print(format_result(result, source=args.path))
    return 0


def _check_method(path: str, method: str | None) -> None:
    if method is not None and method not in METHODS:
        raise CliError(f"{path}: unknown method {method!r}; known methods: {', '.join(METHODS)}")


def _run(args: argparse.Namespace) -> int:
    _check_method(args.path, args.method)
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.scenarios.run import memo_excerpts, run_scenario

    scenario = load_scenario(args.path)
    try:
        run = run_scenario(scenario, variant=args.variant, overrides=_overrides(args.assignments), method=args.method)
    except BerlinsimError as exc:
        raise _about(args.path, exc) from None
    if args.format == "json":
        from berlinsim.io.json_out import run_to_json_text

        print(run_to_json_text(run))
    else:
        from berlinsim.reports.scenario_text import render_run

        print(render_run(run, args.format, excerpts=memo_excerpts(scenario)))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from berlinsim.io.scenario_yaml import validate_scenario

    invalid = 0
    for path in args.paths:
        try:
            problems = tuple(validate_scenario(path))
        except BerlinsimError as exc:
            problems = (exc,)
        if problems:
            invalid += 1
            for problem in problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{path}: ok")
    return 2 if invalid else 0


def _list(args: argparse.Namespace) -> int:
    from pathlib import Path

    from berlinsim.io.scenario_yaml import load_scenario

    directory = Path(args.directory if args.directory is not None else "scenarios")
    if not directory.is_dir():
        hint = "" if args.directory is not None else " (give the directory: berlinsim list DIR)"
        raise CliError(f"{directory}: not a directory{hint}")
    files = sorted(p for p in directory.iterdir() if p.is_file() and _is_scenario(p.name))
    if not files:
        raise CliError(f"{directory}: no scenario files (*.yaml)")
    rows, invalid = [], 0
    for path in files:
        try:
            scenario = load_scenario(path)
        except BerlinsimError as exc:
            invalid += 1
            count = len(getattr(exc, "errors", (exc,)))
            print(f"{path}: invalid ({count} problem{'s' if count != 1 else ''}; see berlinsim validate {path})",
                  file=sys.stderr)
            continue
        paragraphs = ", ".join(str(n) for n in scenario.paragraphs)
        label = "paragraph" if len(scenario.paragraphs) == 1 else "paragraphs"
        rows.append((path.name, scenario.id, f"{label} {paragraphs}" if paragraphs else "", scenario.title))
    widths = [max((len(row[k]) for row in rows), default=0) for k in range(3)]
    for row in rows:
        print("  ".join(text.ljust(w) for text, w in zip(row, widths)) + "  " + row[3])
    return 2 if invalid else 0


def _new(args: argparse.Namespace) -> int:
    import re
    from importlib import resources

    match = re.fullmatch(NAME_PATTERN, args.name)
    if match is None:
        raise CliError(f"{args.name!r} is not a scenario name: use lower-case letters, digits and _ "
                       "(e.g. my_scenario or 10_my_scenario)")
    scenario_id = match.group(2)
    path = args.output if args.output is not None else f"{args.name}.yaml"
    template = resources.files("berlinsim").joinpath("data", "scenario_template.yaml").read_text(encoding="utf-8")
    title = scenario_id.replace("_", " ").strip().capitalize()
    text = template.replace("__ID__", scenario_id).replace("__TITLE__", f"{title} (one line: the policy choice)")
    text = text.replace("__FILE__", path)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise CliError(f"{path}: the file exists; not overwritten (choose another NAME or -o PATH)") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot write the file: {exc.strerror or exc}") from None
    print(f"wrote {path}; edit it, then: berlinsim validate {path}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    _, game = _scenario_game(args)
    tree = hasattr(game, "player_infosets")
    if args.to == "efg":
        if not tree:
            raise CliError(f"{args.path}: a matrix scenario has no game tree; use --to nfg")
        from berlinsim.io.efg import write_efg

        text = write_efg(game)
    else:
        if tree:
            from berlinsim.model.reduced_normal_form import to_reduced_normal_form

            game, _ = to_reduced_normal_form(game)
        from berlinsim.io.nfg import write_nfg

        text = write_nfg(game)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise CliError(f"{args.output}: cannot write the file: {exc.strerror or exc}") from None
    print(f"wrote {args.output}")
    return 0


def _methods() -> int:
    width = max(len(name) for name in METHODS)
    for name, (_, _, description) in METHODS.items():
        print(f"{name.ljust(width + 2)}{description}")
    return 0


_COMMANDS = {
    "solve": _solve, "run": _run, "validate": _validate, "list": _list, "new": _new, "convert": _convert,
    "methods": lambda args: _methods(),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 success, 2 bad input or options)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse prints it)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return _COMMANDS[args.command](args)
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
