"""One identity per equilibrium, end to end: every output's numbers belong to the equilibrium they are listed with.

For every shipped scenario, each of its variants and each exercise, the equilibria of ``run`` (its
text: the numbered equilibria, their labels and expected payoffs; and ``--format json``), of
``sweep --out`` (CSV, JSON and Parquet: skipped without pyarrow) on a three-point grid, of the data
``sweep --plot`` draws (every equilibrium's payoffs, on the same grid), of ``sweep --sample --out``
(two draws), of the HTML report (the equilibria it lists at the scenario's values, the sliders'
starting point and first equilibrium, and the panel data: the JSON embedded in the page, on the same
grid) and of ``compare --format json`` are joined on their label with the equilibria that
:func:`berlinsim.scenarios.run.run_scenario` finds when solving at that point on its own; each
must be there, in the same place (the canonical order: number ``k`` is the run's ``k``-th), with
the run's payoffs, strategies, outcome probabilities and expected attributes, and every point's
region must be the set of its equilibria's supports.

The report's figures and derivation are replaced by nothing here (they hold no panel data and take
most of its time); ``tests/cli/test_report_cli.py`` renders whole pages.
"""

from __future__ import annotations

import csv
import functools
import html
import importlib.util
import json
import math
import re
from fractions import Fraction
from pathlib import Path

import pytest

from berlinsim.analysis.sweep import parse_axis
from berlinsim.cli import main
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model.identity import strategy_columns, strategy_vector
from berlinsim.scenarios.run import run_scenario

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "docs" / "exercises").glob("*.yaml"))
#: Grid points per sweep, draws per Monte Carlo run.
POINTS, DRAWS = 3, 2
#: The report's panel data keeps 4 decimals.
PANEL = 5.1e-5
#: The run text shows 6 significant digits (a fraction also as ``p/q``).
TEXT = 1e-5
HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


def _items() -> list[tuple[Path, str | None]]:
    out = []
    for path in FILES:
        out.append((path, None))
        out += [(path, v) for v in load_scenario(path).variant_names]
    return out


ITEMS = _items()


def _id(item: tuple[Path, str | None]) -> str:
    return item[0].stem + (f":{item[1]}" if item[1] else "")


@functools.lru_cache(maxsize=None)
def _scenario(path: Path):
    return load_scenario(path)


def _axis(path: Path) -> str:
    """The first parameter with a finite range, over its whole range."""
    p = next(p for p in _scenario(path).parameters if math.isfinite(float(p.low)) and math.isfinite(float(p.high)))
    return f"{p.name}={p.low}:{p.high}:{POINTS}"


@functools.lru_cache(maxsize=None)
def _expected(path: Path, variant: str | None, values: tuple[tuple[str, Fraction], ...]) -> list[dict]:
    """The equilibria run_scenario finds at these values, with every number an output shows of each."""
    run = run_scenario(_scenario(path), variant=variant, overrides=dict(values))
    columns = strategy_columns(run.game)
    names = [f"{p} @ {h}: {a}" if h else f"{p}: {a}" for p, h, a in columns]
    out = []
    for k, (eq, summary) in enumerate(zip(run.result.equilibria, run.outcomes)):
        record = {"number": k + 1, "label": run.labels[k], "support": run.supports[k],
                  "degenerate": bool(run.result.degenerate)}
        record.update({f"payoff {p}": float(u) for p, u in zip(run.game.players, eq.payoffs)})
        record.update(dict(zip(names, strategy_vector(eq).tolist())))
        record.update({f"P({o})": float(q) for o, q in summary.distribution})
        record.update({f"E[{a}]": float(v) for a, v in summary.expected_attributes})
        out.append(record)
    return out


def _numbers(record: dict) -> dict:
    return {k: v for k, v in record.items() if k.startswith(("payoff ", "P(", "E[")) or ": " in k}


def _check(got: dict, expected: list[dict], where: str, atol: float = 1e-9) -> None:
    """``got`` (one output's equilibrium) is the run's equilibrium with its label, in its place, with its numbers."""
    labels = [e["label"] for e in expected]
    assert got["label"] in labels, f"{where}: {got['label']!r} is not among the run's equilibria {labels}"
    want = expected[labels.index(got["label"])]
    assert int(got["equilibrium"]) == want["number"], f"{where}: {got['label']!r} listed out of the run's order"
    for key, value in _numbers(want).items():
        assert key in got, f"{where}: no {key!r}"
        assert float(got[key]) == pytest.approx(value, abs=atol), f"{where}, {got['label']!r}: {key}"


