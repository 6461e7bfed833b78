"""Parameter values of a run: defaults, variants (set and between), --set overrides, and their errors."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import parse_scenario
from berlinsim.scenarios.values import parse_assignment, parse_number, resolve_values

DATA = Path(__file__).resolve().parents[2] / "data" / "good_scenarios"
SCREENING = (DATA / "screening.yaml").read_text(encoding="utf-8")
VARIANTS = SCREENING + """variants:
  acheson: {description: Acheson's beliefs, set: {w_framing: 0, p_reasonable: 0.1}}
  kissinger: {set: {w_framing: 4, v_settle: 20}}
  midway: {between: {from: acheson, to: kissinger, t: 0.25}}
"""
SCENARIO = parse_scenario(VARIANTS, path="screening.yaml")


def test_defaults():
    values = resolve_values(SCENARIO)
    assert dict(values.values) == {"p_reasonable": Fraction(1, 5), "v_settle": 10, "w_framing": 4}
    assert values.changed == frozenset() and values.variant is None and values.t is None
    assert values["v_settle"] == 10


def test_values_are_read_only_and_hashable():
    values = resolve_values(SCENARIO)
    with pytest.raises(TypeError):
        values.values["v_settle"] = 3  # type: ignore[index]
    assert values == resolve_values(SCENARIO) and hash(values) == hash(resolve_values(SCENARIO))
    assert len({values, resolve_values(SCENARIO, "acheson")}) == 2


def test_set_variant_then_overrides():
    values = resolve_values(SCENARIO, "acheson")
    assert values["w_framing"] == 0 and values["p_reasonable"] == Fraction(1, 10) and values["v_settle"] == 10
    assert values.changed == {"w_framing", "p_reasonable"} and values.variant == "acheson"
    values = resolve_values(SCENARIO, "acheson", {"w_framing": "1/3", "v_settle": 10})
    assert values["w_framing"] == Fraction(1, 3) and values.changed == {"w_framing", "p_reasonable"}


def test_between_interpolates_exactly_with_defaults_for_parameters_one_side_leaves_out():
    values = resolve_values(SCENARIO, "midway")
    # w_framing 0 -> 4, p_reasonable 0.1 -> default 0.2, v_settle default 10 -> 20; t = 1/4
    assert values["w_framing"] == 1 and values["p_reasonable"] == Fraction(1, 8) and values["v_settle"] == Fraction(25, 2)
    assert values.t == Fraction(1, 4)
    moved = resolve_values(SCENARIO, "midway", {"t": "0.5", "v_settle": "3"})
    assert moved["w_framing"] == 2 and moved.t == Fraction(1, 2) and moved["v_settle"] == 3


@settings(max_examples=40, deadline=None)
@given(st.fractions(min_value=0, max_value=1))
def test_between_is_linear_in_t(t: Fraction):
    ends = [resolve_values(SCENARIO, name) for name in ("acheson", "kissinger")]
    values = resolve_values(SCENARIO, "midway", {"t": str(t)})
    for name in SCENARIO.parameter_names:
        assert values[name] == ends[0][name] + t * (ends[1][name] - ends[0][name])


def test_t_is_an_ordinary_parameter_when_declared_and_no_between_variant_exists():
    text = SCREENING.replace("  w_framing: {default: 4, range: [0, 20]}",
                             "  w_framing: {default: 4, range: [0, 20]}\n  t: {default: 1, range: [0, 5]}")
    scenario = parse_scenario(text)
    assert resolve_values(scenario, overrides={"t": "2"})["t"] == 2


@pytest.mark.parametrize("variant, overrides, message", [
    (None, {"p_reasonabel": "0.3"}, "unknown parameter 'p_reasonabel'; did you mean 'p_reasonable'?"),
    (None, {"p_reasonable": "1.5"}, "p_reasonable=1.5: outside the range of 'p_reasonable' (expected a value in [0, 1])"),
    (None, {"v_settle": "ten"}, "v_settle=ten: not a number: 'ten'"),
    (None, {"t": "0.5"}, "'t' moves a 'between' variant, and none is selected (the scenario's between variants: midway)"),
    ("midway", {"t": "2"}, "t=2: outside [0, 1]"),
    ("kisinger", {}, "unknown variant 'kisinger'; did you mean 'kissinger'?"),
])
def test_errors_name_the_problem(variant, overrides, message):
    with pytest.raises(BerlinsimError) as caught:
        resolve_values(SCENARIO, variant, overrides)
    assert message in str(caught.value)


def test_every_override_problem_in_one_message():
    with pytest.raises(BerlinsimError) as caught:
        resolve_values(SCENARIO, overrides={"a": "1", "v_settle": "x", "w_framing": "-1"})
    assert len(str(caught.value).splitlines()) == 3


@pytest.mark.parametrize("text, value", [
    ("0.3", Fraction(3, 10)), ("1/3", Fraction(1, 3)), (" -2 ", Fraction(-2)), ("1e-3", Fraction(1, 1000)),
    ("+.5", Fraction(1, 2)), ("2.5E+1", Fraction(25)), ("-3/4", Fraction(-3, 4)), (7, Fraction(7)),
    (Fraction(2, 7), Fraction(2, 7)),
])
def test_parse_number_is_exact(text, value):
    result = parse_number(text)
    assert result == value and isinstance(result, Fraction)


def test_parse_number_keeps_floats_and_refuses_non_numbers():
    assert parse_number(0.25) == 0.25 and isinstance(parse_number(0.25), float)
    for bad in ("nan", "inf", "1/0", "0x10", "", "1e99999", True, None, float("nan")):
        with pytest.raises(BerlinsimError):
            parse_number(bad)


def test_parse_assignment():
    assert parse_assignment("c_war=50") == ("c_war", "50")
    assert parse_assignment(" t = 1/3 ") == ("t", "1/3")
    for bad in ("c_war", "=3", "c_war="):
        with pytest.raises(BerlinsimError, match="expected name=value"):
            parse_assignment(bad)
