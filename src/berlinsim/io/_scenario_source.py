"""Reading a scenario's ``source`` and the paragraph numbers it cites, checked against the document.

Private helper of :mod:`berlinsim.io.scenario_yaml`. ``source: {document: NAME, paragraphs: [...]}``
is optional; ``document`` is a name (:func:`berlinsim.io.documents.name_problem`), ``paragraphs``
(optional) a list of distinct positive integers. Every paragraph number the file cites (in
``source.paragraphs`` and in ``sweeps[*].paragraphs``) is recorded as it is read and, once the
whole file is read, checked against the document when the document is found
(:func:`berlinsim.io.documents.find_document`): a number it does not have is an error at its
place in the file. A document that is not found is not an error (an installed package ships no
documents); reports then give the paragraph numbers only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from berlinsim.errors import BerlinsimError
from berlinsim.io._scenario_reader import describe
from berlinsim.io.documents import describe_numbers, find_document, name_problem
from berlinsim.io.yaml_source import KeyPath

__all__ = ["check_citations", "read_paragraphs", "read_source"]


def read_paragraphs(ld: Any, kp: KeyPath, value: Any) -> tuple[int, ...] | None:
    """Distinct positive paragraph numbers at ``kp`` (None after an error), each recorded in ``ld.citations``."""
    items = ld.sequence(kp, value, "a list of paragraph numbers")
    if items is None:
        return None
    if not items:
        ld.fail(kp, "no paragraphs (expected at least one paragraph number, got an empty list)", at_value=True)
        return None
    out: list[int] = []
    for i, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, int) or item < 1:
            ld.fail(kp + (i,), f"not a paragraph number (expected a positive integer, got {describe(item)})")
            return None
        if item in out:
            ld.fail(kp + (i,), f"paragraph {item} is listed twice")
            return None
        out.append(item)
        ld.citations.append((kp + (i,), item))
    return tuple(out)


def read_source(ld: Any, value: Any) -> tuple[str, tuple[int, ...]]:
    """``(document, paragraphs)`` of the ``source`` mapping (``("", ())`` after an error)."""
    source = ld.mapping(("source",), value, "a mapping {document, paragraphs}")
    if source is None:
        return "", ()
    ld.keys(("source",), source, ("document", "paragraphs"), ("document",))
    document = ""
    if "document" in source:
        document = ld.text(("source", "document"), source["document"], required=True) or ""
        problem = name_problem(document) if document else None
        if problem:
            ld.fail(("source", "document"), problem, at_value=True)
            document = ""
    paragraphs = read_paragraphs(ld, ("source", "paragraphs"), source["paragraphs"]) \
        if "paragraphs" in source else ()
    return document, paragraphs or ()


def _shown(path: str) -> str:
    """``path`` relative to the current directory when it lies under it, else as it is."""
    try:
        return str(Path(path).relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


def check_citations(ld: Any, document: str, has_source: bool) -> None:
    """Check every recorded paragraph number against ``document`` (when it is found)."""
    if not ld.citations:
        return
    if not document:
        if not has_source:
            kp, _ = ld.citations[0]
            ld.fail(kp, "paragraphs are cited but the scenario names no document (expected "
                        "source: {document: NAME, paragraphs: [...]})")
        return
    try:
        found = find_document(document, near=ld.path if ld.path != "<string>" else None)
    except BerlinsimError as exc:
        ld.fail(("source", "document"), str(exc), at_value=True)
        return
    if found is None:
        return
    for kp, number in ld.citations:
        if number not in found.numbers:
            ld.fail(kp, f"document '{document}' has no paragraph {number} (expected one of its "
                        f"{describe_numbers(found.numbers)}, in {_shown(found.path)})", at_value=True)
