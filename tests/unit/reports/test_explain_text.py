"""Text and Markdown explanations: the numbers shown are the derivation's, Markdown tables are well formed."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from berlinsim.analysis.derivation import derive
from berlinsim.model.extensive import ExtensiveGame, decision, terminal
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports._explain_math import expression
from berlinsim.reports.explain_text import matrix_lines, md_escape, render_explanation, tree_lines
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers.spe import spe_solve

CHICKEN = NormalFormGame.from_bimatrix([[0, -10], [10, -100]], [[0, 10], [-10, -100]], players=("US", "USSR"),
                                       actions=(("Yield", "Firm"), ("Back", "Press")), title="Chicken")
TRAP = NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]], players=("Row", "Col"),
                                    actions=(("T", "M", "B"), ("L", "R")), title="Mixed dominance")
ENTRY = ExtensiveGame.from_tree(
    decision("Entrant", {"Out": terminal(0, 2),
                         "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}),
    title="Entry deterrence")


def table_rows(markdown: str) -> list[list[str]]:
    """Every Markdown table as a list of its lines (header, separator, rows)."""
    tables, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def cells(line: str) -> int:
    """Number of cells in a pipe-table line (escaped pipes do not count)."""
    return len(re.findall(r"(?<!\\)\|", line)) - 1


def assert_well_formed_markdown(markdown: str) -> None:
    tables = table_rows(markdown)
    for table in tables:
        assert len(table) >= 3, table
        assert re.fullmatch(r"\|(-{3}:?\|)+", table[1].replace("---:", "---:")), table[1]
        width = cells(table[0])
        assert all(cells(line) == width for line in table), table
    assert markdown.count("```") % 2 == 0


def test_expressions_are_written_like_a_student_would_without_zero_terms():
    assert expression([(Fraction(3), "q"), (Fraction(1), "(1 - q)")]) == "3q + (1 - q)"
    assert expression([(Fraction(-1), "q"), (Fraction(0), "(1 - q)")]) == "-q"
    assert expression([(Fraction(9, 4), "p"), (Fraction(-11, 3), "(1 - p)")]) == "2.25p - (11/3)(1 - p)"
    assert expression([(Fraction(0), "q1"), (Fraction(0), "q2")]) == "0"
    assert expression([(Fraction(2), "q")], Fraction(-1, 2)) == "-0.5 + 2q"
    assert expression([(Fraction(1, 2), "q")], Fraction(1), fractions=True) == "1 + (1/2)q"


def test_chicken_text_shows_the_indifference_derivation():
    text = render_explanation(derive(CHICKEN, enummixed_solve(CHICKEN)))
    flat = " ".join(text.split())
    assert ("USSR: Back and Press each earn USSR -1 against US mixing Yield 9/10, Firm 1/10, so USSR may use any mix "
            "of them; let q = P(USSR plays Back), so 1 - q = P(USSR plays Press).") in flat
    assert "US uses Yield and Firm, so they must earn US the same." in flat
    assert "US Yield   -10(1 - q) = -10 + 10q" in text
    assert "US Firm    10q - 100(1 - q) = -100 + 110q" in text
    assert "  -10 + 10q = -100 + 110q\n  => q = 9/10, 1 - q = 1/10" in text
    assert "With this mix US's Yield and Firm each earn -1." in flat
    assert re.search(r"(?<![\d./])0[pq]", text) is None  # no zero terms
    assert "Here: (Yield, Press) and (Firm, Back)." in text
    assert " ".join(text.split()).count("No deviation gains anything: it is an equilibrium (checked exactly).") == 3


def test_mixed_dominator_is_shown_with_its_comparisons():
    text = render_explanation(derive(TRAP, enummixed_solve(TRAP)))
    assert "Row drops B, dominated by the mix 1/2 T + 1/2 M" in text
    rows = [line.split() for line in text.splitlines() if line.strip().startswith("Col ")]
    assert ["Col", "L", "1.5", "1", "0.5"] in rows and ["Col", "R", "1.5", "1", "0.5"] in rows


def test_matrix_lines_mark_best_responses():
    lines = matrix_lines(derive(CHICKEN, enummixed_solve(CHICKEN)).matrix)
    assert lines[1].split() == ["US", "Back", "Press"]
    assert lines[2].split() == ["Yield", "0,", "0", "-10*,", "10*"]
    assert lines[3].split() == ["Firm", "10*,", "-10*", "-100,", "-100"]


def test_tree_lines_and_backward_induction_in_words():
    d = derive(ENTRY, spe_solve(ENTRY))
    assert tree_lines(d.tree) == [
        "Entrant (node 0)", "  Out -> payoffs 0, 2", "  In [1] => Incumbent (node 2)",
        "    Fight -> payoffs -1, -1", "    Accommodate [1] => payoffs 1, 1"]
    text = render_explanation(d)
    assert "[on path] Incumbent at \u201cnode 2\u201d: Fight gives -1, Accommodate gives 1; takes Accommodate." in text
    assert "Incumbent threatens Fight at \u201cnode 2\u201d, worth -1 to Incumbent, where Accommodate gives 1: not credible." \
        in " ".join(text.split())


def test_markdown_escapes_labels_and_keeps_tables_well_formed():
    odd = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]], players=("A|1", "B_*"),
                                       actions=(("x|y", "z*"), ("u_v", "w")), title="odd *labels*")
    markdown = render_explanation(derive(odd, enummixed_solve(odd)), "markdown")
    assert_well_formed_markdown(markdown)
    assert "# Explained: odd \\*labels\\*" in markdown
    assert "x\\|y" in markdown and "u\\_v" in markdown
    assert md_escape("1*") == "1\\*"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format"):
        render_explanation(derive(CHICKEN, enummixed_solve(CHICKEN)), "rtf")


def test_unreached_information_set_states_the_beliefs_that_justify_the_plan():
    from berlinsim.model.extensive import chance

    def entrant(name, l_pays, r_pays):
        return decision("A", {"Out": terminal(4, 0), "In": decision("B", {"l": l_pays, "r": r_pays}, infoset="g")},
                        infoset=name)
    game = ExtensiveGame.from_tree(chance({"one": ("1/2", entrant("a1", terminal(0, 1), terminal(3, 0))),
                                           "two": ("1/2", entrant("a2", terminal(3, 0), terminal(0, 1)))}),
                                   players=("A", "B"))
    text = " ".join(render_explanation(derive(game, spe_solve(game))).split())
    assert "Play never gets there, so Bayes' rule says nothing about the beliefs; takes r, a best reply when " \
           "the belief in (1) is between 0 and 1/2." in text
    assert "takes l, a best reply when the belief in (1) is between 1/2 and 1." in text


def test_a_snapped_qre_limit_is_shown_rounded_with_a_note_and_its_exact_range():
    from pathlib import Path

    from berlinsim.analysis.derivation import derive_run
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.reports.explain_html import render_html
    from berlinsim.scenarios.run import run_scenario

    path = Path(__file__).resolve().parents[3] / "scenarios" / "06_two_dangers.yaml"
    d = derive_run(run_scenario(load_scenario(path), overrides={"c_commit": 2}, method="qre"))
    (eq,) = d.equilibria
    s = dict(eq.strategy[0].probabilities)["S"]
    assert s.denominator > 10**5  # the solver's snapped fraction
    text = " ".join(render_explanation(d).split())
    for page in (text, render_html(d)):
        assert re.search(r"\d{5,}/\d{5,}", page.replace(f"{s.numerator}/{s.denominator}", "")) is None
    assert "US: S with \u22480.333308, P with \u22480.666692" in text
    assert f"({s.numerator}/{s.denominator}, for one) the digits come from that rounding" in text
    assert "every p in [0, 1/3] keeps H a best response for USSR" in text and "has p \u2248 0.333308" in text
