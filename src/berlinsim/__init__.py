"""berlinsim: Kissinger's 1961 Berlin memo as games, solved and explained.

Start here (``docs/api.md``)::

    import berlinsim
    run = berlinsim.run("berlin_chicken", {"c_war": 50})   # a scenario's id, or a path to its .yaml
    run                                                   # in a notebook: the report of berlinsim run
    run.to_frame()                                        # one row per equilibrium (needs pandas)

``load``, ``run``, ``sweep``, ``thresholds``, ``sample``, ``read_game`` and ``solve`` (and their
result classes) come from :mod:`berlinsim.api`, imported on first use.

Layers (imports point down only; the contracts are in pyproject.toml, ``[tool.importlinter]``)::

    api
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

_API = ("Run", "Sample", "Solution", "Sweep", "Thresholds", "load", "read_game", "run", "sample", "solve", "sweep",
        "thresholds")
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> object:
    """The public API (:mod:`berlinsim.api`), imported when first asked for: ``import berlinsim`` stays cheap."""
    if name in _API:
        from berlinsim import api

        return getattr(api, name)
    raise AttributeError(f"module 'berlinsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
