"""`berlinsim figures`: the gallery command writes PNG + SVG + an index, deterministically."""

from pathlib import Path

import pytest

from berlinsim.cli import _gallery as gallery
from berlinsim.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
#: one figure of each kind: matrix, tree, 1-D sweep (between two variants), 2-D map, curves, bars, QRE
SUBSET = ["03_british_readiness_game", "08d_berlin_chicken_bayesian_game", "02_kennedy_plan_buildup_sweep_t",
          "05_khrushchev_type_region_map", "reversal_para3", "comparison_positions_payoffs", "08_berlin_chicken_qre"]


def _run(out: Path, capsys) -> list[str]:
    code = main(["figures", "--out", str(out), "--scenarios", str(SCENARIOS), "--points", "5", "--only", *SUBSET])
    assert code == 0
    return capsys.readouterr().out.split()


def test_figures_are_written_with_an_index_and_are_deterministic(tmp_path, capsys):
    first = _run(tmp_path / "a", capsys)
    second = _run(tmp_path / "b", capsys)
    assert len(first) == len(second) == 2 * len(SUBSET) + 1
    for name in SUBSET:
        for suffix in (".png", ".svg"):
            a, b = (tmp_path / d / f"{name}{suffix}" for d in "ab")
            assert a.stat().st_size > 5000, a
            if suffix == ".svg":
                assert a.read_bytes() == b.read_bytes(), f"{name}.svg differs between two runs"
        assert (tmp_path / "a" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    index = (tmp_path / "a" / "README.md").read_text(encoding="utf-8")
    assert index == (tmp_path / "b" / "README.md").read_text(encoding="utf-8")
    for name in SUBSET:
        assert f"[{name}]({name}.png)" in index


def test_every_gallery_entry_names_paragraphs_and_a_caption_in_the_index(tmp_path):
    context = gallery.Context(folder=SCENARIOS, points=5)
    names = [e.name for e in gallery.entries()]
    assert len(names) == len(set(names))
    assert {f"{p.stem}_game" for p in SCENARIOS.glob("*.yaml")} <= set(names)
    for entry in gallery.entries():
        row = gallery._index_row(entry, context)
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] and cells[2], row  # paragraphs and what it shows


def test_the_committed_gallery_matches_the_entries():
    folder = ROOT / "figures"
    if not (folder / "README.md").exists():
        pytest.skip("no committed gallery")
    for entry in gallery.entries():
        assert (folder / f"{entry.name}.png").exists() and (folder / f"{entry.name}.svg").exists(), entry.name


@pytest.mark.parametrize("argv, message", [
    (["--points", "2"], "--points must be at least 3"),
    (["--only", "nothing_like_this"], "no figure name starts with"),
    (["--scenarios", "no/such/dir"], "no such scenario directory"),
])
def test_bad_options_are_clean_errors(tmp_path, capsys, argv, message):
    assert main(["figures", "--out", str(tmp_path), *argv]) == 2
    assert message in capsys.readouterr().err
