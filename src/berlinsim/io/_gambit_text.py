"""Tokens of Gambit's text game formats (``.nfg``, ``.efg``), with their places in the file.

Gambit's formats are whitespace-separated streams of quoted labels (``"Player 1"``),
numbers (``3``, ``-1.25``, ``7/3``, ``1e-3``), braces, commas and bare words
(``NFG``, ``R``). Inside a label, ``\\"`` stands for a quote; any other backslash is
kept as written, exactly as Gambit's own reader does, so the labels we read are the
labels pygambit reads.

Examples
--------
>>> toks = tokenize('NFG 1 R "A \\\\"quoted\\\\" title" { 3/2 }', "g.nfg")
>>> [(t.kind, t.text) for t in toks]  # doctest: +NORMALIZE_WHITESPACE
[('symbol', 'NFG'), ('number', '1'), ('symbol', 'R'), ('text', 'A "quoted" title'),
 ('{', '{'), ('number', '3/2'), ('}', '}'), ('eof', '')]
>>> toks[5].value
Fraction(3, 2)
>>> quote_label('say "hi"')
'"say \\\\"hi\\\\""'
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from fractions import Fraction

from berlinsim.errors import LocatedError

#: A number as Gambit writes and reads it: an integer, a decimal with optional exponent, or p/q.
_NUMBER = re.compile(r"[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\Z")
_WORD = re.compile(r'[^\s{}",]+')
_SPACE = re.compile(r"\s*")


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """One token: ``kind`` is ``text``, ``number``, ``symbol``, ``{``, ``}``, ``,`` or ``eof``.

    ``text`` is the label (unescaped) or the token as written; ``value`` is the exact
    value of a number; ``offset`` is its 0-based position in the source text.
    """

    kind: str
    text: str
    offset: int
    value: Fraction | None = None

    def describe(self) -> str:
        """How the token reads in an error message ("found ...")."""
        if self.kind == "eof":
            return "end of file"
        if self.kind == "text":
            shown = self.text if len(self.text) <= 30 else self.text[:27] + "..."
            return f'label "{shown}"'
        if self.kind == "number":
            return f"number {self.text}"
        shown = self.text if len(self.text) <= 30 else self.text[:27] + "..."
        return f"'{shown}'"


class Source:
    """A text with a name, able to turn offsets into 1-based ``line:column`` places."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def place(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of ``offset``."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def error(self, offset: int, key: str, message: str) -> LocatedError:
        line, column = self.place(offset)
        return LocatedError(self.name, key, message, line=line, column=column)


def unescape_label(raw: str) -> str:
    """A quoted label's text as Gambit reads it: ``\\"`` is a quote, other backslashes stay."""
    if "\\" not in raw:
        return raw
    out: list[str] = []
    last_slash = False
    for ch in raw:
        if last_slash and ch == '"':
            out.append('"')
        elif last_slash:
            out.append("\\" + ch)
        elif ch != "\\":
            out.append(ch)
        last_slash = ch == "\\"
    return "".join(out)


def quote_label(label: str) -> str:
    """``label`` in double quotes, escaped so that Gambit reads back exactly ``label``.

    Raises ``ValueError`` for the few labels Gambit cannot represent: a backslash
    right before a quote, before another backslash, or at the end.
    """
    escaped = label.replace('"', '\\"')
    if label.endswith("\\") or unescape_label(escaped) != label:
        raise ValueError(
            f"label {label!r} cannot be written in Gambit's format "
            "(a backslash before a quote, before a backslash, or at the end)"
        )
    return f'"{escaped}"'


def _read_label(source: Source, start: int) -> tuple[Token, int]:
    text = source.text
    pos = start + 1
    while True:
        end = text.find('"', pos)
        if end < 0:
            raise source.error(
                start, "", "unterminated label: expected a closing '\"' for the label that starts here, "
                "found end of file"
            )
        if text[end - 1] != "\\":
            break
        pos = end + 1
    return Token(kind="text", text=unescape_label(text[start + 1 : end]), offset=start), end + 1


def tokenize(text: str, name: str = "<string>") -> list[Token]:
    """Split ``text`` into tokens, ending with one ``eof`` token.

    Raises :class:`~berlinsim.errors.LocatedError` for an unterminated label or a
    number with a zero denominator.
    """
    source = Source(text, name)
    return tokenize_source(source)


def tokenize_source(source: Source) -> list[Token]:
    """As :func:`tokenize`, on a :class:`Source` (whose places errors can then use)."""
    text = source.text
    tokens: list[Token] = []
    numbers: dict[str, Fraction] = {}  # files repeat their numbers: parse each spelling once
    pos = _SPACE.match(text, 0).end()
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch in "{},":
            tokens.append(Token(kind=ch, text=ch, offset=pos))
            pos += 1
        elif ch == '"':
            token, pos = _read_label(source, pos)
            tokens.append(token)
        else:
            m = _WORD.match(text, pos)
            word = m.group()
            if _NUMBER.match(word):
                value = numbers.get(word)
                if value is None:
                    try:
                        value = numbers[word] = Fraction(word)
                    except ZeroDivisionError:
                        raise source.error(pos, "", f"expected a number, found {word} (division by zero)") from None
                tokens.append(Token(kind="number", text=word, offset=pos, value=value))
            else:
                tokens.append(Token(kind="symbol", text=word, offset=pos))
            pos = m.end()
        pos = _SPACE.match(text, pos).end()
    tokens.append(Token(kind="eof", text="", offset=n))
    return tokens


def normalize_labels(labels: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Make labels unique and nonempty the way Gambit does when it reads a file.

    A label that is empty or repeated gets the suffix ``_1``, ``_2``, ... (the next
    number not already taken); a label that is unique and nonempty is kept.

    >>> normalize_labels(["", ""]), normalize_labels(["x", "x", "y", "x_1"])
    (('_1', '_2'), ('x_2', 'x_3', 'y', 'x_1'))
    """
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for label in labels:
        if counts[label] == 1 and label != "":
            out.append(label)
            continue
        while True:
            visited[label] = visited.get(label, 0) + 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return tuple(out)
