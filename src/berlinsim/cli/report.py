"""``berlinsim report``: one self-contained interactive HTML page for one or more scenarios.

It sits above analysis, plots and reports and joins them: loads each scenario, solves it at
the chosen parameters, sweeps its key parameters over a grid
(:func:`berlinsim.analysis.sweep.sweep`, the batched fast paths), draws its figures as SVG with
:mod:`berlinsim.plots`, quotes the paragraphs it models from its document (:mod:`berlinsim.io.documents`), and hands it all as
plain values to :func:`berlinsim.reports.html_report.render_report`.

Which parameters the sliders move, over which grid, is :mod:`._report_sliders`.

Examples
--------
>>> import argparse
>>> commands = argparse.ArgumentParser(prog="berlinsim").add_subparsers(dest="command")
>>> add_parser(commands)
>>> args = commands.choices["report"].parse_args(["a.yaml", "b.yaml", "-o", "r.html", "--grid", "51"])
>>> args.paths, args.output, args.grid, args.handler is run_report
(['a.yaml', 'b.yaml'], 'r.html', 51, True)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from berlinsim.cli._args import about, add_options, whole
from berlinsim.cli._args import overrides as read_overrides
from berlinsim.cli._outputs import add_output
from berlinsim.cli._report_sliders import MAX_POINTS, axis_label, held, key_axes, nearest, t_start
from berlinsim.errors import BerlinsimError

__all__ = ["add_parser", "run_report"]

def add_parser(commands: Any) -> None:
    """Register ``report`` on the argparse subparsers object ``commands``."""
    report = commands.add_parser(
        "report", help="write one self-contained interactive HTML page for scenarios",
        description="Write one self-contained HTML file (no server, no network) for the scenarios: the memo "
        "paragraphs each models, its game, equilibria, explanation and figures, and sliders over a "
        "precomputed grid of its key parameters that update the equilibrium, the outcome distribution and "
        "the equilibrium region live.",
    )
    report.add_argument("paths", nargs="+", metavar="SCENARIO", help="scenario files (.yaml)")
    add_output(report, dest="output", required=True, suffixes=(".html", ".htm"), help_text="the HTML file to write")
    add_options(report, "(applied to every scenario) ")
    report.add_argument("--grid", type=whole(2), default=None, metavar="N",
                        help="points per slider (default: per scenario, 101 for one slider); scenarios solved "
                        "point by point (05: agent QRE, about 40 ms a point) take longer on a finer grid")
    report.add_argument("--vary", action="append", default=[], metavar="NAME=START:STOP:N", dest="axes",
                        help="the sliders' parameter and grid for every scenario (at most twice); "
                        "default: each scenario's key sweep")
    report.add_argument("--memo", default=None, metavar="PATH",
                        help="the memo text (default: the scenario's source document, NAME.md or NAME.txt in "
                        "documents/ or seeds/ next to the scenarios' directory or in the current directory)")
    report.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    report.set_defaults(handler=run_report)


# ----------------------------------------------------------------------------- the memo
def _document(scenario: Any, memo: str | None) -> Any:
    """The scenario's document (a Document of :mod:`berlinsim.io.documents`), or None when not found."""
    from berlinsim.io.documents import find_document, read_document

    if memo is not None:  # a --memo that is not there is said on the page, as a document not found
        return read_document(memo, name=scenario.document or None) if Path(memo).is_file() else None
    if not scenario.document:
        return None
    return find_document(scenario.document, near=scenario.path)


# ----------------------------------------------------------------------------- figures
def _svg(figure: Any) -> str:
    from berlinsim.plots import save_figure

    with tempfile.TemporaryDirectory() as folder:
        path = save_figure(figure, Path(folder) / "figure.svg")
        return path.read_text(encoding="utf-8")


def _region_names(result: Any) -> tuple[str, ...]:
    """Each region named by every player's supports (the names the sweep text and exports use)."""
    return tuple(result.region_name(k) for k in range(len(result.regions)))


def _figures(scenario: Any, run: Any, result: Any | None, labels: tuple[str, ...], **sweep_values: Any) -> list[Any]:
    from berlinsim.cli._sweep_figure import sweep_figure
    from berlinsim.plots.matrix import plot_payoff_matrix
    from berlinsim.plots.tree import plot_game_tree
    from berlinsim.reports.html_report import Figure

    figures = []
    if scenario.kind == "matrix" and run.game.num_players == 2:
        notes = tuple(tuple(a.description for a in acts) for acts in scenario.game.actions)
        ax = plot_payoff_matrix(run.game, run.result, title=scenario.title, action_notes=notes)
        caption = "The game: payoff matrix (row player first), best responses marked, pure equilibria framed."
        figures.append(Figure(caption=caption, svg=_svg(ax.figure)))
    elif scenario.kind == "tree":
        ax = plot_game_tree(run.game, run.result.equilibria[0] if run.result.equilibria else None,
                            title=scenario.title)
        label = f" ({run.labels[0]})" if run.labels else ""
        caption = (f"The game tree: the path of equilibrium 1{label} bold, chance probabilities on the branches, "
                   "information sets dashed.")
        figures.append(Figure(caption=caption, svg=_svg(ax.figure)))
    if result is not None:
        regions = {k: v for s in scenario.key_sweeps("report") for k, v in s.regions}
        figure = sweep_figure(scenario, result, regions=regions, **sweep_values)
        if len(result.axes) == 1:
            caption = f"The sweep behind the slider: every equilibrium along {labels[0]} (a band from the lowest " \
                      "to the highest value where there are several), over the shaded equilibrium regions; " \
                      "the thresholds at their exact values."
        else:
            caption = "The region map behind the sliders: the equilibrium region at every grid point."
        figures.append(Figure(caption=caption, svg=_svg(figure)))
    return figures


