"""Sensitivity indices of a scenario's outputs to its uncertain parameters (values only; computed in
:mod:`berlinsim.analysis.sensitivity`, drawn by :mod:`berlinsim.plots.sensitivity`).

Examples
--------
>>> r = IndexRecord(output="payoff US", parameter="w", index="ST", value=0.98, conf=0.02)
>>> r.as_dict()
{'output': 'payoff US', 'parameter': 'w', 'index': 'ST', 'value': 0.98, 'conf': 0.02}
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["INDICES", "IndexRecord", "SensitivityResult"]

#: The indices computed: Sobol' first-order and total, and PAWN (moment-independent; median KS statistic).
INDICES = ("S1", "ST", "PAWN")


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexRecord:
    """One index of one output to one parameter; ``conf`` the half-width of its confidence interval
    (bootstrap, at the result's level), None where the method gives none (PAWN)."""

    output: str
    parameter: str
    index: str
    value: float
    conf: float | None

    def __post_init__(self) -> None:
        if self.index not in INDICES:
            raise ValueError(f"unknown index {self.index!r} (expected one of {INDICES})")

    def as_dict(self) -> dict[str, object]:
        return {"output": self.output, "parameter": self.parameter, "index": self.index, "value": self.value,
                "conf": self.conf}


@dataclass(frozen=True, slots=True, kw_only=True)
class SensitivityResult:
    """Every index of every varying output.

    Attributes
    ----------
    scenario_id, title : str
    parameters : tuple of str
        The parameters drawn.
    distributions : tuple of str
        Their distributions, as text.
    outputs : tuple of str
        The outputs with indices (those that vary over the sample).
    constant : tuple of (str, float)
        Outputs that take one value at every draw (no index: nothing to apportion), with that value.
    records : tuple of IndexRecord
    base : int
        Base draws N of the Saltelli design (a power of 2).
    runs : int
        Draws solved: ``N * (len(parameters) + 2)``.
    conf_level : float
    seed : int or None
    method : str
    solve_seconds : float
        Time spent solving the draws (not part of equality).
    """

    scenario_id: str
    title: str
    parameters: tuple[str, ...]
    distributions: tuple[str, ...]
    outputs: tuple[str, ...]
    constant: tuple[tuple[str, float], ...]
    records: tuple[IndexRecord, ...]
    base: int
    runs: int
    conf_level: float
    seed: int | None
    method: str
    solve_seconds: float = 0.0

    def value(self, output: str, parameter: str, index: str) -> IndexRecord:
        """The record of ``index`` of ``output`` to ``parameter`` (KeyError when there is none)."""
        for record in self.records:
            if (record.output, record.parameter, record.index) == (output, parameter, index):
                return record
        raise KeyError((output, parameter, index))
