"""The HTML report page: structure (balanced tags, unique ids, a label for every input), no remote
references, embedded JSON that parses and matches the sweep, SVG inlining, and value checks."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.model.sweep_result import PointEquilibria, SweepAxis, SweepResult
from berlinsim.reports._html_explorer import explorer_data, script_json
from berlinsim.reports.html_report import (Explorer, Figure, MemoQuote, Report, ScenarioSection, inline_svg,
                                           render_report)

VOID = {"meta", "input", "br", "img", "hr", "link", "source", "wbr", "col", "area", "base", "track", "embed"}
SVG = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n'
       '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
       '<metadata><rdf:RDF/></metadata><defs><clipPath id="clip1"><rect width="10" height="10"/></clipPath>'
       '<path id="glyph" d="M 0 0 L 1.123456 2"/></defs><g id="figure_1" clip-path="url(#clip1)">'
       '<use xlink:href="#glyph" transform="translate(3.14159 0) scale(0.0123 -0.0123)"/></g></svg>')


def toy_sweep(labels=("A: x; B: y", "A: z; B: y </script>")) -> SweepResult:
    """A 2-D sweep 3 x 2: region 0 where p < 1, region 1 at p = 1 (a label that would end a script); two
    equilibria at (p, q) = (0.5, 1), the second with its own numbers."""
    p, q = [0.0, 0.5, 1.0], [0.0, 1.0]
    region = [0, 0, 0, 0, 1, 1]
    points = []
    for g, r in enumerate(region):
        strategy = [1.0, 0.0, 1.0] if r == 0 else [0.0, 1.0, 1.0]
        points.append(PointEquilibria(labels=(labels[r],), supports=(labels[r],), payoffs=[[2.0 * g, 2.0 * g + 1]],
                                      strategies=[strategy], outcomes=[strategy[:2]], attributes=[[1 / 3]]))
    points[3] = PointEquilibria(labels=(labels[0], "A: x 0.5, z 0.5; B: y"), supports=(labels[0], "A: x, z; B: y"),
                                payoffs=[[6.0, 7.0], [-1.0, -2.0]], strategies=[[1.0, 0.0, 1.0], [0.5, 0.5, 1.0]],
                                outcomes=[[1.0, 0.0], [0.5, 0.5]], attributes=[[1 / 3], [0.25]])
    return SweepResult.from_points(scenario_id="toy", title="A toy",
                                   axes=(SweepAxis(name="p", values=p), SweepAxis(name="q", values=q)),
                                   players=("A", "B"), strategy_columns=(("A", "", "x"), ("A", "", "z"), ("B", "", "y")),
                                   outcome_labels=("x / y", "z / y"), attribute_names=("war",), points=points)


def section(key: str, **extra) -> ScenarioSection:
    explorer = Explorer(sweep=toy_sweep(), region_names=("A: x", "A: x | A: mixed", "A: z"), start=(1, 0),
                        axis_labels=("p: the prior", "q: a cost"), held="r = 2")
    fields = dict(key=key, id="toy", title="A <toy> & co", file="toy.yaml", paragraphs=(3, 6),
                  quotes=(MemoQuote(number=3, text='Should we not develop a "Kennedy plan"?'),),
                  summary="Two players.", parameters=(("p", "0.5", "", "the prior"),), equilibria=("A: x; B: y",),
                  explorer=explorer, figures=(Figure(caption="The game", svg=SVG),), explanation_text="x < y",
                  teaching_note="Note.")
    fields.update(extra)
    return ScenarioSection(**fields)


class Structure(HTMLParser):
    """Collects tags, ids, labels, inputs and scripts; records unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.inputs: list[dict] = []
        self.refs: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        for name in ("src", "href", "xlink:href", "action", "data"):
            if name in a:
                self.refs.append(a[name])
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if tag == "input":
            self.inputs.append(a)
        if tag == "script":
            self._script = a
            self.scripts.append((a, ""))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._script is not None and self.stack and self.stack[-1] == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def page() -> str:
    return render_report(Report(title="Report", sections=(section("s1-toy"), section("s2-toy")),
                                memo_source="seeds/memo.txt"))


def test_page_is_balanced_with_unique_ids(page):
    doc = parse(page)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert doc.problems == [] and doc.stack == []
    assert len(doc.ids) == len(set(doc.ids)), [i for i in doc.ids if doc.ids.count(i) > 1]
    assert "s1-toy" in doc.ids and "s2-toy" in doc.ids


