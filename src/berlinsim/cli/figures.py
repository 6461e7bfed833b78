"""``berlinsim figures``: draw the figure gallery of a folder of scenarios, with its index.

For each scenario of the folder: its game figure (payoff matrix or game tree, with the
equilibrium), the sweeps its file declares for the figures (``sweeps:``, see
docs/scenario-format.md), then the memo's cross-scenario figures whose scenarios are there;
every figure as PNG and SVG, plus ``README.md``, an index saying what each figure shows and
which memo paragraph it illustrates. Output is deterministic (the same bytes on every run).
``berlinsim figures --out figures/`` regenerates the committed gallery from ``scenarios/``.
``--points`` caps the grid of every sweep axis (small values give a quick preview); ``--only``
makes the figures whose names start with the given prefixes (the index always lists them all).

The gallery itself is :mod:`berlinsim.cli._gallery`; it (with matplotlib, numpy and the solvers)
is imported only when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from berlinsim.cli._args import whole
from berlinsim.cli._outputs import add_output
from berlinsim.errors import BerlinsimError


def add_parser(commands: Any) -> None:
    figures = commands.add_parser(
        "figures", help="draw the figure gallery of a folder of scenarios (figures/ from scenarios/)",
        description="Draw every gallery figure of the scenarios in DIR (each game, each sweep a file declares in "
        "its 'sweeps:' field, the memo's comparisons) as PNG and SVG into OUT, with an index OUT/README.md. "
        "Deterministic: two runs give the same bytes.",
    )
    figures.add_argument("folder", nargs="?", default="scenarios", metavar="DIR",
                         help="the folder of scenarios (default: scenarios)")
    add_output(figures, folder=True, default="figures", suffixes=(".png", ".svg"),
               help_text="output folder (default: figures; created if its parent exists; an existing README.md "
               "there is replaced only when it is a gallery index, else --force)")
    figures.add_argument("--points", type=whole(3), default=None, metavar="N",
                         help="at most N grid points per sweep axis (default: as each sweep declares)")
    figures.add_argument("--only", nargs="+", default=None, metavar="PREFIX",
                         help="make only the figures whose names start with these prefixes (the index still lists all)")
    figures.set_defaults(handler=run_figures)


def run_figures(args: argparse.Namespace) -> int:
    from berlinsim.cli import _gallery as gallery

    folder = Path(args.folder)
    if not folder.is_dir():
        raise BerlinsimError(f"{folder}: no such scenario directory")
    context = gallery.Context(folder=folder, points=args.points)
    every = gallery.entries(context)
    if not every:
        raise BerlinsimError(f"{folder}: no scenario files (.yaml) in it")
    selected = every
    if args.only:
        selected = tuple(e for e in every if any(e.name.startswith(p) for p in args.only))
        if not selected:
            raise BerlinsimError(f"no figure name starts with {', '.join(args.only)}")
    for path in gallery.write(selected, every, context, Path(args.out)):
        print(path)
    return 0
