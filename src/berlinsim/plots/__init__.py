"""Figures: the only package that imports matplotlib, and only inside its drawing functions.

Every function takes the data (a game, a result, a sweep, plain numbers) and an optional
``ax`` (a matplotlib Axes to draw into; by default a new figure made without ``pyplot``, so
no backend and no global state is touched) and returns the Axes. Titles and labels use the
scenario's words; colours come from the Okabe-Ito palette (:mod:`._style`), one fill per
equilibrium region (:mod:`._regions`); :func:`new_figure` makes a figure with one or more axes;
:func:`save_figure` writes PNG (170 dpi), SVG or PDF by extension, byte-reproducibly
(:func:`check_format` checks a file name before any work).

=========================  ======================================================
:func:`plot_payoff_matrix`  two-player payoff table, best responses, equilibria
:func:`plot_game_tree`      a tree with chance, information sets, equilibrium path
:func:`plot_sweep`          1-D sweep: quantities of every equilibrium over shaded regions, exact thresholds
:func:`plot_region_map`     2-D equilibrium-region map
:func:`plot_curves`         curves against a parameter (e.g. a payoff difference)
:func:`plot_comparison`     grouped bars of metrics per scenario or variant
:func:`plot_qre_path`       logit QRE path, probabilities against lambda (log x)
:func:`plot_components`     a two-player equilibrium set in each player's simplex, by component
=========================  ======================================================

Importing this package loads numpy but not matplotlib:

>>> import sys, berlinsim.plots
>>> callable(berlinsim.plots.plot_game_tree)
True
"""

from berlinsim.plots._style import OKABE_ITO, check_format, new_figure, save_figure
from berlinsim.plots.bars import plot_comparison
from berlinsim.plots.components import plot_components
from berlinsim.plots.matrix import plot_payoff_matrix
from berlinsim.plots.qre import plot_qre_path
from berlinsim.plots.curves import plot_curves
from berlinsim.plots.region_map import plot_region_map
from berlinsim.plots.sweep import plot_sweep
from berlinsim.plots.tree import plot_game_tree

__all__ = [
    "OKABE_ITO", "check_format", "new_figure", "plot_comparison", "plot_components", "plot_curves", "plot_game_tree", "plot_payoff_matrix", "plot_qre_path",
    "plot_region_map", "plot_sweep", "save_figure",
]
