"""HTML explanations: escaped, well-formed, no scripts or external assets, same content as the text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from berlinsim.analysis.derivation import derive, derive_run
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.explain_html import render_html, render_html_page
from berlinsim.scenarios.run import run_scenario
from berlinsim.solvers.enummixed import enummixed_solve

SCENARIOS = sorted((Path(__file__).resolve().parents[3] / "scenarios").glob("*.yaml"))
VOID = {"br", "meta", "hr", "img", "input", "link"}


class Checker(HTMLParser):
    """Tags must nest properly; records every tag and attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def check(html: str) -> Checker:
    checker = Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == [], checker.stack
    assert "script" not in checker.tags
    assert not any(v and ("http:" in v or "https:" in v) for _, v in checker.attributes)
    return checker


def test_labels_are_escaped():
    game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=("<script>", "B&B"),
                                        actions=(("x\"y", "z"), ("u", "<i>v</i>")), title="<b>t</b>")
    fragment = render_html(derive(game, enummixed_solve(game)))
    checker = check(fragment)
    assert "<script>" not in fragment and "&lt;script&gt;" in fragment and "B&amp;B" in fragment
    assert "i" not in checker.tags and "b" not in checker.tags
    assert fragment.startswith('<section class="bs-explain">') and "<h2>" in fragment


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_renders_to_well_formed_html(path):
    d = derive_run(run_scenario(load_scenario(path)))
    page = render_html_page(d)
    checker = check(page)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert ("table" in checker.tags) and ("bs-explain" in page)
    if d.kind == "tree":
        assert 'class="bs-tree"' in page
    else:
        assert 'class="bs-matrix"' in page and 'class="bs-best"' in page
