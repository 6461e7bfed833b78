"""`berlinsim figures [DIR]`: the gallery of a folder of scenarios, read from the files' `sweeps:` fields;
PNG + SVG + an index, byte for byte the same on every run."""

import shutil
from pathlib import Path

import pytest

from berlinsim.cli import _gallery as gallery
from berlinsim.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
#: one figure of each kind: matrix, tree, 1-D sweep (between two variants), 2-D map, curves, bars, QRE
SUBSET = ["03_british_readiness_game", "08d_berlin_chicken_bayesian_game", "02_kennedy_plan_buildup_sweep_t",
          "05_khrushchev_type_region_map", "reversal_para3", "comparison_positions_payoffs", "08_berlin_chicken_qre"]


def legend_texts(figure, axes_label):
    """The texts of the legend under the panels: ``regions`` or ``equilibria`` (how several are drawn)."""
    legend = next(ax for ax in figure.axes if ax.get_label() == axes_label).get_legend()
    return [t.get_text() for t in legend.get_texts()]


def _run(folder: Path, out: Path, capsys, *only: str) -> list[str]:
    code = main(["figures", str(folder), "--out", str(out), "--points", "5", *(["--only", *only] if only else [])])
    assert code == 0
    return capsys.readouterr().out.split()


def test_figures_are_written_with_an_index_and_are_byte_reproducible(tmp_path, capsys):
    first = _run(SCENARIOS, tmp_path / "a", capsys, *SUBSET)
    second = _run(SCENARIOS, tmp_path / "b", capsys, *SUBSET)
    assert len(first) == len(second) == 2 * len(SUBSET) + 1
    for name in SUBSET:
        for suffix in (".png", ".svg"):
            a, b = (tmp_path / d / f"{name}{suffix}" for d in "ab")
            assert a.stat().st_size > 5000, a
            assert a.read_bytes() == b.read_bytes(), f"{name}{suffix} differs between two runs"
        assert (tmp_path / "a" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    index = (tmp_path / "a" / "README.md").read_text(encoding="utf-8")
    assert index == (tmp_path / "b" / "README.md").read_text(encoding="utf-8")
    for name in SUBSET:
        assert f"[{name}]({name}.png)" in index


def test_the_gallery_reads_the_sweeps_the_files_declare():
    context = gallery.Context(folder=SCENARIOS, points=5)
    entries = {e.name: e for e in gallery.entries(context)}
    assert len(entries) == len(gallery.entries(context))
    assert {f"{p.stem}_game" for p in SCENARIOS.glob("*.yaml")} <= set(entries)
    dangers = entries["06_two_dangers_sweep_c_commit"]
    assert dangers.caption.startswith("Cost of committing to a program c_commit") and dangers.paragraphs == "6"
    assert entries["02_kennedy_plan_buildup_sweep_t"].paragraphs == "1, 2, 3"
    assert not any(name.startswith("02_kennedy_plan_buildup_sliders") for name in entries)  # for the report only
    for entry in entries.values():
        assert entry.paragraphs and entry.caption, entry.name
    figure = dangers.draw(context)  # the regions' short names from the file
    legend = legend_texts(figure, "regions")
    assert legend[:2] == ["program", "the trap: formulas"]


def test_the_committed_gallery_is_the_one_the_scenarios_declare(tmp_path):
    folder = ROOT / "figures"
    if not (folder / "README.md").exists():
        pytest.skip("no committed gallery")
    context = gallery.Context(folder=SCENARIOS)
    every = gallery.entries(context)
    for entry in every:
        assert (folder / f"{entry.name}.png").exists() and (folder / f"{entry.name}.svg").exists(), entry.name
    gallery.write((), every, context, tmp_path)  # the index alone
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (folder / "README.md").read_text(encoding="utf-8")
    drawn = {p.stem for p in folder.glob("*.png")}
    assert drawn == {e.name for e in every}, "figures/ has figures no entry makes (or lacks some)"


MINI = """berlinsim: 1
id: mini
title: A mini forum race
source: {document: kissinger-1961-07-14-negotiations, paragraphs: [8]}
parameters:
  prep: {default: 0.5, range: [0, 1], description: quality of the US position}
players:
  US: {payoff: 0}
  USSR: {}
game:
  type: matrix
  actions:
    US: [U]
    USSR:
      - U: go to the UN
      - B: stay bilateral
  cells:
    - {actions: [U, U], payoffs: {USSR: 1 - prep}}
    - {actions: [U, B], payoffs: {USSR: prep / 3}}
sweeps:
  - vary: {prep: [0, 1, 21]}
    caption: The race to the forum.
    regions: {"US: U; USSR: U": race, "US: U; USSR: B": bilateral}
"""


def test_figures_works_on_any_folder_of_scenarios(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI, encoding="utf-8")
    written = _run(folder, tmp_path / "out", capsys)
    assert sorted(Path(p).name for p in written) == ["README.md", "mini_game.png", "mini_game.svg",
                                                     "mini_sweep_prep.png", "mini_sweep_prep.svg"]
    index = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "| [mini_sweep_prep](mini_sweep_prep.png) ([svg](mini_sweep_prep.svg)) | 8 | The race to the forum. |" \
        in index and "from the files in `mine/`" in index


def test_a_memo_figure_needs_its_scenarios(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    for stem in ("01_acheson_wait", "07_un_forum"):
        shutil.copy(SCENARIOS / f"{stem}.yaml", folder)
    names = [e.name for e in gallery.entries(gallery.Context(folder=folder))]
    assert "07_un_forum_sweep_prep" in names and "reversal_para3" not in names  # 02 is missing


@pytest.mark.parametrize("argv, message", [
    (["--points", "2"], "argument --points: expected a whole number of at least 3"),
    (["--only", "nothing_like_this"], "no figure name starts with"),
    (["no/such/dir"], "no such scenario directory"),
])
def test_bad_options_are_clean_errors(tmp_path, capsys, argv, message):
    assert main(["figures", "--out", str(tmp_path), *argv]) == 2
    assert message in capsys.readouterr().err


def test_an_empty_folder_is_a_clean_error(tmp_path, capsys):
    assert main(["figures", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "no scenario files" in capsys.readouterr().err
