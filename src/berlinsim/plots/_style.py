"""House style of every figure: the colour-blind-safe palette, fixed rcParams, deterministic files.

The palette is Okabe and Ito's (2008) eight colours, distinguishable under the common colour
vision deficiencies; the first one (black) is kept for text and equilibrium paths. Figures are
made as :class:`matplotlib.figure.Figure` objects, never through ``pyplot``, so no backend
and no global state is touched: :func:`new_axes` draws inside :func:`style` (an
``rc_context``) and :func:`save_figure` writes PNG (at :data:`DPI`), SVG or PDF by the file
extension (:data:`FORMATS`; :func:`check_format` says before any work whether a file name will
do) with a fixed SVG hash salt and no dates in the metadata, so the same figure gives the same
bytes on every run. Figures meant for slides (sweeps, region maps, curves, bars) draw inside
``style(slide=True)``: every text at least :data:`SLIDE_POINTS` points at the size they are made.

Examples
--------
>>> color(0), color(1), len(OKABE_ITO)
('#E69F00', '#56B4E9', 8)
>>> check_format("sweep.PNG"), check_format("map.svg")
('png', 'svg')
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
#: The file types a figure is written as (by the file name's extension).
FORMATS = ("png", "svg", "pdf")
#: The smallest text of a slide figure, in points, at the size it is made (legible on a projector).
SLIDE_POINTS = 14.0
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
#: What ``style(slide=True)`` changes: every text at least :data:`SLIDE_POINTS`.
SLIDE_RC: dict[str, Any] = {
    "font.size": SLIDE_POINTS,
    "axes.titlesize": 18.0,
    "axes.labelsize": 15.0,
    "legend.fontsize": SLIDE_POINTS,
    "legend.title_fontsize": 15.0,
    "xtick.labelsize": SLIDE_POINTS,
    "ytick.labelsize": SLIDE_POINTS,
    "figure.titlesize": 18.0,
    "lines.linewidth": 2.4,
    "axes.linewidth": 1.0,
}

__all__ = ["DPI", "FORMATS", "GREY", "OKABE_ITO", "SERIES", "SLIDE_POINTS", "check_format", "color", "new_axes",
           "new_figure", "save_figure", "style"]


def color(k: int) -> str:
    """The ``k``-th series colour (cycling)."""
    return SERIES[k % len(SERIES)]


def check_format(path: str | Path) -> str:
    """The file type of ``path`` (``"png"``, ``"svg"`` or ``"pdf"``); ``ValueError`` for another extension.

    Cheap (nothing is imported): commands call it before they compute what they will draw.

    >>> check_format("figure.jpg")
    Traceback (most recent call last):
    ...
    ValueError: cannot write a figure as 'figure.jpg': use .png, .svg or .pdf
    """
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValueError(f"cannot write a figure as {path.name!r}: use .png, .svg or .pdf")
    return kind


@contextlib.contextmanager
def style(*, slide: bool = False) -> Iterator[None]:
    """Apply the house rcParams for the duration of the block (nothing global is changed).

    ``slide``: the larger type of figures shown on a projector (:data:`SLIDE_RC`).
    """
    import matplotlib as mpl
    from cycler import cycler

    settings = dict(RC, **{"axes.prop_cycle": cycler(color=list(SERIES))}, **(SLIDE_RC if slide else {}))
    with mpl.rc_context(settings):
        yield


def new_axes(ax: Any = None, *, size: tuple[float, float] = (6.4, 4.0), slide: bool = False) -> Any:
    """``ax`` itself, or the axes of a new figure of ``size`` inches (no pyplot, no backend)."""
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    with style(slide=slide):
        figure = Figure(figsize=size, layout="constrained")
        return figure.add_subplot()


def new_figure(size: tuple[float, float] = (6.4, 4.0), rows: int = 1, *, sharex: bool = True,
               slide: bool = False) -> tuple[Any, Any]:
    """A new figure (no pyplot) and its axes: one Axes, or an array of ``rows`` Axes (sharing x unless ``sharex=False``)."""
    from matplotlib.figure import Figure

    with style(slide=slide):
        figure = Figure(figsize=size, layout="constrained")
        axes = figure.subplots(rows, 1, sharex=sharex) if rows > 1 else figure.add_subplot()
    return figure, axes


def save_figure(figure: Any, path: str | Path) -> Path:
    """Write ``figure`` to ``path``: PNG (dpi :data:`DPI`), SVG or PDF by the extension; bytes are reproducible.

    Returns the path written. Raises ``ValueError`` for another extension.
    """
    path = Path(path)
    kind = check_format(path)
    metadata: dict[str, Any] = {
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
        "png": {"Software": None},
    }[kind]
    path.parent.mkdir(parents=True, exist_ok=True)
    with style():
        figure.savefig(path, format=kind, dpi=DPI, metadata=metadata, bbox_inches="tight", pad_inches=0.08)
    return path
