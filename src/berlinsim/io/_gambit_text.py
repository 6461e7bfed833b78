"""Tokens of Gambit's text game formats (``.nfg``, ``.efg``), with their places in the file.

Gambit's formats are whitespace-separated streams of quoted labels (``"Player 1"``),
numbers (``3``, ``-1.25``, ``7/3``, ``1e-3``), braces, commas and bare words
(``NFG``, ``R``). Inside a label, ``\\"`` stands for a quote; any other backslash is
kept as written, exactly as Gambit's own reader does, so the labels we read are the
labels pygambit reads.

Numbers are read exactly and checked against the limits before any arithmetic
(:mod:`berlinsim.io._gambit_numbers`). The
:class:`Lexer` reads tokens one at a time (so a file is refused at its first problem,
without reading the rest) and long runs of numbers in bulk.

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
import os
import re
from dataclasses import dataclass
from fractions import Fraction
from operator import itemgetter
from os import PathLike
from pathlib import Path
from typing import Callable

from berlinsim.errors import LocatedError
from berlinsim.io._gambit_numbers import _NUMBER, Denominators, NumberRefused, _shown, exact_number
from berlinsim.limits import DEFAULT, Limits

_WORD = re.compile(r'[^\s{}",]+')
_SPACE = re.compile(r"\s*")
_NONSPACE = re.compile(r"\S+")
_NEXT_SPACE = re.compile(r"\s")
_SIMPLE_LABELS = re.compile(r'(?:"[^"\\]*"\s*)+')
_LABEL_TEXT = re.compile(r'"([^"\\]*)"')
#: Characters read per step when numbers are read in bulk.
_CHUNK = 1 << 20


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
            return f"number {_shown(self.text)}"
        shown = self.text if len(self.text) <= 30 else self.text[:27] + "..."
        return f"'{shown}'"


class Source:
    """A text with a name, able to turn offsets into 1-based ``line:column`` places."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self._line_starts: list[int] | None = None

    def place(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of ``offset``."""
        if self._line_starts is None:  # computed on the first error only
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
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


class Lexer:
    """Tokens of one text, read on demand; :attr:`current` is the next token not yet consumed.

    Every number is checked by :func:`exact_number` and :class:`Denominators` (each spelling
    once); a refused number is a :class:`~berlinsim.errors.LocatedError` at its place.
    """

    def __init__(self, source: Source, limits: Limits = DEFAULT) -> None:
        self.source = source
        self.limits = limits
        self.denominators = Denominators(limits)
        self._numbers: dict[str, tuple[Fraction, float]] = {}  # files repeat their numbers
        self._pos = _SPACE.match(source.text, 0).end()
        self.current = self._lex()

    def advance(self) -> Token:
        """Consume :attr:`current` and return it (the end-of-file token is never consumed)."""
        token = self.current
        if token.kind != "eof":
            self.current = self._lex()
        return token

    def number(self, word: str, offset: int) -> tuple[Fraction, float]:
        """The exact and float value of the number token ``word`` at ``offset``."""
        try:
            return self._value(word)
        except NumberRefused as exc:
            raise self.source.error(offset, "", str(exc)) from None

    def _value(self, word: str) -> tuple[Fraction, float]:
        known = self._numbers.get(word)
        if known is None:
            value = exact_number(word, self.limits)
            self.denominators.add(value)
            known = self._numbers[word] = (value, float(value))
        return known

    def _lex(self) -> Token:
        text, pos = self.source.text, self._pos
        if pos >= len(text):
            return Token(kind="eof", text="", offset=len(text))
        ch = text[pos]
        if ch in "{},":
            token, end = Token(kind=ch, text=ch, offset=pos), pos + 1
        elif ch == '"':
            token, end = self._label(pos)
        else:
            end = _WORD.match(text, pos).end()
            word = text[pos:end]
            if _NUMBER.match(word):
                token = Token(kind="number", text=word, offset=pos, value=self.number(word, pos)[0])
            else:
                token = Token(kind="symbol", text=word, offset=pos)
        self._pos = _SPACE.match(text, end).end()
        return token

    def _label(self, start: int) -> tuple[Token, int]:
        text = self.source.text
        pos = start + 1
        while True:
            end = text.find('"', pos)
            if end < 0:
                raise self.source.error(
                    start, "", "unterminated label: expected a closing '\"' for the label that starts here, "
                    "found end of file"
                )
            if text[end - 1] != "\\":
                break
            pos = end + 1
        return Token(kind="text", text=unescape_label(text[start + 1 : end]), offset=start), end + 1

    def labels(self, most: int) -> list[str]:
        """Consume up to ``most`` labels in a row; :attr:`current` is then the first token after them.

        Labels without backslashes are read in bulk, a chunk of text at a time.
        """
        out: list[str] = []
        text = self.source.text
        while len(out) < most and self.current.kind == "text":
            start = self.current.offset
            run = _SIMPLE_LABELS.match(text, start, min(len(text), start + _CHUNK))
            if run is None:  # a label with a backslash, or one longer than a chunk: token by token
                out.append(self.advance().text)
                continue
            found = _LABEL_TEXT.findall(text, start, run.end())
            if len(out) + len(found) > most:  # stop before the first label beyond `most`
                keep = most - len(out)
                self._pos = next(m.start() for i, m in enumerate(_LABEL_TEXT.finditer(text, start)) if i == keep)
                out.extend(found[:keep])
            else:
                self._pos = _SPACE.match(text, run.end()).end()  # the run may end inside its trailing space
                out.extend(found)
            self.current = self._lex()
        return out

    def numbers(
        self, count: int, *, keep: bool = True, valid: Callable[[str, Fraction], bool] | None = None,
        complaint: Callable[[str, int], str] | None = None, key: str = "",
    ) -> tuple[list[Fraction], list[float], int]:
        """Consume up to ``count`` number tokens in a row (fewer where something else comes first).

        Returns their exact and float values (empty lists when ``keep`` is false) and how
        many were read. With ``valid(word, value)``, a number it rejects is reported at its
        place, under ``key``, with the message ``complaint(word, position)`` (``position``:
        0-based, in this run). Reads whole chunks of the text at once, each distinct
        spelling parsed and checked once: a million numbers take about a second.
        """
        exact: list[Fraction] = []
        floats: list[float] = []
        checked: set[str] = set()
        text = self.source.text
        read = 0
        while read < count and self.current.kind == "number":
            start = self.current.offset
            after = start + len(self.current.text)
            if after < len(text) and not text[after].isspace():  # glued, e.g. "3}": this token alone
                piece, words, resume = self.current.text, [self.current.text], after
            else:
                space = _NEXT_SPACE.search(text, start + _CHUNK)  # a piece ends between words
                piece = text[start : space.start() if space else len(text)]
                words = piece.split(None, count - read)
                if len(words) > count - read:  # the rest (its leading space stripped) is read later
                    resume = start + len(piece) - len(words.pop())
                else:
                    resume = start + len(piece)
            pairs = list(map(self._numbers.get, words))  # None for spellings not seen before
            refused = None
            if None in pairs:
                for word in dict.fromkeys(w for w, pair in zip(words, pairs) if pair is None):
                    try:
                        if _NUMBER.match(word):
                            self._value(word)
                            continue
                        i = words.index(word)  # not a number, or glued to a brace or comma
                        resume = start + _word_offset(piece, i)
                    except NumberRefused as exc:
                        i = words.index(word)
                        refused = (i, str(exc))
                    del words[i:]
                    break
                pairs = list(map(self._numbers.get, words))
            if valid is not None:
                for word in dict.fromkeys(words):  # distinct, in order of first appearance
                    if word not in checked and not valid(word, self._numbers[word][0]):
                        i = words.index(word)
                        raise self.source.error(start + _word_offset(piece, i), key, complaint(word, read + i))
                    checked.add(word)
            if refused is not None:
                raise self.source.error(start + _word_offset(piece, refused[0]), "", refused[1])
            if keep:
                exact.extend(map(_first, pairs))
                floats.extend(map(_second, pairs))
            read += len(pairs)
            self._pos = _SPACE.match(text, resume).end()
            self.current = self._lex()
        return exact, floats, read


_first, _second = itemgetter(0), itemgetter(1)


def _word_offset(piece: str, index: int) -> int:
    """The offset in ``piece`` of its ``index``-th whitespace-separated word (errors only)."""
    for i, m in enumerate(_NONSPACE.finditer(piece)):
        if i == index:
            return m.start()
    return len(piece)


def read_text(path: str | PathLike[str], limits: Limits = DEFAULT) -> str:
    """The text of a game file (UTF-8, else Latin-1), refused unread when it is too large."""
    try:
        size = os.stat(path).st_size
        if size > limits.max_file_bytes:
            raise LocatedError(str(path), "", f"the file has {size:,} bytes; expected "
                               f"{limits.at_most('max_file_bytes', 'bytes')}")
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise LocatedError(str(path), "", f"cannot read the file: {reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def tokenize(text: str, name: str = "<string>", limits: Limits = DEFAULT) -> list[Token]:
    """Split ``text`` into tokens, ending with one ``eof`` token.

    Raises :class:`~berlinsim.errors.LocatedError` for an unterminated label or a refused
    number (see :func:`exact_number`).
    """
    lexer = Lexer(Source(text, name), limits)
    tokens = [lexer.advance()]
    while tokens[-1].kind != "eof":
        tokens.append(lexer.advance())
    return tokens


def normalize_labels(labels: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Make labels unique and nonempty the way Gambit does when it reads a file.

    A label that is empty or repeated gets the suffix ``_1``, ``_2``, ... (the next
    number not already taken); a label that is unique and nonempty is kept.

    >>> normalize_labels(["", ""]), normalize_labels(["x", "x", "y", "x_1"])
    (('_1', '_2'), ('x_2', 'x_3', 'y', 'x_1'))
    """
    if "" not in labels and len(set(labels)) == len(labels):
        return tuple(labels)
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
