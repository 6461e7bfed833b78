"""``berlinsim compare``: scenarios or variants side by side, or overlaid along a parameter (thin wiring).

Commands::

    berlinsim compare ITEM ... [--metric M ...] [--format text|json|markdown] [--plot FILE] [--set ...] [--method M]
    berlinsim compare ITEM ... --vary NAME=START:STOP:N --metric M [--format ...] [--plot FILE]   (overlay)

An ``ITEM`` is a scenario file or ``FILE:VARIANT``. Everything heavy (numpy, the solvers,
matplotlib for ``--plot``) is imported when the command runs; the table and the overlay are
computed and written by :mod:`berlinsim.analysis.compare`.

Examples
--------
>>> import argparse
>>> commands = argparse.ArgumentParser(prog="berlinsim").add_subparsers(dest="command")
>>> add_parser(commands)
>>> args = commands.choices["compare"].parse_args(["a.yaml", "b.yaml:acheson", "--metric", "war,US"])
>>> args.items, args.metric, args.handler is _compare
(['a.yaml', 'b.yaml:acheson'], ['war,US'], True)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from berlinsim.cli._args import add_fixed, overrides, parse_range, read_scenario, split_item
from berlinsim.cli._outputs import add_output
from berlinsim.errors import BerlinsimError

__all__ = ["add_parser"]


def add_parser(commands: Any) -> None:
    """Register ``compare`` on the argparse subparsers object ``commands``."""
    comp = commands.add_parser(
        "compare", help="compare scenarios or variants side by side",
        description="Solve each ITEM (a scenario file, or FILE:VARIANT) and show its equilibria, payoffs and "
        "expected outcome attributes side by side ('-' where an item has no such attribute).")
    comp.add_argument("items", nargs="+", metavar="ITEM", help="scenario file or FILE:VARIANT")
    comp.add_argument("--metric", action="append", default=[], metavar="M",
                      help="attribute or player name to compare (repeatable or comma-separated; default: payoffs, "
                      "settled, war, framing, retreat where they exist)")
    comp.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    add_output(comp, "--plot", dest="plot", suffixes=(".png", ".svg", ".pdf"),
               help_text="also draw grouped bars (payoffs and outcome attributes on separate axes), or the "
                      "overlay's curves (.png, .svg or .pdf; checked before anything is solved)")
    comp.add_argument("--vary", default=None, metavar="NAME=START:STOP:N",
                      help="overlay: one --metric of every item along a parameter grid (t for between variants)")
    add_fixed(comp)
    comp.set_defaults(handler=_compare)


def _compare(args: argparse.Namespace) -> int:
    from berlinsim.analysis.compare import compare, format_comparison

    items = []
    for text in args.items:
        path, variant = split_item(text)
        scenario = read_scenario(path)
        if variant is not None:
            scenario.variant(variant)  # an unknown variant is an error with a hint
        items.append((Path(path).stem + (f":{variant}" if variant else ""), scenario, variant))
    metrics = [m.strip() for text in args.metric for m in text.split(",") if m.strip()]
    if args.plot:
        from berlinsim.plots._style import check_format

        try:
            check_format(args.plot)
        except ValueError as error:
            raise BerlinsimError(f"--plot {args.plot}: {error}") from None
    if args.vary:
        return _overlay(args, items, metrics)
    table = compare(items, metrics=metrics or None, overrides=overrides(args.assignments), method=args.method)
    print(format_comparison(table, args.format))
    if args.plot:
        _plot(table, args.plot)
    return 0


def _plot(table: Any, path: str) -> None:
    """Grouped bars: the payoffs on one axes, the outcome attributes (probabilities, expected values) on another."""
    import numpy as np

    from berlinsim.plots._style import new_figure, save_figure
    from berlinsim.plots.bars import plot_comparison

    counts: dict[str, int] = {}
    for row in table.rows:
        counts[row.item] = counts.get(row.item, 0) + 1
    labels = [row.item if counts[row.item] == 1 else f"{row.item}: {row.equilibrium}" for row in table.rows]
    groups = [(m, "payoff in equilibrium") for m in (table.players,)] + \
        [(tuple(m for m in table.metrics if m not in table.players), "expected value in equilibrium")]
    groups = [(metrics, ylabel) for metrics, ylabel in groups if metrics]
    width = max(12.0, 5.0 + max(len(m) for m, _ in groups) * (1.0 + 0.55 * len(labels)))
    figure, axes = new_figure((width, 5.2 * len(groups)), rows=len(groups), sharex=False, slide=True)
    axes = list(np.atleast_1d(axes))
    for k, ((metrics, ylabel), ax) in enumerate(zip(groups, axes)):
        values = np.array([[np.nan if row.value(m) is None else float(row.value(m)) for m in metrics]
                           for row in table.rows])
        plot_comparison(labels, [table.header(m) for m in metrics], values, ax=ax, ylabel=ylabel, legend=k == 0,
                        title="Equilibria compared: payoffs and expected outcomes" if k == 0 else "")
    written = save_figure(figure, path)
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
                            overrides=overrides(args.assignments), method=args.method)
    print(format_overlay(overlay, args.format))
    if args.plot:
        from berlinsim.plots._style import save_figure
        from berlinsim.plots.curves import plot_curves

        ax = plot_curves(overlay.x, overlay.curves, title=f"{overlay.heading} in equilibrium against {name}",
                         xlabel=name, ylabel=overlay.heading, zero_line=True, mark_crossings=False)
        print(f"wrote {save_figure(ax.figure, args.plot)}")
    return 0
