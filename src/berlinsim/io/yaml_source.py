"""YAML documents with the file position of every value.

Scenario files are YAML. :func:`load_yaml` reads one safely -- it only *composes* the node graph
with a :class:`yaml.SafeLoader` (never ``yaml.load``, never a constructor of arbitrary objects)
and converts the nodes itself -- into plain Python data (dict, list, str, int, float, bool,
None) plus an index from every *key path* to the 1-based line and column of its key and value,
so later checks can say exactly where a problem is.

A key path is a tuple of mapping keys and list indices from the root, e.g.
``("players", "USSR", "actions", 2)``, shown as ``players.USSR.actions[2]``.

Plain scalars are resolved with the YAML 1.2 *core* schema, not PyYAML's YAML 1.1 rules:
``true``/``false`` are the only booleans (``yes``, ``no``, ``on``, ``off`` stay strings),
``1e-3`` is a float, ``012`` is the integer 12, dates stay strings. Numbers keep their source
text, so :meth:`YamlDocument.exact` turns ``0.1`` into ``Fraction(1, 10)`` exactly.
Anchors, aliases and merge keys (``<<: *base``) work; duplicate keys (which PyYAML accepts
silently), keys that are lists or mappings, recursive aliases and tags other than the standard
scalar, list and mapping tags are errors.

Examples
--------
>>> doc = load_yaml("players:\\n  US:\\n    actions: [wait, initiate]\\np: 0.1\\n", path="s.yaml")
>>> doc.data
{'players': {'US': {'actions': ['wait', 'initiate']}}, 'p': 0.1}
>>> doc.where(("players", "US", "actions", 1)), doc.exact(("p",))
((3, 21), Fraction(1, 10))
>>> print(doc.error(("players", "US", "actions", 1), "unknown action"))
s.yaml:3:21: players.US.actions[1]: unknown action
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from berlinsim.errors import InputErrors, LocatedError
from berlinsim.io._yaml_nodes import MAX_DEPTH, TAG, Builder, Entry, KeyPath, Loader, Position
from berlinsim.io._yaml_nodes import format_key_path, position, scalar

__all__ = ["MAX_DEPTH", "KeyPath", "Position", "YamlDocument", "format_key_path", "load_yaml"]

_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True, kw_only=True)
class YamlDocument:
    """A YAML document as plain data, with the position of every key and value.

    Attributes
    ----------
    path : str
        The file name used in messages.
    text : str
        The source text.
    data : object
        The document as dicts, lists, str, int, float, bool and None (``None`` when empty).
    """

    path: str
    text: str
    data: Any
    entries: Mapping[KeyPath, Entry] = field(repr=False)

    def _entry(self, key_path: KeyPath) -> Entry:
        try:
            return self.entries[tuple(key_path)]
        except KeyError:
            raise KeyError(f"no value at {format_key_path(key_path) or 'the root'} in {self.path}") from None

    def __contains__(self, key_path: object) -> bool:
        return isinstance(key_path, tuple) and key_path in self.entries

    def where(self, key_path: KeyPath) -> Position:
        """1-based (line, column) of the key of a mapping entry; of the value for list items and the root.

        >>> load_yaml("a:\\n  b: 1\\n").where(("a", "b"))
        (2, 3)
        """
        entry = self._entry(key_path)
        return entry.key or entry.value

    def where_value(self, key_path: KeyPath) -> Position:
        """1-based (line, column) of the value at ``key_path``.

        >>> load_yaml("a:\\n  b: 1\\n").where_value(("a", "b"))
        (2, 6)
        """
        return self._entry(key_path).value

    def scalar_text(self, key_path: KeyPath) -> str | None:
        """The text of a scalar value as written (quotes and escapes processed); None for lists and mappings.

        >>> load_yaml("p: 0.10\\n").scalar_text(("p",))
        '0.10'
        """
        node = self._entry(key_path).node
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def exact(self, key_path: KeyPath) -> Fraction | None:
        """The exact value of a number (int or float) as written; None for anything else, inf and nan.

        >>> doc = load_yaml("p: 0.1\\nq: 0x10\\nr: '0.1'\\n")
        >>> doc.exact(("p",)), doc.exact(("q",)), doc.exact(("r",))
        (Fraction(1, 10), Fraction(16, 1), None)
        """
        node = self._entry(key_path).node
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (TAG + "int", TAG + "float"):
            return None
        value = scalar(node)
        if isinstance(value, int):
            return Fraction(value)
        if not isinstance(value, float) or value != value or value in (float("inf"), float("-inf")):
            return None
        return Fraction(node.value)

    def locator(self, key_path: KeyPath) -> Callable[[int], Position]:
        """Map an offset in the string value at ``key_path`` to its 1-based (line, column) in the file.

        Exact for plain, quoted and block scalars; where the value cannot be matched to the
        source (unusual escapes), every offset maps to the start of the value.

        >>> doc = load_yaml('a:\\n  f: "x + y"\\n  g: |\\n    1 +\\n    z\\n')
        >>> doc.locator(("a", "f"))(4), doc.locator(("a", "g"))(4)
        ((2, 11), (5, 5))
        """
        entry = self._entry(key_path)
        node = entry.node
        starts = [0] + [m.end() for m in _BREAKS.finditer(self.text)]
        offsets = _align(node.value, self.text, node.start_mark.index, node.end_mark.index,
                         getattr(node, "style", None)) if isinstance(node, yaml.ScalarNode) else None

        def locate(offset: int) -> Position:
            if offsets is None or not 0 <= offset < len(offsets):
                return entry.value
            index = offsets[offset]
            line = bisect.bisect_right(starts, index)
            return line, index - starts[line - 1] + 1
        return locate

    def error(self, key_path: KeyPath, message: str, *, at_value: bool = False) -> LocatedError:
        """A :class:`LocatedError` at ``key_path`` (its key, or its value with ``at_value``).

        A path that does not exist (a missing key) is reported at its nearest existing ancestor.

        >>> print(load_yaml("players:\\n  US: {}\\n", path="s.yaml").error(("players", "US", "actions"), "missing"))
        s.yaml:2:3: players.US.actions: missing
        """
        wanted = found = tuple(key_path)
        while found and found not in self.entries:
            found = found[:-1]
        entry = self.entries.get(found)
        if entry is None:
            line, column = None, None
        elif at_value and found == wanted:
            line, column = entry.value
        else:
            line, column = entry.key or entry.value
        return LocatedError(self.path, format_key_path(key_path), message, line=line, column=column)


def _align(value: str, text: str, start: int, end: int, style: str | None) -> list[int] | None:
    """For each character of a scalar's value (and its end), its index in the source text.

    Characters are matched greedily; a line break in the source matches a line break or a
    folded space, and the indentation after it is skipped (all of it, or a block scalar's
    own indentation).
    """
    j = start + (1 if style in ("'", '"') else 0)
    indent = None
    if style in ("|", ">"):
        j = text.find("\n", start, end) + 1
        if j == 0:
            return None
        first = text[j:end].lstrip("\r\n")
        indent = len(first) - len(first.lstrip(" "))
    offsets: list[int] = []
    at_line_start = indent is not None
    for i, c in enumerate(value):
        if at_line_start:
            skip = 0
            while j < end and text[j] in " \t" and (indent is None or skip < indent):
                j, skip = j + 1, skip + 1
        while j < end and text[j] != c and not (c == " " and text[j] in "\r\n"):
            j += 1
        if j >= end:  # unmatched: fine for trailing white space (chomping), else give up
            return offsets + [end] * (len(value) + 1 - i) if value[i:].isspace() else None
        offsets.append(j)
        at_line_start = text[j] in "\r\n"
        j += 1 + (text[j:j + 2] == "\r\n")
    return offsets + [min(j, end)]


def _read(source: str | os.PathLike[str], path: str) -> str:
    from berlinsim.limits import DEFAULT

    try:
        size = Path(source).stat().st_size
        if size > DEFAULT.max_file_bytes:
            raise LocatedError(path, "", f"the file has {size:,} bytes; expected "
                               f"{DEFAULT.at_most('max_file_bytes', 'bytes')}")
        raw = Path(source).read_bytes()
    except OSError as error:
        raise LocatedError(path, "", f"cannot read the file: {error.strerror or error}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise LocatedError(path, "", f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                           line=line, column=column) from None


#: PyYAML's names of tokens, in words.
_TOKENS = {"<block end>": "the end of an indented block", "<block mapping start>": "a new indented mapping",
           "<block sequence start>": "a new indented list", "<stream end>": "the end of the file",
           "<flow mapping start>": "'{'", "<flow sequence start>": "'['", "<scalar>": "a value", "'?'": "a new key"}


def _words(text: str) -> str:
    for token, words in _TOKENS.items():
        text = text.replace(f"'{token}'", words).replace(token, words)
    return text


def _explained(problem: str, context: str | None, where: str) -> str:
    """PyYAML's ``problem`` (and ``context``, opened ``where``) in the project's own words."""
    context = context or ""
    at = f" at {where}" if where else ""
    if "'\\t'" in problem or "'\t'" in problem:
        return "a tab character: indent with spaces, not tabs"
    if problem.startswith("mapping values are not allowed"):
        return "a ':' where no key can start: quote a text that contains ': ', or check this line's indentation"
    if problem.startswith("expected <block end>"):
        block = "list" if "sequence" in problem or "collection" in context else "block"
        return (f"this line is not indented like the {block} it belongs to (the one starting{at}): indent it "
                "exactly like the lines before it, with spaces")
    if "quoted scalar" in context:
        return f"a quoted text opened{at} is never closed: add the closing quote"
    for opening, closing, kind in (("[", "]", "flow sequence"), ("{", "}", "flow mapping")):
        if kind in context and problem.startswith(f"expected ',' or '{closing}'"):
            found = _words(problem.split("but got ", 1)[-1])
            return (f"the '{opening}' opened{at} is not closed before {found}: add '{closing}', or quote a text "
                    "that contains ':' or ','")
    if "that cannot start any token" in problem:
        character = problem.split("found character ", 1)[-1].split(" that", 1)[0]
        return f"the character {character} cannot start a value: put the text in quotes"
    if problem.startswith("expected a single document"):
        return "a second document ('---'): a scenario file holds one document"
    if problem.startswith("found undefined alias"):
        name = problem.rsplit(" ", 1)[-1]
        return f"the alias *{name.strip(chr(39))} names no anchor (&{name.strip(chr(39))}) defined before it"
    if problem.startswith("could not find expected ':'"):
        return f"expected 'key: value' (a key without its ':', the key starts{at})"
    text = _words(problem)
    return f"{text} ({_words(context)}{at})" if context and where else text


def _syntax_error(error: yaml.YAMLError, text: str, path: str) -> LocatedError:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "syntax error"
        context = error.context if error.problem else None
        where = ""
        if context and error.context_mark is not None and context.startswith("while"):
            line, column = position(error.context_mark)
            where = f"line {line}, column {column}"
        elif context:
            problem, context = f"{context}, {problem}", None
        line, column = position(mark) if mark is not None else (None, None)
        return LocatedError(path, "", f"invalid YAML: {_explained(problem, context, where)}", line=line,
                            column=column)
    if isinstance(error, yaml.reader.ReaderError):
        starts = [0] + [m.end() for m in _BREAKS.finditer(text)]
        line = bisect.bisect_right(starts, error.position)
        return LocatedError(path, "", f"invalid YAML: character U+{error.character:04X} is not allowed",
                            line=line, column=error.position - starts[line - 1] + 1)
    return LocatedError(path, "", "invalid YAML: the file cannot be read as YAML")


#: The fastest parser at hand for counting values (libyaml's when PyYAML has it).
_COUNTER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def _count_values(text: str, path: str) -> None:
    """Refuse a document of more than ``max_scenario_values`` values before composing it.

    The parser's events are counted (a few microseconds each, stopping at the limit), so a
    huge file is refused in well under a second instead of after a minute of composing; a
    syntax error ends the count (composing reports it). Aliases are counted when they are
    expanded (:class:`~berlinsim.io._yaml_nodes.Builder`).
    """
    from berlinsim.io._yaml_nodes import too_many_values
    from berlinsim.limits import DEFAULT

    limits = DEFAULT
    limit, count = limits.max_scenario_values, 0
    try:
        for event in yaml.parse(text, Loader=_COUNTER):
            if isinstance(event, _VALUE_EVENTS):
                count += 1
                if count > limit:
                    line, column = position(event.start_mark)
                    raise LocatedError(path, "", too_many_values(limit), line=line, column=column)
    except yaml.YAMLError:
        return


def load_yaml(source: str | os.PathLike[str], *, path: str | None = None) -> YamlDocument:
    """Read one YAML document safely, with the position of every key and value.

    Parameters
    ----------
    source : str or path-like
        A :class:`str` is YAML *text*; a path-like object (e.g. :class:`pathlib.Path`) names a
        UTF-8 file to read.
    path : str, optional
        The name used in messages; defaults to the file's path, or ``"<string>"`` for text.

    Returns
    -------
    YamlDocument

    Raises
    ------
    LocatedError
        The file cannot be read or decoded, or is not valid YAML (parsing stops at the first
        syntax error).
    InputErrors
        Every problem found in the document: duplicate keys, keys that are lists or mappings,
        unsupported tags, recursive aliases, too deep nesting.

    Examples
    --------
    >>> load_yaml("a: 1\\na: 2\\n", path="s.yaml")
    Traceback (most recent call last):
    ...
    berlinsim.errors.InputErrors: s.yaml:2:1: duplicate key 'a' (first defined at line 1, column 1)
    >>> load_yaml("a: [1, 2\\n", path="s.yaml")
    Traceback (most recent call last):
    ...
    berlinsim.errors.LocatedError: s.yaml:2:1: invalid YAML: the '[' opened at line 1, column 4 is not closed before the end of the file: add ']', or quote a text that contains ':' or ','
    """
    if isinstance(source, os.PathLike):
        path = str(source) if path is None else path
        text = _read(source, path)
    elif isinstance(source, str):
        path, text = ("<string>" if path is None else path), source
    else:
        raise TypeError(f"load_yaml takes YAML text (str) or a path, got {type(source).__name__}")
    _count_values(text, path)
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as error:
        raise _syntax_error(error, text, path) from None
    except RecursionError:
        raise LocatedError(path, "", "invalid YAML: nested too deeply") from None
    builder = Builder(path)
    if root is None:
        root = yaml.ScalarNode(TAG + "null", "", yaml.Mark(path, 0, 0, 0, None, None),
                               yaml.Mark(path, 0, 0, 0, None, None))
    data = builder.convert(root, (), None)
    if builder.problems:
        raise InputErrors(sorted(builder.problems.values(), key=lambda e: (e.line or 0, e.column or 0)))
    return YamlDocument(path=path, text=text, data=data, entries=builder.entries)