def test_every_input_has_a_label_and_is_a_keyboard_range(page):
    doc = parse(page)
    assert len(doc.inputs) == 4  # two sliders per section
    for attrs in doc.inputs:
        assert attrs["type"] == "range" and attrs["id"] in doc.labels
        assert attrs["step"] == "1" and int(attrs["min"]) == 0 and attrs["aria-valuetext"]
    assert page.count('aria-live="polite"') == 2
    for key in ("s1-toy", "s2-toy"):  # the menu of the equilibrium the tables show is labelled too
        assert f'<label for="x-{key}-eq">' in page and f'<select id="x-{key}-eq"' in page


def test_no_remote_references(page):
    doc = parse(page)
    assert doc.refs and all(not re.match(r"\s*(https?:)?//", ref) for ref in doc.refs), doc.refs
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page


def test_embedded_json_parses_and_matches_the_sweep(page):
    doc = parse(page)
    blocks = [json.loads(text) for attrs, text in doc.scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 2
    data = blocks[0]
    assert data == json.loads(script_json(explorer_data(section("s1-toy").explorer)))
    assert [a["name"] for a in data["axes"]] == ["p", "q"] and data["start"] == [1, 0]
    assert data["regionIndex"] == [0, 0, 0, 1, 2, 2]  # row-major over p x q
    assert data["regions"][2] == "A: z; B: y </script>"  # kept intact, yet did not end the script
    assert data["strategies"][4] == [[0, 1, 1]] and data["attrs"][0] == [[0.3333]]
    assert data["payoffs"][5] == [[10, 11]]
    # every number is listed with its own equilibrium, in the order the labels are listed
    assert [data["labels"][k] for k in data["equilibria"][3]] == ["A: x; B: y", "A: x 0.5, z 0.5; B: y"]
    assert data["payoffs"][3] == [[6, 7], [-1, -2]] and data["strategies"][3][1] == [0.5, 0.5, 1]
    assert data["outcomeProbs"][3] == [[1, 0], [0.5, 0.5]] and data["attrs"][3] == [[0.3333], [0.25]]
    assert "Strategies of the first equilibrium" not in page and "Payoffs of the first" not in page


def test_scenario_text_is_escaped_and_quoted(page):
    assert "A &lt;toy&gt; &amp; co" in page and "<pre>x &lt; y</pre>" in page
    assert "Should we not develop a &quot;Kennedy plan&quot;?" in page
    assert "Models memo paragraphs 3, 6." in page and "Held fixed:</strong> r = 2" in page


def test_figures_inline_without_shared_ids(page):
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 2 and "<?xml" not in page and "DOCTYPE svg" not in page and "<metadata" not in page
    assert '<svg role="img" aria-labelledby="s1-toy-fig0"' in svgs[0] and '<figcaption id="s1-toy-fig0">' in page
    for k, svg in enumerate(svgs, start=1):
        ids = re.findall(r'id="([^"]+)"', svg)
        assert ids == [f"s{k}f0-0", f"s{k}f0-1"]  # clip and glyph kept (referenced), the group's id dropped
        assert f'clip-path="url(#s{k}f0-0)"' in svg and f'xlink:href="#s{k}f0-1"' in svg
    assert "1.12 2" in svgs[0] and "translate(3.14 0) scale(0.0123 -0.0123)" in svgs[0]


def test_memo_missing_and_explanation_html():
    fragment = "<section><h3>Explained</h3><ol><li>step</li></ol></section>"
    page = render_report(Report(title="R", sections=(section("a", explorer=None, explanation_html=fragment),),
                                memo_missing="The memo was not found.", style=".x { color: red } </style>"))
    assert '<p class="notice">The memo was not found.</p>' in page
    assert f'<div class="explanation">{fragment}</div>' in page and "<pre>" not in page
    assert "<h3>Explanation</h3>" not in page and 'class="explorer"' not in page
    assert ".x { color: red } <\\/style></style>" in page and parse(page).problems == []


def test_values_are_checked():
    sweep = toy_sweep()
    with pytest.raises(ValueError, match="region names"):
        Explorer(sweep=sweep, region_names=("one",), start=(0, 0))
    with pytest.raises(ValueError, match="outside axis"):
        Explorer(sweep=sweep, region_names=("a", "b", "c"), start=(3, 0))
    with pytest.raises(ValueError, match="key"):
        section("1 bad")
    with pytest.raises(ValueError, match="unique"):
        Report(title="R", sections=(section("a"), section("a")))


def test_inline_svg_keeps_unreferenced_documents_alone():
    assert inline_svg("<svg><rect width='1'/></svg>", "f") == "<svg><rect width='1'/></svg>"


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.text() | st.integers() | st.booleans(), lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8))
def test_script_json_round_trips_and_cannot_end_a_script(value):
    text = script_json(value)
    assert "<" not in text and json.loads(text) == value
