"""The size check at solve dispatch: a game a method cannot finish is refused before it starts.

:func:`check_size` measures the game the way the method's cost grows (cells, payoff
entries, vertex-enumeration work, tree size) and compares with
:class:`~berlinsim.limits.Limits`. :func:`checked` wraps a solver so that the check runs
once, on the call that comes in from outside: a solver that calls another solver (``auto``
calls ``enummixed``; ``spe`` solves subgames) is not checked again, so the limits the
caller raised are the ones that count.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.limits import DEFAULT
>>> import numpy as np
>>> big = NormalFormGame.from_bimatrix(np.zeros((60, 6), dtype=int), np.zeros((60, 6), dtype=int))
>>> check_size(big, "enummixed")
Traceback (most recent call last):
...
berlinsim.errors.SolverError: game of shape 60x6 is too large for method 'enummixed': vertex enumeration would take 12,856,924,872 steps (McMullen's vertex bound x dimension^2); expected at most 200,000,000 steps (limit max_enummixed_work, see docs/limits.md). For one equilibrium, use method 'lh' with --option label=0
>>> check_size(big, "enummixed", DEFAULT.raised(max_enummixed_work=10**11)) is None
True
"""

from __future__ import annotations

import functools
from contextvars import ContextVar
from math import comb
from typing import Any, Callable

from berlinsim.errors import SolverError
from berlinsim.limits import DEFAULT, Limits, digits

#: True while a checked solver runs (the solvers it calls are not checked again).
_CHECKED: ContextVar[bool] = ContextVar("berlinsim_size_checked", default=False)


def checked(method: str, function: Callable[..., Any], limits: Limits | None = None) -> Callable[..., Any]:
    """``function`` (the solver of ``method``), refusing games beyond ``limits`` before it starts."""

    @functools.wraps(function)
    def run(game: Any, *args: Any, **options: Any) -> Any:
        if _CHECKED.get():
            return function(game, *args, **options)
        check_size(game, method, limits or DEFAULT, options)
        token = _CHECKED.set(True)
        try:
            return function(game, *args, **options)
        finally:
            _CHECKED.reset(token)

    return run


def check_size(game: Any, method: str, limits: Limits = DEFAULT, options: dict[str, Any] | None = None) -> None:
    """Raise :class:`~berlinsim.errors.SolverError` when ``game`` is beyond ``limits`` for ``method``.

    ``options`` are the method's options (``lh`` from one ``label`` follows one path).
    """
    if hasattr(game, "player_infosets"):
        problem = _tree_problem(game, method, limits)
    else:
        problem = _table_problem(game, method, limits, options or {})
    if problem is not None:
        raise SolverError(problem)


def _over(limits: Limits, name: str, value: int, what: str, unit: str) -> str | None:
    if value <= getattr(limits, name):
        return None
    return f"{what} {amount(value)} {unit}; expected {limits.at_most(name, unit)}"


def amount(n: int) -> str:
    """``n`` with thousands separators, or as a power of ten once it has more than 15 digits.

    >>> amount(1234567), amount(10**40 + 7)
    ('1,234,567', 'over 10^40')
    """
    return f"{n:,}" if n < 10**15 else f"over 10^{digits(n) - 1}"


def _vertex_bound(d: int, k: int) -> int:
    """McMullen's upper bound on the vertices of a ``d``-polytope with ``d + k`` facets."""
    facets = d + k
    return comb(facets - (d + 1) // 2, k) + comb(facets - (d + 2) // 2, k)


def enummixed_work(m: int, n: int) -> int:
    """Vertex-enumeration work for an ``m x n`` game: vertex bound x dimension^2, both polytopes.

    >>> enummixed_work(2, 2), enummixed_work(15, 15)
    (32, 153489600)
    """
    return _vertex_bound(m, n) * m * m + _vertex_bound(n, m) * n * n


def _table_problem(game: Any, method: str, limits: Limits, options: dict[str, Any]) -> str | None:
    shape = "x".join(str(n) for n in game.shape)
    cells, players = game.num_cells, game.num_players
    head = f"game of shape {shape} is too large for method {method!r}:"
    problem = _over(limits, "max_players", players, f"{head} it has", "players") or _over(
        limits, "max_cells", cells, f"{head} it has", "cells")
    if problem is not None:
        return problem
    if method in ("enummixed", "auto") and players == 2:
        work = enummixed_work(*game.shape)
        if work > limits.max_enummixed_work:
            return (f"{head} vertex enumeration would take {amount(work)} steps (McMullen's vertex bound x "
                    f"dimension^2); expected {limits.at_most('max_enummixed_work', 'steps')}. "
                    "For one equilibrium, use method 'lh' with --option label=0")
    if method == "lh" and players == 2:
        paths = 1 if options.get("label") is not None else sum(game.shape)
        if paths * cells > limits.max_lh_work:
            hint = ". One path (--option label=0) costs a fraction of that" if paths > 1 else ""
            return (f"{head} {paths:,} Lemke-Howson path{'s' if paths > 1 else ''} through {cells:,} cells "
                    f"take {amount(paths * cells)} steps; expected {limits.at_most('max_lh_work', 'steps')}{hint}")
    if method == "qre" or (method == "auto" and players != 2):
        return _over(limits, "max_qre_entries", cells * players, f"{head} it has", "payoff entries")
    for name, key in (("stackelberg", "max_stackelberg_cells"), ("dominance", "max_dominance_cells"),
                      ("lp", "max_lp_cells")):
        if method == name:
            return _over(limits, key, cells, f"{head} it has", "cells")
    return None


def _tree_problem(game: Any, method: str, limits: Limits) -> str | None:
    head = f"the tree ({game.num_nodes:,} nodes) is too large for method {method!r}:"
    problem = _over(limits, "max_nodes", game.num_nodes, f"{head} it has", "nodes") or _over(
        limits, "max_depth", int(game.depth.max()), f"{head} its deepest node is", "moves from the root")
    if problem is not None:
        return problem
    if method == "spe":
        widest = max((s.num_actions for s in game.infosets + game.chance_infosets), default=0)
        return _over(limits, "max_spe_actions", widest, f"{head} one node has", "actions")
    if method == "lcp" and game.num_players == 2:
        sequences = [1 + sum(game.infosets[h].num_actions for h in sets) for sets in game.player_infosets]
        equations = sum(sequences) + sum(1 + len(sets) for sets in game.player_infosets)
        return _over(limits, "max_lcp_equations", equations, f"{head} its sequence-form LCP has",
                     "equations") or _over(limits, "max_cells", sequences[0] * sequences[1],
                                           f"{head} its sequence-form payoff matrices have", "cells")
    if method == "agent_qre":
        entries = game.num_actions * max(1, game.num_terminals)
        return _over(limits, "max_agent_qre_entries", entries, f"{head} it has", "actions x terminals")
    return None
