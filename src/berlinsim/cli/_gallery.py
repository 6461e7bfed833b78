"""The figure gallery of ``berlinsim figures``: which figures, from which data, with which captions.

Private to the CLI (it sits above analysis and plots). The gallery of a folder of scenarios is,
in this order: each scenario's game (its payoff matrix or tree, with the equilibria); each sweep
a scenario declares for the figures (``sweeps:`` in its file, :class:`~berlinsim.model.scenario.KeySweep`:
the parameters and grid, what is drawn, the regions' names and the caption); and the memo's own
figures (:mod:`._gallery_memo`) whose scenarios are in the folder. Each :class:`Entry` names a
figure, the memo paragraphs it illustrates and a caption, and draws it from a :class:`Context`
(the folder and the largest number of grid points per axis); :func:`write` saves every figure as
PNG and SVG and writes the index ``README.md``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from berlinsim.errors import BerlinsimError

__all__ = ["Context", "Entry", "entries", "write"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One gallery figure: file stem, memo paragraphs, what it shows, how to draw it."""

    name: str
    paragraphs: str
    caption: str
    draw: Callable[["Context"], Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """The scenario folder and the most grid points per sweep axis (None: as each sweep declares); caches scenarios."""

    folder: Path
    points: int | None = None
    cache: dict = field(default_factory=dict)

    def files(self) -> tuple[Path, ...]:
        """The scenario files of the folder, by name."""
        return tuple(sorted(p for p in self.folder.iterdir() if p.suffix.lower() in (".yaml", ".yml")))

    def scenario(self, path: Path) -> Any:
        if path not in self.cache:
            from berlinsim.io.scenario_yaml import load_scenario

            self.cache[path] = load_scenario(path)
        return self.cache[path]


def _wrap(text: str, width: int = 80) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _paragraphs(numbers: tuple[int, ...]) -> str:
    return ", ".join(str(p) for p in numbers)


# ------------------------------------------------------------------------------- the figures
def _game(path: Path) -> Callable[[Context], Any]:
    def draw(context: Context) -> Any:
        from berlinsim.plots.matrix import plot_payoff_matrix
        from berlinsim.plots.tree import plot_game_tree
        from berlinsim.scenarios.run import run_scenario

        scenario = context.scenario(path)
        run = run_scenario(scenario)
        title = _wrap(scenario.title, 95)
        if scenario.kind == "matrix":
            notes = tuple(tuple(a.description for a in acts) for acts in scenario.game.actions)
            return plot_payoff_matrix(run.game, run.result, title=title, action_notes=notes).figure
        return plot_game_tree(run.game, run.result.equilibria[0], title=title).figure
    return draw


def _sweep(path: Path, key: Any) -> Callable[[Context], Any]:
    def draw(context: Context) -> Any:
        from berlinsim.analysis.figure_data import choose, quantities
        from berlinsim.analysis.sweep import sweep
        from berlinsim.cli._sweep_figure import PlotRequest, sweep_figure

        scenario = context.scenario(path)
        axes = {a.parameter: a.values(min(a.points, context.points) if context.points else None) for a in key.axes}
        try:
            chosen = choose(key.y, quantities(scenario, between=key.between)) if key.y else ()
            result = sweep(scenario, axes, between=key.between)
            request = PlotRequest(path=path, quantities=chosen, equilibria=key.equilibria)
            return sweep_figure(scenario, result, request, between=key.between, regions=dict(key.regions))
        except BerlinsimError as exc:
            raise BerlinsimError(f"{path}: sweeps ({key.name}): {exc}") from None
    return draw


def _caption(scenario: Any, key: Any) -> str:
    if key.caption:
        return " ".join(key.caption.split())
    axes = " and ".join(f"{a.parameter} from {float(a.start):g} to {float(a.stop):g}" for a in key.axes)
    return f"{scenario.title}: the equilibria as {axes} move{'s' if len(key.axes) == 1 else ''}."


def entries(context: Context) -> tuple[Entry, ...]:
    """Every figure of the folder's gallery, in index order."""
    from berlinsim.cli._gallery_memo import memo_figures

    out = []
    for path in context.files():
        scenario = context.scenario(path)
        what = "payoff matrix (best responses marked, equilibria shaded)" if scenario.kind == "matrix" else \
            "game tree (equilibrium path bold, chance probabilities on branches, information sets dashed)"
        out.append(Entry(name=f"{path.stem}_game", paragraphs=_paragraphs(scenario.paragraphs),
                         caption=f"{scenario.title}: {what}.", draw=_game(path)))
    for path in context.files():
        scenario = context.scenario(path)
        for key in scenario.key_sweeps("figures"):
            out.append(Entry(name=f"{path.stem}_{key.name}", paragraphs=_paragraphs(key.paragraphs or
                                                                                     scenario.paragraphs),
                             caption=_caption(scenario, key), draw=_sweep(path, key)))
    found = {context.scenario(p).id: (p, context.scenario(p)) for p in context.files()}
    for memo in memo_figures():
        if all(n in found for n in memo.needs):
            needed = tuple(found[n][1] for n in memo.needs)
            out.append(Entry(name=memo.name.format(stem=found[memo.needs[0]][0].stem), paragraphs=memo.paragraphs,
                             caption=memo.caption,
                             draw=lambda context, memo=memo, needed=needed: memo.draw(context, needed)))
    names = [e.name for e in out]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise BerlinsimError(f"{context.folder}: two figures would be named {twice[0]} (rename a sweep)")
    return tuple(out)


def write(selected: tuple[Entry, ...], every: tuple[Entry, ...], context: Context, out: Path) -> list[Path]:
    """Draw and save the ``selected`` entries (PNG and SVG) and the index of ``every`` entry; returns the paths."""
    from berlinsim.plots._style import save_figure

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in selected:
        figure = entry.draw(context)
        for suffix in (".png", ".svg"):
            written.append(save_figure(figure, out / f"{entry.name}{suffix}"))
    rows = [f"| [{e.name}]({e.name}.png) ([svg]({e.name}.svg)) | {e.paragraphs} | {e.caption} |" for e in every]
    index = out / "README.md"
    index.write_text(_INDEX_HEAD.format(folder=context.folder.name or "."), encoding="utf-8")
    with index.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    written.append(index)
    return written


_INDEX_HEAD = """# Figure gallery

Regenerated by `berlinsim figures --out figures/` from the files in `{folder}/` (PNG at 170 dpi
and SVG; the output is deterministic): each scenario's game, each sweep a scenario declares in its
`sweeps:` field (docs/scenario-format.md), and the memo's own comparisons. Paragraph numbers refer
to Kissinger's memo to Bundy, "Negotiations", 14 July 1961. Colours: the Okabe-Ito palette
(colour-blind safe), one fill per equilibrium region.

| figure | memo paragraphs | what it shows |
|---|---|---|
"""
