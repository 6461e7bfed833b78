"""The arrays a sweep fills, point by point or in batches, and their assembly into a SweepResult.

A *batch* is a dict of arrays over some grid points (leading dimension = points):
``vec`` (points, E, C) strategy vectors (NaN padded), ``lab`` the same with the columns of
unreached information sets set to -1 (what labels show), ``pay`` (points, E, players),
``count`` (points,), ``outcome`` (points, L) and ``attrs`` (points, K) of the representative
(the first equilibrium in canonical order), ``degenerate`` (points,).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from berlinsim.model.scenario import MatrixSpec, Scenario
from berlinsim.model.sweep import SweepAxis, SweepResult
from berlinsim.scenarios.build import build_game, evaluate_outcome_grid
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
    """Per point, the order of its equilibria: strategy vectors in decreasing lexicographic order, padding last."""
    key = np.round(-np.nan_to_num(vec), 9)
    invalid = np.arange(vec.shape[1])[None, :] >= count[:, None]
    keys = tuple(key[..., c] for c in reversed(range(vec.shape[2]))) + (invalid,)
    return np.lexsort(keys, axis=-1)


def _sorted(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    order = canonical_order(batch["vec"], batch["count"])
    for key in ("vec", "lab", "pay"):
        batch[key] = np.take_along_axis(batch[key], order[..., None], axis=1)
    return batch


# ----------------------------------------------------------------------------- one point at a time
def _vector(eq: Any) -> np.ndarray:
    if hasattr(eq, "behavior"):
        return np.array([p for player in eq.behavior for probs in player for p in probs], dtype=float)
    return np.array([p for s in eq.strategies for p in s], dtype=float)


def solve_point(scenario: Scenario, lay: Layout, method: str, values: ParameterValues) -> dict[str, np.ndarray]:
    """Build and solve the game at ``values`` with the general solver; a batch of one point."""
    built = build_game(scenario, values)
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
    if not matrix and method not in ("spe", "auto"):
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
    batch = empty(lay, int(ok.sum()))
    vec = found.behavior[ok]
    batch["vec"][:, 0] = vec
    lab = vec.copy()
    reach = found.reach[ok]
    for s, ((start, stop), nodes) in enumerate(zip(lay.infoset_slices, lay.infoset_nodes)):
        unreached = reach[:, list(nodes)].sum(axis=1) <= 1e-12
        lab[unreached, start:stop] = -1.0
    batch["lab"][:, 0] = lab
    batch["pay"][:, 0] = found.values[ok]
    batch["count"][:] = 1
    terminal = found.terminal[ok]
    batch["outcome"] = terminal @ lay.group
    batch["attrs"] = np.einsum("gt,gtk->gk", terminal, attributes[ok])
    return ok, batch


def _matrix_batch(lay: Layout, method: str, payoffs: np.ndarray,
                  attributes: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    from berlinsim.solvers.batched_matrix import batched_pure_equilibria, batched_support_enumeration

    size = payoffs.shape[0]
    shape = payoffs.shape[2:]
    if method == "pure":
        equilibrium, tied = batched_pure_equilibria(payoffs)
        count = equilibrium.reshape(size, -1).sum(axis=1)
        ok = ~tied
        width = max(int(count[ok].max()) if ok.any() else 1, 1)
        cells = np.full((size, width), -1)
        flat = equilibrium.reshape(size, -1)
        rank = np.cumsum(flat, axis=1) - 1
        g_idx, c_idx = np.nonzero(flat)
        cells[g_idx, rank[g_idx, c_idx]] = c_idx
        profiles = []
        for i, n in enumerate(shape):
            action = np.unravel_index(np.maximum(cells, 0), shape)[i]
            profiles.append(np.where((cells >= 0)[..., None], np.eye(n)[action], np.nan))
        vec = np.concatenate(profiles, axis=2)
        strategies = [np.nan_to_num(p) for p in profiles]
        degenerate = np.zeros(size, dtype=bool)
    else:
        found = batched_support_enumeration(payoffs[:, 0], payoffs[:, 1])
        ok = ~found.uncertain
        count = found.count
        valid = np.arange(found.x.shape[1])[None, :] < count[:, None]
        vec = np.where(valid[..., None], np.concatenate([found.x, found.y], axis=2), np.nan)
        strategies = [found.x, found.y]
        degenerate = np.zeros(size, dtype=bool)
    # payoffs of every equilibrium: sum over cells of the joint probability times the payoff
    joint = strategies[0]
    for s in strategies[1:]:
        joint = (joint[..., :, None] * s[..., None, :]).reshape(*joint.shape[:2], -1)
    flat_pay = payoffs.reshape(size, payoffs.shape[1], -1)
    pay = np.einsum("gec,gpc->gep", joint, flat_pay)
    valid = np.arange(vec.shape[1])[None, :] < count[:, None]
    pay = np.where(valid[..., None], pay, np.nan)
    batch = {"vec": vec, "lab": vec.copy(), "pay": pay, "count": count,
             "outcome": np.zeros((size, len(lay.outcome_labels))), "attrs": np.zeros((size, len(lay.attribute_names))),
             "degenerate": degenerate}
    order = canonical_order(vec, count)
    for key in ("vec", "lab", "pay"):
        batch[key] = np.take_along_axis(batch[key], order[..., None], axis=1)
    first = np.take_along_axis(joint, order[:, :1, None], axis=1)[:, 0]
    batch["outcome"] = first @ lay.group
    batch["attrs"] = np.einsum("gc,gck->gk", first, attributes)
    return ok, {k: v[ok] for k, v in batch.items()}


# ----------------------------------------------------------------------------- the result
def unique_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(rows, axis=0, return_index=True, return_inverse=True)``, faster for short rows.

    Each column is coded by a 1-D unique, the codes are combined into one integer key per row
    (when the key fits in 63 bits), and the keys are uniqued: the same result, without sorting rows.
    """
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.shape[0] == 0 or rows.shape[1] == 0:
        return np.unique(rows, axis=0, return_index=True, return_inverse=True)
    key = np.zeros(rows.shape[0], dtype=np.int64)
    span = 1
    for c in range(rows.shape[1]):
        values, codes = np.unique(rows[:, c], return_inverse=True)
        span *= len(values)
        if span >= 2**62:
            return np.unique(rows, axis=0, return_index=True, return_inverse=True)
        key = key * len(values) + codes.ravel()
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return rows[first], first, inverse.ravel()


