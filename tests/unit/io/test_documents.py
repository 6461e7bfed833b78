"""Documents: found by name only, read once, split into numbered paragraphs; citations checked on load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from berlinsim.errors import BerlinsimError, InputErrors
from berlinsim.io.documents import describe_numbers, document_folders, find_document, name_problem, parse_document, \
    read_document
from berlinsim.io.scenario_yaml import load_scenario, parse_scenario

ROOT = Path(__file__).resolve().parents[3]
MEMO = ROOT / "seeds" / "kissinger-1961-07-14-negotiations.txt"
SHORT = """MEMORANDUM

1. One of the basic postulates -- repeated by Mr. Rusk -- is waiting. Second sentence.
2. I am somewhat uneasy to have refusal to negotiate become a test of firmness. I do not like adjectives.
3. """ + "word " * 60 + """
continued on the next line.
"""
SCENARIO = """berlinsim: 1
id: solo
title: One decision
{source}players: {{US: {{payoff: 1}}}}
game: {{type: tree, root: end, nodes: {{end: {{outcome: {{}}}}}}}}
"""


def project(tmp_path: Path, *, folder: str = "documents", suffix: str = ".md", text: str = SHORT) -> Path:
    """A project with one document and a scenarios/ folder; returns the scenarios folder."""
    (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / folder / f"note{suffix}").write_text(text, encoding="utf-8")
    (tmp_path / "scenarios").mkdir(exist_ok=True)
    return tmp_path / "scenarios"


def write_scenario(folder: Path, source: str) -> Path:
    path = folder / "solo.yaml"
    path.write_text(SCENARIO.format(source=source), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- paragraphs
def test_excerpts_are_the_first_sentence_briefly():
    doc = parse_document(SHORT, name="note")
    assert doc.excerpt(1) == "One of the basic postulates -- repeated by Mr. Rusk -- is waiting."
    assert doc.excerpt(2) == "I am somewhat uneasy to have refusal to negotiate become a test of firmness."
    assert doc.excerpt(3).endswith("…") and len(doc.excerpt(3)) <= 110
    assert doc.paragraph(3).endswith("word continued on the next line.")


def test_the_real_memo_has_eight_paragraphs_in_full():
    doc = read_document(MEMO)
    assert doc.name == "kissinger-1961-07-14-negotiations" and doc.numbers == tuple(range(1, 9))
    assert doc.excerpt(5) == "To be sure, conferences can become a bromide."
    assert all(len(doc.excerpt(n)) <= 110 for n in doc.numbers)
    assert doc.paragraph(4).endswith("Preferably, these should relate to a general European settlement and not "
                                     "simply the Berlin issue.")  # joined across the page break, without the stamp
    assert "DECLASSIFIED" not in doc.paragraph(4) and "SECRET" not in doc.paragraph(4)
    assert doc.paragraph(8).endswith("we must have our position worked out.") and "Kissinger" not in doc.paragraph(8)


def test_a_missing_paragraph_is_an_error_naming_the_ones_there_are():
    with pytest.raises(BerlinsimError, match="has no paragraph 9 .it has paragraphs 1-3"):
        parse_document(SHORT, name="note").paragraph(9)
    assert describe_numbers((2,)) == "paragraph 2"


def test_a_document_is_read_once_until_it_changes(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(SHORT, encoding="utf-8")
    assert read_document(path) is read_document(path)
    path.write_text(SHORT + "4. A fourth and longer paragraph.\n", encoding="utf-8")
    assert read_document(path).numbers == (1, 2, 3, 4)


def test_unreadable_documents_are_clear_errors(tmp_path):
    with pytest.raises(BerlinsimError, match="cannot read the document"):
        read_document(tmp_path / "absent.txt")
    (tmp_path / "latin.txt").write_bytes(b"1. caf\xe9\n")
    with pytest.raises(BerlinsimError, match="not UTF-8"):
        read_document(tmp_path / "latin.txt")


# ----------------------------------------------------------------------------- names, never paths
@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..", "a/b", "a\\b", ".hidden", "x..y", "",
                                  "~root", "memo.txt/"])
def test_names_that_are_paths_are_refused(name):
    assert name_problem(name) is not None
    with pytest.raises(BerlinsimError, match="a document is named, not given as a path"):
        find_document(name)


@pytest.mark.parametrize("name", ["kissinger-1961-07-14-negotiations", "note", "US_note.v2"])
def test_plain_names_are_names(name):
    assert name_problem(name) is None


def test_found_in_documents_or_seeds_beside_the_scenarios(tmp_path):
    scenarios = project(tmp_path)
    found = find_document("note", near=scenarios / "x.yaml")
    assert found is not None and found.path.endswith(os.path.join("documents", "note.md"))
    assert find_document("absent", near=scenarios / "x.yaml") is None
    other = project(tmp_path / "other", folder="seeds", suffix=".txt")
    assert find_document("note", near=other / "x.yaml").path.endswith(os.path.join("seeds", "note.txt"))
    assert document_folders(scenarios / "x.yaml")[:2] == (tmp_path / "documents", tmp_path / "seeds")


def test_a_link_out_of_the_documents_folder_is_not_followed(tmp_path):
    scenarios = project(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("1. Not for quoting.\n", encoding="utf-8")
    try:
        (tmp_path / "documents" / "leak.txt").symlink_to(secret)
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    assert find_document("leak", near=scenarios / "x.yaml") is None


# ----------------------------------------------------------------------------- citations checked on load
def test_source_is_optional():
    scenario = parse_scenario(SCENARIO.format(source=""), path="solo.yaml")
    assert scenario.document == "" and scenario.paragraphs == ()


def test_a_document_without_paragraphs_is_cited_as_a_whole(tmp_path):
    scenarios = project(tmp_path)
    scenario = load_scenario(write_scenario(scenarios, "source: {document: note}\n"))
    assert scenario.document == "note" and scenario.paragraphs == ()


def test_cited_paragraphs_are_checked_against_the_document(tmp_path, monkeypatch):
    scenarios = project(tmp_path)
    monkeypatch.chdir(tmp_path)
    path = write_scenario(scenarios, "source: {document: note, paragraphs: [2, 3]}\n")
    assert load_scenario(path).paragraphs == (2, 3)
    path = write_scenario(scenarios, "source: {document: note, paragraphs: [2, 12]}\n")
    with pytest.raises(InputErrors) as caught:
        load_scenario(path)
    assert str(caught.value) == (f"{path}:4:42: source.paragraphs[1]: document 'note' has no paragraph 12 (expected "
                                 f"one of its paragraphs 1-3, in {os.path.join('documents', 'note.md')})")


def test_a_sweep_citing_a_paragraph_the_document_lacks_is_located(tmp_path):
    scenarios = project(tmp_path)
    text = SCENARIO.format(source="source: {document: note, paragraphs: [1]}\n") + \
        "parameters: {a: {default: 0, range: [0, 1]}}\nsweeps:\n  - {vary: {a: [0, 1]}, paragraphs: [7]}\n"
    path = scenarios / "solo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputErrors, match=r"solo.yaml:9:38: sweeps\[0\].paragraphs\[0\]: document 'note' has no "
                                          r"paragraph 7"):
        load_scenario(path)


def test_paragraphs_of_an_unknown_document_are_only_checked_for_shape(tmp_path):
    scenarios = project(tmp_path)
    assert load_scenario(write_scenario(scenarios, "source: {document: elsewhere, paragraphs: [40]}\n")).paragraphs \
        == (40,)
    with pytest.raises(InputErrors, match=r"source.paragraphs\[0\]: not a paragraph number \(expected a positive "
                                          r"integer, got the number 0\)"):
        load_scenario(write_scenario(scenarios, "source: {document: elsewhere, paragraphs: [0]}\n"))


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd"])
def test_a_path_as_the_document_is_refused_at_its_place(tmp_path, name):
    path = write_scenario(project(tmp_path), f"source: {{document: '{name}', paragraphs: [1]}}\n")
    with pytest.raises(InputErrors) as caught:
        load_scenario(path)
    (error,) = caught.value.errors
    assert (error.line, error.key) == (4, "source.document")
    assert "a document is named, not given as a path" in error.message


def test_sweep_paragraphs_without_a_document_are_an_error():
    text = SCENARIO.format(source="") + \
        "parameters: {a: {default: 0, range: [0, 1]}}\nsweeps:\n  - {vary: {a: [0, 1]}, paragraphs: [7]}\n"
    with pytest.raises(InputErrors, match="paragraphs are cited but the scenario names no document"):
        parse_scenario(text, path="solo.yaml")
