"""The scenario commands of ``berlinsim`` (run, validate, list, new, convert): thin wiring.

Private helper of :mod:`berlinsim.cli`, which builds the parser and dispatches. Every layer is
imported inside the command that needs it, so ``berlinsim --help`` loads no numpy. Problems are
:class:`~berlinsim.errors.BerlinsimError`; ``main`` prints them, one line each, and exits 2.

Examples
--------
>>> is_scenario("scenarios/02_kennedy_plan_buildup.yaml"), is_scenario("game.nfg")
(True, False)
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Sequence

from berlinsim.errors import BerlinsimError, InputErrors, LocatedError
from berlinsim.solvers import METHODS

SCENARIO_SUFFIXES = (".yaml", ".yml")
#: A scenario name for ``berlinsim new``: an optional ``NN_`` file prefix, then the id.
NAME_PATTERN = r"(?:(\d+)_)?([a-z0-9_]*[a-z][a-z0-9_]*)"


def check_method(path: str, method: str | None) -> None:
    """Refuse an unknown method name before anything is read."""
    if method is not None and method not in METHODS:
        raise BerlinsimError(f"{path}: unknown method {method!r}; known methods: {', '.join(METHODS)}")


def add_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument(
        "--set", "-s", action="append", default=[], metavar="NAME=VALUE", dest="assignments",
        help=prefix + "give a parameter a value (repeatable; applied after --variant), e.g. --set p_reasonable=0.5",
    )
    parser.add_argument("--variant", "-V", default=None, metavar="NAME",
                        help=prefix + "use a named variant of the scenario (a preset of parameter values)")


def add_parsers(commands: Any) -> None:
    run = commands.add_parser(
        "run", help="solve a scenario and explain its equilibria",
        description="Solve the scenario in SCENARIO (a YAML file) and explain what rational players do and why.",
    )
    run.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    add_options(run)
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
    add_options(convert)
    convert.add_argument("--output", "-o", default=None, metavar="PATH", help="the file to write (default: stdout)")


def is_scenario(path: str) -> bool:
    return path.lower().endswith(SCENARIO_SUFFIXES)


def scenario_game(args: argparse.Namespace) -> tuple[Any, Any]:
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
    return BerlinsimError(f"{path}: {exc}")


def _overrides(assignments: Sequence[str]) -> dict[str, Any]:
    from berlinsim.scenarios.values import parse_assignment

    return dict(parse_assignment(text) for text in assignments)


def _run(args: argparse.Namespace) -> int:
    check_method(args.path, args.method)
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
        raise BerlinsimError(f"{directory}: not a directory{hint}")
    files = sorted(p for p in directory.iterdir() if p.is_file() and is_scenario(p.name))
    if not files:
        raise BerlinsimError(f"{directory}: no scenario files (*.yaml)")
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
        raise BerlinsimError(f"{args.name!r} is not a scenario name: use lower-case letters, digits and _ "
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
        raise BerlinsimError(f"{path}: the file exists; not overwritten (choose another NAME or -o PATH)") from None
    except OSError as exc:
        raise BerlinsimError(f"{path}: cannot write the file: {exc.strerror or exc}") from None
    print(f"wrote {path}; edit it, then: berlinsim validate {path}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    _, game = scenario_game(args)
    tree = hasattr(game, "player_infosets")
    if args.to == "efg":
        if not tree:
            raise BerlinsimError(f"{args.path}: a matrix scenario has no game tree; use --to nfg")
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
        raise BerlinsimError(f"{args.output}: cannot write the file: {exc.strerror or exc}") from None
    print(f"wrote {args.output}")
    return 0


COMMANDS = {"run": _run, "validate": _validate, "list": _list, "new": _new, "convert": _convert}
