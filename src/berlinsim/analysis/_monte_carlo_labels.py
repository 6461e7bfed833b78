"""Outcome labels of many solved draws at once (private to :mod:`berlinsim.analysis.monte_carlo`).

Each equilibrium's strategy row becomes a support pattern (per column: 0 unused, 1 used, 2 at an
information set its play does not reach); each distinct pattern is labelled once with
:func:`berlinsim.analysis.outcome_keys.outcome_label`, exactly as the per-draw path labels an
equilibrium's outcome. Labels found in different chunks are merged into one sorted list, so the
answers do not depend on the chunk size.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from berlinsim.analysis._sweep_labels import unique_rows
from berlinsim.analysis.outcome_keys import SUPPORT_TOL, outcome_label

__all__ = ["Labeller"]


class Labeller:
    """Outcome labels of filled sweep arrays: a support pattern per equilibrium, labelled once per pattern."""

    def __init__(self, lay: Any, result_type: type) -> None:
        self.lay = lay
        self.result_type = result_type
        self.texts: dict[bytes, str] = {}
        if lay.kind == "tree":
            game = lay.game
            self.infosets = [(game.players[p], game.infosets[h].label or str(h)) for p, sets in
                             enumerate(game.player_infosets) for h in sets]

    def _label(self, pattern: np.ndarray) -> str:
        """The outcome label of one pattern (per column: 0 unused, 1 used, 2 at an unreached information set)."""
        lay = self.lay
        players = lay.players
        if lay.kind == "matrix":
            key = tuple(tuple(a for (p, _, a), code in zip(lay.columns, pattern) if p == player and code == 1)
                        for player in players)
            return outcome_label(players, key)
        moves: dict[str, list] = {player: [] for player in players}
        for (player, label), (start, stop) in zip(self.infosets, lay.infoset_slices):
            codes = pattern[start:stop]
            if (codes == 2).any():
                continue
            moves[player].append((label, tuple(lay.columns[c][2] for c in range(start, stop) if pattern[c] == 1)))
        return outcome_label(players, tuple(tuple(moves[p]) for p in players))

    def summarise(self, part: dict[str, np.ndarray]) -> dict[str, Any]:
        """A chunk's arrays reduced to what the result keeps, with its equilibria as label texts."""
        size, width, columns = part["lab"].shape
        valid = np.arange(width)[None, :] < part["count"][:, None]
        lab = part["lab"][valid]
        codes = np.where(lab < 0, 2, lab > SUPPORT_TOL).astype(np.uint8)
        ids = np.full((size, width), -1)
        if len(codes):
            patterns, _, inverse = unique_rows(codes)
            local = [self.texts.setdefault(p.tobytes(), self._label(p)) for p in patterns]
            strings, local_ids = np.unique(np.array(local, dtype=object).astype(str), return_inverse=True)
            ids[valid] = local_ids.ravel()[inverse]
        else:
            strings = np.array([], dtype=str)
        return {"strings": [str(s) for s in strings], "ids": ids, "count": part["count"].copy(),
                "pay": part["pay"][:, 0].copy(), "outcome": part["outcome"].copy(), "attrs": part["attrs"].copy()}

    def result(self, parts: list[dict[str, Any]], *, names: tuple[str, ...], values: np.ndarray, exact: np.ndarray,
               method: str) -> Any:
        labels = tuple(sorted({s for part in parts for s in part["strings"]}))
        position = {s: k for k, s in enumerate(labels)}
        n = len(values)
        width = max([part["ids"].shape[1] for part in parts] + [1])
        ids = np.full((n, width), -1)
        row = 0
        for part in parts:
            remap = np.array([position[s] for s in part["strings"]] + [-1])  # -1 stays -1
            block = remap[part["ids"]]
            ids[row:row + len(block), :block.shape[1]] = block
            row += len(block)
        ids.sort(axis=1)
        if width > 1:
            duplicate = (ids[:, 1:] == ids[:, :-1]) & (ids[:, 1:] >= 0)
            ids[:, 1:][duplicate] = -1
            ids.sort(axis=1)
        holds = np.zeros((n, len(labels)), dtype=bool)
        for column in ids.T:
            present = column >= 0
            holds[np.flatnonzero(present), column[present]] = True
        patterns, inverse = np.unique(holds, axis=0, return_inverse=True) if n else (np.zeros((0, len(labels)), bool),
                                                                                      np.zeros(0, int))
        sets = tuple(tuple(labels[j] for j in np.flatnonzero(p)) for p in patterns)
        lay = self.lay

        def joined(key: str) -> np.ndarray:
            return np.concatenate([part[key] for part in parts]) if parts else np.zeros((0,))

        return self.result_type(
            parameters=names, distributions=(), values=values, labels=labels, holds=holds, sets=sets,
            set_index=np.asarray(inverse).ravel(), num_equilibria=joined("count"), players=lay.players,
            payoffs=joined("pay").reshape(n, len(lay.players)), outcome_names=lay.outcome_labels,
            outcome_probabilities=joined("outcome").reshape(n, len(lay.outcome_labels)),
            attribute_names=lay.attribute_names, attributes=joined("attrs").reshape(n, len(lay.attribute_names)),
            exact=exact, method=method)

