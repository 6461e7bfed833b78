"""``berlinsim figures``: regenerate the figure gallery (``figures/``) and its index.

For each memo scenario in the scenario directory: its game figure (payoff matrix or game
tree, with the equilibrium), its key sweep (the parameter of the domain notes' "Sweeps"),
and the cross-scenario comparisons; every figure as PNG and SVG, plus ``README.md``, an index
saying what each figure shows and which memo paragraph it illustrates. Output is
deterministic (same SVG bytes on every run). ``--points`` sets the grid size of the sweeps
(small values give a quick preview); ``--only`` makes the figures whose names start with the
given prefixes (the index always lists the whole gallery).

The gallery itself (which figures, from which data, with which captions) is
:mod:`berlinsim.cli._gallery`; it (with matplotlib, numpy and the solvers) is imported only
when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from berlinsim.errors import BerlinsimError


def add_parser(commands: Any) -> None:
    figures = commands.add_parser(
        "figures", help="regenerate the figure gallery (figures/) from the scenarios",
        description="Draw every gallery figure (game figures, key sweeps, comparisons) as PNG and SVG into "
        "OUT, with an index OUT/README.md. Deterministic: two runs give the same SVG bytes.",
    )
    figures.add_argument("--out", "-o", default="figures", metavar="DIR", help="output directory (default: figures)")
    figures.add_argument("--scenarios", default="scenarios", metavar="DIR",
                         help="the scenario directory (default: scenarios)")
    figures.add_argument("--points", type=int, default=101, metavar="N",
                         help="grid points per sweep axis (default: 101; 2-D maps use about half)")
    figures.add_argument("--only", nargs="+", default=None, metavar="PREFIX",
                         help="make only the figures whose names start with these prefixes (the index still lists all)")
    figures.set_defaults(handler=run_figures)


def run_figures(args: argparse.Namespace) -> int:
    from berlinsim.cli import _gallery as gallery

    if args.points < 3:
        raise BerlinsimError(f"--points must be at least 3, got {args.points}")
    folder = Path(args.scenarios)
    if not folder.is_dir():
        raise BerlinsimError(f"{folder}: no such scenario directory")
    entries = gallery.entries()
    if args.only:
        entries = tuple(e for e in entries if any(e.name.startswith(p) for p in args.only))
        if not entries:
            raise BerlinsimError(f"no figure name starts with {', '.join(args.only)}")
    out = Path(args.out)
    context = gallery.Context(folder=folder, points=args.points)
    written = gallery.write(entries, context, out)
    for path in written:
        print(path)
    return 0
