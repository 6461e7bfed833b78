"""berlinsim: Kissinger's 1961 Berlin memo as games, solved and explained.

Layers (imports point down only; the contracts are in pyproject.toml, ``[tool.importlinter]``)::

    cli
    reports | plots
    analysis
    scenarios
    solvers | io
    model
    errors

Vocabulary used throughout the package:

player
    a decision maker, named by a label (``"US"``, ``"USSR"``).
action
    a pure choice of a player (a row or column of a matrix, a branch of a tree).
strategy
    a mixed strategy: a probability vector over a player's actions.
profile
    one strategy per player.
payoff
    a player's utility for a cell (pure profile) or expected utility for a profile.
equilibrium
    a profile where no player gains by deviating (regret zero).
support
    the actions a strategy plays with positive probability.
"""

__version__ = "0.1.0"
