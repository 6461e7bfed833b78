"""berlinsim from Python: the functions a notebook starts with, and their results.

The same as the commands, one call each (:mod:`.calls`); each result (:mod:`.results`) shows
what the command prints (``print(result)``, or as HTML/Markdown in a notebook), has a short
``repr``, ``to_frame()`` (pandas, an optional extra) and the computed value as ``.raw``.
Everything here is also reachable as ``berlinsim.<name>`` (loaded on first use, so
``import berlinsim`` stays cheap). The reference and a how-to are in ``docs/api.md``.

Examples
--------
>>> import berlinsim
>>> game = berlinsim.read_game(berlinsim.__path__[0] + "/data/negotiations_1961.nfg")
>>> solution = berlinsim.solve(game, "enummixed")
>>> solution
<Solution by enummixed: 1 equilibrium (exact, complete)>
"""

from berlinsim.api.calls import load, read_game, run, sample, scenario_folders, solve, sweep, thresholds
from berlinsim.api.results import Run, Sample, Solution, Sweep, Thresholds

__all__ = ["Run", "Sample", "Solution", "Sweep", "Thresholds", "load", "read_game", "run", "sample",
           "scenario_folders", "solve", "sweep", "thresholds"]
