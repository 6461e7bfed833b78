"""Subgame-perfect equilibria by backward induction, with every tie kept.

The tree is cut at its subgame roots (:func:`~berlinsim.model.extensive.subgame_roots`). Each
subgame is solved bottom-up, given the equilibria of the subgames below it:

* a decision node whose children are terminals or subgames: the mover takes any action whose
  continuation value is best for them; every optimal action (tie) gives other equilibria;
* a chance node: the expectation of its children's values;
* a subgame with imperfect information (its root region spans several nodes): cut out with
  the continuation values of its own subgames as payoffs and solved as a whole (see
  :mod:`._spe_subgame`; through its reduced normal form, or with an extensive-form method).

Each subgame keeps a table ``value -> ways to reach it``; a way is a local choice plus the
values it needs from the subgames below (for a decision node: the chosen child at its value,
every other child at any value no better for the mover). Counting the equilibria is then a
sum of products over these tables, exact and without enumerating (``contrib/ttt.efg`` in
Gambit's catalog has 188,779,163,811,840 pure subgame-perfect equilibria); the first ``cap``
equilibria are built by unranking. Every equilibrium gets an action at every information set,
reached or not, and is verified by the tree's own regret computation. Exact trees are solved
exactly; float trees on their normalised payoffs (each player's mapped onto ``[0, 1]``), ties
judged within a tolerance relative to that range, so shifting or scaling a player's payoffs
changes no equilibrium and no tie, at any magnitude.

Examples
--------
>>> from berlinsim.model.extensive import ExtensiveGame, decision, terminal
>>> entry = ExtensiveGame.from_tree(
...     decision("Entrant", {"Out": terminal(0, 2),
...                          "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}))
>>> result = spe_solve(entry)
>>> [eq.behavior for eq in result.equilibria]
[(((0.0, 1.0),), ((0.0, 1.0),))]
>>> result.equilibria[0].exact_payoffs, result.details.refinement
((Fraction(1, 1), Fraction(1, 1)), 'subgame perfect')
>>> print(result.details.trace[0].text)
Incumbent at node 2: Fight gives -1, Accommodate gives 1; takes Accommodate
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np

from berlinsim.errors import SolverError
from berlinsim.model import behavior as bh
from berlinsim.model._exact import format_number
from berlinsim.model.backward_trace import SpeDetails, SpeStep
from berlinsim.model.extensive import CHANCE, DECISION, TERMINAL, ExtensiveGame, subgame_roots
from berlinsim.model.result import RELATIVE_TOLERANCE, SolveResult, behavior_equilibrium_from
from berlinsim.solvers._spe_subgame import TOO_LARGE, region_nodes, solve_region

#: Default number of equilibria listed.
DEFAULT_CAP = 1000
#: Most combinations of continuation values tried at one chance node or imperfect-information subgame.
from berlinsim.limits import MAX_SPE_COMBINATIONS as MAX_COMBINATIONS  # noqa: E402

Value = tuple[Any, ...]
# an option: (local assignment ((infoset, probabilities), ...), requirements ((child, allowed values), ...))
Option = tuple[tuple[tuple[int, tuple[Any, ...]], ...], tuple[tuple[int, tuple[Value, ...]], ...]]


class _Solution:
    """Tables of continuation values and the counts of equilibria behind each value."""

    def __init__(self, game: ExtensiveGame, method: str, tol: float) -> None:
        self.game, self.method, self.tol = game, method, tol
        self.exact = game.is_exact
        pay = game.exact_payoffs if self.exact else game.payoffs
        # whole numbers as ints: comparing and adding them is much faster than with Fractions
        self.leaf_values = [tuple(int(x) if self.exact and x.denominator == 1 else (x if self.exact else float(x))
                                  for x in row) for row in pay]
        self.roots = subgame_roots(game)
        self.is_root = np.zeros(game.num_nodes, dtype=bool)
        self.is_root[list(self.roots)] = True
        self.tables: dict[int, dict[Value, list[Option]]] = {}
        self.counts: dict[int, dict[Value, int]] = {}
        self.tie_nodes: set[int] = set()
        self.imperfect: list[int] = []
        self.notes: set[str] = set()
        for r in reversed(self.roots):
            self._solve_root(r)
            self.counts[r] = {v: sum(self._option_count(o) for o in opts) for v, opts in self.tables[r].items()}

    # ------------------------------------------------------------ tables
    def table(self, node: int) -> dict[Value, list[Option]]:
        if self.game.kind[node] == TERMINAL:
            return {self.leaf_values[self.game.terminal_index[node]]: [((), ())]}
        return self.tables[node]

    def at_most(self, a: Any, b: Any) -> bool:
        """``a <= b``: exactly for exact games, within the tolerance for float ones."""
        return a <= b if self.exact else a <= b + self.tol

    def count(self, node: int, value: Value) -> int:
        return 1 if self.game.kind[node] == TERMINAL else self.counts[node][value]

    def _option_count(self, option: Option) -> int:
        total = 1
        for child, allowed in option[1]:
            total *= sum(self.count(child, w) for w in allowed)
        return total

    def _solve_root(self, r: int) -> None:
        game = self.game
        nodes, leaves = region_nodes(game, r, self.is_root)
        children = game.children(r)
        if len(nodes) == 1 + len(children):
            if game.kind[r] == DECISION:
                self.tables[r] = self._decision(r, children)
            else:
                self.tables[r] = self._chance(r, children)
            return
        self.imperfect.append(r)
        values = [list(self.tables[c]) for c in leaves]
        _check_combinations(values, r)
        table: dict[Value, list[Option]] = {}
        for combo in itertools.product(*values):
            leaf_values = dict(zip(leaves, combo))
            for assign, value in solve_region(game, r, leaf_values, self.method, self.is_root, self.notes):
                option = (tuple(sorted(assign.items())), tuple((c, (w,)) for c, w in leaf_values.items()))
                table.setdefault(value, []).append(option)
        if not table:
            self.notes.add(f"the subgame at node {r} has no equilibrium in behaviour strategies that was found "
                           f"(possible without perfect recall), so no subgame-perfect equilibrium is reported")
        self.tables[r] = table

    def _decision(self, r: int, children: tuple[int, ...]) -> dict[Value, list[Option]]:
        i, h = int(self.game.player[r]), int(self.game.infoset[r])
        values = [list(self.table(c)) for c in children]
        table: dict[Value, list[Option]] = {}
        for j, c in enumerate(children):
            onehot = tuple(int(a == j) for a in range(len(children)))
            for v in values[j]:
                reqs = [(c, (v,))]
                for l, other in enumerate(children):
                    if l != j:
                        allowed = tuple(w for w in values[l] if self.at_most(w[i], v[i]))
                        if not allowed:
                            break
                        reqs.append((other, allowed))
                else:
                    table.setdefault(v, []).append((((h, onehot),), tuple(reqs)))
                    # a tie: some other action can be exactly as good for the mover
                    if any(self.at_most(v[i], w[i]) for _, allowed in reqs[1:] for w in allowed):
                        self.tie_nodes.add(r)
        return table

    def _chance(self, r: int, children: tuple[int, ...]) -> dict[Value, list[Option]]:
        s = self.game.chance_infosets[self.game.infoset[r]]
        probs = s.exact_probabilities if self.exact else s.probabilities
        values = [list(self.table(c)) for c in children]
        _check_combinations(values, r)
        table: dict[Value, list[Option]] = {}
        for combo in itertools.product(*values):
            v = tuple(_whole(sum((p * w[i] for p, w in zip(probs, combo)), 0)) for i in range(self.game.num_players))
            table.setdefault(v, []).append(((), tuple((c, (w,)) for c, w in zip(children, combo))))
        return table

    # ------------------------------------------------------------ equilibria
    def total(self) -> int:
        root = self.roots[0] if self.roots else None
        return 1 if root is None else sum(self.counts[root].values())  # 0 when a subgame has no equilibrium

    def unrank(self, k: int) -> dict[int, tuple[Any, ...]]:
        """The ``k``-th equilibrium (0-based): probabilities for every information set."""
        assign: dict[int, tuple[Any, ...]] = {}
        if not self.roots:
            return assign
        root = self.roots[0]
        for v, n in self.counts[root].items():
            if k < n:
                work = [(root, v, k)]
                break
            k -= n
        while work:
            node, v, k = work.pop()
            if self.game.kind[node] == TERMINAL:
                continue
            for option in self.tables[node][v]:
                n = self._option_count(option)
                if k < n:
                    break
                k -= n
            assign.update(option[0])
            for child, allowed in option[1]:
                size = sum(self.count(child, w) for w in allowed)
                k, digit = divmod(k, size)
                for w in allowed:
                    m = self.count(child, w)
                    if digit < m:
                        work.append((child, w, digit))
                        break
                    digit -= m
        return assign


def _whole(x: Any) -> Any:
    return int(x) if isinstance(x, Fraction) and x.denominator == 1 else x


def _check_combinations(values: list[list[Value]], node: int) -> None:
    total = int(np.prod([len(v) for v in values], dtype=object)) if values else 1
    if total > MAX_COMBINATIONS:
        raise SolverError(f"node {node}: {total:,} combinations of continuation values from the subgames below; "
                          f"spe tries at most {MAX_COMBINATIONS:,}")


def spe_solve(game: ExtensiveGame, *, cap: int = DEFAULT_CAP, subgame_method: str = "normal_form") -> SolveResult:
    """Subgame-perfect equilibria of an extensive game by backward induction.

    Parameters
    ----------
    game : ExtensiveGame
    cap : int
        Most equilibria listed; the exact count is always reported (``details.count``).
    subgame_method : str
        How subgames with imperfect information are solved: ``"normal_form"`` (reduced normal
        form; ``enummixed`` for two players, ``auto`` for more) or the name of an extensive-form
        method in :data:`berlinsim.solvers.METHODS` returning behaviour equilibria (e.g. ``"lcp"``).
    """
    if cap < 1:
        raise SolverError(f"cap must be at least 1, got {cap}")
    tol = 0.0 if game.is_exact else RELATIVE_TOLERANCE
    sol = _Solution(game if game.is_exact else game.normalized(), subgame_method, tol)
    count = sol.total()
    listed = min(count, cap)
    equilibria = []
    for k in range(listed):
        assign = sol.unrank(k)
        behavior = tuple(tuple(assign[h] for h in game.player_infosets[p]) for p in range(game.num_players))
        exact = game.is_exact and all(isinstance(x, (int, Fraction)) for probs in assign.values() for x in probs)
        equilibria.append(behavior_equilibrium_from(game, behavior, exact=exact, refinement="subgame perfect"))
    bad = [k for k, eq in enumerate(equilibria) if eq.relative_regret > 1e-7]
    if bad:
        raise SolverError(f"internal check failed: subgame-perfect profile {bad[0]} has regret {equilibria[bad[0]].regret}")
    notes = []
    notes.extend(sorted(sol.notes))
    if count > cap:
        notes.append(f"{count:,} subgame-perfect equilibria; the first {cap:,} are listed (raise the cap to list more)")
    if sol.tie_nodes:
        notes.append(f"ties at {len(sol.tie_nodes)} decision node(s) give several subgame-perfect equilibria")
    if sol.imperfect:
        fell_back = any(n.startswith(TOO_LARGE) for n in sol.notes)
        how = ("for two players their extreme equilibria are combined, so a continuum of equilibria is "
               "represented by its extreme points" + (" (except where a subgame was too large, see above)"
                                                       if fell_back else "")
               if subgame_method == "normal_form" else
               f"each contributes the equilibria {subgame_method!r} returns, not necessarily all")
        notes.append(f"subgames with imperfect information at node(s) {', '.join(map(str, sorted(sol.imperfect)))} "
                     f"were solved as wholes ({subgame_method}); {how}")
    details = SpeDetails(
        refinement="subgame perfect", count=count, truncated=count > cap, cap=cap,
        tie_nodes=tuple(sorted(sol.tie_nodes)), subgame_roots=sol.roots, imperfect_subgames=tuple(sorted(sol.imperfect)),
        trace=_trace(game, sol, equilibria[0]) if equilibria else ())
    return SolveResult(
        method="spe", game=game, equilibria=tuple(equilibria),
        exact=all(eq.exact_regret is not None for eq in equilibria),
        complete=count <= cap and not sol.imperfect, degenerate=None,
        tolerance=tol,
        parameters=(("cap", cap), ("subgame_method", subgame_method)), notes=tuple(notes), details=details)


def _trace(game: ExtensiveGame, sol: _Solution, eq: Any) -> tuple[SpeStep, ...]:
    exact = eq.exact_behavior is not None
    behavior = eq.exact_behavior if exact else eq.behavior
    values = bh.node_values(game, behavior, exact=exact)
    # ties are judged on the values the solution compared (the normalised ones, for a float tree)
    compared = values if sol.game is game else bh.node_values(sol.game, behavior, exact=exact)
    reach = (bh.exact_realization_probabilities if exact else bh.realization_probabilities)(game, behavior)
    flat = bh.flatten_behavior(game, behavior, exact=exact)
    steps = []
    for r in reversed(sol.roots):
        children = game.children(r)
        value = tuple(values[r])
        on_path = bool(reach[r] > 0)
        if r in sol.imperfect:
            nodes, _ = region_nodes(game, r, sol.is_root)
            sets = sorted({int(game.infoset[k]) for k in nodes if game.kind[k] == DECISION})
            text = (f"Subgame at node {r} has imperfect information ({len(sets)} information sets): solved as a "
                    f"whole ({sol.method}); payoffs {_fmt(value)}")
            steps.append(SpeStep(node=r, kind="subgame", player=None, infoset=-1, actions=(), values=(), chosen=(),
                                 tied=(), on_path=on_path, text=text, value=value))
            continue
        per_action = tuple(tuple(values[c]) for c in children)
        actions = game.actions_at(r)
        if game.kind[r] == CHANCE:
            s = game.chance_infosets[game.infoset[r]]
            probs = s.exact_probabilities if exact and s.exact_probabilities else s.probabilities
            parts = ", ".join(f"{a or '#' + str(j + 1)} ({format_number(p)}) gives {_fmt(v)}"
                              for j, (a, p, v) in enumerate(zip(actions, probs, per_action)))
            steps.append(SpeStep(node=r, kind="chance", player=None, infoset=-1, actions=actions, values=per_action,
                                 chosen=tuple(range(len(children))), tied=(), on_path=on_path, probabilities=tuple(probs),
                                 value=value, text=f"Chance at node {r}: {parts}; expected {_fmt(value)}"))
            continue
        i, h = int(game.player[r]), int(game.infoset[r])
        probs = flat[game.action_offset[h]:game.action_offset[h + 1]]
        chosen = tuple(j for j, p in enumerate(probs) if p > 0)
        best = max(compared[c][i] for c in children)
        tied = tuple(j for j, c in enumerate(children) if j not in chosen and sol.at_most(best, compared[c][i]))
        names = [a or f"#{j + 1}" for j, a in enumerate(actions)]
        label = f" ({game.node_labels[r]})" if game.node_labels[r] else ""
        text = (f"{game.players[i]} at node {r}{label}: "
                + ", ".join(f"{n} gives {format_number(v[i])}" for n, v in zip(names, per_action))
                + "; takes " + " and ".join(names[j] for j in chosen)
                + (f" (as good: {', '.join(names[j] for j in tied)})" if tied else ""))
        steps.append(SpeStep(node=r, kind="decision", player=game.players[i], infoset=h, actions=actions,
                             values=per_action, chosen=chosen, tied=tied, on_path=on_path, value=value, text=text))
    return tuple(steps)


def _fmt(value: Value) -> str:
    return "(" + ", ".join(format_number(x) for x in value) + ")"
