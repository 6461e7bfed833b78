"""The interactive HTML report: one self-contained page for a set of scenarios.

:func:`render_report` writes a single HTML document with everything inline (style, script,
figures as SVG, the precomputed sweep grids as JSON): it needs no server and no network and
opens from a USB stick. For each scenario: the memo paragraphs it models, quoted in full;
its summary and parameters; the equilibria at its parameters; an explorer whose sliders move
over a precomputed grid and update the equilibrium (announced through an ``aria-live``
region), the strategies, the outcome distribution and the highlighted equilibrium region
(:mod:`._html_explorer`); its figures; the explanation (an HTML fragment when given, else the
plain-text report) and the teaching note.

The page is built from plain values (:class:`Report`, :class:`ScenarioSection`,
:class:`Figure`, :class:`MemoQuote`) made by the caller: this module solves and draws nothing.
SVG text is inlined with its element ids prefixed per figure, so several figures on one page
never share an id.

Examples
--------
>>> page = render_report(Report(title="Demo", sections=(ScenarioSection(
...     key="s1", id="pd", title="Prisoner's dilemma", file="pd.yaml", paragraphs=(8,),
...     quotes=(MemoQuote(number=8, text="Finally, I would urge an immediate study."),),
...     equilibria=("A: D; B: D",), explanation_text="Both defect."),)))
>>> page.startswith("<!DOCTYPE html>"), "Finally, I would urge" in page, "<pre>Both defect.</pre>" in page
(True, True, True)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from berlinsim.reports._html_assets import SCRIPT, STYLE
from berlinsim.reports._html_explorer import Explorer, render_explorer

__all__ = ["Explorer", "Figure", "MemoQuote", "Report", "ScenarioSection", "inline_svg", "render_report"]


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoQuote:
    """One numbered paragraph of the memo, in full."""

    number: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """An SVG figure (the text of an ``.svg`` file) with its caption."""

    caption: str
    svg: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioSection:
    """Everything the page shows about one scenario, as plain values.

    Attributes
    ----------
    key : str
        Unique on the page (element ids): e.g. ``"s1-acheson_wait"``.
    id, title, file : str
        The scenario's id, title and file name.
    paragraphs : tuple of int
        The memo paragraphs it models.
    quotes : tuple of MemoQuote
        Those paragraphs' text (empty when the memo was not found).
    summary, teaching_note : str
    setting : str
        The variant and ``--set`` values used, in words ("" for the defaults).
    parameters : tuple of (name, value, default, description)
        The parameters used, as text; ``default`` is "" when the value is the default.
    equilibria : tuple of str
        The equilibria at these parameters, one label each.
    explorer : Explorer, optional
    figures : tuple of Figure
    explanation_html : str
        A trusted HTML fragment explaining the equilibria, with its own headings from ``<h3>`` down
        (used when not empty).
    explanation_text : str
        Otherwise, a plain-text explanation shown preformatted.
    notes : tuple of str
        Anything the reader should know (e.g. why there is no explorer).
    """

    key: str
    id: str
    title: str
    file: str = ""
    paragraphs: tuple[int, ...] = ()
    quotes: tuple[MemoQuote, ...] = ()
    summary: str = ""
    teaching_note: str = ""
    setting: str = ""
    parameters: tuple[tuple[str, str, str, str], ...] = ()
    equilibria: tuple[str, ...] = ()
    explorer: Explorer | None = None
    figures: tuple[Figure, ...] = ()
    explanation_html: str = ""
    explanation_text: str = ""
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("paragraphs", "quotes", "parameters", "equilibria", "figures", "notes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", self.key):
            raise ValueError(f"key {self.key!r}: letters, digits, '_' and '-' only, starting with a letter")


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """A whole page: its title, the memo's source (or why it is missing), the scenario sections, and
    any further style sheet their HTML fragments need (``style``, inlined after the page's own)."""

    title: str
    sections: tuple[ScenarioSection, ...]
    memo_source: str = ""
    memo_missing: str = ""
    generator: str = "berlinsim"
    style: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        keys = [s.key for s in self.sections]
        if len(set(keys)) != len(keys):
            raise ValueError("section keys must be unique")


_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(svg: str, prefix: str) -> str:
    """SVG file text made fit to inline, and smaller.

    No XML prolog, doctype, comments or metadata; ids that something refers to (``href="#id"``,
    ``url(#id)``) are prefixed with ``prefix`` so figures on one page never share one, the others
    are dropped (ids are shortened to ``prefix-<hex>``); numbers of at least 1 are rounded to two
    decimals (a hundredth of a point; smaller ones, such as glyph scales, are kept) and the white space
    between elements and inside path data is collapsed.

    >>> inline_svg('<?xml version="1.0"?><svg><g id="g1"><path id="a" d="M 1.23456 2 \\n L 3 4"/></g>'
    ...            '<use xlink:href="#a" clip-path="url(#a)"/></svg>', "f1")
    '<svg><g><path id="f1-0" d="M 1.23 2 L 3 4"/></g><use xlink:href="#f1-0" clip-path="url(#f1-0)"/></svg>'
    """
    text = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", "", svg, flags=re.S)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S).strip()
    used = dict.fromkeys(re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', text))
    short = {name: f"{prefix}-{k:x}" for k, name in enumerate(dict.fromkeys(a or b for a, b in used))}
    text = _ID.sub(lambda m: f'id="{short[m.group(1)]}"' if m.group(1) in short else "", text)
    text = re.sub(r'(href=")#([^"]+)"', lambda m: f'{m.group(1)}#{short[m.group(2)]}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{short[m.group(1)]})", text)
    text = re.sub(r"\b([1-9]\d*\.\d\d)\d+", r"\1", text)  # coordinates; small factors (scale) kept
    text = re.sub(r"\s*\n\s*", " ", text)
    text = re.sub(r">\s+<", "><", text)
    return re.sub(r"<(\w+) >", r"<\1>", text).replace(' "/>', '"/>').replace(' ">', '">')


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _section(s: ScenarioSection, position: int) -> list[str]:
    out = [f'<section id="{s.key}" aria-labelledby="{s.key}-h">',
           f'<h2 id="{s.key}-h">{position}. {_e(s.title)} <span class="muted">[{_e(s.id)}]</span></h2>']
    what = f"Scenario file <code>{_e(s.file)}</code>. " if s.file else ""
    if s.paragraphs:
        what += "Models memo paragraph" + ("s " if len(s.paragraphs) > 1 else " ") + \
            ", ".join(str(p) for p in s.paragraphs) + "."
    out.append(f"<p>{what}</p>")
    for quote in s.quotes:
        out.append(f'<blockquote id="{s.key}-memo-{quote.number}"><p><span class="num">{quote.number}.</span> '
                   f"{_e(quote.text)}</p></blockquote>")
    if s.summary:
        out.append(f"<p>{_e(s.summary)}</p>")
    if s.setting:
        out.append(f"<p><strong>Parameters set for this report:</strong> {_e(s.setting)}</p>")
    if s.parameters:
        out.append("<details><summary>Parameters used</summary><table><thead><tr><th scope=\"col\">parameter"
                   "</th><th scope=\"col\">value</th><th scope=\"col\">default (if changed)</th>"
                   "<th scope=\"col\">meaning</th></tr></thead><tbody>")
        for name, value, default, description in s.parameters:
            out.append(f"<tr><th scope=\"row\"><code>{_e(name)}</code></th><td class=\"num\">{_e(value)}</td>"
                       f"<td class=\"num\">{_e(default)}</td><td>{_e(description)}</td></tr>")
        out.append("</tbody></table></details>")
    if s.equilibria:
        count = len(s.equilibria)
        out.append(f"<h3>Equilibri{'um' if count == 1 else 'a'} at these parameters</h3><ul>")
        out.extend(f"<li>{_e(label)}</li>" for label in s.equilibria)
        out.append("</ul>")
    for note in s.notes:
        out.append(f'<p class="notice">{_e(note)}</p>')
    if s.explorer is not None:
        out.append(render_explorer(s.explorer, s.key))
    for k, figure in enumerate(s.figures):
        ident = f"{s.key}-fig{k}"  # the drawing is text as paths: screen readers get the caption instead
        svg = re.sub(r"<svg\b", f'<svg role="img" aria-labelledby="{ident}"', inline_svg(figure.svg, f"s{position}f{k}"),
                     count=1)
        out.append(f'<figure>{svg}<figcaption id="{ident}">{_e(figure.caption)}</figcaption></figure>')
    if s.explanation_html:  # a fragment with its own headings (from h3 down)
        out.append(f'<div class="explanation">{s.explanation_html}</div>')
    elif s.explanation_text:
        out.append(f"<h3>Explanation</h3><pre>{_e(s.explanation_text)}</pre>")
    if s.teaching_note:
        out.append(f"<h3>Teaching note</h3><p>{_e(s.teaching_note)}</p>")
    out.append("</section>")
    return out


def render_report(report: Report) -> str:
    """The whole page as one HTML document (UTF-8 text)."""
    extra = report.style.replace("</", "<\\/")  # a style sheet cannot end the <style> element
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<meta name="generator" content="{_e(report.generator)}">',
           f"<title>{_e(report.title)}</title>", f"<style>{STYLE}{extra}</style>",
           "</head>", "<body>",
           '<a href="#main" class="skip">Skip to the scenarios</a>', '<main id="main">',
           f"<h1>{_e(report.title)}</h1>",
           "<p>A self-contained page: every figure, table and slider works offline. The sliders move over "
           "grids solved in advance; the rest of each scenario is solved at its stated parameters.</p>"]
    if report.memo_source:
        out.append(f"<p>Memo quoted from <code>{_e(report.memo_source)}</code> (Henry A. Kissinger to McGeorge "
                   "Bundy, \u201cNegotiations\u201d, 14 July 1961).</p>")
    if report.memo_missing:
        out.append(f'<p class="notice">{_e(report.memo_missing)}</p>')
    out.append('<noscript><p class="notice">JavaScript is off: the sliders do not move, everything else is '
               "shown.</p></noscript>")
    out.append('<nav aria-label="Scenarios"><h2>Scenarios</h2><ol>')
    out.extend(f'<li><a href="#{s.key}">{_e(s.title)}</a> <span class="muted">[{_e(s.id)}]</span></li>'
               for s in report.sections)
    out.append("</ol></nav>")
    for position, section in enumerate(report.sections, start=1):
        out.extend(_section(section, position))
    out += ["</main>", f"<script>{SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(out)
