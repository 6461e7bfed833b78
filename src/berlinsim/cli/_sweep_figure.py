"""The sweep figure as ``sweep --plot``, the gallery and the report draw it: the data from analysis, the
drawing by plots, and the options that choose it.

Private to the CLI. :func:`add_plot_options` adds ``--y``, ``--equilibria``, ``--title`` and
``--size``; :func:`plot_request` checks them (and the file type) before anything is solved;
:func:`sweep_figure` computes what a figure of a solved sweep needs -- every equilibrium's values
of the chosen quantities, as the sweep holds them
(:func:`berlinsim.analysis.figure_data.equilibrium_values`), the exact thresholds (:func:`~berlinsim.analysis.figure_data.exact_thresholds`, labelled with their exact
values), the regions' names (the actions used, or the scenario's own short names) and a key of
the abbreviated action labels -- and draws it (:func:`berlinsim.plots.sweep.plot_sweep`, or
:func:`berlinsim.plots.region_map.plot_region_map` for two axes, with the exact boundary curves of
:func:`~berlinsim.analysis.figure_data.exact_boundaries` where the threshold finder is complete).

Examples
--------
>>> parse_size("12x6.75")
(12.0, 6.75)
>>> threshold_text(Fraction(3, 4)), threshold_text(Fraction(1, 22)), threshold_text(None, 0.70710678)
('0.75', '1/22 ≈ 0.04545', '≈ 0.7071')
>>> region_label(("US: S 0.333, P 0.667; USSR: H", "US: P; USSR: H"), {"US: P; USSR: H": "program"})
'US: S, P; USSR: H | program'
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from berlinsim.errors import BerlinsimError

__all__ = ["NO_EXACT_BOUNDARIES", "PlotRequest", "add_plot_options", "axis_label", "parse_size", "plot_request", "region_label",
           "sweep_figure", "threshold_text"]


#: The map's footnote when its boundaries are only the grid's (the complete threshold finder does not apply).
NO_EXACT_BOUNDARIES = ("Boundaries are drawn between grid cells: the exact threshold finder does not apply to this "
                       "scenario's formulas or method.")


def add_plot_options(parser: argparse.ArgumentParser) -> None:
    """``--y``, ``--equilibria``, ``--title`` and ``--size`` (they go with ``--plot``)."""
    parser.add_argument("--y", action="append", default=[], metavar="Q",
                        help="what --plot draws against the parameter, for every equilibrium (repeatable or "
                        "comma-separated): an attribute (E[war] or war), a payoff (payoff US), an action's "
                        "probability (US: Firm; 'US at h: Firm' in a tree), an outcome's probability (P(war)); "
                        "default: the action probabilities that move and every attribute")
    parser.add_argument("--equilibria", choices=("band", "lines"), default="band",
                        help="several equilibria at a point: a band from the lowest to the highest value (default), "
                        "or one line per equilibrium")
    parser.add_argument("--title", default=None, metavar="TEXT", help="the figure's title (default: the scenario's)")
    parser.add_argument("--size", default=None, metavar="WxH",
                        help="the figure's size in inches, e.g. 13.33x7.5 (default: slide width, one panel per kind "
                        "of quantity)")


def parse_size(text: str) -> tuple[float, float]:
    """``"WxH"`` (inches) -> ``(W, H)``; each from 2 to 60."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d*)?)\s*[xX×]\s*(\d+(?:\.\d*)?)\s*", text)
    if not match:
        raise BerlinsimError(f"--size {text!r}: expected WIDTHxHEIGHT in inches, e.g. 13.33x7.5")
    size = (float(match.group(1)), float(match.group(2)))
    if not all(2 <= v <= 60 for v in size):
        raise BerlinsimError(f"--size {text}: each side must be from 2 to 60 inches")
    return size


@dataclass(frozen=True, slots=True, kw_only=True)
class PlotRequest:
    """A checked ``--plot``: the file, the quantities (empty: the defaults) and how to draw them."""

    path: Path
    quantities: tuple[Any, ...] = ()
    equilibria: str = "band"
    title: str | None = None
    size: tuple[float, float] | None = None


def plot_request(args: argparse.Namespace, scenario: Any, *, axes: int, between: tuple[str, str] | None = None
                 ) -> PlotRequest | None:
    """The checked ``--plot`` of ``args`` (None without it): the file type, ``--size`` and ``--y`` names
    are checked here, before the sweep runs, and the options that need ``--plot`` are refused without it."""
    from berlinsim.plots._style import check_format

    drawing = {"--y": bool(args.y), "--title": args.title is not None, "--size": args.size is not None,
               "--equilibria": args.equilibria != "band"}
    if args.plot is None:
        given = [flag for flag, on in drawing.items() if on]
        if given:
            raise BerlinsimError(f"{given[0]} says how --plot draws: give --plot FILE (.png, .svg or .pdf)")
        return None
    try:
        check_format(args.plot)
    except ValueError as exc:
        raise BerlinsimError(f"--plot {args.plot}: {exc}") from None
    size = parse_size(args.size) if args.size is not None else None
    chosen: tuple[Any, ...] = ()
    if args.y:
        if axes != 1:
            raise BerlinsimError("--y chooses the curves of a 1-D sweep; a 2-D sweep is drawn as a map of its regions")
        from berlinsim.analysis.figure_data import choose, quantities

        chosen = choose(args.y, quantities(scenario, variant=args.variant, overrides=_overrides(args),
                                           between=between))
    return PlotRequest(path=Path(args.plot), quantities=chosen, equilibria=args.equilibria, title=args.title,
                       size=size)


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    from berlinsim.cli._args import overrides

    return overrides(args.assignments)