def _point_rows(rows: list[dict], key: str) -> dict[int, list[dict]]:
    points: dict[int, list[dict]] = {}
    for row in rows:
        points.setdefault(int(row[key]), []).append(row)
    return points


def _check_table(rows: list[dict], path: Path, variant: str | None, name: str, values: tuple, where: str,
                 regions: list[dict] | None = None, key: str = "point") -> None:
    points = _point_rows(rows, key)
    assert sorted(points) == list(range(len(values))), f"{where}: points {sorted(points)}"
    for g, value in enumerate(values):
        expected = _expected(path, variant, ((name, value),))
        found = points[g]
        assert [int(r["equilibrium"]) for r in found] == list(range(1, len(expected) + 1)), f"{where} at {g}"
        for row in found:
            assert float(row[name]) == float(value)
            _check(row, expected, f"{where} at {name} = {value}")
            assert row["support"] == expected[int(row["equilibrium"]) - 1]["support"]
            assert str(row["degenerate"]).lower() == str(expected[0]["degenerate"]).lower()
        if regions is not None:
            (number,) = {int(r["region"]) for r in found}  # a property of the point
            assert set(regions[number - 1]["supports"]) == {e["support"] for e in expected}, f"{where} at {g}"


def _text_number(text: str) -> float:
    """A number as the run text shows it: ``-10``, ``0.333333``, ``≈-0.361716``, ``20/7 (≈ 2.857)``."""
    text = re.sub(r"\s*\(≈[^)]*\)", "", text).replace("≈", "").strip()
    return float(Fraction(text)) if "/" in text else float(text)


def _text_equilibria(text: str, players: list[str]) -> list[dict]:
    """The numbered equilibria of ``run``'s text: number, label (spaces removed: the text wraps) and payoffs."""
    section = text.split("\nEquilibria\n----------\n", 1)[1]
    section = re.split(r"\n[^\n]+\n-{3,}\n", section, maxsplit=1)[0]  # up to the next section
    found: list[dict] = []
    paragraph: list[str] = []
    for line in section.splitlines() + [""]:
        heading = re.match(r"Equilibrium (\d+)(?: of \d+)? \(", line)
        if heading:
            found.append({"equilibrium": int(heading.group(1))})
            continue
        if line.strip():
            paragraph.append(line.strip())
            continue
        words = " ".join(paragraph)
        paragraph = []
        if words.startswith("Label: ") and found:
            found[-1]["label"] = re.sub(r"\s+", "", words[7:].replace(" (choices off the equilibrium path in "
                                                                          "parentheses)", ""))
        elif words.startswith("Expected payoffs: ") and found:
            listed = words[len("Expected payoffs: "):].split(". Regret")[0]
            pattern = ", ".join(re.escape(p) + r" (.+?)" for p in players) + "$"
            values = re.match(pattern, listed)
            assert values, f"payoffs {listed!r} do not name {players}"
            found[-1].update({f"payoff {p}": _text_number(v) for p, v in zip(players, values.groups())})
    return found


def _spaceless(expected: list[dict]) -> list[dict]:
    return [{**e, "label": re.sub(r"\s+", "", e["label"])} for e in expected]


@pytest.fixture
def plotted(monkeypatch):
    """What ``sweep --plot`` hands to the drawing (the sweep and every equilibrium's values), without drawing
    it or looking for its thresholds (they belong to no equilibrium)."""
    import berlinsim.analysis.figure_data as figure_data
    import berlinsim.plots._style as style
    import berlinsim.plots.sweep as plots

    calls: list[tuple] = []

    class Drawn:
        figure = None

    def plot_sweep(result, values, *, quantities, **kwargs):
        calls.append((result, values, quantities))
        return Drawn()

    monkeypatch.setattr(plots, "plot_sweep", plot_sweep)
    monkeypatch.setattr(figure_data, "exact_thresholds", lambda *args, **kwargs: ())
    monkeypatch.setattr(style, "save_figure", lambda figure, path: None)
    return calls


@pytest.fixture
def quiet_report(monkeypatch):
    """``report`` without its figures and derivation (no panel data in them; most of its time)."""
    import berlinsim.cli.report as report

    monkeypatch.setattr(report, "_figures", lambda *args, **kwargs: [])
    monkeypatch.setattr(report, "_explanation", lambda run: ("", ""))


