"""House style: the palette, no pyplot state, reproducible files, only known extensions."""

import sys

import pytest

from berlinsim.plots import OKABE_ITO, plot_comparison, save_figure


def test_the_palette_is_okabe_ito():
    assert OKABE_ITO == ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


def test_the_same_figure_gives_the_same_svg_and_pdf_bytes(tmp_path):
    for suffix in (".svg", ".pdf", ".png"):
        a = save_figure(plot_comparison(("a",), ("x",), [[1]]).figure, tmp_path / f"a{suffix}").read_bytes()
        b = save_figure(plot_comparison(("a",), ("x",), [[1]]).figure, tmp_path / f"b{suffix}").read_bytes()
        assert a == b, suffix


def test_svg_carries_no_date(tmp_path):
    text = save_figure(plot_comparison(("a",), ("x",), [[1]]).figure, tmp_path / "a.svg").read_text()
    assert "<dc:date>" not in text


def test_drawing_leaves_no_pyplot_figure_and_rcparams_untouched():
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    plot_comparison(("a",), ("x",), [[1]])
    assert dict(mpl.rcParams) == before
    if "matplotlib.pyplot" in sys.modules:
        assert not sys.modules["matplotlib.pyplot"].get_fignums()


def test_an_unknown_extension_is_refused(tmp_path):
    with pytest.raises(ValueError, match="png, .svg or .pdf"):
        save_figure(plot_comparison(("a",), ("x",), [[1]]).figure, tmp_path / "a.jpg")
