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
from typing import Any, Union

import yaml

from berlinsim.errors import InputErrors, LocatedError

KeyPath = tuple[Union[str, int, float, bool, None], ...]
Position = tuple[int, int]
MAX_DEPTH = 100
MAX_VALUES = 100_000

_TAG = "tag:yaml.org,2002:"
_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_CORE = {  # YAML 1.2 core schema: tag -> (regexp, first characters)
    "null": (r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    "bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    "int": (r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    "float": (r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+0123456789.")),
    "merge": (r"^<<$", ["<"]),
}


_EXPECTED = {"null": "null or ~", "bool": "true or false", "int": "an integer", "float": "a number"}


class _Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 core-schema resolution of plain scalars."""

    yaml_implicit_resolvers: dict = {}


for _name, (_pattern, _first) in _CORE.items():
    _Loader.add_implicit_resolver(_TAG + _name, re.compile(_pattern), _first)


@dataclass(frozen=True, slots=True)
class _Entry:
    key: Position | None
    value: Position
    node: yaml.Node


def format_key_path(key_path: KeyPath) -> str:
    """A key path as text: mapping keys joined by dots, integers as ``[index]``.

    >>> format_key_path(("players", "USSR", "actions", 2))
    'players.USSR.actions[2]'
    """
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) and not isinstance(part, bool) else f".{part}"
    return text.lstrip(".")


def _position(mark: yaml.Mark) -> Position:
    return mark.line + 1, mark.column + 1


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
    entries: Mapping[KeyPath, _Entry] = field(repr=False)

    def _entry(self, key_path: KeyPath) -> _Entry:
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
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_TAG + "int", _TAG + "float"):
            return None
        value = _scalar(node)
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


def _scalar(node: yaml.ScalarNode) -> Any:
    """The value of a scalar node; ValueError with a message for anything unsupported."""
    tag, text = node.tag, node.value
    if tag == _TAG + "str":
        return text
    name = tag[len(_TAG):] if tag.startswith(_TAG) else None
    if name not in ("null", "bool", "int", "float"):
        shown = f"!!{name}" if name else tag
        raise ValueError(f"unsupported YAML tag '{shown}' (expected a string, number, boolean or null)")
    if not re.match(_CORE[name][0], text):
        raise ValueError(f"invalid value for the tag '!!{name}' (expected {_EXPECTED[name]}, got {text!r})")
    if name == "null":
        return None
    if name == "bool":
        return text.lower() == "true"
    if name == "int":
        return int(text, 0) if text[:2] in ("0x", "0o") else int(text)
    return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.entries: dict[KeyPath, _Entry] = {}
        self.problems: dict[tuple[int, int, str], LocatedError] = {}
        self.stack: list[int] = []

    def problem(self, key_path: KeyPath, node: yaml.Node, message: str) -> None:
        line, column = _position(node.start_mark)
        self.problems.setdefault((line, column, message), LocatedError(
            self.path, format_key_path(key_path), message, line=line, column=column))

    def convert(self, node: yaml.Node, key_path: KeyPath, key: Position | None) -> Any:
        if len(self.entries) >= MAX_VALUES:
            line, column = _position(node.start_mark)
            raise LocatedError(self.path, format_key_path(key_path), f"the document is too large (more than "
                               f"{MAX_VALUES} values once aliases are expanded)", line=line, column=column)
        self.entries[key_path] = _Entry(key, _position(node.start_mark), node)
        if id(node) in self.stack:
            self.problem(key_path, node, "recursive alias (a value that contains itself)")
            return None
        if len(self.stack) >= MAX_DEPTH:
            self.problem(key_path, node, f"nested too deeply (more than {MAX_DEPTH} levels)")
            return None
        self.stack.append(id(node))
        try:
            if isinstance(node, yaml.ScalarNode):
                try:
                    return _scalar(node)
                except ValueError as error:
                    self.problem(key_path, node, str(error))
                    return None
            if isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
                return [self.convert(item, key_path + (i,), None) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
                return self.mapping(node, key_path)
            shown = node.tag.replace(_TAG, "!!")
            self.problem(key_path, node, f"unsupported YAML tag '{shown}' (expected a plain list or mapping)")
            return None
        finally:
            self.stack.pop()

    def pairs(self, node: yaml.MappingNode, key_path: KeyPath) -> list[tuple[Any, yaml.Node, yaml.Node]]:
        """The (key, key node, value node) entries of a mapping, merge keys applied."""
        explicit: dict[Any, tuple[Any, yaml.Node, yaml.Node]] = {}
        merged: list[tuple[Any, yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    if not isinstance(source, yaml.MappingNode) or id(source) in self.stack:
                        self.problem(key_path, source, "a merge key '<<' needs a mapping (or a list of mappings)")
                        continue
                    self.stack.append(id(source))
                    merged.extend(self.pairs(source, key_path))
                    self.stack.pop()
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_path, key_node, "a key must be a plain value, not a list or a mapping")
                continue
            try:
                key = _scalar(key_node)
            except ValueError as error:
                self.problem(key_path, key_node, str(error))
                continue
            if key in explicit:
                line, column = _position(explicit[key][1].start_mark)
                self.problem(key_path, key_node, f"duplicate key '{key}' (first defined at line {line}, "
                             f"column {column})")
                continue
            explicit[key] = (key, key_node, value_node)
        for entry in merged:
            explicit.setdefault(entry[0], entry)
        return list(explicit.values())

    def mapping(self, node: yaml.MappingNode, key_path: KeyPath) -> dict[Any, Any]:
        return {key: self.convert(value_node, key_path + (key,), _position(key_node.start_mark))
                for key, key_node, value_node in self.pairs(node, key_path)}


def _read(source: str | os.PathLike[str], path: str) -> str:
    try:
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


def _syntax_error(error: yaml.YAMLError, text: str, path: str) -> LocatedError:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "syntax error"
        if error.context and error.problem and not error.context.startswith("while"):
            problem = f"{error.context}, {problem}"  # "expected a single document ..., but found ..."
        elif error.context and error.problem and error.context_mark is not None:
            line, column = _position(error.context_mark)
            problem += f" ({error.context} at line {line}, column {column})"
        if "'\\t'" in problem:
            problem += "; indent with spaces, not tabs"
        line, column = _position(mark) if mark is not None else (None, None)
        return LocatedError(path, "", f"invalid YAML: {problem}", line=line, column=column)
    if isinstance(error, yaml.reader.ReaderError):
        starts = [0] + [m.end() for m in _BREAKS.finditer(text)]
        line = bisect.bisect_right(starts, error.position)
        return LocatedError(path, "", f"invalid YAML: character U+{error.character:04X} is not allowed",
                            line=line, column=error.position - starts[line - 1] + 1)
    return LocatedError(path, "", f"invalid YAML: {error}")


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
    berlinsim.errors.LocatedError: s.yaml:2:1: invalid YAML: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence at line 1, column 4)
    """
    if isinstance(source, os.PathLike):
        path = str(source) if path is None else path
        text = _read(source, path)
    elif isinstance(source, str):
        path, text = ("<string>" if path is None else path), source
    else:
        raise TypeError(f"load_yaml takes YAML text (str) or a path, got {type(source).__name__}")
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise _syntax_error(error, text, path) from None
    except RecursionError:
        raise LocatedError(path, "", "invalid YAML: nested too deeply") from None
    builder = _Builder(path)
    if root is None:
        root = yaml.ScalarNode(_TAG + "null", "", yaml.Mark(path, 0, 0, 0, None, None),
                               yaml.Mark(path, 0, 0, 0, None, None))
    data = builder.convert(root, (), None)
    if builder.problems:
        raise InputErrors(sorted(builder.problems.values(), key=lambda e: (e.line or 0, e.column or 0)))
    return YamlDocument(path=path, text=text, data=data, entries=builder.entries)