def _call(capsys, *args) -> str:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.slow
@pytest.mark.parametrize("item", ITEMS, ids=_id)
def test_every_output_lists_each_equilibrium_with_its_own_numbers(item, capsys, tmp_path, quiet_report, plotted):
    path, variant = item
    chosen = ["--variant", variant] if variant else []
    where = _id(item)
    # run's text: the equilibria numbered in the canonical order, each with its label and payoffs
    expected = _expected(path, variant, ())
    payoffs = [p for p in expected[0] if p.startswith("payoff ")] if expected else []
    listed = _text_equilibria(_call(capsys, "run", path, *chosen), [p[len("payoff "):] for p in payoffs])
    assert [e["equilibrium"] for e in listed] == list(range(1, len(expected) + 1)), f"{where} run text"
    for got in listed:
        want = _spaceless(expected)[got["equilibrium"] - 1]
        assert got["label"] == want["label"], f"{where} run text: equilibrium {got['equilibrium']}"
        for key in payoffs:
            assert got[key] == pytest.approx(want[key], rel=TEXT, abs=TEXT), f"{where} run text: {key}"
    # run --format json, at the scenario's values
    data = json.loads(_call(capsys, "run", path, *chosen, "--format", "json"))
    expected = _expected(path, variant, ())
    assert [e["label"] for e in data["equilibria"]] == [e["label"] for e in expected]
    for eq in data["equilibria"]:
        players = data["game"]["players"]
        flat = ([p for s in eq["strategies"] for p in s] if "strategies" in eq
                else [p for player in eq["behavior"] for s in player for p in s])
        want = expected[eq["number"] - 1]
        columns = [k for k in want if ": " in k and not k.startswith(("P(", "E["))]
        assert len(columns) == len(flat)
        got = {"label": eq["label"], "equilibrium": eq["number"],
               **{f"payoff {p}": u for p, u in zip(players, eq["payoffs"])}, **dict(zip(columns, flat)),
               **{f"P({o})": q for o, q in eq["outcomes"].items()}, **{f"E[{a}]": v for a, v in eq["attributes"].items()}}
        _check(got, expected, f"{where} run json")
        assert eq["welfare"] == pytest.approx(sum(eq["payoffs"]))
    # sweep --out: CSV, JSON, Parquet, one row per (grid point, equilibrium)
    axis = _axis(path)
    name, values = parse_axis(axis)
    for suffix in ("csv", "json", "parquet") if HAS_PYARROW else ("csv", "json"):
        out = tmp_path / f"s.{suffix}"
        plot = ["--plot", tmp_path / "s.png", "--y", ", ".join(payoffs)] if suffix == "csv" else []
        _call(capsys, "sweep", path, *chosen, "--vary", axis, "-q", "--out", out, *plot)
        if suffix == "csv":
            with out.open(encoding="utf-8", newline="") as handle:
                rows, regions = list(csv.DictReader(handle)), None
        elif suffix == "json":
            document = json.loads(out.read_text(encoding="utf-8"))
            rows, regions = document["data"], document["sweep"]["regions"]
        else:
            import pyarrow.parquet

            rows, regions = pyarrow.parquet.read_table(out).to_pylist(), None
        _check_table(rows, path, variant, name, values, f"{where} sweep .{suffix}", regions)
    # what sweep --plot drew: every equilibrium at every grid point, with its payoffs, in the export's order
    ((result, drawn, quantities),) = plotted
    assert [q for q, _ in quantities] == payoffs and len(drawn) == len(values)
    for g, value in enumerate(values):
        expected = _expected(path, variant, ((name, value),))
        assert [label for label, _ in drawn[g]] == [e["label"] for e in expected], f"{where} plot at {g}"
        for (label, numbers), want in zip(drawn[g], expected):
            got = {"label": label, "equilibrium": want["number"], **dict(zip(payoffs, numbers))}
            for key in payoffs:
                assert got[key] == pytest.approx(want[key], abs=1e-9), f"{where} plot at {g}: {label} {key}"
    # sweep --sample --out: one row per (draw, equilibrium); the draw's values solved exactly
    p = _scenario(path).parameter(name)
    out = tmp_path / "d.csv"
    _call(capsys, "sweep", path, *chosen, "--sample", f"{name}=uniform({p.low}, {p.high})", "-n", DRAWS, "-q",
          "--out", out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    draws = tuple(Fraction(float(r[name])).limit_denominator(10**9)
                  for r in sorted({int(r["draw"]): r for r in rows}.values(), key=lambda r: int(r["draw"])))
    _check_table(rows, path, variant, name, draws, f"{where} sample", key="draw")
    # the report's panel data on the same grid
    page = tmp_path / "r.html"
    _call(capsys, "report", path, *chosen, "--vary", axis, "-q", "-o", page)
    text = page.read_text(encoding="utf-8")
    (panel,) = [json.loads(t) for t in re.findall(r'<script type="application/json" class="explorer-data">(.*?)'
                                                  r"</script>", text, flags=re.S)]
    # the equilibria it lists at the scenario's values, and those at the sliders' starting point
    at_values = re.search(r"<h3>Equilibri(?:um|a) at these parameters</h3><ul>(.*?)</ul>", text, flags=re.S)
    assert at_values is not None or not expected, f"{where} report: no equilibria listed"
    if at_values is not None:
        items = [html.unescape(t) for t in re.findall(r"<li>(.*?)</li>", at_values.group(1), flags=re.S)]
        assert items == [e["label"] for e in _expected(path, variant, ())], f"{where} report"
    (start,) = panel["start"]
    expected = _expected(path, variant, ((name, values[start]),))
    live = re.search(r'<ol class="equilibria">(.*?)</ol>', text, flags=re.S).group(1)
    assert [html.unescape(t) for t in re.findall(r"<li>(.*?)</li>", live)] == [e["label"] for e in expected]
    first = re.search(r'<option value="0">1: (.*?)</option>', text).group(1)
    assert html.unescape(first) == (expected[0]["label"] if expected else "none"), f"{where} report"
    columns = [f"{p} @ {h}: {a}" if h else f"{p}: {a}" for p, h, a in panel["columns"]]
    for g, value in enumerate(values):
        expected = _expected(path, variant, ((name, value),))
        assert [panel["labels"][k] for k in panel["equilibria"][g]] == [e["label"] for e in expected]
        assert panel["regions"][panel["regionIndex"][g]] == " | ".join(dict.fromkeys(e["support"] for e in expected)) \
            or not expected
        for e, label in enumerate(panel["equilibria"][g]):
            got = {"label": panel["labels"][label], "equilibrium": e + 1,
                   **{f"payoff {p}": u for p, u in zip(panel["players"], panel["payoffs"][g][e])},
                   **dict(zip(columns, panel["strategies"][g][e])),
                   **{f"P({o})": q for o, q in zip(panel["outcomes"], panel["outcomeProbs"][g][e])},
                   **{f"E[{a}]": v for a, v in zip(panel["attributes"], panel["attrs"][g][e])}}
            _check(got, expected, f"{where} report at {name} = {value}", atol=PANEL)


def test_compare_lists_each_equilibrium_with_its_own_numbers(capsys):
    texts = [str(path) + (f":{variant}" if variant else "") for path, variant in ITEMS]
    data = json.loads(_call(capsys, "compare", *texts, "--format", "json"))
    by_item: dict[str, list[dict]] = {}
    for row in data["rows"]:
        by_item.setdefault(row["item"], []).append(row)
    for path, variant in ITEMS:
        item = path.stem + (f":{variant}" if variant else "")
        expected = _expected(path, variant, ())
        rows = by_item[item]
        assert [r["number"] for r in rows] == list(range(1, len(expected) + 1)), item
        for row in rows:
            values = {m: v["value"] if isinstance(v, dict) else v for m, v in row["values"].items() if v is not None}
            got = {"label": row["equilibrium"], "equilibrium": row["number"],
                   **{(f"payoff {m}" if f"payoff {m}" in expected[0] else f"E[{m}]"): v for m, v in values.items()}}
            want = expected[row["number"] - 1]
            assert row["equilibrium"] == want["label"], item
            for key, value in got.items():
                if key.startswith(("payoff ", "E[")):
                    assert value == pytest.approx(want[key], abs=1e-9), f"compare {item}: {key}"
            welfare = row["welfare"]["value"] if isinstance(row["welfare"], dict) else row["welfare"]
            assert welfare == pytest.approx(sum(v for k, v in want.items() if k.startswith("payoff ")), abs=1e-9)