def labels(lay: Layout, rows: np.ndarray) -> list[str]:
    """:func:`labeller` for many rows at once: each information set's text is made once per distinct
    choice there, each player's once per distinct combination, then joined per row."""
    label = labeller(lay)
    groups: list[tuple[str, list[int]]] = []
    for k, (player, infoset, _) in enumerate(lay.columns):
        if not groups or groups[-1][0] != (player, infoset):
            groups.append(((player, infoset), []))
        groups[-1][1].append(k)
    if len(rows) == 0:
        return []
    by_player: dict[str, list[np.ndarray]] = {}
    part_texts: dict[str, list[str]] = {}
    for player in lay.players:
        members = [cols for (who, _), cols in groups if who == player]
        if not members:
            continue
        cols = [c for m in members for c in m]
        unique, _, inverse = unique_rows(rows[:, cols])
        sub = Layout(kind=lay.kind, players=(player,), columns=tuple(lay.columns[c] for c in cols), infoset_slices=(),
                     infoset_nodes=(), outcome_labels=(), group=np.zeros((0, 0)), attribute_names=(), game=None)
        one = labeller(sub)
        part_texts[player] = [one(u) for u in unique]
        by_player[player] = inverse.ravel()
    del label
    out = []
    players = [p for p in lay.players if p in by_player]
    ids = np.stack([by_player[p] for p in players], axis=1)
    for row in ids.tolist():
        out.append("; ".join(t for t in (part_texts[p][i] for p, i in zip(players, row)) if t))
    return out


def labeller(lay: Layout) -> Any:
    """A fast ``row -> label`` equal to :func:`equilibrium_label` on the columns with ``row >= 0``."""
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    for k, (player, infoset, action) in enumerate(lay.columns):
        if not groups or groups[-1][0] != (player, infoset):
            groups.append(((player, infoset), []))
        groups[-1][1].append((k, action))
    digits, tol = 3, 1e-9

    def label(row: np.ndarray) -> str:
        values = row.tolist()
        texts: dict[str, list[str]] = {}
        for (player, _), members in groups:
            if values[members[0][0]] < 0:
                continue  # an information set the equilibrium does not reach
            used = [(a, values[k]) for k, a in members if values[k] > tol]
            if len(used) == 1:
                text = used[0][0]
            else:
                text = ", ".join(f"{a} {(f'{p:.{digits}f}'.rstrip('0').rstrip('.') or '0')}" for a, p in used)
            texts.setdefault(player, []).append(text)
        parts = []
        for player in lay.players:
            if player in texts:
                shown = texts[player] if len(set(texts[player])) > 1 else texts[player][:1]
                parts.append(f"{player}: {' / '.join(shown)}")
        return "; ".join(parts)

    return label


def assemble(scenario: Scenario, lay: Layout, solved: dict[str, np.ndarray], axes: list, shape: tuple[int, ...], *,
             variant: str | None, between: tuple[str, str] | None, base: ParameterValues, method: str) -> SweepResult:
    solved = _sorted(solved)
    size, width, _ = solved["vec"].shape
    valid = np.arange(width)[None, :] < solved["count"][:, None]
    rows = np.round(solved["lab"][valid], 6)
    label_of = np.full((size, width), -1)
    strings: list[str] = []
    if len(rows):
        unique, _, inverse = unique_rows(rows)
        texts = labels(lay, unique)
        strings = sorted(set(texts))
        position = {t: k for k, t in enumerate(strings)}
        ids = np.array([position[t] for t in texts])
        label_of[valid] = ids[inverse.ravel()]
    label_of.sort(axis=1)
    duplicate = np.zeros_like(label_of, dtype=bool)
    duplicate[:, 1:] = label_of[:, 1:] == label_of[:, :-1]
    label_of[duplicate] = -1
    label_of.sort(axis=1)
    unique_sets, first, region = unique_rows(label_of)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    regions = tuple(tuple(strings[i] for i in unique_sets[k] if i >= 0) for k in order)
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
