"""The labels, supports and sets of supports of many solved draws at once (private to
:mod:`berlinsim.analysis.monte_carlo`).

Every equilibrium's label and support come from its strategy vector and reached information sets
through :func:`berlinsim.analysis._sweep_labels.label_ids` (equal, row by row, to
:mod:`berlinsim.model.identity`'s), over all draws at once: the answers do not depend on the chunk size.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from berlinsim.analysis._sweep_labels import label_ids
from berlinsim.analysis._sweep_points import numbered

__all__ = ["identities"]


def identities(lay: Any, solved: dict[str, np.ndarray]) -> dict[str, Any]:
    """``labels``, ``label_index``, ``supports``, ``support_index``, ``holds``, ``sets`` and ``set_index``
    of filled arrays (each draw's equilibria in canonical order)."""
    size, width, _ = solved["vec"].shape
    valid = np.arange(width)[None, :] < solved["count"][:, None]
    labels, ids, supports, support_ids = label_ids(lay.columns, lay.players, solved["vec"][valid],
                                                   solved["reach"][valid])
    label_index = np.full((size, width), -1, dtype=np.int64)
    label_index[valid] = ids
    labels, label_index = numbered(labels, label_index)
    support_index = np.full((size, width), -1, dtype=np.int64)
    support_index[valid] = support_ids
    holds = np.zeros((size, len(supports)), dtype=bool)
    for column in support_index.T:
        present = column >= 0
        holds[np.flatnonzero(present), column[present]] = True
    if size:
        patterns, inverse = np.unique(holds, axis=0, return_inverse=True)
    else:
        patterns, inverse = np.zeros((0, len(supports)), dtype=bool), np.zeros(0, dtype=np.int64)
    sets = tuple(tuple(supports[j] for j in np.flatnonzero(p)) for p in patterns)
    return {"labels": tuple(labels), "label_index": label_index, "supports": tuple(supports),
            "support_index": support_index, "holds": holds, "sets": sets,
            "set_index": np.asarray(inverse).ravel()}
