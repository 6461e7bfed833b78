"""Tests of the formatting primitives: numbers for people, exact when exact."""

from fractions import Fraction as F

from berlinsim.reports.number_format import MAX_DENOMINATOR, format_probability, format_value, is_rounded, number_text


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


def test_a_fraction_snapped_from_a_float_limit_is_shown_rounded():
    # qre snaps its floating-point limit to fractions with denominators up to 10**6
    snapped = F(310280, 930911)
    assert is_rounded(snapped) and format_value(snapped) == "≈0.333308"
    assert format_probability(snapped) == "≈0.333308" and number_text(-snapped) == "≈-0.333308"
    assert not is_rounded(F(1247, 2444)) and format_value(F(1247, 2444)) == "1247/2444"  # exact, readable
    assert not is_rounded(F(1, 2**30))  # terminates: a chance probability, exact
    assert not is_rounded(0.25) and not is_rounded(F(MAX_DENOMINATOR - 1, MAX_DENOMINATOR))
    assert is_rounded(F(1, MAX_DENOMINATOR + 1))
