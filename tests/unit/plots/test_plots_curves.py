"""Curves against a parameter, with their zero crossings marked."""

import numpy as np
import pytest

from berlinsim.plots import plot_curves
from berlinsim.plots.curves import crossings


def test_curves_mark_their_zero_crossings():
    assert crossings([0, 1, 2], [-1, 1, 3]) == pytest.approx((0.5,))
    assert crossings([0, 1], [2, 3]) == ()
    ax = plot_curves(np.linspace(0, 1, 5), [("a", [-2, -1, 0.5, 1, 2]), ("b", [1, 1, 1, 1, 1])], title="t")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert any(t.get_text() == "0.417" for t in ax.texts)
    assert min(t.get_fontsize() for t in ax.texts) >= 14
