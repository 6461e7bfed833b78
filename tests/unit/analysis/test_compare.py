"""Comparisons: the memo's positions side by side (Acheson 01, Kissinger 02, the British line 03)."""

import functools
import json
import re
import pathlib
from fractions import Fraction as F

import pytest

from berlinsim.analysis.compare import compare, format_comparison
from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import load_scenario

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "scenarios"


@functools.lru_cache(maxsize=None)
def scenario(name):
    return load_scenario(SCENARIOS / f"{name}.yaml")


def items(*names):
    return [(n, scenario(n.split(":")[0]), n.split(":")[1] if ":" in n else None) for n in names]


def test_memo_positions_side_by_side():
    table = compare(items("01_acheson_wait", "02_kennedy_plan_buildup", "03_british_readiness"))
    assert table.metrics == ("US", "USSR", "UK", "settled", "war", "framing", "retreat")
    assert table.players == ("US", "USSR", "UK")
    acheson, kissinger, *british = table.rows
    assert acheson.equilibrium.startswith("US: buildup_wait; USSR: (accept) / overture / ")  # the run's label
    assert (acheson.value("US"), acheson.value("war"), acheson.value("framing")) == (F("0.196"), F("0.02"), F("-0.25"))
    assert kissinger.equilibrium.startswith("US: buildup_initiate; USSR: accept / ")
    assert (kissinger.value("US"), kissinger.value("retreat")) == (F("4.536"), 0)
    assert acheson.value("UK") is None and kissinger.value("UK") is None
    assert [r.equilibrium for r in british][::2] == ["US: F; UK: F", "US: K; UK: S"] and [r.number for r in british] == [1, 2, 3]
    assert all(r.value("USSR") is None and r.value("war") is None for r in british)
    # 03: (K, S) is the welfare optimum; (F, F) and the mixed equilibrium are Pareto-dominated by it
    assert [(r.efficient, r.dominated_by) for r in british] == [(False, "K / S"), (False, "K / S"), (True, "")]
    assert british[2].welfare == F(17, 2)


def test_a_variant_equals_the_other_file():
    table = compare(items("01_acheson_wait", "02_kennedy_plan_buildup:acheson"))
    a, b = table.rows
    assert a.values == b.values and a.equilibrium == b.equilibrium


def test_metrics_overrides_and_formats():
    table = compare(items("07_un_forum", "07_un_forum:prepared"), metrics=["US", "framing", "un_involved"],
                    overrides={"c_comp": "1.5"})
    assert [r.equilibrium for r in table.rows] == ["US: U; USSR: U", "US: U; USSR: B"]
    assert table.rows[0].value("US") == F("-1.5")  # framing 0 - c_comp 1.5
    text = format_comparison(table).splitlines()
    assert text[0].split() == ["item", "#", "equilibrium", "US", "payoff", "framing", "un_involved", "welfare", "Pareto",
                               "efficient"]
    assert text[2].split()[:8] == ["07_un_forum:prepared", "1", "US:", "U;", "USSR:", "B", "1", "1"]
    md = format_comparison(table, "markdown").splitlines()
    assert md[0] == "| item | # | equilibrium | US payoff | framing | un_involved | welfare | Pareto efficient |"
    assert md[1] == "|---|---:|---|---:|---:|---:|---:|---|"
    data = json.loads(format_comparison(table, "json"))
    assert data["rows"][1]["values"]["US"] == {"value": 1.0, "exact": "1"}
    assert data["rows"][1]["number"] == 1 and data["rows"][1]["equilibrium"] == "US: U; USSR: B"
    assert {"welfare", "pareto_efficient", "pareto_dominated_by"} <= set(data["rows"][0])
    assert data["metrics"][0] == {"name": "US", "heading": "US payoff", "payoff": True}


def test_missing_values_show_as_dash():
    table = compare(items("03_british_readiness", "07_un_forum"), metrics=["UK", "un_involved"])
    cells = re.split(r"\s{2,}", format_comparison(table).splitlines()[-1])
    assert cells[3:5] == ["-", "1"]  # 07 has no UK


def test_equilibria_that_differ_only_off_the_path_are_different_rows():
    table = compare(items("08b_berlin_chicken_us_first"), method="enummixed")
    labels = [r.equilibrium for r in table.rows]
    assert len(set(labels)) == len(labels) == 4
    assert labels[:2] == ["US: Firm; USSR: Back / (Back)", "US: Firm; USSR: Back / (Press)"]
    assert table.rows[0].values == table.rows[1].values  # the same outcome: they differ in the threat alone


def test_errors():
    with pytest.raises(BerlinsimError, match="unknown metric 'peace'"):
        compare(items("07_un_forum"), metrics=["peace"])
    with pytest.raises(BerlinsimError, match="no compared scenario has a parameter 'c_cmp'"):
        compare(items("07_un_forum", "06_two_dangers"), overrides={"c_comp": "1", "c_cmp": "1"})
    with pytest.raises(BerlinsimError, match="nothing to compare"):
        compare([])
    with pytest.raises(BerlinsimError, match="unknown format"):
        format_comparison(compare(items("07_un_forum")), "html")


# ------------------------------------------------------------------------- sweep overlay
def test_overlay_matches_per_point_comparison():
    from berlinsim.analysis.compare import overlay_sweep

    overlay = overlay_sweep(items("01_acheson_wait", "02_kennedy_plan_buildup"), "p_reasonable", 0, 1, 6, metric="US")
    assert overlay.x == (0, 0.2, 0.4, 0.6, 0.8, 1) and overlay.heading == "US payoff"
    acheson = dict(overlay.curves)["01_acheson_wait"]
    assert acheson[1] == pytest.approx(0.196)  # the default p = 0.2
    assert dict(overlay.curves)["02_kennedy_plan_buildup"][1] == pytest.approx(4.536)
    assert acheson[-1] == dict(overlay.curves)["02_kennedy_plan_buildup"][-1] == pytest.approx(10)
    for k in (2, 3):  # agrees with compare() at the same point
        x = str(F(k, 5))
        (row,) = compare(items("01_acheson_wait"), metrics=["US"], overrides={"p_reasonable": x}).rows
        assert acheson[k] == pytest.approx(float(row.value("US")))


def test_overlay_marks_disagreeing_equilibria_and_a_between_variant():
    from berlinsim.analysis.compare import format_overlay, overlay_sweep

    overlay = overlay_sweep(items("03_british_readiness"), "pi_uk", 0, 5, 6, metric="UK")
    ys = dict(overlay.curves)["03_british_readiness"]
    assert all(y != y for y in ys[:3]) and ys[3:] == (6, 7, 8)  # several equilibria below 2.25
    assert overlay.ambiguous == (("03_british_readiness", 3),)
    text = format_overlay(overlay).splitlines()
    assert text[1].split() == ["0", "-"] and text[-1].startswith("- where 03_british_readiness has several")
    t = overlay_sweep(items("01_acheson_wait:between"), "t", 0, 1, 3, metric="war")
    assert dict(t.curves)["01_acheson_wait:between"][0] == pytest.approx(0.02)
    with pytest.raises(BerlinsimError, match="no parameter 't'"):
        overlay_sweep(items("01_acheson_wait"), "t", 0, 1, 3, metric="war")
    with pytest.raises(BerlinsimError, match="unknown metric 'peace'"):
        overlay_sweep(items("01_acheson_wait"), "r0", 0, 1, 3, metric="peace")
    with pytest.raises(BerlinsimError, match="at least 2 points"):
        overlay_sweep(items("01_acheson_wait"), "r0", 0, 1, 1, metric="war")
