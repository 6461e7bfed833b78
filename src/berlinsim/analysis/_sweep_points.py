"""The arrays a sweep fills, point by point or in batches, and their assembly into a SweepResult.

A *batch* is a dict of arrays over some grid points (leading dimension = points) and their
equilibria, in canonical order (:mod:`berlinsim.model.identity`): ``vec`` (points, E, C) strategy
vectors (NaN padded), ``reach`` (points, E, S) whether each equilibrium reaches each information set
(S sets; a matrix player's actions are one set, always reached), ``pay`` (points, E, players),
``outcome`` (points, E, L) and ``attrs`` (points, E, K) of every equilibrium, ``count`` (points,),
``degenerate`` (points,).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from berlinsim.analysis._sweep_labels import groups, label_ids, unique_ints
from berlinsim.model.identity import REACHED, canonical_key, reached_columns, strategy_columns, strategy_vector
from berlinsim.model.scenario import Scenario
from berlinsim.model.sweep_result import SweepAxis, SweepResult
from berlinsim.scenarios.build import build_game
from berlinsim.scenarios.grid import evaluate_outcome_grid
from berlinsim.scenarios.run import outcome_summary, solve_built
from berlinsim.scenarios.values import ParameterValues

#: Methods whose complete answer on a 2-player matrix game up to 4 x 4 is the set of extreme equilibria.
ALL_EQUILIBRIA_METHODS = ("enummixed", "auto")


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    """What the columns of a sweep's arrays are (fixed over the grid)."""

    kind: str
    players: tuple[str, ...]
    columns: tuple[tuple[str, str, str], ...]
    infoset_slices: tuple[tuple[int, int], ...]
    infoset_nodes: tuple[tuple[int, ...], ...]
    outcome_labels: tuple[str, ...]
    group: np.ndarray
    attribute_names: tuple[str, ...]
    game: Any

    @property
    def sets(self) -> int:
        """Information sets of the strategy vector (a matrix player's actions count as one)."""
        return len(self.infoset_slices) if self.kind == "tree" else len(self.players)


def layout(scenario: Scenario, base: ParameterValues) -> Layout:
    """The columns of a sweep of ``scenario`` (from its game at the fixed values)."""
    built = build_game(scenario, base)
    game = built.game
    columns = strategy_columns(game)
    slices, nodes = [], []
    if scenario.kind == "tree":
        start = 0
        for sets in game.player_infosets:
            for j in sets:
                info = game.infosets[j]
                slices.append((start, start + len(info.actions)))
                nodes.append(tuple(int(n) for n in info.nodes))
                start += len(info.actions)
    labels = tuple(dict.fromkeys(str(x) for x in built.outcome_labels))
    group = np.zeros((len(built.outcome_labels), len(labels)))
    for r, label in enumerate(built.outcome_labels):
        group[r, labels.index(str(label))] = 1.0
    return Layout(kind=scenario.kind, players=tuple(game.players), columns=columns,
                  infoset_slices=tuple(slices), infoset_nodes=tuple(nodes), outcome_labels=labels, group=group,
                  attribute_names=tuple(scenario.attribute_names), game=game)


def empty(lay: Layout, size: int, width: int = 1) -> dict[str, np.ndarray]:
    c, n, L, K = len(lay.columns), len(lay.players), len(lay.outcome_labels), len(lay.attribute_names)
    return {"vec": np.full((size, width, c), np.nan), "reach": np.zeros((size, width, lay.sets), dtype=bool),
            "pay": np.full((size, width, n), np.nan), "count": np.zeros(size, dtype=int),
            "outcome": np.full((size, width, L), np.nan), "attrs": np.full((size, width, K), np.nan),
            "degenerate": np.zeros(size, dtype=bool), "batched": np.zeros(size, dtype=bool)}


#: The per-equilibrium arrays of a batch (the rest are per point).
_PER_EQUILIBRIUM = ("vec", "reach", "pay", "outcome", "attrs")


