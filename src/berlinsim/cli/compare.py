"""The analysis commands of ``berlinsim``: compare, thresholds, robustness (thin wiring).

Commands::

    berlinsim compare ITEM ... [--metric M ...] [--format text|json|markdown] [--plot FILE] [--set ...] [--method M]
    berlinsim compare ITEM ... --vary NAME=START:STOP:N --metric M [--format ...] [--plot FILE]   (overlay)
    berlinsim thresholds SCENARIO --vary NAME=LOW:HIGH [--variant V] [--between A,B] [--samples N] [--set ...]
                         [--workers N] [--quiet]
    berlinsim robustness SCENARIO --sample NAME=DIST ... [-n N] [--seed S] [--out FILE] [--workers N] [--quiet]
                         (the same as berlinsim sweep SCENARIO --sample ...)

An ``ITEM`` is a scenario file or ``FILE:VARIANT``. Everything heavy (numpy, the solvers,
matplotlib for ``--plot``) is imported when a command runs. :func:`add_parsers` registers the
three commands and returns their handlers for :mod:`berlinsim.cli` to dispatch.

Examples
--------
>>> split_item("scenarios/02_kennedy_plan_buildup.yaml:acheson")
('scenarios/02_kennedy_plan_buildup.yaml', 'acheson')
>>> split_item("scenarios/01_acheson_wait.yaml")
('scenarios/01_acheson_wait.yaml', None)
>>> parse_range("p_reasonable=0.5:0.6")
('p_reasonable', '0.5', '0.6')
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from berlinsim.errors import BerlinsimError

SUFFIXES = (".yaml", ".yml")


def split_item(text: str) -> tuple[str, str | None]:
    """``FILE:VARIANT`` -> (FILE, VARIANT); a plain file -> (FILE, None)."""
    head, sep, tail = text.rpartition(":")
    if sep and head.lower().endswith(SUFFIXES) and tail and "/" not in tail and "\\" not in tail:
        return head, tail
    return text, None


def parse_range(text: str) -> tuple[str, str, str]:
    """``NAME=LOW:HIGH`` -> (NAME, LOW, HIGH) (numbers kept as text, read exactly later)."""
    name, sep, rest = text.partition("=")
    low, colon, high = rest.partition(":")
    if not sep or not colon or not name.strip() or not low.strip() or not high.strip():
        raise BerlinsimError(f"bad --vary {text!r} (expected NAME=LOW:HIGH, e.g. p_reasonable=0:1)")
    return name.strip(), low.strip(), high.strip()


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    from berlinsim.scenarios.values import parse_assignment

    return dict(parse_assignment(a) for a in args.assignments)


def _load(path: str) -> Any:
    from berlinsim.io.scenario_yaml import load_scenario

    if not path.lower().endswith(SUFFIXES):
        raise BerlinsimError(f"{path}: not a scenario file (expected .yaml or .yml, or FILE:VARIANT)")
    return load_scenario(path)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", "-s", action="append", default=[], metavar="NAME=VALUE", dest="assignments",
                        help="give a parameter a value (repeatable), e.g. --set w_framing=3")
    parser.add_argument("--method", "-m", default=None, metavar="M",
                        help="solution method (default: the scenario's own); see 'berlinsim methods'")


def _workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", "-j", type=int, default=1, metavar="N",
                        help="processes for the points solved one by one (default: 1)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def _progress(args: argparse.Namespace, label: str) -> Any:
    """The progress bar on stderr, when it is a terminal and --quiet is not given."""
    import sys

    from berlinsim.cli.sweep import ProgressBar

    return ProgressBar(label) if (not args.quiet and sys.stderr.isatty()) else None


# ----------------------------------------------------------------------------- compare
def _compare(args: argparse.Namespace) -> int:
    from berlinsim.analysis.compare import compare, format_comparison

    items = []
    for text in args.items:
        path, variant = split_item(text)
        scenario = _load(path)
        if variant is not None:
            scenario.variant(variant)  # an unknown variant is an error with a hint
        items.append((Path(path).stem + (f":{variant}" if variant else ""), scenario, variant))
    metrics = [m.strip() for text in args.metric for m in text.split(",") if m.strip()]
    if args.vary:
        return _overlay(args, items, metrics)
    table = compare(items, metrics=metrics or None, overrides=_overrides(args), method=args.method)
    print(format_comparison(table, args.format))
    if args.plot:
        _plot(table, args.plot)
    return 0


def _plot(table: Any, path: str) -> None:
    import numpy as np

    from berlinsim.plots.bars import plot_comparison
    from berlinsim.plots._style import save_figure

    counts: dict[str, int] = {}
    for row in table.rows:
        counts[row.item] = counts.get(row.item, 0) + 1
    labels = [row.item if counts[row.item] == 1 else f"{row.item}: {row.equilibrium[:40]}" for row in table.rows]
    values = np.array([[np.nan if v is None else float(v) for _, v in row.values] for row in table.rows])
    ax = plot_comparison(labels, [table.header(m) for m in table.metrics], values,
                         title="Equilibria compared: payoffs and expected outcomes")
    try:
        written = save_figure(ax.figure, path)
    except ValueError as error:
        raise BerlinsimError(str(error)) from None
    print(f"wrote {written}")


def _overlay(args: argparse.Namespace, items: list, metrics: list[str]) -> int:
    from berlinsim.analysis.compare import format_overlay, overlay_sweep

    name, low, rest = parse_range(args.vary)
    high, colon, count = rest.partition(":")
    if not colon or not count.strip().isdigit():
        raise BerlinsimError(f"bad --vary {args.vary!r} with compare (expected NAME=START:STOP:N, e.g. "
                             "p_reasonable=0:1:51)")
    if len(metrics) != 1:
        raise BerlinsimError(f"an overlay shows one metric: give exactly one --metric (got {len(metrics)})")
    overlay = overlay_sweep(items, name, low, high.strip(), int(count), metric=metrics[0],
                            overrides=_overrides(args), method=args.method)
    print(format_overlay(overlay, args.format))
    if args.plot:
        from berlinsim.plots._style import save_figure
        from berlinsim.plots.sweep import plot_curves

        ax = plot_curves(overlay.x, overlay.curves, title=f"{overlay.heading} in equilibrium against {name}",
                         xlabel=name, ylabel=overlay.heading, zero_line=True, mark_crossings=False)
        try:
            written = save_figure(ax.figure, args.plot)
        except ValueError as error:
            raise BerlinsimError(str(error)) from None
        print(f"wrote {written}")
    return 0


# ----------------------------------------------------------------------------- thresholds
def _thresholds(args: argparse.Namespace) -> int:
    import json

    from berlinsim.analysis.thresholds import find_thresholds

    name, low, high = parse_range(args.vary)
    between = None
    if args.between:
        parts = [p.strip() for p in args.between.split(",")]
        if len(parts) != 2 or not all(parts):
            raise BerlinsimError(f"bad --between {args.between!r} (expected two variants, e.g. acheson,kissinger)")
        between = (parts[0], parts[1])
    if args.workers < 1:
        raise BerlinsimError(f"--workers must be at least 1, got {args.workers}")
    scenario = _load(args.path)
    found = find_thresholds(scenario, name, low, high, variant=args.variant, overrides=_overrides(args),
                            method=args.method, between=between, samples=args.samples, workers=args.workers,
                            progress=_progress(args, "scan"))
    if args.format == "json":
        print(json.dumps([{"parameter": t.parameter, "value": t.value,
                           "exact": None if t.exact is None else str(t.exact), "before": list(t.before),
                           "at": list(t.at), "after": list(t.after), "sentence": t.sentence} for t in found], indent=2))
        return 0
    if not found:
        print(f"no change of the equilibrium set for {name} in [{low}, {high}] (scan of {args.samples} points)")
    for t in found:
        print(t.sentence)
    return 0


# ----------------------------------------------------------------------------- robustness
def _robustness(args: argparse.Namespace) -> int:
    """``robustness`` is ``sweep --sample`` under its older name (one code path: :mod:`berlinsim.cli.sample`)."""
    from berlinsim.cli.sample import run_sample

    return run_sample(args, draws=args.n, output_format=args.format)


# ----------------------------------------------------------------------------- registration
def add_parsers(commands: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Register compare, thresholds and robustness; returns ``{command: handler}``."""
    comp = commands.add_parser(
        "compare", help="compare scenarios or variants side by side",
        description="Solve each ITEM (a scenario file, or FILE:VARIANT) and show its equilibria, payoffs and "
        "expected outcome attributes side by side ('-' where an item has no such attribute).")
    comp.add_argument("items", nargs="+", metavar="ITEM", help="scenario file or FILE:VARIANT")
    comp.add_argument("--metric", action="append", default=[], metavar="M",
                      help="attribute or player name to compare (repeatable or comma-separated; default: payoffs, "
                      "settled, war, framing, retreat where they exist)")
    comp.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    comp.add_argument("--plot", default=None, metavar="FILE",
                      help="also draw grouped bars, or the overlay's curves (.png, .svg or .pdf)")
    comp.add_argument("--vary", default=None, metavar="NAME=START:STOP:N",
                      help="overlay: one --metric of every item along a parameter grid (t for between variants)")
    _common(comp)

    thr = commands.add_parser(
        "thresholds", help="find where the equilibrium set changes as a parameter moves",
        description="Scan NAME over [LOW, HIGH] and locate every change of the equilibrium set: exactly, from the "
        "payoff differences of the equilibria on either side (for agent_qre: sequential rationality at every "
        "information set), else by bisecting to 1e-10. Reports the switch point with the equilibria before, at "
        "and after it.")
    thr.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    thr.add_argument("--vary", required=True, metavar="NAME=LOW:HIGH",
                     help="the parameter and interval (t for a between variant), e.g. p_reasonable=0:1")
    thr.add_argument("--variant", "-V", default=None, metavar="NAME", help="a variant of the scenario")
    thr.add_argument("--between", default=None, metavar="A,B",
                     help="interpolate every parameter from variant A (t = 0) to B (t = 1); vary t")
    thr.add_argument("--samples", type=int, default=33, metavar="N", help="scan points (default: 33)")
    thr.add_argument("--format", "-f", choices=("text", "json"), default="text")
    _workers(thr)
    _common(thr)

    rob = commands.add_parser(
        "robustness", help="Monte Carlo: how often each outcome is an equilibrium (same as sweep --sample)",
        description="Draw parameters from distributions (uniform(a,b); normal(mu,sigma) truncated to the "
        "parameter's range; beta(a,b) scaled to the range; triangular(a,mode,b)), solve at each draw, and "
        "report the share of draws at which each outcome is an equilibrium, with its standard error and 95% "
        "interval. The same as 'berlinsim sweep SCENARIO --sample ...'.")
    rob.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    rob.add_argument("--sample", action="append", required=True, metavar="NAME=DIST",
                     help="a parameter's distribution (repeatable), e.g. p_reasonable='beta(2,5)'")
    rob.add_argument("--samples", "-n", type=int, default=None, dest="n", metavar="N",
                     help="number of draws (default: 1000)")
    rob.add_argument("--seed", type=int, default=None, help="random seed (default: 0)")
    rob.add_argument("--variant", "-V", default=None, metavar="NAME", help="a variant of the scenario")
    rob.add_argument("--format", "-f", choices=("text", "json"), default="text")
    rob.add_argument("--out", "-o", default=None, metavar="FILE", help="write every draw to FILE (.csv or .json)")
    _workers(rob)
    _common(rob)
    handlers = {"compare": _compare, "thresholds": _thresholds, "robustness": _robustness}
    for parser, name in ((comp, "compare"), (thr, "thresholds"), (rob, "robustness")):
        parser.set_defaults(handler=handlers[name])
    return handlers