# ----------------------------------------------------------------------------- names and labels
def threshold_text(exact: Fraction | None, value: float | None = None) -> str:
    """A threshold's label: its exact value (a fraction also as a decimal), or ``≈ value`` when irrational."""
    if exact is None:
        return f"≈ {float(value):.4g}"
    from berlinsim.reports.number_format import format_value

    text = format_value(exact)
    return f"{text} ≈ {float(exact):.4g}" if "/" in text else text


def region_label(region: Sequence[str], names: Mapping[str, str]) -> str:
    """A region's name: each equilibrium by the actions it uses (probabilities left out), or by the
    scenario's short name for it; the whole region's own short name when it has one."""
    from berlinsim.reports.sweep_text import support_label

    parts = list(dict.fromkeys(support_label(label) for label in region))
    whole = " | ".join(parts)
    if whole in names:
        return names[whole]
    return " | ".join(names.get(part, part) for part in parts)


def axis_label(scenario: Any, name: str, between: tuple[str, str] | None = None) -> str:
    """An axis's label: the parameter and its description (``t``: the two variants it moves between)."""
    if name == "t" and between is not None:
        return f"t: from variant '{between[0]}' (t = 0) to '{between[1]}' (t = 1)"
    for p in scenario.parameters:
        if p.name == name:
            unit = f" ({p.unit})" if p.unit else ""
            return f"{name}: {p.description}{unit}" if p.description else name
    return name


def abbreviation_key(scenario: Any, texts: Sequence[str], longest: int = 3) -> list[str]:
    """What the short action labels (at most ``longest`` characters) in ``texts`` mean: a line per player."""
    from berlinsim.model.scenario import DecisionNode, MatrixSpec

    meaning: dict[int, dict[str, str]] = {}
    if isinstance(scenario.game, MatrixSpec):
        for p, actions in enumerate(scenario.game.actions):
            meaning[p] = {a.label: a.description for a in actions if a.description}
    else:
        for node in scenario.game.nodes:
            if isinstance(node, DecisionNode):
                for action, _ in node.actions:
                    if action.description:
                        meaning.setdefault(node.player, {}).setdefault(action.label, action.description)
    words = set(re.findall(r"[A-Za-z0-9_]+", " ".join(texts)))
    lines = []
    for p, player in enumerate(scenario.player_names):
        used = [f"{label} = {text}" for label, text in meaning.get(p, {}).items()
                if len(label) <= longest and label in words]
        if used:
            lines.append(f"{player}: " + "; ".join(used))
    return lines


# ----------------------------------------------------------------------------- the figure
def sweep_figure(scenario: Any, result: Any, request: PlotRequest | None = None, *, variant: str | None = None,
                 overrides: Mapping[str, Any] | None = None, between: tuple[str, str] | None = None,
                 regions: Mapping[str, str] | None = None, xlabel: str | None = None) -> Any:
    """The figure of a solved sweep (1-D: :func:`~berlinsim.plots.sweep.plot_sweep`; 2-D: the region map).

    ``variant``, ``overrides`` and ``between`` are the sweep's own (the quantities and the exact
    thresholds are found with them; every equilibrium's values are the sweep's); ``regions`` maps
    region names (supports) to the scenario's short names.
    """
    request = request or PlotRequest(path=Path("figure.png"))
    names = [region_label(region, regions or {}) for region in result.regions]
    labels = [axis_label(scenario, a.name, result.between or between) for a in result.axes]
    title = request.title if request.title is not None else scenario.title
    if len(result.axes) == 2:
        from berlinsim.analysis.figure_data import exact_boundaries
        from berlinsim.plots.region_map import plot_region_map

        size = request.size or (13.33, 7.5)
        curves = exact_boundaries(scenario, result, variant=variant, overrides=overrides, method=result.method,
                                  between=between)
        key = abbreviation_key(scenario, names)
        if curves is None and key:
            key.append(NO_EXACT_BOUNDARIES)
        ax = plot_region_map(result, region_names=names, title=title, xlabel=labels[0], ylabel=labels[1],
                             key=key, size=size, boundaries=curves or ())
        return ax.figure
    from berlinsim.analysis.figure_data import default_quantities, equilibrium_values, exact_thresholds, quantities
    from berlinsim.plots.sweep import plot_sweep

    chosen = request.quantities or default_quantities(quantities(scenario, variant=variant, overrides=overrides,
                                                                 between=between))
    values = equilibrium_values(result, chosen)
    if not request.quantities:  # the defaults: leave out action probabilities that never move
        keep = [k for k, q in enumerate(chosen) if q.kind != "probability" or _moves(values, k)]
        chosen = tuple(chosen[k] for k in keep)
        values = tuple(tuple((label, tuple(vals[k] for k in keep)) for label, vals in point) for point in values)
    found = exact_thresholds(scenario, result, variant=variant, overrides=overrides, method=result.method,
                             between=between)
    marks = [(value, threshold_text(exact, value)) for value, exact in found]
    ax = plot_sweep(result, values, quantities=[(q.name, q.kind) for q in chosen], region_names=names,
                    thresholds=marks, equilibria=request.equilibria, title=title,
                    xlabel=xlabel if xlabel is not None else labels[0],
                    key=abbreviation_key(scenario, names + [q.name for q in chosen]), size=request.size)
    return ax.figure


def _moves(values: Sequence[Any], k: int) -> bool:
    seen = [vals[k] for point in values for _, vals in point]
    return bool(seen) and max(seen) - min(seen) > 1e-9