def fill(target: dict[str, np.ndarray], batch: dict[str, np.ndarray], where: np.ndarray, *, batched: bool = True) -> None:
    """Copy ``batch`` into ``target`` at the points ``where`` (widening the equilibrium axis if needed)."""
    width = batch["vec"].shape[1]
    if width > target["vec"].shape[1]:
        for key in _PER_EQUILIBRIUM:
            old = target[key]
            grown = np.full((old.shape[0], width, old.shape[2]), False if old.dtype == bool else np.nan,
                            dtype=old.dtype)
            grown[:, : old.shape[1]] = old
            target[key] = grown
    for key in _PER_EQUILIBRIUM:
        target[key][where] = False if target[key].dtype == bool else np.nan
        target[key][where, :width] = batch[key]
    for key in ("count", "degenerate"):
        target[key][where] = batch[key]
    target["batched"][where] = batched


def canonical_order(vec: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Per point, the order of its equilibria: strategy vectors in decreasing lexicographic order
    (rounded to 9 decimals), ties in their given order, padding (NaN rows past ``count``) last.

    >>> vec = np.array([[[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]]])
    >>> canonical_order(vec, np.array([3])).tolist(), canonical_order(vec, np.array([2])).tolist()
    ([[1, 2, 0]], [[1, 0, 2]])
    """
    points, width, columns = vec.shape
    order = np.tile(np.arange(width), (points, 1))
    for size in np.unique(count[count > 1]).tolist():  # points with the same number of equilibria together
        rows = np.flatnonzero(count == size)
        order[rows, :size] = _ranked(vec[rows, :size]) if size <= 4 else _lexsorted(vec[rows, :size])
    return order


def _lexsorted(vec: np.ndarray) -> np.ndarray:
    key = np.round(-np.nan_to_num(vec), 9)
    return np.lexsort(tuple(key[..., c] for c in reversed(range(vec.shape[2]))), axis=-1)


def _ranked(vec: np.ndarray) -> np.ndarray:
    """:func:`_lexsorted` for a handful of equilibria per point: ranks by pairwise comparisons of
    integer keys (the rounded coordinates, two packed in each 62-bit key)."""
    points, width, columns = vec.shape
    q = np.multiply(vec.transpose(1, 2, 0), -1e9)  # (width, C, points): np.round(-vec, 9) as integers
    np.rint(q, out=q)
    np.nan_to_num(q, copy=False)
    if q.size and (q.min() < -2.0**30 or q.max() > 0):
        return _lexsorted(vec)
    q += 2**30
    q = q.astype(np.int64)
    keys = [q[:, c] << 31 | q[:, c + 1] if c + 1 < columns else q[:, c] << 31 for c in range(0, columns, 2)]
    rank = np.zeros((width, points), dtype=np.int64)
    for e in range(width):  # rank = how many come first
        for f in range(e + 1, width):
            first = np.ones(points, dtype=bool)  # equal keys: the earlier one first
            for key in reversed(keys):
                first = (key[e] < key[f]) | ((key[e] == key[f]) & first)
            rank[f] += first
            rank[e] += ~first
    order = np.empty((points, width), dtype=np.int64)
    np.put_along_axis(order, rank.T, np.arange(width)[None, :], axis=1)
    return order


# ----------------------------------------------------------------------------- one point at a time
def _set_flags(lay: Layout, reached: np.ndarray) -> np.ndarray:
    """Per-column reached flags -> one flag per information set of the layout."""
    if lay.kind == "tree":
        return np.array([bool(reached[start]) for start, _ in lay.infoset_slices], dtype=bool)
    return np.ones(len(lay.players), dtype=bool)


def solve_point(scenario: Scenario, lay: Layout, method: str, values: ParameterValues) -> dict[str, np.ndarray]:
    """Build and solve the game at ``values`` with the general solver; a batch of one point."""
    built = build_game(scenario, values)
    result = solve_built(built.game, method)
    eqs = list(result.equilibria)
    vecs = [strategy_vector(eq) for eq in eqs]
    order = sorted(range(len(eqs)), key=lambda e: canonical_key(vecs[e]))  # the order of identify()
    batch = empty(lay, 1, max(len(eqs), 1))
    for k, e in enumerate(order):
        batch["vec"][0, k] = vecs[e]
        batch["reach"][0, k] = _set_flags(lay, reached_columns(built.game, eqs[e]))
        batch["pay"][0, k] = eqs[e].payoffs
        summary = outcome_summary(built, eqs[e])
        dist = dict(summary.distribution)
        batch["outcome"][0, k] = [float(dist.get(label, 0.0)) for label in lay.outcome_labels]
        batch["attrs"][0, k] = [float(v) for _, v in summary.expected_attributes]
    batch["count"][0] = len(eqs)
    batch["degenerate"][0] = bool(result.degenerate)
    return batch


def solve_chunk(scenario: Scenario, lay: Layout, method: str, values: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """:func:`solve_point` for several points (parameter values as dicts), as one batch (what an executor runs)."""
    parts = [solve_point(scenario, lay, method, ParameterValues(values=v)) for v in values]
    width = max(p["vec"].shape[1] for p in parts)
    out = empty(lay, len(parts), width)
    for k, part in enumerate(parts):
        fill(out, part, np.array([k]))
    return out


# ----------------------------------------------------------------------------- batched
def solve_batched(scenario: Scenario, lay: Layout, method: str, grid: dict[str, np.ndarray],
                  base: ParameterValues, shape: tuple[int, ...]) -> tuple[np.ndarray, dict[str, np.ndarray]] | None:
    """Solve the whole grid with a batched method where one applies: ``(solved mask, batch of those)``.

    Returns None when no batched method applies to this scenario and method.
    """
    matrix = lay.kind == "matrix"
    if matrix and not (method == "pure" or (method in ALL_EQUILIBRIA_METHODS and len(lay.players) == 2
                                             and max(lay.game.shape) <= 4)):
        return None
    if not matrix and method not in ("spe", "auto", "pbe"):  # batched backward induction: pbe is spe there
        return None
    payoffs, attributes, chance = evaluate_outcome_grid(scenario, grid, base)
    size = int(np.prod(shape))
    payoffs = payoffs.reshape(size, *payoffs.shape[len(shape):])
    attributes = attributes.reshape(size, *attributes.shape[len(shape):])
    if matrix:
        return _matrix_batch(lay, method, payoffs, attributes)
    from berlinsim.solvers.batched_tree import batched_backward_induction, supports_batched

    if not supports_batched(lay.game):
        return None
    chance = tuple(np.broadcast_to(c, (*shape, c.shape[-1])).reshape(size, c.shape[-1]) for c in chance)
    found = batched_backward_induction(lay.game, payoffs, chance)
    ok = ~found.tied
    every = bool(ok.all())

    def pick(array: np.ndarray) -> np.ndarray:
        return array if every else array[ok]

    vec = np.ascontiguousarray(pick(found.behavior))
    reach = found.reach.T  # (nodes, G)
    reached = np.stack([pick(reach[list(nodes)].sum(axis=0) > REACHED) for nodes in lay.infoset_nodes], axis=1)
    terminal = np.ascontiguousarray(pick(found.terminal))
    points = len(vec)
    batch = {"vec": vec[:, None], "reach": reached[:, None], "pay": np.ascontiguousarray(pick(found.values))[:, None],
             "count": np.ones(points, dtype=int), "outcome": np.einsum("gt,tl->gl", terminal, lay.group)[:, None],
             "attrs": pick(_expected(found.terminal, attributes))[:, None], "degenerate": np.zeros(points, dtype=bool)}
    return ok, batch


def _expected(probabilities: np.ndarray, attributes: np.ndarray) -> np.ndarray:
    """``sum_r probabilities[g, r] * attributes[g, r, k]``, row by row over grid-last arrays (the layout
    the grid evaluation fills). No BLAS call: its threads would keep spinning after such a product."""
    by_row, weights = attributes.transpose(1, 2, 0), probabilities.T
    total = np.zeros(by_row.shape[1:])
    for r in range(len(weights)):
        total += by_row[r] * weights[r]
    return total.T


def _matrix_batch(lay: Layout, method: str, payoffs: np.ndarray,
                  attributes: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    from berlinsim.solvers.batched_matrix import batched_equilibria, batched_pure_equilibria

    size = payoffs.shape[0]
    shape = payoffs.shape[2:]
    ordered = None
    if method == "pure":
        equilibrium, tied = batched_pure_equilibria(payoffs)
        ok = ~tied
        flat = equilibrium.reshape(size, -1)[ok]
        count = flat.sum(axis=1)
        width = max(int(count.max()) if len(count) else 1, 1)
        cells = np.full((len(count), width), -1)
        rank = np.cumsum(flat, axis=1) - 1
        g_idx, c_idx = np.nonzero(flat)
        cells[g_idx, rank[g_idx, c_idx]] = c_idx
        actions = np.unravel_index(np.maximum(cells, 0), shape)
        strategies = [np.where((cells >= 0)[..., None], np.eye(n)[actions[i]], 0.0) for i, n in enumerate(shape)]
        degenerate = np.zeros(len(count), dtype=bool)
    else:
        found = batched_equilibria(payoffs[:, 0], payoffs[:, 1])
        ok = ~found.uncertain
        keep = slice(None) if ok.all() else ok
        strategies = [found.x[keep], found.y[keep]]
        count, degenerate, pay = found.count[keep], found.degenerate[keep], found.payoffs[keep]
        if found.ordered is not None:
            ordered = found.ordered[keep]
    if not ok.all():
        payoffs, attributes = payoffs[ok], attributes[ok]
    points = len(count)
    width = strategies[0].shape[1]
    if method == "pure":  # payoffs of every equilibrium: sum over cells of the joint probability times the payoff
        joint = strategies[0]
        for s in strategies[1:]:
            joint = (joint[..., :, None] * s[..., None, :]).reshape(points, width, -1)
        pay = np.einsum("gec,gpc->gep", joint, payoffs.reshape(points, payoffs.shape[1], -1))
    table = np.concatenate(strategies + [pay], axis=2)  # each equilibrium's strategies, then its payoffs
    columns = table.shape[2] - pay.shape[2]
    # canonical order: only points with several equilibria not listed in that order already need sorting
    multi = np.flatnonzero((count > 1) & ~ordered) if ordered is not None else np.flatnonzero(count > 1)
    if multi.size:
        some = table[multi, :, :columns]
        some[np.arange(width)[None, :] >= count[multi, None]] = np.nan
        order = canonical_order(some, count[multi]) + (multi * width)[:, None]
        table[multi] = table.reshape(points * width, -1)[order.ravel()].reshape(len(multi), width, -1)
    vec, pay = table[..., :columns], table[..., columns:]
    table[np.arange(width)[None, :] >= count[:, None]] = np.nan
    outcome = np.full((points, width, len(lay.outcome_labels)), np.nan)
    attrs = np.full((points, width, len(lay.attribute_names)), np.nan)
    for e in range(width):  # each equilibrium's outcome distribution: the product of the players' strategies
        joint = vec[:, e, :shape[0]].copy()
        start = shape[0]
        for n in shape[1:]:
            joint = (joint[:, :, None] * vec[:, e, None, start:start + n]).reshape(points, -1)
            start += n
        outcome[:, e] = np.einsum("gc,cl->gl", joint, lay.group)
        attrs[:, e] = _expected(joint, attributes)
    batch = {"vec": vec, "reach": np.ones((points, width, len(shape)), dtype=bool), "pay": pay, "count": count,
             "outcome": outcome, "attrs": attrs, "degenerate": degenerate}
    return ok, batch


# ----------------------------------------------------------------------------- the result
def numbered(strings: list[str], ids: np.ndarray) -> tuple[list[str], np.ndarray]:
    """:func:`berlinsim.model.identity.numbered` for every point at once: ``ids`` (points, E), -1 padded,
    into ``strings``; a label repeated at one point gets ``" #2"``, ``" #3"``, ... in order.

    >>> numbered(["a", "b"], np.array([[0, 0, 1], [1, 0, -1]]))
    (['a', 'a #2', 'b'], array([[ 0,  1,  2],
           [ 2,  0, -1]]))
    """
    repeat = np.zeros_like(ids)
    for e in range(1, ids.shape[1]):
        for f in range(e):
            repeat[:, e] += (ids[:, f] == ids[:, e]) & (ids[:, e] >= 0)
    if not repeat.any():
        return strings, ids
    where = repeat > 0
    new = [f"{strings[i]} #{r + 1}" for i, r in zip(ids[where].tolist(), repeat[where].tolist())]
    every = sorted(set(strings) | set(new))
    position = {t: k for k, t in enumerate(every)}
    remap = np.array([position[t] for t in strings], dtype=np.int64)
    out = np.where(ids >= 0, remap[np.maximum(ids, 0)], -1)
    out[where] = [position[t] for t in new]
    return every, out


def regions_of(supports: list[str], support_of: np.ndarray) -> tuple[tuple[tuple[str, ...], ...], np.ndarray]:
    """The regions (distinct sets of supports, in order of first appearance) and each point's region.

    ``support_of`` (points, E): each equilibrium's support index, -1 padded. A region lists its supports
    as the equilibria at its first point do, each once.

    >>> regions_of(["x", "y"], np.array([[1, 0], [0, 1], [0, -1], [0, 0]]))
    ((('y', 'x'), ('x',)), array([0, 0, 1, 1]))
    """
    key = np.sort(support_of, axis=1)
    if key.shape[1] > 1:  # each support once
        repeated = np.zeros(key.shape, dtype=bool)
        repeated[:, 1:] = (key[:, 1:] == key[:, :-1]) & (key[:, 1:] >= 0)
        if repeated.any():
            key[repeated] = -1
            key.sort(axis=1)
    _, first, inverse = unique_ints(key)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    regions = tuple(tuple(dict.fromkeys(supports[i] for i in support_of[first[k]].tolist() if i >= 0))
                    for k in order.tolist())
    return regions, rank[inverse]


def assemble(scenario: Scenario, lay: Layout, solved: dict[str, np.ndarray], axes: list, shape: tuple[int, ...], *,
             variant: str | None, between: tuple[str, str] | None, base: ParameterValues, method: str) -> SweepResult:
    """The :class:`SweepResult` of filled arrays (every point's equilibria already in canonical order)."""
    size, width, _ = solved["vec"].shape
    valid = np.arange(width)[None, :] < solved["count"][:, None]
    labels, ids, supports, support_ids = label_ids(lay.columns, lay.players, solved["vec"][valid],
                                                   solved["reach"][valid])
    label_of = np.full((size, width), -1, dtype=np.int64)
    label_of[valid] = ids
    labels, label_of = numbered(labels, label_of)
    support_of = np.full((size, width), -1, dtype=np.int64)
    support_of[valid] = support_ids
    regions, region = regions_of(supports, support_of)
    names = [n for n, _ in axes]
    fixed = tuple((n, float(base[n])) for n in scenario.parameter_names if n not in names and between is None)

    def grid(key: str) -> np.ndarray:
        return solved[key].reshape(*shape, width, solved[key].shape[-1])

    return SweepResult(
        scenario_id=scenario.id, title=scenario.title,
        axes=tuple(SweepAxis(name=n, values=[float(v) for v in vals]) for n, vals in axes),
        players=lay.players, strategy_columns=lay.columns, outcome_labels=lay.outcome_labels,
        attribute_names=lay.attribute_names, num_equilibria=solved["count"].reshape(shape),
        labels=tuple(labels), label_index=label_of.reshape(*shape, width),
        supports=tuple(supports), support_index=support_of.reshape(*shape, width),
        regions=regions, region_index=region.reshape(shape),
        equilibrium_payoffs=grid("pay"), equilibrium_strategies=grid("vec"), equilibrium_outcomes=grid("outcome"),
        equilibrium_attributes=grid("attrs"),
        degenerate=solved["degenerate"].reshape(shape), batched=solved["batched"].reshape(shape),
        variant=variant if between is None else None, between=between, fixed=fixed, method=method)