# ----------------------------------------------------------------------------- one scenario
def _format(value: Any) -> str:
    from berlinsim.reports.number_format import format_value

    return format_value(value)


def _explanation(run: Any) -> tuple[str, str]:
    """(HTML fragment, plain text): the step-by-step derivation of ``berlinsim explain`` as an HTML
    fragment; the plain-text scenario report where the derivation cannot be made."""
    from berlinsim.analysis.derivation import derive_run
    from berlinsim.reports.explain_html import render_html

    try:
        return render_html(derive_run(run), heading_offset=2), ""
    except BerlinsimError:
        from berlinsim.reports.scenario_text import render_run

        return "", render_run(run, "text")


def _section(k: int, path: str, args: argparse.Namespace, memo_cache: dict) -> tuple[Any, list[str]]:
    """The page section of one scenario, and the memo problems met (for the page's notice)."""
    from berlinsim.analysis.sweep import sweep
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.reports.html_report import Explorer, MemoQuote, ScenarioSection
    from berlinsim.scenarios.run import run_scenario

    scenario = load_scenario(path)
    overrides = read_overrides(args.assignments)
    problems: list[str] = []
    try:
        run = run_scenario(scenario, variant=args.variant, overrides=overrides)
        axes, between = key_axes(scenario, args)
        size = 1
        for _, values in axes:
            size *= len(values)
        if size > MAX_POINTS:
            raise BerlinsimError(f"the slider grid has {size} points; at most {MAX_POINTS} (lower --grid)")
        result = sweep(scenario, dict(axes), variant=args.variant if between is None else None,
                       overrides=overrides, between=between) if axes else None
    except BerlinsimError as exc:
        raise about(path, exc) from None
    document = _document(scenario, args.memo)
    quotes: tuple[Any, ...] = ()
    if document is not None:
        memo_cache[Path(document.path)] = document
    if scenario.paragraphs:
        if document is None:
            problems.append(f"{scenario.id}: document {scenario.document or '?'} not found")
        else:
            quotes = tuple(MemoQuote(number=n, text=document.paragraph(n))
                           for n in scenario.paragraphs if n in document.numbers)
    labels = tuple(axis_label(scenario, name) for name, _ in axes)
    explorer = None
    notes = []
    if result is not None:
        start = []
        for name, values in axes:
            if between is not None and name == "t":
                start.append(t_start(scenario, between, len(values)))
                continue
            target = run.values[name]
            index = nearest(values, target)
            start.append(index)
            if not float(values[0]) <= float(target) <= float(values[-1]):
                notes.append(f"{name} = {_format(target)} lies outside the slider's grid; the slider starts at "
                             f"its nearest point {float(values[index]):g}.")
        explorer = Explorer(sweep=result, region_names=_region_names(result), start=tuple(start),
                            axis_labels=labels, held=held(scenario, run.values, axes, between, overrides))
    else:
        notes.append("This scenario has no parameter with a finite range: there is nothing to slide.")
    parameters = tuple((p.name, _format(run.values[p.name]),
                        _format(p.default) if p.name in run.values.changed else "", p.description)
                       for p in scenario.parameters)
    setting = []
    if args.variant:
        setting.append(f"variant {args.variant}")
    setting += [f"{n} = {_format(run.values[n])}" for n in overrides if n in run.values.values]
    explanation_html, explanation_text = _explanation(run)  # the memo is quoted above it
    section = ScenarioSection(
        key=f"s{k}-{scenario.id}", id=scenario.id, title=scenario.title, file=Path(path).name,
        paragraphs=scenario.paragraphs, quotes=quotes, summary=" ".join(scenario.summary.split()),
        teaching_note=" ".join(scenario.teaching_note.split()), setting="; ".join(setting),
        parameters=parameters, equilibria=run.labels,
        explorer=explorer, figures=tuple(_figures(scenario, run, result, labels, overrides=overrides, between=between,
                                                  variant=args.variant if between is None else None)),
        explanation_html=explanation_html, explanation_text=explanation_text, notes=tuple(notes))
    return section, problems


# ----------------------------------------------------------------------------- the command
def _shown(path: Path) -> str:
    """A path as the page shows it: relative to the current directory when under it, else its name."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def run_report(args: argparse.Namespace) -> int:
    """The handler of ``berlinsim report``."""
    from berlinsim import __version__
    from berlinsim.reports.html_report import Report, render_report

    started = time.perf_counter()
    memo_cache: dict = {}
    sections, problems = [], []
    for k, path in enumerate(args.paths, start=1):
        section, found = _section(k, path, args, memo_cache)
        sections.append(section)
        problems += found
    sources = sorted({_shown(p) for p in memo_cache})
    missing = ""
    if problems:
        missing = ("The memo was not found, so its paragraphs are not quoted (" + "; ".join(problems) +
                   "). Give its path with --memo, or keep documents/ or seeds/ next to the scenarios' directory.")
    title = sections[0].title if len(sections) == 1 else "Kissinger's memo of 14 July 1961 as games"
    from berlinsim.reports.explain_html import STYLE as explain_style

    page = render_report(Report(title=title, sections=tuple(sections), memo_source=", ".join(sources),
                                memo_missing=missing, generator=f"berlinsim {__version__}", style=explain_style))
    out = Path(args.output)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise BerlinsimError(f"--output {out}: cannot write ({exc.strerror})") from None
    if not args.quiet:
        seconds = time.perf_counter() - started
        print(f"wrote {out} ({len(sections)} scenario{'s' if len(sections) != 1 else ''}, "
              f"{len(page.encode('utf-8')) / 1024:.0f} KB) in {seconds:.1f} s", file=sys.stdout)
    return 0
