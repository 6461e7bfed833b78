"""The ``berlinsim explain`` command: a step-by-step derivation of a game's equilibria.

Thin wiring: the layers are imported inside the handler. ``PATH`` is a scenario (``.yaml``, solved with its own method unless ``--method``
says otherwise), a Gambit ``.efg`` tree (default method ``spe``) or a ``.nfg`` table
(default ``auto``). The derivation (:func:`berlinsim.analysis.derivation.derive`) is written as
text, Markdown, a standalone LaTeX document or a standalone HTML page, to stdout or ``-o FILE``.

Examples
--------
>>> import argparse
>>> commands = argparse.ArgumentParser(prog="berlinsim").add_subparsers(dest="command")
>>> add_parser(commands)
>>> args = commands.choices["explain"].parse_args(["s.yaml", "--format", "latex", "-o", "s.tex", "--set", "w=2"])
>>> args.format, args.output, args.assignments, args.handler is run_explain
('latex', 's.tex', ['w=2'], True)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from berlinsim.cli._args import about, add_options, check_method, is_scenario, overrides
from berlinsim.cli._outputs import add_output, emit
from berlinsim.errors import BerlinsimError

__all__ = ["FORMATS", "add_parser", "explain_path", "run_explain"]

FORMATS = ("text", "markdown", "latex", "html")


def add_parser(commands: Any) -> None:
    """Register ``explain`` on the argparse subparsers object ``commands``."""
    explain = commands.add_parser(
        "explain", help="derive a game's equilibria step by step, for students",
        description="Explain why the equilibria of PATH (a scenario .yaml, a Gambit .efg tree or .nfg table) are "
        "what they are: the game with best responses marked, iterated dominance with the payoff comparisons, "
        "pure equilibria from best responses, the indifference equations and best-response inequalities that pin "
        "each equilibrium strategy down (or the range of strategies they allow), backward induction in the order "
        "it proceeds with the beliefs that make mixing players indifferent, which threats are credible, a table of "
        "every deviation, and what the result means for the memo.",
    )
    explain.add_argument("path", metavar="PATH", help="a scenario (.yaml), a Gambit tree (.efg) or table (.nfg)")
    add_options(explain, prefix="scenarios: ")
    explain.add_argument("--method", "-m", default=None, metavar="M",
                         help="solution method (default: the scenario's own; spe for .efg, auto for .nfg)")
    explain.add_argument("--format", "-f", choices=FORMATS, default="text",
                         help="text, markdown, latex (a standalone document) or html (a standalone page); default text")
    add_output(explain, dest="output", suffixes=(".txt", ".md", ".tex", ".html", ".htm"),
               help_text="write to FILE instead of stdout (and say 'wrote FILE')")
    explain.set_defaults(handler=run_explain)


def explain_path(path: str, *, method: str | None = None, variant: str | None = None,
                 assignments: tuple[str, ...] | list[str] = ()) -> Any:
    """The :class:`~berlinsim.model.derivation_result.Derivation` of the game in ``path``."""
    from berlinsim.analysis.derivation import derive, derive_run

    check_method(path, method)
    if is_scenario(path):
        from berlinsim.io.scenario_yaml import load_scenario
        from berlinsim.scenarios.run import memo_excerpts, run_scenario

        scenario = load_scenario(path)
        try:
            run = run_scenario(scenario, variant=variant, overrides=overrides(assignments), method=method)
            return derive_run(run, memo_excerpts(scenario))
        except BerlinsimError as exc:
            raise about(path, exc) from None
    if assignments or variant:
        raise BerlinsimError(f"{path}: --set and --variant apply to scenario files (.yaml), not to Gambit files")
    from berlinsim.cli.solve import read_gambit
    from berlinsim.scenarios.run import solve_built

    game = read_gambit(path)
    try:
        result = solve_built(game, method or "auto")
        return derive(game, result, source=Path(path).name)
    except BerlinsimError as exc:
        raise about(path, exc) from None


def render(derivation: Any, fmt: str) -> str:
    """The derivation in one of :data:`FORMATS`."""
    if fmt == "latex":
        from berlinsim.reports.explain_latex import render_latex

        return render_latex(derivation)
    if fmt == "html":
        from berlinsim.reports.explain_html import render_html_page

        return render_html_page(derivation)
    from berlinsim.reports.explain_text import render_explanation

    return render_explanation(derivation, fmt)


def run_explain(args: argparse.Namespace) -> int:
    derivation = explain_path(args.path, method=args.method, variant=args.variant, assignments=args.assignments)
    text = render(derivation, args.format)
    emit(text, args.output)
    return 0
