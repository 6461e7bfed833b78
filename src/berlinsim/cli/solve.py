"""``berlinsim solve`` (the equilibria of a game file) and ``berlinsim methods`` (the method table).

``solve``'s ``PATH`` is a scenario, a Gambit ``.nfg`` table or, by its suffix, a ``.efg``
tree. The default method is the scenario's own, else ``auto`` for tables and ``spe`` for
trees; a method written for tables (``enummixed``, ``pure`` ...) solves a tree's reduced
normal form. ``--option NAME=VALUE`` passes an option to the method, checked against its signature.

Examples
--------
>>> option_value("true"), option_value("3"), option_value("0.5"), option_value("USSR")
(True, 3, 0.5, 'USSR')
"""

from __future__ import annotations

import argparse
import inspect
from typing import Any, Sequence

from berlinsim.cli._args import CliError, add_budget, add_options, check_method, is_scenario, limits_of
from berlinsim.cli._outputs import add_output, emit
from berlinsim.errors import BerlinsimError
from berlinsim.solvers import METHODS

__all__ = ["add_methods_parser", "add_solve_parser", "option_value", "read_gambit", "solver_options"]


def add_solve_parser(commands: Any) -> None:
    """Register ``solve`` on the argparse subparsers object ``commands``."""
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
        "--option", action="append", default=[], metavar="NAME=VALUE",
        help="a method option, e.g. --option weak=true for dominance or --option leader=USSR for stackelberg",
    )
    add_output(solve, suffixes=(".txt", ".json", ".md"), help_text="write the answer to FILE instead of stdout")
    add_options(solve, "(scenario files only) ")
    add_budget(solve)
    solve.set_defaults(handler=_solve)


def add_methods_parser(commands: Any) -> None:
    """Register ``methods`` on the argparse subparsers object ``commands``."""
    methods = commands.add_parser("methods", help="list the solution methods", description="List the solution methods.")
    methods.set_defaults(handler=_methods)


def option_value(text: str) -> Any:
    """An ``--option NAME=VALUE`` value: a boolean, None, an int, a float, else the text itself."""
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


def solver_options(method: str, function: Any, pairs: Sequence[str], exact: bool) -> dict[str, Any]:
    """The ``--option`` pairs as keyword arguments of the solver ``function``; a name it does not take is refused."""
    params = inspect.signature(function).parameters
    names = [n for n, p in params.items() if n != "game" and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]
    options: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name:
            raise CliError(f"--option '{pair}' is not of the form NAME=VALUE (a method option, e.g. --option "
                       "weak=true; the output file is -o/--out FILE)")
        if name not in names:
            known = ", ".join(names) if names else "none"
            raise CliError(f"method {method!r} has no option {name!r} (its options: {known})")
        value = option_value(value)
        default = params[name].default
        if isinstance(default, bool) and not isinstance(value, bool):
            raise CliError(f"--option {name}= expects true or false, got '{pair.partition('=')[2]}'")
        options[name] = value
    if exact and "exact" in names:
        options["exact"] = True
    return options


def read_gambit(path: str, limits: Any = None) -> Any:
    """The game in a Gambit file: a ``.efg`` tree by its suffix, else a ``.nfg`` table (within ``limits``)."""
    if path.lower().endswith(".efg"):
        from berlinsim.io.efg import read_efg

        return read_efg(path, limits=limits)
    from berlinsim.io.nfg import read_nfg

    return read_nfg(path, limits=limits)


def _load_game(args: argparse.Namespace) -> tuple[Any, str | None]:
    """The game in ``args.path`` and the file's own default method (scenarios only)."""
    path = args.path
    if is_scenario(path):
        from berlinsim.cli.scenario import scenario_game

        scenario, game = scenario_game(args)
        return game, scenario.method
    if args.assignments or args.variant:
        raise CliError(f"{path}: --set and --variant apply to scenario files (.yaml), not to Gambit files")
    return read_gambit(path, limits_of(args)), None


def _solve(args: argparse.Namespace) -> int:
    check_method(args.path, args.method)
    game, own_method = _load_game(args)
    tree = hasattr(game, "player_infosets")
    method = args.method or own_method or "auto"
    from berlinsim.solvers import solver_for, tree_method

    if tree:
        method = tree_method(method, game)

    options = solver_options(method, solver_for(method), args.option, args.exact)
    if args.exact and not game.is_exact:
        raise CliError(
            f"{args.path}: --exact needs exact payoffs (integers, decimals or fractions); this game has float payoffs"
        )
    from berlinsim.scenarios.run import solve_built

    try:
        result = solve_built(game, method, limits=limits_of(args), **options)
    except BerlinsimError as exc:
        raise CliError(f"{args.path}: {exc}") from None
    if args.exact and not result.exact:
        raise CliError(
            f"{args.path}: --exact: method {method!r} did not give an exact (verified rational) answer; "
            "try enummixed, lh, lp, pure or dominance"
        )
    if args.format == "json":
        from berlinsim.io.json_out import result_to_json_text

        emit(result_to_json_text(result, source=args.path), args.out)
    else:
        from berlinsim.analysis._derivation_matrix import solved_dominance_view  # dominance: steps in words
        from berlinsim.reports.text import format_result

        emit(format_result(result, source=args.path, dominance=solved_dominance_view(result)), args.out)
    return 0


def _methods(args: argparse.Namespace) -> int:
    width = max(len(name) for name in METHODS)
    for name, (_, _, description) in METHODS.items():
        print(f"{name.ljust(width + 2)}{description}")
    return 0
