"""The results of the Python API: each wraps the value a command computes and shows what it prints.

=================  =====================================  ==========================================
class              wraps                                  shows (``str``, notebook HTML/Markdown)
=================  =====================================  ==========================================
:class:`Run`       a solved scenario (``ScenarioRun``)    the report of ``berlinsim run``
:class:`Solution`  a solver's ``SolveResult``             the report of ``berlinsim solve``
:class:`Sweep`     a ``SweepResult``                      the summary of ``berlinsim sweep``
:class:`Thresholds` a ``ThresholdSearch``                 the lines of ``berlinsim thresholds``
:class:`Sample`    a ``RobustnessResult``                 the summary of ``berlinsim sweep --sample``
=================  =====================================  ==========================================

Each has ``to_frame()`` (a :class:`pandas.DataFrame`, pandas being an optional extra), a short
``repr`` and the wrapped value as ``.raw``. Numbers in frames are floats; the exact values stay
in ``.raw`` (Fractions where the solve was exact). Every row of a frame belongs to one
equilibrium (or one grid point, or one draw), and its numbers are that equilibrium's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from berlinsim.api._shown import Shown, pandas

__all__ = ["Run", "Sample", "Solution", "Sweep", "Thresholds"]


def _float(value: Any) -> float:
    return float(value)


def _payoffs(eq: Any) -> tuple[Any, ...]:
    exact = getattr(eq, "exact_payoffs", None)
    return tuple(exact if exact is not None else getattr(eq, "payoffs", ()))


def _strategy_columns(game: Any, eq: Any) -> dict[str, float]:
    """``{"player: action": probability}`` of a table equilibrium (nothing for other kinds)."""
    strategies = getattr(eq, "strategies", None)
    actions = getattr(game, "actions", None)
    if strategies is None or actions is None:
        return {}
    return {f"{player}: {action}": float(p) for player, labels, strategy in zip(game.players, actions, strategies)
            for action, p in zip(labels, strategy)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Run(Shown):
    """A scenario solved at some parameter values: what ``berlinsim run`` computes and prints.

    Attributes
    ----------
    raw : berlinsim.scenarios.run.ScenarioRun
        The scenario, the values used, the built game, the solver's result and, per equilibrium,
        its outcome distribution and expected attributes.
    excerpts : mapping of int to str
        The opening words of the document's paragraphs the scenario models (empty when the
        document is not found).
    """

    raw: Any
    excerpts: Mapping[int, str]

    @property
    def scenario(self) -> Any:
        return self.raw.scenario

    @property
    def values(self) -> dict[str, Any]:
        """Every parameter's value in this run (exact)."""
        return dict(self.raw.values.values)

    @property
    def equilibria(self) -> tuple[Any, ...]:
        return tuple(self.raw.result.equilibria)

    @property
    def outcomes(self) -> tuple[Any, ...]:
        """Per equilibrium (same order), its :class:`~berlinsim.scenarios.run.OutcomeSummary`."""
        return tuple(self.raw.outcomes)

    def _report(self, fmt: str) -> str:
        """What ``berlinsim run`` prints in ``fmt``: the equilibria, outcomes, welfare and Pareto efficiency."""
        from berlinsim.analysis.outcomes import efficiency
        from berlinsim.reports.scenario_text import render_run

        return render_run(self.raw, fmt, excerpts=self.excerpts, efficiency=efficiency(self.raw))

    def _text(self) -> str:
        return self._report("text")

    def _repr_markdown_(self) -> str:
        return self._report("markdown")

    def _repr_html_(self) -> str:
        return f'<div class="berlinsim">{self._report("html")}</div>'

    def __repr__(self) -> str:
        n = len(self.equilibria)
        changed = ", ".join(f"{k}={v}" for k, v in self.values.items() if k in self.raw.values.changed)
        return (f"<Run {self.scenario.id}{f' ({changed})' if changed else ''}: {n} equilibri{'um' if n == 1 else 'a'}"
                f" by {self.raw.result.method}>")

    def to_frame(self) -> Any:
        """One row per equilibrium: each player's payoff, each outcome's probability, each attribute's mean."""
        pd = pandas()
        rows = []
        players = tuple(self.raw.game.players)
        for k, (eq, summary) in enumerate(zip(self.equilibria, self.outcomes), start=1):
            row: dict[str, Any] = {"equilibrium": k}
            row.update({f"payoff {p}": _float(v) for p, v in zip(players, _payoffs(eq))})
            row.update({f"P({label})": _float(p) for label, p in summary.distribution})
            row.update({f"E[{name}]": _float(v) for name, v in summary.expected_attributes})
            rows.append(row)
        return pd.DataFrame(rows).set_index("equilibrium") if rows else pd.DataFrame()


