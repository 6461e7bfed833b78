"""The scenario commands of ``berlinsim``: run, validate, list, new, convert (thin wiring).

Every layer is imported inside the command that needs it, so ``berlinsim --help`` loads no
numpy. Problems are :class:`~berlinsim.errors.BerlinsimError`; :func:`berlinsim.cli.main`
prints them, one line each, and exits 2.

Examples
--------
>>> import argparse
>>> commands = argparse.ArgumentParser(prog="berlinsim").add_subparsers(dest="command")
>>> add_parsers(commands)
>>> args = commands.choices["convert"].parse_args(["s.yaml", "--to", "nfg", "--set", "w=2"])
>>> args.to, args.assignments, args.handler is _convert
('nfg', ['w=2'], True)
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from berlinsim.cli._args import (
    about, add_budget, add_method, add_options, check_method, is_scenario, limits_of, overrides,
)
from berlinsim.cli._outputs import add_output, emit
from berlinsim.errors import BerlinsimError

__all__ = ["NAME_PATTERN", "add_parsers", "scenario_game"]

#: A scenario name for ``berlinsim new``: an optional ``NN_`` file prefix, then the id.
NAME_PATTERN = r"(?:(\d+)_)?([a-z0-9_]*[a-z][a-z0-9_]*)"


def add_parsers(commands: Any) -> None:
    run = commands.add_parser(
        "run", help="solve a scenario and explain its equilibria",
        description="Solve the scenario in SCENARIO (a YAML file) and explain what rational players do and why.",
    )
    run.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    add_options(run)
    add_method(run)
    run.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text",
                     help="output format (default: text)")
    add_output(run, suffixes=(".txt", ".json", ".md"), help_text="write the answer to FILE instead of stdout")
    add_budget(run)
    run.set_defaults(handler=_run)

    validate = commands.add_parser(
        "validate", help="check scenario files and report every problem",
        description="Check scenario files: prints 'PATH: ok' for each valid file and every problem of each "
        "invalid one (path:line:col: key: message); a folder stands for the scenario files in it; exit code 2 "
        "when any file is invalid.",
    )
    validate.add_argument("paths", nargs="+", metavar="FILE", help="scenario files (.yaml), or folders of them")
    validate.set_defaults(handler=_validate)

    listing = commands.add_parser(
        "list", help="list the scenarios in a directory",
        description="List the id, memo paragraphs and title of each scenario in DIR (default: ./scenarios).",
    )
    listing.add_argument("directory", nargs="?", default=None, metavar="DIR", help="directory (default: scenarios)")
    listing.set_defaults(handler=_list)

    new = commands.add_parser(
        "new", help="write a commented scenario template",
        description="Write a commented scenario template that validates, ready to edit. Never overwrites a file "
        "without --force.",
    )
    new.add_argument("name", metavar="NAME", help="the scenario id ([a-z0-9_]+), optionally with an NN_ prefix")
    add_output(new, dest="output", suffixes=(), help_text="where to write it (default: NAME.yaml; an existing file "
               "only with --force)")
    new.set_defaults(handler=_new)

    convert = commands.add_parser(
        "convert", help="write a scenario's game as a Gambit .nfg or .efg file",
        description="Write the game of SCENARIO at the given parameters as a Gambit file (a tree's reduced "
        "normal form for --to nfg).",
    )
    convert.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    convert.add_argument("--to", "-t", required=True, choices=("nfg", "efg"), help="the file format")
    add_options(convert)
    add_output(convert, dest="output", suffixes=(".nfg", ".efg"), help_text="the file to write (default: stdout)")
    convert.set_defaults(handler=_convert)


def scenario_game(args: argparse.Namespace) -> tuple[Any, Any]:
    """The scenario in ``args.path`` and its game built at the chosen variant and ``--set`` values."""
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.scenarios.build import build_game
    from berlinsim.scenarios.values import resolve_values

    scenario = load_scenario(args.path)
    try:
        values = resolve_values(scenario, args.variant, overrides(args.assignments))
        return scenario, build_game(scenario, values).game
    except BerlinsimError as exc:
        raise about(args.path, exc) from None


def _run(args: argparse.Namespace) -> int:
    check_method(args.path, args.method)
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.scenarios.run import memo_excerpts, run_scenario

    scenario = load_scenario(args.path)
    try:
        run = run_scenario(scenario, variant=args.variant, overrides=overrides(args.assignments), method=args.method,
                           limits=limits_of(args))
    except BerlinsimError as exc:
        raise about(args.path, exc) from None
    from berlinsim.analysis.outcomes import efficiency

    judged = efficiency(run)
    if args.format == "json":
        from berlinsim.io.run_json import run_to_json_text

        emit(run_to_json_text(run, efficiency=judged), args.out)
    else:
        from berlinsim.reports.scenario_text import render_run

        emit(render_run(run, args.format, excerpts=memo_excerpts(scenario), efficiency=judged), args.out)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from berlinsim.io.scenario_yaml import validate_scenario

    from pathlib import Path

    files: list[str] = []
    for given in args.paths:
        if Path(given).is_dir():
            found = sorted(p for p in Path(given).iterdir() if p.is_file() and is_scenario(p.name))
            if not found:
                raise BerlinsimError(f"{given}: no scenario files (*.yaml, *.yml) in this folder")
            files += [str(p) for p in found]  # each shown with the folder it is in
        else:
            files.append(given)
    invalid = 0
    for path in files:
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
        with open(path, "w" if args.force else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise BerlinsimError(f"{path}: the file exists; not overwritten (choose another NAME or -o PATH, or "
                             "--force)") from None
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
    emit(text, args.output, "--out")
    return 0

