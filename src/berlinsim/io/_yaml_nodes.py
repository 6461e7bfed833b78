"""YAML nodes to plain data, with the position of every key and value (private part of :mod:`.yaml_source`).

The safe loader with YAML 1.2 core-schema resolution of plain scalars (:class:`Loader`), the
conversion of one scalar node (:func:`scalar`), and :class:`Builder`, which walks the composed
node graph into dicts, lists and scalars while recording every key path's :class:`Entry` and
collecting every problem (duplicate keys, keys that are lists or mappings, unsupported tags,
recursive aliases, too deep nesting). :func:`berlinsim.io.yaml_source.load_yaml` is the way in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Union

import yaml

from berlinsim.errors import LocatedError
from berlinsim.limits import number_problem

KeyPath = tuple[Union[str, int, float, bool, None], ...]
Position = tuple[int, int]
MAX_DEPTH = 100

TAG = "tag:yaml.org,2002:"
CORE = {  # YAML 1.2 core schema: tag -> (regexp, first characters)
    "null": (r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    "bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    "int": (r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    "float": (r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+0123456789.")),
    "merge": (r"^<<$", ["<"]),
}


#: Characters refused in texts: control characters (but tab and line breaks) and the Unicode
#: bidirectional controls, which reorder what a terminal or page shows (U+202E "right-to-left override").
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

EXPECTED = {"null": "null or ~", "bool": "true or false", "int": "an integer", "float": "a number"}


class Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 core-schema resolution of plain scalars."""

    yaml_implicit_resolvers: dict = {}


for _name, (_pattern, _first) in CORE.items():
    Loader.add_implicit_resolver(TAG + _name, re.compile(_pattern), _first)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index keeps per key path: the key's position (None for list items), the value's, its node."""

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


def position(mark: yaml.Mark) -> Position:
    return mark.line + 1, mark.column + 1


def too_many_values(limit: int) -> str:
    """The refusal of a document with more than ``limit`` values."""
    from berlinsim.limits import DOCS

    return (f"the document is too large: expected at most {limit:,} values, aliases expanded (limit "
            f"max_scenario_values, see {DOCS}); write a large table as an .nfg file")


def scalar(node: yaml.ScalarNode) -> Any:
    """The value of a scalar node; ValueError with a message for anything unsupported."""
    tag, text = node.tag, node.value
    if tag == TAG + "str":
        hidden = _HIDDEN.search(text)
        if hidden is not None:
            char = hidden.group()
            name = unicodedata.name(char, "a control character").lower()
            raise ValueError(f"the text contains the invisible character U+{ord(char):04X} ({name}), which can make "
                             "it display as something other than what it is; remove it")
        return text
    name = tag[len(TAG):] if tag.startswith(TAG) else None
    if name not in ("null", "bool", "int", "float"):
        shown = f"!!{name}" if name else tag
        raise ValueError(f"unsupported YAML tag '{shown}' (expected a string, number, boolean or null)")
    if not re.match(CORE[name][0], text):
        raise ValueError(f"invalid value for the tag '!!{name}' (expected {EXPECTED[name]}, got {text!r})")
    if name == "null":
        return None
    if name == "bool":
        return text.lower() == "true"
    problem = number_problem(text)
    if problem:
        raise ValueError(problem)
    if name == "int":
        return int(text, 0) if text[:2] in ("0x", "0o") else int(text)
    return float(text.lower().replace(".inf", "inf"))


class Builder:
    """Converts a composed node graph to plain data, recording every key path and collecting every problem."""

    def __init__(self, path: str, max_values: int | None = None):
        from berlinsim.limits import DEFAULT

        self.path = path
        limits = DEFAULT
        self.max_values = limits.max_scenario_values if max_values is None else max_values
        self.entries: dict[KeyPath, Entry] = {}
        self.problems: dict[tuple[int, int, str], LocatedError] = {}
        self.stack: list[int] = []

    def problem(self, key_path: KeyPath, node: yaml.Node, message: str) -> None:
        line, column = position(node.start_mark)
        self.problems.setdefault((line, column, message), LocatedError(
            self.path, format_key_path(key_path), message, line=line, column=column))

    def convert(self, node: yaml.Node, key_path: KeyPath, key: Position | None) -> Any:
        if len(self.entries) >= self.max_values:
            line, column = position(node.start_mark)
            raise LocatedError(self.path, format_key_path(key_path), too_many_values(self.max_values),
                               line=line, column=column)
        self.entries[key_path] = Entry(key, position(node.start_mark), node)
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
                    return scalar(node)
                except ValueError as error:
                    self.problem(key_path, node, str(error))
                    return None
            if isinstance(node, yaml.SequenceNode) and node.tag == TAG + "seq":
                return [self.convert(item, key_path + (i,), None) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode) and node.tag == TAG + "map":
                return self.mapping(node, key_path)
            shown = node.tag.replace(TAG, "!!")
            self.problem(key_path, node, f"unsupported YAML tag '{shown}' (expected a plain list or mapping)")
            return None
        finally:
            self.stack.pop()

    def pairs(self, node: yaml.MappingNode, key_path: KeyPath) -> list[tuple[Any, yaml.Node, yaml.Node]]:
        """The (key, key node, value node) entries of a mapping, merge keys applied."""
        explicit: dict[Any, tuple[Any, yaml.Node, yaml.Node]] = {}
        merged: list[tuple[Any, yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == TAG + "merge":
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
                key = scalar(key_node)
            except ValueError as error:
                self.problem(key_path, key_node, str(error))
                continue
            if key in explicit:
                line, column = position(explicit[key][1].start_mark)
                self.problem(key_path, key_node, f"duplicate key '{key}' (first defined at line {line}, "
                             f"column {column})")
                continue
            explicit[key] = (key, key_node, value_node)
        for entry in merged:
            explicit.setdefault(entry[0], entry)
        return list(explicit.values())

    def mapping(self, node: yaml.MappingNode, key_path: KeyPath) -> dict[Any, Any]:
        return {key: self.convert(value_node, key_path + (key,), position(key_node.start_mark))
                for key, key_node, value_node in self.pairs(node, key_path)}
