"""Equilibrium solvers: pure functions ``game -> SolveResult``, one module per family.

:data:`METHODS` is the one table that maps a method name to its function. Modules are
imported only when their method is called, so importing this package (and the CLI)
stays cheap: scipy is loaded by the methods that use it, not before.

Examples
--------
>>> from berlinsim.model.normal_form import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")))
>>> result = solve(pd, "pure")
>>> [eq.strategies for eq in result.equilibria]
[((0.0, 1.0), (0.0, 1.0))]
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

from berlinsim.errors import SolverError
from berlinsim.limits import Limits

#: method name -> (module under berlinsim.solvers, function name, one-line description)
METHODS: dict[str, tuple[str, str, str]] = {
    "auto": ("auto", "auto_solve", "2 players: enummixed; 3+ players: enumpoly when small, else pure plus the QRE limit; trees: spe, or pbe when an information set has several nodes"),
    "pure": ("pure", "pure_solve", "all pure-strategy equilibria, any number of players"),
    "enummixed": ("enummixed", "enummixed_solve", "all extreme equilibria of a 2-player game (vertex enumeration)"),
    "enumpoly": ("enumpoly", "enumpoly_solve", "all isolated equilibria of a small n-player game (supports, exact polynomial systems)"),
    "correlated": ("correlated", "correlated_solve", "correlated equilibria (coarse=true: coarse): welfare optimum, best/worst per player, vertices"),
    "lh": ("lemke_howson", "lh_solve", "Lemke-Howson from every starting label, 2 players"),
    "lp": ("lp", "lp_solve", "2-player constant-sum games by linear programming"),
    "qre": ("qre", "qre_solve", "logit quantal response equilibrium path and its Nash limit"),
    "stackelberg": ("stackelberg", "stackelberg_solve", "leader's optimal commitment, 2 players"),
    "dominance": ("dominance", "dominance_solve", "iterated elimination of dominated actions, with a trace"),
    "spe": ("spe", "spe_solve", "subgame-perfect equilibria of an extensive game by backward induction (all ties)"),
    "lcp": ("lcp", "lcp_solve", "one Nash equilibrium of a 2-player extensive game (sequence form, Lemke)"),
    "agent_qre": ("agent_qre", "agent_qre_solve", "agent-form logit QRE path of an extensive game and its limit"),
    "pbe": ("pbe", "pbe_solve", "perfect Bayesian equilibria of an extensive game, with beliefs and signalling refinements"),
}

#: What a method name means for an extensive-form game where the tree has its own method:
#: ``qre`` is the agent-form logit QRE; ``auto`` depends on the tree (:func:`tree_method`).
TREE_EQUIVALENTS: dict[str, str] = {"qre": "agent_qre"}

#: Methods written for extensive-form games; every other method solves tables (and a tree
#: through its reduced normal form).
TREE_METHODS: frozenset[str] = frozenset({"spe", "lcp", "agent_qre", "pbe"})


def tree_method(method: str, game: Any) -> str:
    """The method that ``method`` means on the extensive-form ``game``.

    ``auto`` is subgame perfection (``spe``, backward induction) when every information set is a
    single node, and perfect Bayesian equilibrium (``pbe``) when some is not: there ``spe``
    keeps every Nash equilibrium of a part without proper subgames, including play that no
    belief justifies. ``qre`` is ``agent_qre``; every other name is itself.

    >>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    >>> tree = ExtensiveGame.from_tree(decision("A", {"x": terminal(1), "y": terminal(0)}))
    >>> tree_method("auto", tree), tree_method("qre", tree), tree_method("spe", tree)
    ('spe', 'agent_qre', 'spe')
    """
    if method == "auto":
        return "spe" if game.is_perfect_information else "pbe"
    return TREE_EQUIVALENTS.get(method, method)


def solver_for(method: str, *, limits: Limits | None = None) -> Callable[..., Any]:
    """The function that implements ``method``, refusing games beyond ``limits`` before it starts.

    The size check (:mod:`berlinsim.solvers._size_check`, with :data:`berlinsim.limits.DEFAULT`
    when ``limits`` is None) runs once per outside call; solvers that call other solvers are
    not checked again.

    >>> solver_for("pure").__name__
    'pure_solve'
    """
    try:
        module_name, function_name, _ = METHODS[method]
    except KeyError:
        known = ", ".join(sorted(METHODS))
        raise SolverError(f"unknown method {method!r}; known methods: {known}") from None
    module = import_module(f"{__name__}.{module_name}")
    from berlinsim.solvers._size_check import checked

    return checked(method, getattr(module, function_name), limits)


def solve(game: Any, method: str = "auto", *, limits: Limits | None = None, **options: Any) -> Any:
    """Solve ``game`` with ``method`` (a key of :data:`METHODS`) within ``limits`` (see :func:`solver_for`)."""
    return solver_for(method, limits=limits)(game, **options)
