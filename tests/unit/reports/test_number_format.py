"""Tests of the formatting primitives: numbers for people, exact when exact."""

from fractions import Fraction as F

from berlinsim.reports.number_format import format_probability, format_value, number_text


def test_values_and_probabilities():
    assert format_value(F(1131, 1000)) == "1.131"
    assert format_value(F(-1, 8)) == "-0.125"
    assert format_value(F(-7, 3)) == "-7/3"
    assert format_value(F(1, 2**30)) == f"1/{2**30}"
    assert format_value(-0.0) == "0" and format_value(True) == "yes"
    assert format_probability(F(2, 3)) == "2/3" and format_probability(F(1)) == "1"


def test_number_text_adds_a_decimal_to_a_fraction():
    assert number_text(F(1, 3)) == "1/3 (≈ 0.3333)"
    assert number_text(F(-5, 4)) == "-1.25"
    assert number_text(2.0) == "2"
