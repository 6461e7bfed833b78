"""Where a policy wins, in words: PRIM boxes (:mod:`berlinsim.analysis.prim`) of the draws at which an outcome
is an equilibrium, from the batched Monte Carlo of :mod:`berlinsim.analysis.monte_carlo`.

The target is an equilibrium outcome, a support (:mod:`berlinsim.model.identity`, as ``berlinsim
sweep --sample`` prints it), or a part of one that names exactly one support (``initiate_only``),
compared without regard to case.

Examples
--------
>>> import numpy as np
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> game = parse_scenario('''
... berlinsim: 1
... id: toy
... title: A toy
... source: {document: memo, paragraphs: [1]}
... parameters:
...   c: {default: 1, range: [0, 3]}
...   d: {default: 1, range: [0, 3]}
... players:
...   A: {payoff: 0}
...   B: {payoff: 0}
... game:
...   type: matrix
...   actions: {A: [go, stay], B: [x]}
...   cells:
...     - {actions: [go, x], payoffs: {A: "min(2 - c, d - 1)"}}
...     - {actions: [stay, x], payoffs: {A: 0}}
... solve: {method: enummixed}
... ''', path="toy.yaml")
>>> found = discover(game, {"c": "uniform(0, 3)", "d": "uniform(0, 3)"}, 2000, "go", rng=np.random.default_rng(0))
>>> print(found.boxes[0].sentence(found.target))
A: go; B: x whenever c < 1.99 and d > 1 (coverage 99%, density 100%)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

from berlinsim.analysis.monte_carlo import sample_outcomes
from berlinsim.analysis.prim import Box, prim_boxes
from berlinsim.errors import BerlinsimError
from berlinsim.model.scenario import Scenario

__all__ = ["Discovery", "discover", "find_label"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Discovery:
    """PRIM boxes of one target: its label, the share of draws where it is an equilibrium, the boxes."""

    scenario_id: str
    target: str
    parameters: tuple[str, ...]
    distributions: tuple[str, ...]
    n: int
    share: float
    boxes: tuple[Box, ...]
    sampler: str
    method: str


def find_label(labels: tuple[str, ...], target: str) -> str:
    """The label ``target`` names: itself, or the one label containing it (case ignored)."""
    if target in labels:
        return target
    matches = [label for label in labels if target.lower() in label.lower()]
    if len(matches) == 1:
        return matches[0]
    listed = "; ".join(repr(label) for label in labels) or "none"
    if not matches:
        raise BerlinsimError(f"--target {target!r} is no equilibrium outcome of the draws (outcomes: {listed})")
    raise BerlinsimError(f"--target {target!r} names several outcomes: {'; '.join(map(repr, matches))}")


def discover(scenario: Scenario, distributions: Mapping[str, Any], n: int, target: str, *, rng: np.random.Generator,
             sampler: str = "lhs", variant: str | None = None, overrides: Mapping[str, Any] | None = None,
             method: str | None = None, min_density: float = 0.8, max_boxes: int = 3, workers: int = 1,
             progress: Callable[[int, int], None] | None = None) -> Discovery:
    """Draw ``n`` points (``sampler``, default Latin hypercube), solve, and find PRIM boxes where ``target`` holds."""
    if not 0 < min_density <= 1:
        raise BerlinsimError(f"min_density must be in (0, 1], got {min_density}")
    if max_boxes < 1:
        raise BerlinsimError(f"max_boxes must be at least 1, got {max_boxes}")
    found = sample_outcomes(scenario, distributions, n, rng=rng, sampler=sampler, variant=variant,
                            overrides=overrides, method=method, workers=workers, progress=progress)
    label = find_label(found.supports, target)
    y = found.holds[:, found.supports.index(label)]
    boxes = prim_boxes(found.values, y, names=found.parameters, min_density=min_density, max_boxes=max_boxes)
    return Discovery(scenario_id=scenario.id, target=label, parameters=found.parameters,
                     distributions=tuple(str(d) for d in found.distributions), n=found.n, share=float(y.mean()),
                     boxes=boxes, sampler=sampler, method=found.method)
