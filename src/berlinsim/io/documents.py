"""The documents scenarios model: found by name, read once, split into numbered paragraphs.

A scenario names its source document (``source: {document: NAME, paragraphs: [...]}``); the
name is a file name without its extension, never a path: letters, digits, ``.``, ``_`` and
``-``, starting with a letter or digit (so ``../../etc/passwd`` and ``/etc/passwd`` are refused).
The document is the file ``NAME.md`` or ``NAME.txt`` in a *documents folder*: ``documents/`` or
``seeds/`` beside the scenarios' directory, inside it, or under the current directory (in that
order; the first file found is the document). A file found there that resolves (through a
symbolic link) outside its folder is not read.

A document is plain text (or Markdown) whose numbered paragraphs start a line with the number,
a full stop and a space (``3. Though I agree ...``). A paragraph runs on over its following
lines, across page breaks: page furniture (table rows ``|...|``, ``~~SECRET~~`` marks, page
numbers ``- 2 -``) is skipped, and after a blank line a paragraph continues only with a line that
starts in lower case (a sentence broken by the page), so a signature or a heading ends it. This
module is the only place that parses a document; :func:`find_document` caches what it read.

Examples
--------
>>> doc = parse_document("MEMO\\n1. One. Two\\n\\n- 2 -\\n\\ncontinued.\\n2. Mr. Smith agrees.\\n\\nSigned",
...                      name="memo")
>>> doc.numbers
(1, 2)
>>> doc.paragraph(1)
'One. Two continued.'
>>> doc.excerpt(2)
'Mr. Smith agrees.'
>>> print(name_problem("../../etc/passwd"))
a document is named, not given as a path (expected letters, digits, '.', '_' and '-', starting with a letter or digit, got '../../etc/passwd')
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from berlinsim.errors import BerlinsimError
from berlinsim.limits import DEFAULT

__all__ = ["FOLDERS", "SUFFIXES", "Document", "document_folders", "find_document", "name_problem",
           "parse_document", "read_document"]

FOLDERS = ("documents", "seeds")
"""The names of the folders a document is looked for in."""
SUFFIXES = (".md", ".txt")
"""A document's file is ``NAME`` plus one of these."""
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
QUOTE_LENGTH = 110
"""Longest excerpt of a paragraph (:meth:`Document.excerpt`), in characters."""

