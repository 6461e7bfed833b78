"""The functions of the Python API: load a scenario, run, sweep, find thresholds, sample; read and solve a game.

Each does what the command of the same name does, through the same layers (io, scenarios,
analysis, reports), and returns a result of :mod:`berlinsim.api.results`. A scenario is
given as a loaded :class:`~berlinsim.model.scenario.Scenario`, a path to a ``.yaml`` file, or
the name of a scenario of the project (its id, ``berlin_chicken``, or its file stem,
``08_berlin_chicken``), found in ``scenarios/`` under the current directory or beside the
package's source tree. Parameter values are a mapping ``{name: value}``; values may be
numbers or texts such as ``"1/3"`` (exact), as ``--set`` takes them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Mapping

from berlinsim.api.results import Run, Sample, Solution, Sweep, Thresholds
from berlinsim.errors import BerlinsimError

__all__ = ["load", "read_game", "run", "sample", "scenario_folders", "solve", "sweep", "thresholds"]

_NAME = re.compile(r"[a-z0-9_]+\Z")
ScenarioLike = Any  # a Scenario, a path, or a scenario's name


def scenario_folders() -> tuple[Path, ...]:
    """Where scenarios named by id are looked for: ``./scenarios`` and the project's ``scenarios/``."""
    folders = [Path.cwd() / "scenarios"]
    project = Path(__file__).resolve().parents[3] / "scenarios"  # src/berlinsim/api -> the project root
    if project.is_dir() and project not in folders:
        folders.append(project)
    return tuple(folders)


def _by_name(name: str) -> Path:
    for folder in scenario_folders():
        for path in sorted(folder.glob("*.yaml")):
            stem = path.stem
            if name == stem or re.fullmatch(r"[0-9]+[a-z]?_" + re.escape(name), stem):
                return path
    where = " or ".join(str(f) for f in scenario_folders())
    raise BerlinsimError(f"no scenario named {name!r} in {where} (expected a scenario id such as "
                         "'berlin_chicken', a file stem such as '08_berlin_chicken', or a path to a .yaml file)")


def load(scenario: str | os.PathLike[str]) -> Any:
    """Read a scenario: a path to a ``.yaml`` file, or the name of one of the project's scenarios.

    Returns the checked :class:`~berlinsim.model.scenario.Scenario`; every problem of the file
    is raised together (:class:`~berlinsim.errors.InputErrors`, each ``path:line:col: ...``).
    """
    from berlinsim.io.scenario_yaml import load_scenario

    text = os.fspath(scenario)
    if _NAME.match(text) and not Path(text).exists():
        return load_scenario(_by_name(text))
    return load_scenario(text)


def _scenario(scenario: ScenarioLike) -> Any:
    return scenario if hasattr(scenario, "parameters") and hasattr(scenario, "game") else load(scenario)


def run(scenario: ScenarioLike, values: Mapping[str, Any] | None = None, *, variant: str | None = None,
        method: str | None = None) -> Run:
    """Solve a scenario at its defaults, a ``variant`` and/or ``values``, as ``berlinsim run`` does.

    Parameters
    ----------
    scenario : Scenario, path or name
    values : mapping of str to number or str, optional
        Parameter values set after the variant (``--set``).
    variant : str, optional
        A variant of the scenario (``--variant``).
    method : str, optional
        A method of ``berlinsim methods`` (default: the scenario's own).
    """
    from berlinsim.scenarios.run import memo_excerpts, run_scenario

    loaded = _scenario(scenario)
    solved = run_scenario(loaded, variant=variant, overrides=dict(values or {}), method=method)
    return Run(raw=solved, excerpts=memo_excerpts(loaded))


def sweep(scenario: ScenarioLike, axes: Mapping[str, Any] | str | Any, values: Mapping[str, Any] | None = None, *,
          variant: str | None = None, method: str | None = None, between: tuple[str, str] | None = None,
          workers: int = 1) -> Sweep:
    """Solve a scenario over a grid of one or two parameters, as ``berlinsim sweep --vary`` does.

    ``axes`` is ``{name: values}`` (any sequence of numbers or texts), or ``"NAME=START:STOP:N"``
    (one text, or a list of two); ``between=(A, B)`` moves ``t`` from variant A to B.
    """
    from berlinsim.analysis.sweep import sweep as sweep_scenario

    result = sweep_scenario(_scenario(scenario), axes, variant=variant, overrides=dict(values or {}), method=method,
                            between=between, workers=workers)
    return Sweep(raw=result)


def thresholds(scenario: ScenarioLike, parameter: str, low: Any, high: Any, values: Mapping[str, Any] | None = None,
               *, variant: str | None = None, method: str | None = None, between: tuple[str, str] | None = None,
               samples: int = 33, workers: int = 1) -> Thresholds:
    """Every change of the equilibrium set as ``parameter`` moves over [low, high] (``berlinsim thresholds``).

    ``samples`` is the number of scan points when the search cannot be complete (see the command's help).
    """
    from berlinsim.analysis.thresholds import search_thresholds

    search = search_thresholds(_scenario(scenario), parameter, low, high, variant=variant,
                               overrides=dict(values or {}), method=method, between=between, samples=samples,
                               workers=workers)
    return Thresholds(raw=search, parameter=parameter, low=low, high=high)


def sample(scenario: ScenarioLike, distributions: Mapping[str, Any], n: int = 1000,
           values: Mapping[str, Any] | None = None, *, seed: int = 0, variant: str | None = None,
           method: str | None = None, workers: int = 1) -> Sample:
    """Draw ``n`` parameter points and count how often each outcome is an equilibrium (``sweep --sample``).

    ``distributions`` maps parameter names to distributions: ``"uniform(a, b)"``,
    ``"normal(mu, sigma)"``, ``"beta(a, b)"`` or ``"triangular(a, mode, b)"``. The draws come
    from ``numpy.random.default_rng(seed)``: the same seed gives the same result.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise BerlinsimError(f"seed must be a non-negative integer, got {seed!r}")
    import numpy as np

    from berlinsim.analysis.robustness import sample as sample_scenario

    loaded = _scenario(scenario)
    fixed = dict(values or {})
    result = sample_scenario(loaded, dict(distributions), n, rng=np.random.default_rng(seed), variant=variant,
                             overrides=fixed, method=method, workers=workers)
    return Sample(raw=result, scenario=loaded, seed=seed, variant=variant,
                  fixed={k: str(v) for k, v in fixed.items()})


def read_game(path: str | os.PathLike[str]) -> Any:
    """The game in a Gambit file: a ``.efg`` tree (by its suffix), else a ``.nfg`` table."""
    from berlinsim.cli.solve import read_gambit

    return read_gambit(os.fspath(path))


def solve(game: Any, method: str | None = None, **options: Any) -> Solution:
    """Solve a game (a path to a ``.nfg``/``.efg`` file, or a game) with ``method``, as ``berlinsim solve`` does.

    The default method is ``auto`` for a table and ``spe`` for a tree; a table method given a
    tree solves its reduced normal form. ``options`` are the method's keyword options.
    """
    from berlinsim.scenarios.run import solve_built
    from berlinsim.solvers import METHODS

    source = ""
    if isinstance(game, (str, os.PathLike)):
        source = os.fspath(game)
        game = read_game(source)
    if method is not None and method not in METHODS:
        raise BerlinsimError(f"unknown method {method!r}; known methods: {', '.join(METHODS)}")
    tree = hasattr(game, "player_infosets")
    return Solution(raw=solve_built(game, method or ("spe" if tree else "auto"), **options), source=source)
