"""``berlinsim sweep`` (a scenario solved over a grid of one or two parameters) and ``berlinsim thresholds``.

Thin wiring: numpy, the solvers and matplotlib are imported inside the handlers. ``sweep``
prints the equilibrium regions along the axis with their parameter intervals
(:func:`berlinsim.reports.sweep_text.format_summary`), writes every equilibrium at every grid
point to CSV, JSON or Parquet (``--out``, :mod:`berlinsim.io.tables`) and draws the sweep
(``--plot``). With ``--sample NAME=DIST`` (instead of
``--vary``) it is a Monte Carlo sweep: parameters drawn at random, and the share of draws at
which each outcome is an equilibrium (:mod:`berlinsim.cli.sample`). ``thresholds`` scans one
parameter and locates every change of the equilibrium set
(:func:`berlinsim.analysis.thresholds.find_thresholds`). Long runs show a progress bar on
stderr when it is a terminal (not with ``--quiet``).

Examples
--------
>>> import argparse
>>> commands = argparse.ArgumentParser(prog="berlinsim").add_subparsers(dest="command")
>>> add_parser(commands)
>>> args = commands.choices["sweep"].parse_args(["s.yaml", "--vary", "p=0:1:3", "--workers", "2"])
>>> args.axes, args.workers, args.handler is run_sweep
(['p=0:1:3'], 2, True)
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from berlinsim.cli._args import (
    about, add_fixed, add_method, add_options, add_workers, check_method, check_workers, overrides, parse_range,
    add_budget, progress_bar, read_scenario, whole,
)
from berlinsim.cli._outputs import add_output
from berlinsim.cli._sweep_figure import add_plot_options, plot_request
from berlinsim.cli.sample import add_sampler
from berlinsim.errors import BerlinsimError

__all__ = ["EXPORT_COLUMNS", "add_parser", "add_thresholds_parser", "run_sweep", "threshold_lines", "write_sweep"]

#: What ``--out`` writes, for the help text (the full description: :mod:`berlinsim.io.tables`).
EXPORT_COLUMNS = ("one row per (grid point, equilibrium), equilibria in the order 'run' lists them, so (point, "
                  "equilibrium) is a row's key and label names the equilibrium as every output does; columns: point "
                  "(grid index), one per varied parameter, equilibrium (1-based within the point), label, support, "
                  "region (as numbered in the summary), 'payoff PLAYER', 'PLAYER: ACTION' probabilities (trees: "
                  "'PLAYER @ INFORMATION SET: ACTION'), 'P(OUTCOME)', 'E[ATTRIBUTE]', degenerate; in pandas, "
                  "groupby('point') gives a point's equilibria, groupby('region') or groupby('label') the rows of a "
                  "region or of one equilibrium along the grid; .json adds the axes, players and regions with their "
                  "extents (pandas.read_json(FILE, orient='table')); .parquet needs the frames extra (pyarrow)")


def add_parser(commands: Any) -> None:
    """Register ``sweep`` on the argparse subparsers object ``commands``."""
    sweep = commands.add_parser(
        "sweep", help="solve a scenario over a grid of one or two parameters",
        description="Solve SCENARIO at every point of a grid of one or two parameters (or of the position t "
        "between two variants, --between A,B --vary t=0:1:101): the equilibrium set, payoffs, outcome "
        "distribution and expected attributes at each point. Prints the equilibrium regions with their "
        "parameter intervals. With --sample NAME=DIST instead of --vary: Monte Carlo robustness, the share of "
        "--samples random draws at which each outcome is an equilibrium (seeded by --seed; --sampler random, lhs "
        "or sobol), the draws solved in batches as a grid is.",
    )
    sweep.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    sweep.add_argument("--vary", action="append", default=[], metavar="NAME=START:STOP:N", dest="axes",
                       help="a parameter and its grid (repeat once for a 2-D sweep), e.g. --vary p_reasonable=0:1:101")
    sweep.add_argument("--between", default=None, metavar="A,B",
                       help="interpolate every parameter between variants A and B; vary t from 0 (A) to 1 (B)")
    add_options(sweep)
    add_method(sweep)
    add_output(sweep, suffixes=(".csv", ".json", ".parquet"),
               help_text="write every equilibrium at every grid point (or draw; then 'draw' instead of 'point') to "
               "FILE (.csv, .json or .parquet): " + EXPORT_COLUMNS)
    add_output(sweep, "--plot", dest="plot", suffixes=(".png", ".svg", ".pdf"),
               help_text="draw the sweep to FILE (.png, .svg or .pdf; checked before the sweep runs): 1-D, the "
                       "--y quantities of every equilibrium over the shaded regions, exact thresholds labelled; "
                       "2-D, the region map")
    add_plot_options(sweep)
    sweep.add_argument("--sample", action="append", default=[], metavar="NAME=DIST",
                       help="Monte Carlo instead of a grid: draw NAME from DIST (repeatable; uniform(a,b), "
                       "normal(mu,sigma) truncated to the range, beta(a,b) scaled to the range, triangular(a,mode,b)) "
                       "and report how often each outcome is an equilibrium, e.g. --sample p_reasonable='beta(2,5)'")
    sweep.add_argument("--samples", "-n", type=whole(1, "max_samples"), default=None, metavar="N",
                       help="number of draws with --sample (default: 1000)")
    sweep.add_argument("--seed", type=whole(0), default=None, metavar="S", help="random seed of --sample (default: 0)")
    add_sampler(sweep)
    add_workers(sweep)
    add_budget(sweep, limits=False)
    sweep.set_defaults(handler=run_sweep)


def write_sweep(result: Any, path: str) -> None:
    """Write ``result`` to ``path`` (``.csv``, ``.json`` or ``.parquet``): one row per (grid point, equilibrium)
    (:func:`berlinsim.io.tables.sweep_table`)."""
    from berlinsim.io.tables import sweep_table, write_table

    write_table(sweep_table(result), path)


def _plot(args: argparse.Namespace, scenario: Any, result: Any, request: Any, between: Any) -> None:
    from berlinsim.cli._sweep_figure import sweep_figure
    from berlinsim.plots._style import save_figure

    figure = sweep_figure(scenario, result, request, variant=args.variant, overrides=overrides(args.assignments),
                          between=between)
    save_figure(figure, request.path)  # a pyplot-free figure: nothing to close


def run_sweep(args: argparse.Namespace) -> int:
    """The handler of ``berlinsim sweep``."""
    if args.sample:
        return _run_sample(args)
    if args.samples is not None or args.seed is not None or args.sampler is not None:
        given = "samples" if args.samples is not None else "seed" if args.seed is not None else "sampler"
        raise BerlinsimError(f"--{given} goes with --sample NAME=DIST "
                             "(a Monte Carlo sweep); a grid sweep takes --vary NAME=START:STOP:N")
    check_method(args.path, args.method)
    if not args.axes:
        raise BerlinsimError("sweep needs --vary NAME=START:STOP:N (once or twice), or --sample NAME=DIST")
    check_workers(args.workers)
    between = None
    if args.between is not None:
        parts = [p.strip() for p in args.between.split(",")]
        if len(parts) != 2 or not all(parts):
            raise BerlinsimError(f"--between {args.between}: expected two variant names, e.g. --between acheson,kissinger")
        if args.variant:
            raise BerlinsimError("--between and --variant do not go together (the variants come from --between)")
        between = (parts[0], parts[1])
    from berlinsim.analysis.sweep import sweep
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.io.tables import check_format

    if args.out:
        check_format(args.out)  # before any work
    scenario = load_scenario(args.path)
    request = plot_request(args, scenario, axes=len(args.axes), between=between)  # before any work
    start = time.perf_counter()
    streamed = _streamed(args, request)
    try:
        with progress_bar(args, "sweep") as progress:
            if streamed:
                result = _stream(args, scenario, between, progress)
            else:
                result = sweep(scenario, args.axes, variant=args.variant, overrides=overrides(args.assignments),
                               method=args.method, between=between, workers=args.workers, progress=progress)
    except BerlinsimError as exc:
        raise about(args.path, exc) from None
    seconds = time.perf_counter() - start
    from berlinsim.reports.sweep_text import format_summary

    print(format_summary(result, seconds if not args.quiet else None))
    if args.out and not streamed:
        write_sweep(result, args.out)
    if request is not None:
        _plot(args, scenario, result, request, between)
    return 0


def _streamed(args: argparse.Namespace, request: Any) -> bool:
    """Whether the sweep runs chunk by chunk (:mod:`berlinsim.analysis.sweep_stream`): always, unless a figure
    or a .json file needs the whole result in memory, or --workers spreads per-point work of a grid within the
    in-memory cap. The output is the same either way (byte for byte)."""
    from berlinsim.analysis.sweep import MAX_POINTS
    from berlinsim.analysis.sweep_stream import grid_size

    size = grid_size(args.axes)
    whole = request is not None or (args.out is not None and args.out.lower().endswith(".json"))
    if whole and size > MAX_POINTS:
        need = "--plot" if request is not None else f"--out {args.out}"
        raise BerlinsimError(f"{need} needs the whole sweep in memory, and the grid has {size:,} points (at most "
                             f"{MAX_POINTS:,}); without --plot, a .csv or .parquet --out (or no --out) is written as "
                             "it is solved, in bounded memory, for any grid size")
    return not whole and (args.workers == 1 or size > MAX_POINTS)


def _stream(args: argparse.Namespace, scenario: Any, between: Any, progress: Any) -> Any:
    """Solve (and write, with --out) the sweep chunk by chunk; its summary."""
    from berlinsim.analysis.sweep_stream import stream_sweep
    from berlinsim.io.table_writer import write_streamed

    summary, chunks = stream_sweep(scenario, args.axes, variant=args.variant, overrides=overrides(args.assignments),
                                   method=args.method, between=between, progress=progress)
    if args.out:
        write_streamed(summary, chunks, args.out)
    else:
        for _ in chunks:
            pass
    return summary


def _run_sample(args: argparse.Namespace) -> int:
    """``sweep --sample``: Monte Carlo robustness (:mod:`berlinsim.cli.sample`)."""
    from berlinsim.cli.sample import run_sample

    if args.axes:
        raise BerlinsimError("--sample and --vary do not go together: --vary solves a grid, --sample draws the "
                             "parameters at random (fix the others with --set, or run the two sweeps separately)")
    if args.between is not None:
        raise BerlinsimError("--sample and --between do not go together: --between moves t over a grid "
                             "(--vary t=0:1:N); --sample draws parameters of the scenario or of one --variant")
    if args.plot:
        raise BerlinsimError("--plot draws a grid sweep; with --sample write the draws with --out FILE.csv or .json")
    return run_sample(args, draws=args.samples)


# ----------------------------------------------------------------------------- thresholds
def add_thresholds_parser(commands: Any) -> None:
    """Register ``thresholds`` on the argparse subparsers object ``commands``."""
    thr = commands.add_parser(
        "thresholds", help="find where the equilibrium set changes as a parameter moves",
        description="Locate every change of the equilibrium set as NAME moves over [LOW, HIGH]. When every formula "
        "is built from + - * /, integer powers, abs, min, max, clip and if, and the method is pure, enummixed, "
        "auto (2 players) or spe, the search is complete: the set can change only where a payoff comparison or "
        "an equilibrium probability crosses zero, and every such point (rational roots exactly, irrational ones "
        "to 1e-12 with their polynomial) is checked, so changes of the plan off the equilibrium path, changes at "
        "one point only and changes at the ends of the interval are reported too. Otherwise (sqrt, exp, log; QRE "
        "limits such as agent_qre, and other methods) it scans N points and locates changes between them exactly "
        "from the payoff differences (for agent_qre: sequential rationality at every information set), else by "
        "bisecting to 1e-10; a change narrower than the scan step may be missed, and the output says so.")
    thr.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    thr.add_argument("--vary", required=True, metavar="NAME=LOW:HIGH[:N]",
                     help="the parameter and interval (t for a between variant), e.g. p_reasonable=0:1; the sweep "
                     "form LOW:HIGH:N sets the scan points when a scan is needed")
    thr.add_argument("--variant", "-V", default=None, metavar="NAME", help="a variant of the scenario")
    thr.add_argument("--between", default=None, metavar="A,B",
                     help="interpolate every parameter from variant A (t = 0) to B (t = 1); vary t")
    thr.add_argument("--samples", type=whole(2), default=None, metavar="N",
                     help="scan points when a scan is needed (default: 33)")
    thr.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_workers(thr)
    add_fixed(thr)
    add_budget(thr, limits=False)
    thr.set_defaults(handler=_thresholds)


def _thresholds(args: argparse.Namespace) -> int:
    import json

    from berlinsim.analysis.thresholds import search_thresholds

    name, low, rest = parse_range(args.vary)
    high, colon, count = rest.partition(":")  # the sweep form NAME=LOW:HIGH:N: N scan points
    samples = args.samples
    if colon:
        if not count.strip().isdigit() or int(count) < 2:
            raise BerlinsimError(f"bad --vary {args.vary!r}: N must be a whole number of at least 2, got {count!r} "
                                 "(expected NAME=LOW:HIGH or NAME=LOW:HIGH:N)")
        if samples is not None and samples != int(count):
            raise BerlinsimError(f"--vary {args.vary} asks for {int(count)} scan points and --samples for {samples}")
        samples = int(count)
    samples = 33 if samples is None else samples
    high = high.strip()
    between = None
    if args.between:
        parts = [p.strip() for p in args.between.split(",")]
        if len(parts) != 2 or not all(parts):
            raise BerlinsimError(f"bad --between {args.between!r} (expected two variants, e.g. acheson,kissinger)")
        between = (parts[0], parts[1])
    check_workers(args.workers)
    scenario = read_scenario(args.path)
    with progress_bar(args, "scan") as progress:
        search = search_thresholds(scenario, name, low, high, variant=args.variant,
                                   overrides=overrides(args.assignments), method=args.method, between=between,
                                   samples=samples, workers=args.workers, progress=progress)
    found = search.thresholds
    if args.format == "json":
        print(json.dumps([{"parameter": t.parameter, "value": t.value,
                           "exact": None if t.exact is None else str(t.exact), "before": list(t.before),
                           "at": list(t.at), "after": list(t.after), "sentence": t.sentence, "kind": t.kind,
                           "polynomial": t.polynomial,
                           "bracket": None if t.bracket is None else [str(b) for b in t.bracket],
                           "complete": search.complete} for t in found], indent=2))
        return 0
    print("\n".join(threshold_lines(search, name, low, high)))
    return 0


def threshold_lines(search: Any, name: str, low: Any, high: Any) -> list[str]:
    """What ``thresholds`` prints of a search of ``name`` over [low, high]: a sentence per change."""
    found = search.thresholds
    if not found:
        return [f"no change of the equilibrium set for {name} in [{low}, {high}] ({search.note})"]
    return [t.sentence for t in found] + ([f"({search.note})"] if not search.complete else [])
