"""Read scenario files (YAML, format version 1) into checked :class:`~berlinsim.model.scenario.Scenario` objects.

The format is documented in ``docs/scenario-format.md`` (and as a JSON Schema in
``docs/scenario.schema.json``). Reading never stops at the first problem: every problem in a
file is collected and raised together as one :class:`~berlinsim.errors.InputErrors`, each a
:class:`~berlinsim.errors.LocatedError` printed as
``path:line:col: key.path: message (expected X, got Y)``, sorted by position, with
did-you-mean hints for misspelt keys and names. Checks cover the YAML itself (syntax,
duplicate keys, tags), the shape and types of every value, the names used by formulas, the
matrix cells and the tree's structure, information sets, variants, the solve method and the
declared key sweeps (:mod:`berlinsim.io._scenario_sweeps`), the claims (:mod:`berlinsim.io._scenario_claims`), and
the numbers: chance probabilities and outcome attributes are evaluated at the defaults, at
each parameter's minimum and maximum and at 256 seeded sample points of the parameter box
(:mod:`berlinsim.io._scenario_checks`).

YAML is read with a safe loader only (:func:`berlinsim.io.yaml_source.load_yaml`); formulas
with berlinsim's own parser (:func:`berlinsim.io.formula.parse_formula`), never ``eval``.

Examples
--------
>>> text = '''
... berlinsim: 1
... id: pennies
... title: Matching pennies
... source: {document: memo, paragraphs: [8]}
... parameters:
...   stake: {default: 1, range: [0, 10]}
... players:
...   A: {payoff: stake * match - stake * (1 - match)}
...   B: {payoff: stake * (1 - match) - stake * match}
... attributes:
...   match: {range: [0, 1]}
... game:
...   type: matrix
...   actions: {A: [H, T], B: [H, T]}
...   cells:
...     - {actions: [H, H], attributes: {match: 1}}
...     - {actions: [H, T]}
...     - {actions: [T, H]}
...     - {actions: [T, T], attributes: {match: 1}}
... '''
>>> s = parse_scenario(text, path="pennies.yaml")
>>> s.id, s.kind, s.player_names, s.method
('pennies', 'matrix', ('A', 'B'), 'auto')
>>> bad = text.replace("stake * match -", "stak * match -")
>>> for e in validate_scenario(bad, path="pennies.yaml"):
...     print(e)
pennies.yaml:9:15: players.A.payoff: unknown parameter 'stak'; did you mean 'stake'?
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

from berlinsim.errors import BerlinsimError, InputErrors, LocatedError
from berlinsim.io._scenario_checks import check_numbers
from berlinsim.io._scenario_claims import read_claims
from berlinsim.io._scenario_declarations import read_attribute, read_definitions, read_parameter
from berlinsim.io._scenario_game import read_game
from berlinsim.io._scenario_outcomes import GameSites
from berlinsim.io._scenario_sweeps import read_sweeps
from berlinsim.io._scenario_variants import read_solve, read_variants
from berlinsim.io._scenario_reader import Reader, Scope, describe
from berlinsim.io._scenario_source import check_citations, read_source
from berlinsim.io.yaml_source import KeyPath, load_yaml
from berlinsim.model.expression import Expr
from berlinsim.model.scenario import Attribute, Parameter, PlayerSpec, Scenario, suggest

FORMAT_VERSION = 1
TOP_KEYS = ("berlinsim", "id", "title", "summary", "source", "references", "teaching_note", "parameters",
            "attributes", "definitions", "players", "game", "variants", "solve", "sweeps", "claims")
REQUIRED = ("berlinsim", "id", "title", "players", "game")
ID = re.compile(r"[a-z0-9_]+\Z")
FILE_PREFIX = re.compile(r"[0-9]+[a-z]?_(.+)\Z")

__all__ = ["FORMAT_VERSION", "load_scenario", "parse_scenario", "validate_scenario"]


class _Loader(Reader):
    """Reads the sections in order; what fails is left out and reported, the rest is still checked."""

    def __init__(self, doc: Any) -> None:
        super().__init__(doc)
        self.declared: dict[str, str] = {}  # every declared formula name -> kind
        self.parameters: dict[str, Parameter] = {}
        self.attributes: dict[str, Attribute] = {}
        self.definitions: list[tuple[str, Expr, KeyPath]] = []
        self.players: list[str] = []
        self.payoffs: dict[int, tuple[KeyPath, Expr]] = {}
        self.player_specs: list[PlayerSpec] = []
        self.no_payoff: set[int] = set()  # players declared without a payoff formula
        self.players_ok = False
        self.sites = GameSites()
        self.citations: list[tuple[KeyPath, int]] = []  # every paragraph number cited, where

    # --- scopes ------------------------------------------------------------------------------------

    def scope(self, kinds: tuple[str, ...], where: str, *, upto: int | None = None) -> Scope:
        defs = [name for name, kind in self.declared.items() if kind == "definition"]  # in file order
        known_defs = set(defs if upto is None else defs[:upto])
        allowed = {n: k for n, k in self.declared.items()
                   if k in kinds and (k != "definition" or n in known_defs)}
        later = frozenset(n for n, k in self.declared.items() if k == "definition" and n not in known_defs)
        return Scope(allowed=allowed, declared=dict(self.declared), where=where, later=later, kinds=kinds)

    def declare(self, key_path: KeyPath, key: Any, kind: str) -> str | None:
        name = self.name(key_path, key, kind)
        if name is None:
            return None
        if name in self.declared:
            self.fail(key_path, f"the name '{name}' is already declared as a {self.declared[name]} "
                                f"(parameters, attributes and definitions share one namespace)")
            return None
        self.declared[name] = kind
        return name

    # --- sections ----------------------------------------------------------------------------------

    def read(self) -> Scenario | None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.wrong_type((), data, "a mapping with the keys berlinsim, id, title, players, game, ...")
            return None
        self.keys((), data, TOP_KEYS, REQUIRED)
        data = self.misspelt_sections(data)
        if "berlinsim" in data and (data["berlinsim"] != FORMAT_VERSION or isinstance(data["berlinsim"], bool)):
            self.fail(("berlinsim",), f"unsupported format version (expected {FORMAT_VERSION}, got "
                                      f"{describe(data['berlinsim'])})", at_value=True)
        scenario_id = self.read_id(data.get("id")) if "id" in data else None
        title = self.text(("title",), data["title"], required=True) if "title" in data else None
        meta = {key: self.text((key,), data[key]) or "" for key in ("summary", "teaching_note") if key in data}
        document, paragraphs = read_source(self, data["source"]) if "source" in data else ("", ())
        references = self.read_references(data["references"]) if "references" in data else ()
        self.read_section(data, "parameters", functools.partial(read_parameter, self))
        self.read_section(data, "attributes", functools.partial(read_attribute, self))
        read_definitions(self, data.get("definitions"))
        if "players" in data:
            self.read_players(data["players"])
        game = read_game(self, data["game"]) if "game" in data else None
        variants = read_variants(self, data["variants"]) if "variants" in data else ()
        method = read_solve(self, data["solve"]) if "solve" in data else None
        sweeps = read_sweeps(self, data["sweeps"], game, variants) if "sweeps" in data else ()
        check_citations(self, document, "source" in data)
        claims = read_claims(self, data["claims"], game, variants) if "claims" in data else None
        check_numbers(self)
        if self.errors or game is None or scenario_id is None or title is None:
            return None
        return Scenario(
            path=self.path, id=scenario_id, title=title, summary=meta.get("summary", ""), document=document,
            paragraphs=paragraphs, references=references, teaching_note=meta.get("teaching_note", ""),
            parameters=tuple(self.parameters.values()), attributes=tuple(self.attributes.values()),
            definitions=tuple((name, expr) for name, expr, _ in self.definitions),
            players=tuple(self.player_specs), game=game, variants=variants,
            method=method or "auto", sweeps=sweeps,
            **({"claims": claims} if claims is not None else {}))

    def misspelt_sections(self, data: dict[Any, Any]) -> dict[Any, Any]:
        """Read a misspelt optional section (already reported) as the section it resembles.

        ``paramters:`` is an error, but reading it as ``parameters`` spares the reader a cascade
        of "unknown parameter" errors in every formula.
        """
        sections = ("parameters", "attributes", "definitions")
        for key in list(data):
            if isinstance(key, str) and key not in TOP_KEYS:
                close = [k for k in sections if k not in data and suggest(key, [k])]
                if close:
                    data = {**data, close[0]: data[key]}
        return data

    def read_id(self, value: Any) -> str | None:
        if not isinstance(value, str) or not ID.match(value):
            self.fail(("id",), f"bad scenario id (expected lower-case letters, digits and '_', got "
                               f"{describe(value)})", at_value=True)
            return None
        stem = Path(self.path).stem
        prefixed = FILE_PREFIX.match(stem)
        if prefixed and prefixed.group(1) != value:
            self.fail(("id",), f"the id must be the file name without its number prefix (expected "
                               f"'{prefixed.group(1)}', got '{value}')", at_value=True)
        return value

    def read_references(self, value: Any) -> tuple[str, ...]:
        items = self.sequence(("references",), value, "a list of strings")
        texts = (self.text(("references", i), item, required=True) for i, item in enumerate(items or ()))
        return tuple(t for t in texts if t is not None)

    def read_section(self, data: dict[Any, Any], section: str, read_one: Any) -> None:
        if section not in data or data[section] is None:
            return
        entries = self.mapping((section,), data[section], f"a mapping of {section[:-1]} name to its description")
        for key, value in (entries or {}).items():
            name = self.declare((section, key), key, section[:-1])
            if name is not None:
                read_one((section, key), name, value)

    def read_players(self, value: Any) -> None:
        entries = self.mapping(("players",), value, "a mapping of player name to {description, payoff}")
        if entries is None:
            return
        if not entries:
            self.fail(("players",), "no players (expected at least one, got an empty mapping)", at_value=True)
        self.players_ok = bool(entries)
        scope = self.scope(("parameter", "definition", "attribute"), "a payoff")
        for index, (key, entry_value) in enumerate(entries.items()):
            kp = ("players", key)
            name = self.label(kp, key, "player name")
            self.players.append(name if name is not None else f"#{index + 1}")
            if entry_value is None:
                entry_value = {}
            entry = self.mapping(kp, entry_value, "a mapping {description, payoff}")
            if entry is None:
                continue
            self.keys(kp, entry, ("description", "payoff"), what="of a player")
            description = self.text(kp + ("description",), entry["description"]) or "" \
                if "description" in entry else ""
            payoff = None
            if "payoff" not in entry:
                self.no_payoff.add(index)
            else:
                payoff = self.formula(kp + ("payoff",), entry["payoff"], scope, f"the payoff of '{key}'")
                if payoff is not None:
                    self.payoffs[index] = (kp + ("payoff",), payoff)
            self.player_specs.append(PlayerSpec(name=self.players[-1], description=description, payoff=payoff))


def _raise_if(errors: list[LocatedError]) -> None:
    if errors:
        raise InputErrors(sorted(errors, key=lambda e: (e.line or 0, e.column or 0)))


def parse_scenario(text: str, *, path: str = "<string>") -> Scenario:
    """Read a scenario from YAML ``text`` (``path`` names it in messages).

    Raises
    ------
    InputErrors
        Every problem in the text, each located (``path:line:col: key.path: message``).
    LocatedError
        The text is not valid YAML.

    Examples
    --------
    >>> parse_scenario("berlinsim: 2\\nid: x\\n", path="x.yaml")
    Traceback (most recent call last):
    ...
    berlinsim.errors.InputErrors: x.yaml:1:1: missing required key 'title'
    x.yaml:1:1: missing required key 'players'
    x.yaml:1:1: missing required key 'game'
    x.yaml:1:12: berlinsim: unsupported format version (expected 1, got the number 2)
    """
    return _load(load_yaml(text, path=path))


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read the scenario file at ``path`` (a file name, not text; see :func:`parse_scenario`).

    Raises
    ------
    InputErrors
        Every problem in the file, each located (``path:line:col: key.path: message``).
    LocatedError
        The file cannot be read, is not UTF-8 or is not valid YAML.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "08_solo.yaml"
    >>> _ = path.write_text("berlinsim: 1\\nid: solo\\ntitle: One decision\\n"
    ...                     "source: {document: memo, paragraphs: [7]}\\nplayers: {US: {payoff: 1}}\\n"
    ...                     "game: {type: tree, root: end, nodes: {end: {outcome: {}}}}\\n")
    >>> s = load_scenario(path)
    >>> s.id, s.kind, s.method, s.paragraphs
    ('solo', 'tree', 'auto', (7,))
    """
    return _load(load_yaml(Path(path), path=str(path)))


def _load(doc: Any) -> Scenario:
    loader = _Loader(doc)
    scenario = loader.read()
    _raise_if(loader.errors)
    if scenario is None:  # pragma: no cover - every failure above records an error
        raise BerlinsimError(f"{doc.path}: the scenario could not be read")
    return scenario


def validate_scenario(source: str | os.PathLike[str], *, path: str | None = None) -> tuple[LocatedError, ...]:
    """Every problem of a scenario, empty when it is valid.

    ``source`` is a path (str or path-like) to a file; with ``path=...`` a str is YAML text
    named ``path`` in messages.

    Examples
    --------
    >>> validate_scenario("id: [unclosed\\n", path="x.yaml")[0].message
    "invalid YAML: the '[' opened at line 1, column 5 is not closed before the end of the file: add ']', or quote a text that contains ':' or ','"
    """
    try:
        if path is not None and isinstance(source, str):
            parse_scenario(source, path=path)
        else:
            load_scenario(source)
    except InputErrors as errors:
        return errors.errors
    except LocatedError as error:
        return (error,)
    return ()
