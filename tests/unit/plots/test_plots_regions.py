"""Region fills, names and legend texts."""

import pytest

from berlinsim.plots._regions import HATCHES, REGION_FILLS, legend_texts, region_name, region_styles


def test_region_names_keep_supports_not_probabilities():
    assert region_name(("US at plan: B; USSR at x: accept",), ("US",)) == "US at plan: B"
    assert region_name(("US: F 0.25, K 0.75; UK: S",), None) == "US: F+K mixed; UK: S"
    assert region_name(("US: F; UK: F", "US: F; UK: F"), None) == "US: F; UK: F"


def test_no_two_regions_share_a_fill_and_hatch():
    names = [f"r{k}" for k in range(len(REGION_FILLS) * len(HATCHES))]
    styles = region_styles(names + names[:3])
    assert list(styles) == names and len(set(styles.values())) == len(names)
    assert styles["r0"] == (REGION_FILLS[0], "") and styles[f"r{len(REGION_FILLS)}"] == (REGION_FILLS[0], HATCHES[1])
    with pytest.raises(ValueError, match="can be told apart"):
        region_styles(names + ["one more"])


def test_short_names_are_their_own_legend_text_long_ones_are_lettered():
    texts, key = legend_texts(["trap", "x " * 40, "y " * 40])
    assert texts == ["trap", "A", "B"] and key[0].startswith("A: x x") and key[1].startswith("B: y y")