_NUMBERED = re.compile(r"^\s*(\d+)\.\s+(\S.*)$")
_PAGE_FURNITURE = re.compile(r"^\s*(\|.*|~~\w+~~|-\s*\d+\s*-)\s*$")
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\b[A-Z])[.!?](?=\s+[A-Z\"(]|\s*$)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A document's numbered paragraphs.

    Attributes
    ----------
    name : str
        The name scenarios use (the file name without its extension).
    path : str
        The file it was read from (``""`` for text given directly).
    paragraphs : tuple of (int, str)
        Each numbered paragraph's number and full text (whitespace collapsed), in file order.
    """

    name: str
    path: str = ""
    paragraphs: tuple[tuple[int, str], ...] = ()

    @property
    def numbers(self) -> tuple[int, ...]:
        """The paragraph numbers, in file order."""
        return tuple(n for n, _ in self.paragraphs)

    def paragraph(self, number: int) -> str:
        """The full text of paragraph ``number`` (:class:`BerlinsimError` if there is none)."""
        for n, text in self.paragraphs:
            if n == number:
                return text
        raise BerlinsimError(f"document {self.name!r} has no paragraph {number} (it has {describe_numbers(self.numbers)})")

    def excerpt(self, number: int, limit: int = QUOTE_LENGTH) -> str:
        """The first sentence of paragraph ``number``, cut to ``limit`` characters (ending ``…``)."""
        text = self.paragraph(number)
        match = _SENTENCE_END.search(text)
        sentence = text[: match.end()] if match else text
        if len(sentence) > limit:
            sentence = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-") + "…"
        return sentence


def describe_numbers(numbers: tuple[int, ...]) -> str:
    """``1-8`` for a run, else the numbers listed; ``no numbered paragraph`` when empty.

    >>> describe_numbers((1, 2, 3)), describe_numbers((1, 3)), describe_numbers(())
    ('paragraphs 1-3', 'paragraphs 1, 3', 'no numbered paragraph')
    """
    if not numbers:
        return "no numbered paragraph"
    ordered = sorted(numbers)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"paragraphs {ordered[0]}-{ordered[-1]}"
    return "paragraph" + ("s " if len(ordered) > 1 else " ") + ", ".join(str(n) for n in ordered)


def parse_document(text: str, *, name: str, path: str = "") -> Document:
    """Split ``text`` into its numbered paragraphs (see the module docstring for the rules)."""
    out: dict[int, list[str]] = {}
    current: int | None = None
    gap = False
    for line in text.splitlines():
        if not line.strip():
            gap = True
            continue
        if _PAGE_FURNITURE.match(line):
            continue
        match = _NUMBERED.match(line)
        if match and int(match.group(1)) not in out:
            current = int(match.group(1))
            out[current] = [match.group(2).strip()]
        elif current is not None and (not gap or line.lstrip()[:1].islower()):
            out[current].append(line.strip())
        else:
            current = None
        gap = False
    paragraphs = tuple((n, " ".join(" ".join(parts).split())) for n, parts in out.items())
    return Document(name=name, path=path, paragraphs=paragraphs)


def name_problem(name: str) -> str | None:
    """What is wrong with a document name, or None when it is a valid name."""
    if NAME.match(name) and ".." not in name:
        return None
    return ("a document is named, not given as a path (expected letters, digits, '.', '_' and '-', "
            f"starting with a letter or digit, got {name!r})")


def read_document(path: str | os.PathLike[str], *, name: str | None = None) -> Document:
    """Read the document file at ``path`` (UTF-8); ``name`` defaults to the file name without extension.

    Raises :class:`BerlinsimError` when the file cannot be read, is not UTF-8 or is too large.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise BerlinsimError(f"{path}: cannot read the document: {exc.strerror or type(exc).__name__}") from None
    return _read(str(path), name or path.stem, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _read(path: str, name: str, mtime_ns: int, size: int) -> Document:
    """A document read once per (file, modification time, size)."""
    if size > DEFAULT.max_file_bytes:
        raise BerlinsimError(f"{path}: the document has {size:,} bytes; expected at most "
                             f"{DEFAULT.max_file_bytes:,} bytes")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise BerlinsimError(f"{path}: cannot read the document: {exc.strerror or type(exc).__name__}") from None
    except UnicodeDecodeError as exc:
        raise BerlinsimError(f"{path}: the document is not UTF-8 text (byte {exc.start})") from None
    return parse_document(text, name=name, path=path)


def document_folders(near: str | os.PathLike[str] | None = None) -> tuple[Path, ...]:
    """The folders searched for the documents of the scenario file ``near`` (see the module docstring)."""
    bases = []
    if near is not None:
        here = Path(near).resolve().parent
        bases += [here.parent, here]
    bases.append(Path.cwd())
    folders: list[Path] = []
    for base in bases:
        for folder in FOLDERS:
            if base / folder not in folders:
                folders.append(base / folder)
    return tuple(folders)


def find_document(name: str, *, near: str | os.PathLike[str] | None = None,
                  folders: tuple[str | os.PathLike[str], ...] | None = None) -> Document | None:
    """The document ``name`` from the documents folders (of the scenario file ``near``), or None.

    ``folders`` replaces the folders searched. Raises :class:`BerlinsimError` for a name that is
    not a document name (a path), or for a file found but unreadable.

    >>> find_document("../../etc/passwd")
    Traceback (most recent call last):
    ...
    berlinsim.errors.BerlinsimError: a document is named, not given as a path (expected letters, digits, '.', '_' and '-', starting with a letter or digit, got '../../etc/passwd')
    """
    problem = name_problem(name)
    if problem:
        raise BerlinsimError(problem)
    for folder in (folders if folders is not None else document_folders(near)):
        for suffix in SUFFIXES:
            path = Path(folder) / f"{name}{suffix}"
            if not path.is_file():
                continue
            try:
                path.resolve().relative_to(Path(folder).resolve())
            except ValueError:  # a link out of the folder
                continue
            return read_document(path, name=name)
    return None