@dataclass(frozen=True, slots=True, kw_only=True)
class Solution(Shown):
    """A game solved by one method: what ``berlinsim solve`` computes and prints.

    Attributes
    ----------
    raw : berlinsim.model.result.SolveResult
        The method, whether it is exact and complete, the equilibria, notes and details.
    source : str
        The file the game came from (``""`` for a game given directly).
    """

    raw: Any
    source: str = ""

    @property
    def game(self) -> Any:
        return self.raw.game

    @property
    def equilibria(self) -> tuple[Any, ...]:
        return tuple(self.raw.equilibria)

    def _text(self) -> str:
        from berlinsim.analysis._derivation_matrix import solved_dominance_view
        from berlinsim.reports.text import format_result

        return format_result(self.raw, source=self.source or None, dominance=solved_dominance_view(self.raw))

    def __repr__(self) -> str:
        n = len(self.equilibria)
        how = ", ".join(w for w, on in (("exact", self.raw.exact), ("complete", self.raw.complete)) if on)
        return f"<Solution by {self.raw.method}: {n} equilibri{'um' if n == 1 else 'a'}{f' ({how})' if how else ''}>"

    def to_frame(self) -> Any:
        """One row per equilibrium: payoffs, regret and (for a table) every action's probability."""
        pd = pandas()
        rows = []
        for k, eq in enumerate(self.equilibria, start=1):
            row: dict[str, Any] = {"equilibrium": k}
            row.update({f"payoff {p}": _float(v) for p, v in zip(self.game.players, _payoffs(eq))})
            if hasattr(eq, "regret"):
                row["regret"] = _float(eq.regret)
            row.update(_strategy_columns(self.game, eq))
            rows.append(row)
        return pd.DataFrame(rows).set_index("equilibrium") if rows else pd.DataFrame()


@dataclass(frozen=True, slots=True, kw_only=True)
class Sweep(Shown):
    """A scenario solved over a grid of one or two parameters: what ``berlinsim sweep`` prints.

    ``raw`` is the :class:`~berlinsim.model.sweep_result.SweepResult` (arrays over the grid).
    """

    raw: Any

    def _text(self) -> str:
        from berlinsim.reports.sweep_text import format_summary

        return format_summary(self.raw)

    def __repr__(self) -> str:
        axes = " x ".join(f"{a.name} ({len(a.values)} points)" for a in self.raw.axes)
        return f"<Sweep of {self.raw.scenario_id} over {axes}: {len(self.raw.regions)} regions>"

    def to_frame(self) -> Any:
        """The columns of ``sweep --out FILE.csv``: one row per (grid point, equilibrium), in the order
        ``run`` lists a point's equilibria; the table's metadata (axes, regions, ...) in ``.attrs``."""
        from berlinsim.io.tables import sweep_table

        return _frame(sweep_table(self.raw))


@dataclass(frozen=True, slots=True, kw_only=True)
class Thresholds(Shown):
    """Where the equilibrium set changes as one parameter moves: what ``berlinsim thresholds`` prints.

    ``raw`` is the :class:`~berlinsim.analysis._threshold_result.ThresholdSearch`;
    ``parameter``, ``low`` and ``high`` the interval searched.
    """

    raw: Any
    parameter: str
    low: Any
    high: Any

    @property
    def thresholds(self) -> tuple[Any, ...]:
        return tuple(self.raw.thresholds)

    def _text(self) -> str:
        from berlinsim.cli.sweep import threshold_lines

        return "\n".join(threshold_lines(self.raw, self.parameter, self.low, self.high))

    def __repr__(self) -> str:
        values = ", ".join(f"{t.value:g}" for t in self.thresholds)
        return f"<Thresholds of {self.parameter} in [{self.low}, {self.high}]: {values or 'none'}>"

    def to_frame(self) -> Any:
        """One row per threshold: where, exactly where (when rational), its kind, the sets either side."""
        rows = [{"parameter": t.parameter, "value": t.value, "exact": None if t.exact is None else str(t.exact),
                 "kind": t.kind, "before": " | ".join(t.before), "at": " | ".join(t.at),
                 "after": " | ".join(t.after), "sentence": t.sentence} for t in self.thresholds]
        columns = ["parameter", "value", "exact", "kind", "before", "at", "after", "sentence"]
        return pandas().DataFrame(rows, columns=columns)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample(Shown):
    """A Monte Carlo run: what ``berlinsim sweep --sample`` prints.

    ``raw`` is the :class:`~berlinsim.analysis.robustness.RobustnessResult`; ``scenario`` the
    model scenario, ``seed``, ``variant`` and ``fixed`` (the values set) as given.
    """

    raw: Any
    scenario: Any
    seed: int
    variant: str | None = None
    fixed: Mapping[str, str] = ()  # type: ignore[assignment]

    def _text(self) -> str:
        from berlinsim.cli.sample import format_robustness

        return format_robustness(self.raw, self.scenario, seed=self.seed, variant=self.variant, fixed=dict(self.fixed))

    def __repr__(self) -> str:
        top = self.raw.outcomes[0] if self.raw.outcomes else None
        most = f"; most often {top.label} ({top.frequency:.1%})" if top else ""
        return f"<Sample of {self.scenario.id}: {self.raw.n} draws{most}>"

    def to_frame(self) -> Any:
        """The columns of ``sweep --sample ... --out FILE.csv``: one row per (draw, equilibrium), the
        values drawn, the equilibrium's label, payoffs and strategies; ``region`` numbers the draw's set."""
        from berlinsim.io.tables import draws_table

        return _frame(draws_table(self.raw, {"scenario": self.scenario.id, "seed": self.seed}))


def _frame(table: Any) -> Any:
    """A :class:`~berlinsim.io.tables.Table` as a pandas DataFrame, its metadata in ``attrs``."""
    frame = pandas().DataFrame(dict(zip(table.names, table.columns)), columns=list(table.names))
    frame.attrs.update(table.metadata)
    return frame
