"""The arrays a sweep fills, point by point or in batches, and their assembly into a SweepResult.

A *batch* is a dict of arrays over some grid points (leading dimension = points):
``vec`` (points, E, C) strategy vectors (NaN padded), ``lab`` the same with the columns of
unreached information sets set to -1 (what labels show), ``pay`` (points, E, players),
``count`` (points,), ``outcome`` (points, L) and ``attrs`` (points, K) of the representative
(the first equilibrium in canonical order), ``degenerate`` (points,).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from berlinsim.analysis._sweep_labels import label_ids, unique_ints
from berlinsim.model.scenario import MatrixSpec, Scenario
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


def layout(scenario: Scenario, base: ParameterValues) -> Layout:
    """The columns of a sweep of ``scenario`` (from its game at the fixed values)."""
    built = build_game(scenario, base)
    game = built.game
    columns, slices, nodes = [], [], []
    if isinstance(scenario.game, MatrixSpec):
        for player, actions in zip(game.players, game.actions):
            columns += [(player, "", a) for a in actions]
    else:
        for p, sets in enumerate(game.player_infosets):
            for j in sets:
                info = game.infosets[j]
                start = len(columns)
                columns += [(game.players[p], info.label, a) for a in info.actions]
                slices.append((start, len(columns)))
                nodes.append(tuple(int(n) for n in info.nodes))
    labels = tuple(dict.fromkeys(str(x) for x in built.outcome_labels))
    group = np.zeros((len(built.outcome_labels), len(labels)))
    for r, label in enumerate(built.outcome_labels):
        group[r, labels.index(str(label))] = 1.0
    return Layout(kind=scenario.kind, players=tuple(game.players), columns=tuple(columns),
                  infoset_slices=tuple(slices), infoset_nodes=tuple(nodes), outcome_labels=labels, group=group,
                  attribute_names=tuple(scenario.attribute_names), game=game)


def empty(lay: Layout, size: int, width: int = 1) -> dict[str, np.ndarray]:
    c, n = len(lay.columns), len(lay.players)
    return {"vec": np.full((size, width, c), np.nan), "lab": np.full((size, width, c), np.nan),
            "pay": np.full((size, width, n), np.nan), "count": np.zeros(size, dtype=int),
            "outcome": np.zeros((size, len(lay.outcome_labels))), "attrs": np.zeros((size, len(lay.attribute_names))),
            "degenerate": np.zeros(size, dtype=bool), "batched": np.zeros(size, dtype=bool)}


def fill(target: dict[str, np.ndarray], batch: dict[str, np.ndarray], where: np.ndarray, *, batched: bool = True) -> None:
    """Copy ``batch`` into ``target`` at the points ``where`` (widening the equilibrium axis if needed)."""
    width = batch["vec"].shape[1]
    if width > target["vec"].shape[1]:
        for key in ("vec", "lab", "pay"):
            old = target[key]
            grown = np.full((old.shape[0], width, old.shape[2]), np.nan)
            grown[:, : old.shape[1]] = old
            target[key] = grown
    for key in ("vec", "lab", "pay"):
        target[key][where] = np.nan
        target[key][where, :width] = batch[key]
    for key in ("count", "outcome", "attrs", "degenerate"):
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
def _vector(eq: Any) -> np.ndarray:
    if hasattr(eq, "behavior"):
        return np.array([p for player in eq.behavior for probs in player for p in probs], dtype=float)
    return np.array([p for s in eq.strategies for p in s], dtype=float)


def solve_point(scenario: Scenario, lay: Layout, method: str, values: ParameterValues,
                solver: Callable[[Any], Any] | None = None) -> dict[str, np.ndarray]:
    """Build and solve the game at ``values`` with the general solver (or ``solver``, a tree method's
    function for this tree); a batch of one point."""
    built = build_game(scenario, values)
    if solver is not None:
        from berlinsim.solvers._size_check import check_size

        check_size(built.game, method)
        result = solver(built.game)
    else:
        result = solve_built(built.game, method)
    eqs = list(result.equilibria)
    vecs = [_vector(eq) for eq in eqs]
    order = sorted(range(len(eqs)), key=lambda e: tuple(np.round(-vecs[e], 9)))
    batch = empty(lay, 1, max(len(eqs), 1))
    for k, e in enumerate(order):
        batch["vec"][0, k] = vecs[e]
        lab = vecs[e].copy()
        if lay.kind == "tree":
            from berlinsim.model.behavior import realization_probabilities

            reach = realization_probabilities(built.game, eqs[e].behavior)
            for (start, stop), nodes in zip(lay.infoset_slices, lay.infoset_nodes):
                if reach[list(nodes)].sum() <= 1e-12:
                    lab[start:stop] = -1.0
        batch["lab"][0, k] = lab
        batch["pay"][0, k] = eqs[e].payoffs
    batch["count"][0] = len(eqs)
    if eqs:
        summary = outcome_summary(built, eqs[order[0]])
        dist = dict(summary.distribution)
        batch["outcome"][0] = [float(dist.get(label, 0.0)) for label in lay.outcome_labels]
        batch["attrs"][0] = [float(v) for _, v in summary.expected_attributes]
    batch["degenerate"][0] = bool(result.degenerate)
    return batch


def solve_chunk(scenario: Scenario, lay: Layout, method: str, values: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """:func:`solve_point` for several points (parameter values as dicts), as one batch (what an executor runs).

    With ``pbe`` on a tree (``auto`` where an information set has several nodes), one solver serves
    the whole chunk and keeps what depends on the tree's shape from point to point
    (:func:`berlinsim.solvers.pbe.pbe_solver_for_one_tree`).
    """
    solver = None
    if lay.kind == "tree":
        from berlinsim.solvers import tree_method

        if tree_method(method, lay.game) == "pbe":
            from berlinsim.solvers.pbe import pbe_solver_for_one_tree

            method, solver = "pbe", pbe_solver_for_one_tree()
    parts = [solve_point(scenario, lay, method, ParameterValues(values=v), solver) for v in values]
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
    lab = vec.copy()
    reach = found.reach.T  # (nodes, G)
    for (start, stop), nodes in zip(lay.infoset_slices, lay.infoset_nodes):
        unreached = pick(reach[list(nodes)].sum(axis=0) <= 1e-12)
        lab[unreached, start:stop] = -1.0
    terminal = np.ascontiguousarray(pick(found.terminal))
    points = len(vec)
    batch = {"vec": vec[:, None], "lab": lab[:, None], "pay": np.ascontiguousarray(pick(found.values))[:, None],
             "count": np.ones(points, dtype=int), "outcome": np.einsum("gt,tl->gl", terminal, lay.group),
             "attrs": pick(_expected(found.terminal, attributes)), "degenerate": np.zeros(points, dtype=bool)}
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
    # the representative's (the first equilibrium's) outcome distribution
    first = vec[:, 0, :shape[0]].copy()  # (not a view: padding becomes NaN below)
    start = shape[0]
    for n in shape[1:]:
        first = (first[:, :, None] * vec[:, 0, None, start:start + n]).reshape(points, -1)
        start += n
    table[np.arange(width)[None, :] >= count[:, None]] = np.nan
    batch = {"vec": vec, "lab": vec, "pay": pay, "count": count, "outcome": np.einsum("gc,cl->gl", first, lay.group),
             "attrs": _expected(first, attributes), "degenerate": degenerate}
    return ok, batch


# ----------------------------------------------------------------------------- the result
def assemble(scenario: Scenario, lay: Layout, solved: dict[str, np.ndarray], axes: list, shape: tuple[int, ...], *,
             variant: str | None, between: tuple[str, str] | None, base: ParameterValues, method: str) -> SweepResult:
    """The :class:`SweepResult` of filled arrays (every point's equilibria already in canonical order)."""
    size, width, _ = solved["vec"].shape
    valid = np.arange(width)[None, :] < solved["count"][:, None]
    strings, ids = label_ids(lay.columns, lay.players, solved["lab"][valid])  # rounded to 6 decimals there
    label_of = np.full((size, width), -1)
    label_of[valid] = ids
    if width > 1:  # each point's set of labels: sorted, duplicates dropped
        label_of.sort(axis=1)
        duplicate = (label_of[:, 1:] == label_of[:, :-1]) & (label_of[:, 1:] >= 0)
        if duplicate.any():  # two equilibria with one label (rare)
            label_of[:, 1:][duplicate] = -1
            label_of.sort(axis=1)
    unique_sets, first, region = unique_ints(label_of)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    regions = tuple([tuple([strings[i] for i in row if i >= 0]) for row in unique_sets[order].tolist()])
    region_index = rank[region.ravel()].reshape(shape)
    names = [n for n, _ in axes]
    fixed = tuple((n, float(base[n])) for n in scenario.parameter_names if n not in names and between is None)
    reps = solved["vec"][:, 0]
    return SweepResult(
        scenario_id=scenario.id, title=scenario.title,
        axes=tuple(SweepAxis(name=n, values=[float(v) for v in vals]) for n, vals in axes),
        players=lay.players, regions=regions, region_index=region_index,
        num_equilibria=solved["count"].reshape(shape),
        equilibrium_payoffs=solved["pay"].reshape(*shape, width, len(lay.players)),
        strategy_columns=lay.columns, strategies=np.nan_to_num(reps).reshape(*shape, len(lay.columns)),
        outcome_labels=lay.outcome_labels, outcome_probabilities=solved["outcome"].reshape(*shape, -1),
        attribute_names=lay.attribute_names, expected_attributes=solved["attrs"].reshape(*shape, -1),
        degenerate=solved["degenerate"].reshape(shape), batched=solved["batched"].reshape(shape),
        variant=variant if between is None else None, between=between, fixed=fixed, method=method)
