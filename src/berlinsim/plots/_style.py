"""House style of every figure: the colour-blind-safe palette, fixed rcParams, deterministic files.

The palette is Okabe and Ito's (2008) eight colours, distinguishable under the common colour
vision deficiencies; the first one (black) is kept for text and equilibrium paths. Figures are
made as :class:`matplotlib.figure.Figure` objects, never through ``pyplot``, so no backend
and no global state is touched: :func:`new_axes` draws inside :func:`style` (an
``rc_context``) and :func:`save_figure` writes PNG (at :data:`DPI`), SVG or PDF by the file
extension with a fixed SVG hash salt and no dates in the metadata, so the same figure gives
the same bytes on every run.

Examples
--------
>>> color(0), color(1), len(OKABE_ITO)
('#E69F00', '#56B4E9', 8)
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Iterator

#: Okabe-Ito palette: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
#: The colours used for data series, in order (black is kept for text and paths).
SERIES = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
#: Light grey for secondary lines and off-path edges.
GREY = "#999999"
#: Resolution of PNG files.
DPI = 170
#: Fixed settings applied while drawing and saving.
RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 10.5,
    "axes.labelsize": 9.5,
    "legend.fontsize": 8.0,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": None,  # filled in by style()
    "svg.hashsalt": "berlinsim",
    "svg.fonttype": "path",
    "path.simplify": False,
    "image.cmap": "cividis",
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.08,
}

__all__ = ["DPI", "GREY", "OKABE_ITO", "SERIES", "color", "new_axes", "new_figure", "save_figure", "style"]


def color(k: int) -> str:
    """The ``k``-th series colour (cycling)."""
    return SERIES[k % len(SERIES)]


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Apply the house rcParams for the duration of the block (nothing global is changed)."""
    import matplotlib as mpl
    from cycler import cycler

    settings = dict(RC, **{"axes.prop_cycle": cycler(color=list(SERIES))})
    with mpl.rc_context(settings):
        yield


def new_axes(ax: Any = None, *, size: tuple[float, float] = (6.4, 4.0)) -> Any:
    """``ax`` itself, or the axes of a new figure of ``size`` inches (no pyplot, no backend)."""
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    with style():
        figure = Figure(figsize=size, layout="constrained")
        return figure.add_subplot()


def new_figure(size: tuple[float, float] = (6.4, 4.0), rows: int = 1) -> tuple[Any, Any]:
    """A new figure (no pyplot) and its axes: one Axes, or an array of ``rows`` Axes sharing x."""
    from matplotlib.figure import Figure

    with style():
        figure = Figure(figsize=size, layout="constrained")
        axes = figure.subplots(rows, 1, sharex=True) if rows > 1 else figure.add_subplot()
    return figure, axes


def save_figure(figure: Any, path: str | Path) -> Path:
    """Write ``figure`` to ``path``: PNG (dpi :data:`DPI`), SVG or PDF by the extension; bytes are reproducible.

    Returns the path written. Raises ``ValueError`` for another extension.
    """
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    metadata: dict[str, Any]
    if kind == "svg":
        metadata = {"Date": None, "Creator": None}
    elif kind == "pdf":
        metadata = {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}
    elif kind == "png":
        metadata = {"Software": None}
    else:
        raise ValueError(f"cannot write a figure as {path.name!r}: use .png, .svg or .pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    with style():
        figure.savefig(path, format=kind, dpi=DPI, metadata=metadata, bbox_inches="tight", pad_inches=0.08)
    return path
