"""Scenario discovery: PRIM boxes, the parameter ranges where an outcome is an equilibrium, stated in words.

PRIM (the Patient Rule Induction Method; Friedman and Fisher, "Bump hunting in high-dimensional
data", Statistics and Computing 9, 1999) looks for a box -- an interval per parameter -- inside
which the target occurs at a high rate (*density*: the share of the box's draws where it holds)
and which holds most of the draws where it occurs (*coverage*). It starts from the whole sample
and *peels*: at each step it cuts a slice of ``alpha`` (5%) of the box's draws off one side of
one parameter, the cut that leaves the highest density, until less than ``min_mass`` of the draws
remain. Each step is a point of the coverage/density *trajectory*: early boxes cover much at a
lower density, late boxes are dense but cover little. :func:`prim_box` takes the five boxes whose
density reaches ``min_density`` with the best balance of the two (the highest harmonic mean of
coverage and density, as the F1 score weighs recall and precision; if none is dense enough, the
densest), *pastes* each -- widens a side again by a thin slice (1% of its draws) while that does
not lower the density, which puts back what a peel cut past the target's edge -- and keeps the
best balanced result. Covering: :func:`prim_boxes` then removes the
draws inside the box and looks for a further box among the rest, while enough of the target is
left.

This is a small implementation of our own rather than the EMA Workbench's: that one works on
pandas tables and brings seaborn, scikit-learn, statsmodels and more with it, well beyond the
dependency budget, for a hundred lines of numpy.

A side of a box that was never cut (or was pasted back past every draw) is *open*: the parameter
is not restricted there, and the box's sentence does not mention it.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> x = rng.random((2000, 2))
>>> box = prim_box(x, (x[:, 0] > 0.6) & (x[:, 1] < 0.5), names=("a", "b"))
>>> box.sentence("it")
'it whenever a > 0.601 and b < 0.497 (coverage 99%, density 100%)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from berlinsim.errors import BerlinsimError

__all__ = ["ALPHA", "MIN_MASS", "Box", "prim_box", "prim_boxes"]

#: The share of a box's draws one peel or paste moves.
ALPHA = 0.05
#: The share of a box's draws one paste adds (finer than a peel: it puts back what a coarse peel took).
PASTE_ALPHA = 0.01
#: Boxes of the trajectory pasted before the best is chosen (the best balanced ones).
CANDIDATES = 5
#: Peeling stops when the box holds less than this share of the draws.
MIN_MASS = 0.05


@dataclass(frozen=True, slots=True, kw_only=True)
class Box:
    """One PRIM box.

    Attributes
    ----------
    names : tuple of str
        The parameters (columns of the sample).
    low, high : tuple of float
        The box's limits per parameter (``-inf`` / ``inf``: open).
    coverage : float
        Of the draws where the target holds (those still uncovered, for a later box of a
        covering, counted against all the target's draws), the share inside the box.
    density : float
        Of the draws inside the box, the share where the target holds.
    mass : float
        The share of the draws inside the box.
    trajectory : tuple of (float, float)
        (coverage, density) of every box of the peeling, from the whole sample on.
    """

    names: tuple[str, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    coverage: float
    density: float
    mass: float
    trajectory: tuple[tuple[float, float], ...] = ()

    @property
    def limits(self) -> dict[str, tuple[float, float]]:
        """The restricted parameters: ``name -> (low, high)`` (an open side is +-inf)."""
        return {n: (lo, hi) for n, lo, hi in zip(self.names, self.low, self.high) if np.isfinite(lo) or np.isfinite(hi)}

    def conditions(self) -> list[str]:
        """The restrictions in words: ``a > 0.6``, ``b < 0.5``, ``0.2 < c < 0.7``."""
        out = []
        for name, (lo, hi) in self.limits.items():
            if np.isfinite(lo) and np.isfinite(hi):
                out.append(f"{lo:.3g} < {name} < {hi:.3g}")
            elif np.isfinite(lo):
                out.append(f"{name} > {lo:.3g}")
            else:
                out.append(f"{name} < {hi:.3g}")
        return out

    def sentence(self, target: str) -> str:
        """``"TARGET whenever a > 0.6 and b < 0.5 (coverage 92%, density 97%)"``."""
        conditions = self.conditions()
        where = " and ".join(conditions) if conditions else "anywhere in the sampled ranges"
        return f"{target} whenever {where} (coverage {_percent(self.coverage)}, density {_percent(self.density)})"


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def _inside(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return ((x > low) & (x < high)).all(axis=1)


def _cut(values: np.ndarray, count: int, side: str) -> float | None:
    """The limit that removes at least ``count`` of ``values`` from ``side``: midway between the last value
    removed and the first kept (None when every value would go)."""
    v = np.sort(values) if side == "low" else -np.sort(values)[::-1]
    k = count
    while k < len(v) and v[k] == v[k - 1]:  # ties go together
        k += 1
    if k >= len(v):
        return None
    middle = (v[k - 1] + v[k]) / 2
    return float(middle if side == "low" else -middle)


def _peel(x: np.ndarray, y: np.ndarray, alpha: float, min_mass: float, total: int
          ) -> list[tuple[np.ndarray, np.ndarray, float, float]]:
    """The peeling trajectory: (low, high, coverage, density) of every box, the whole sample first."""
    d = x.shape[1]
    low, high = np.full(d, -np.inf), np.full(d, np.inf)
    inside = np.ones(len(x), dtype=bool)
    steps = [(low.copy(), high.copy(), float(y.sum()) / total, float(y.mean()))]
    while inside.sum() >= max(min_mass * len(x), 2):
        m = int(inside.sum())
        count = max(1, int(alpha * m))
        best = None
        for j in range(d):
            values = x[inside, j]
            for side in ("low", "high"):
                limit = _cut(values, count, side)
                if limit is None:
                    continue
                keep = inside & ((x[:, j] > limit) if side == "low" else (x[:, j] < limit))
                kept = int(keep.sum())
                if kept < max(min_mass * len(x), 1):
                    continue
                score = (float(y[keep].mean()), kept)
                if best is None or score > best[0]:
                    best = (score, j, side, limit, keep)
        if best is None:
            break
        _, j, side, limit, inside = best
        if side == "low":
            low[j] = limit
        else:
            high[j] = limit
        steps.append((low.copy(), high.copy(), float(y[inside].sum()) / total, float(y[inside].mean())))
    return steps


def _paste(x: np.ndarray, y: np.ndarray, low: np.ndarray, high: np.ndarray, alpha: float
           ) -> tuple[np.ndarray, np.ndarray]:
    """Widen one side at a time by a slice of ``alpha`` of the box's draws while the density does not fall
    (each paste adds draws, so this ends)."""
    low, high = low.copy(), high.copy()
    while True:
        inside = _inside(x, low, high)
        density = float(y[inside].mean())
        count = max(1, int(alpha * inside.sum()))
        best = None
        for j in range(x.shape[1]):
            others = _inside(np.delete(x, j, axis=1), np.delete(low, j), np.delete(high, j))
            for side in ("low", "high"):
                outside = others & ((x[:, j] <= low[j]) if side == "low" else (x[:, j] >= high[j]))
                if not outside.any():
                    continue
                values = x[outside, j]
                limit = _cut(-values if side == "low" else values, count, "low")  # nearest slice outside
                new = -np.inf if limit is None and side == "low" else np.inf if limit is None else (
                    -limit if side == "low" else limit)
                trial_low, trial_high = low.copy(), high.copy()
                (trial_low if side == "low" else trial_high)[j] = new
                trial = _inside(x, trial_low, trial_high)
                gain = (float(y[trial].mean()), int(trial.sum()))
                if gain[0] >= density and (best is None or gain > best[0]):
                    best = (gain, trial_low, trial_high)
        if best is None:
            return low, high
        _, low, high = best


def _balance(step: tuple[np.ndarray, np.ndarray, float, float]) -> tuple[float, float]:
    """How a box of the trajectory trades coverage against density: their harmonic mean (as the F1 score
    weighs recall and precision), then density."""
    coverage, density = step[2], step[3]
    return (2 * coverage * density / (coverage + density) if coverage + density else 0.0, density)


def prim_box(x: np.ndarray, y: np.ndarray, *, names: Sequence[str], min_density: float = 0.8,
             alpha: float = ALPHA, min_mass: float = MIN_MASS, total: int | None = None) -> Box:
    """One PRIM box of the draws ``x`` (``(n, d)``) where ``y`` (``(n,)`` bool) holds.

    ``total``: the count coverage is relative to (default: ``y.sum()``).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=bool)
    if x.ndim != 2 or len(x) != len(y) or x.shape[1] != len(names):
        raise BerlinsimError(f"PRIM needs draws (n, {len(names)}) and one target value per draw")
    if not y.any():
        raise BerlinsimError("the target holds at no draw: there is no box to find")
    total = int(y.sum()) if total is None else total
    steps = _peel(x, y, alpha, min_mass, total)
    dense = [s for s in steps if s[3] >= min_density] or [max(steps, key=lambda s: (s[3], s[2]))]
    pasted = []
    for low, high, _, _ in sorted(dense, key=_balance, reverse=True)[:CANDIDATES]:
        low, high = _paste(x, y, low, high, PASTE_ALPHA)
        inside = _inside(x, low, high)
        pasted.append((low, high, float(y[inside].sum()) / total, float(y[inside].mean())))
    low, high, _, _ = max(pasted, key=_balance)
    inside = _inside(x, low, high)
    return Box(names=tuple(names), low=tuple(float(v) for v in low), high=tuple(float(v) for v in high),
               coverage=float(y[inside].sum()) / total, density=float(y[inside].mean()), mass=float(inside.mean()),
               trajectory=tuple((round(c, 6), round(d, 6)) for _, _, c, d in steps))


def prim_boxes(x: np.ndarray, y: np.ndarray, *, names: Sequence[str], min_density: float = 0.8,
               max_boxes: int = 3, min_coverage: float = 0.05, alpha: float = ALPHA,
               min_mass: float = MIN_MASS) -> tuple[Box, ...]:
    """A covering: a first box, then further boxes among the draws outside the earlier ones, while at least
    ``min_coverage`` of the target's draws are left uncovered (at most ``max_boxes`` boxes)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=bool)
    total = int(y.sum())
    left = np.ones(len(x), dtype=bool)
    boxes: list[Box] = []
    while len(boxes) < max_boxes and y[left].sum() >= max(min_coverage * total, 1) and left.sum() >= 2:
        box = prim_box(x[left], y[left], names=names, min_density=min_density, alpha=alpha,
                       min_mass=min(0.5, min_mass * len(x) / left.sum()), total=total)
        inside = _inside(x, np.array(box.low), np.array(box.high)) & left
        if not inside.any() or box.density <= float(y[left].mean()):
            break  # no box is denser than what is left around it
        boxes.append(box)
        left &= ~inside
    return tuple(boxes)
