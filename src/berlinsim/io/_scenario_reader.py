"""The checking reader behind :mod:`berlinsim.io.scenario_yaml`: typed access that collects errors.

Private helper. A :class:`Reader` wraps a :class:`~berlinsim.io.yaml_source.YamlDocument` and
offers typed reads (mapping, text, number, formula, ...) that never raise: a problem is
recorded as a :class:`~berlinsim.errors.LocatedError` and the read returns ``None``, so the
loader goes on and reports every problem in the file at once.

Examples
--------
>>> from berlinsim.io.yaml_source import load_yaml
>>> r = Reader(load_yaml("a: [1]\\nb: x\\n", path="s.yaml"))
>>> r.mapping(("a",), r.doc.data["a"], "a mapping") is None, r.number(("b",), r.doc.data["b"]) is None
(True, True)
>>> for e in r.errors:
...     print(e)
s.yaml:1:4: a: wrong type (expected a mapping, got a list)
s.yaml:2:4: b: wrong type (expected a number such as 0.3 or 1/3, got the string 'x')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from berlinsim.errors import LocatedError
from berlinsim.io.formula import KEYWORDS, parse_formula
from berlinsim.io.yaml_source import KeyPath, YamlDocument, format_key_path
from berlinsim.model.expression import FUNCTIONS, Expr, Name, Number, is_condition, to_text, walk
from berlinsim.model.scenario import suggest

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
FRACTION = re.compile(r"[-+]?[0-9]+ */ *[0-9]+\Z")


def describe(value: Any) -> str:
    """How a YAML value is named in messages ("a list", "the string 'x'", ...).

    >>> describe([1]), describe("x"), describe(2.5), describe(None), describe(True)
    ('a list', "the string 'x'", 'the number 2.5', 'null', 'true')
    """
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    text = str(value)
    return f"the string '{text[:40]}{'...' if len(text) > 40 else ''}'"


def show(value: Any) -> str:
    """A number as in a file: decimals where they terminate, else a fraction; infinities as .inf.

    >>> show(Fraction(3, 2)), show(Fraction(1, 3)), show(Fraction(-4)), show(float("inf")), show(0.25)
    ('1.5', '1/3', '-4', '.inf', '0.25')
    """
    if isinstance(value, float):
        return (".inf" if value > 0 else "-.inf") if value in (float("inf"), float("-inf")) else f"{value:.12g}"
    if not isinstance(value, Fraction):
        return str(value)
    if value.denominator == 1:
        return str(value.numerator)
    den, scale = value.denominator, 0
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    while (value * 10 ** scale).denominator != 1:
        scale += 1
    digits = str(abs(value.numerator * 10 ** scale // value.denominator)).rjust(scale + 1, "0")
    return ("-" if value < 0 else "") + digits[:-scale] + "." + digits[-scale:]


def quoted(value: Any) -> str:
    """A name as shown in messages: strings in quotes, anything else described.

    >>> quoted("spee"), quoted(3)
    ("'spee'", 'the number 3')
    """
    return f"'{value}'" if isinstance(value, str) else describe(value)


@dataclass(frozen=True, slots=True)
class Scope:
    """The names a formula may use here: ``allowed`` name -> kind, ``declared`` every name -> kind."""

    allowed: Mapping[str, str]
    declared: Mapping[str, str]
    where: str  # e.g. "a chance probability", for "cannot be used in ..."
    later: frozenset[str] = frozenset()  # definitions declared after this one
    kinds: tuple[str, ...] = ()  # the kinds of names allowed here


class Reader:
    """Typed, error-collecting reads of a YAML document (see the module docstring)."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.path = doc.path
        self.errors: list[LocatedError] = []

    # --- errors ----------------------------------------------------------------------------------

    def fail(self, key_path: KeyPath, message: str, *, at_value: bool = False) -> None:
        """Record ``message`` at ``key_path`` (its key, or its value)."""
        self.errors.append(self.doc.error(key_path, message, at_value=at_value))

    def fail_at(self, key_path: KeyPath, offset: int, message: str) -> None:
        """Record ``message`` at character ``offset`` of the string value at ``key_path``."""
        line, column = self.doc.locator(key_path)(offset)
        self.errors.append(LocatedError(self.path, format_key_path(key_path), message, line=line, column=column))

    def wrong_type(self, key_path: KeyPath, value: Any, expected: str) -> None:
        self.fail(key_path, f"wrong type (expected {expected}, got {describe(value)})", at_value=True)

    # --- structure -------------------------------------------------------------------------------

    def mapping(self, key_path: KeyPath, value: Any, expected: str) -> dict[Any, Any] | None:
        """``value`` if it is a mapping, else None (with an error)."""
        if isinstance(value, dict):
            return value
        self.wrong_type(key_path, value, expected)
        return None

    def sequence(self, key_path: KeyPath, value: Any, expected: str) -> list[Any] | None:
        """``value`` if it is a list, else None (with an error)."""
        if isinstance(value, list):
            return value
        self.wrong_type(key_path, value, expected)
        return None

    def keys(self, key_path: KeyPath, data: dict[Any, Any], allowed: Iterable[str],
             required: Iterable[str] = (), *, what: str = "") -> bool:
        """Check ``data``'s keys: unknown ones (did-you-mean) and missing required ones. True when clean."""
        allowed = tuple(allowed)
        ok = True
        for key in data:
            if key not in allowed:
                ok = False
                hint = suggest(str(key), allowed) if isinstance(key, str) else ""
                if not hint and isinstance(key, str) and not NAME.match(key):
                    hint = ("; a ': ' inside unquoted text starts a new key, so put that text in quotes "
                            "(\"...\")")
                context = f" {what}" if what else ""
                self.fail(key_path + (key,), f"unknown key '{key}'{context}{hint} "
                                             f"(expected one of: {', '.join(allowed)})")
        for key in required:
            if key not in data:
                ok = False
                context = f" {what}" if what else ""
                self.fail(key_path, f"missing required key '{key}'{context}")
        return ok

    def name(self, key_path: KeyPath, key: Any, kind: str) -> str | None:
        """A mapping key used as a formula name (``[A-Za-z_][A-Za-z0-9_]*``, not a keyword or function)."""
        if not isinstance(key, str) or not NAME.match(key):
            self.fail(key_path, f"bad {kind} name {quoted(key)} (expected a name of letters, digits "
                                f"and '_' that does not start with a digit)")
            return None
        if key in KEYWORDS or key in FUNCTIONS:
            reserved = "a keyword" if key in KEYWORDS else "a function"
            self.fail(key_path, f"the {kind} name '{key}' is reserved ({reserved} of the formula language)")
            return None
        return key

    def label(self, key_path: KeyPath, value: Any, kind: str) -> str | None:
        """A label (a non-empty string; integers are accepted and turned into text)."""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and value.strip():
            return value
        self.fail(key_path, f"bad {kind} (expected a non-empty string, got {describe(value)})", at_value=True)
        return None

    # --- scalars ---------------------------------------------------------------------------------

    def text(self, key_path: KeyPath, value: Any, *, required: bool = False) -> str | None:
        """A string (None with an error otherwise; empty strings are errors when ``required``)."""
        if not isinstance(value, str):
            self.wrong_type(key_path, value, "a string")
            return None
        if required and not value.strip():
            self.fail(key_path, "must not be empty (expected some text, got an empty string)", at_value=True)
            return None
        return value

    def number(self, key_path: KeyPath, value: Any, *, infinite: bool = False) -> Fraction | float | None:
        """A number, exact as written (Fraction), or a fraction ``"a/b"``; ``.inf``/``-.inf`` only when ``infinite``."""
        if isinstance(value, str) and FRACTION.match(value.strip()):
            numerator, denominator = value.split("/")
            if int(denominator) != 0:
                return Fraction(int(numerator), int(denominator))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.wrong_type(key_path, value, "a number such as 0.3 or 1/3")
            return None
        exact = self.doc.exact(key_path) if key_path in self.doc else Fraction(value)
        if exact is not None:
            return exact
        if infinite and value in (float("inf"), float("-inf")):
            return float(value)
        self.fail(key_path, f"not a finite number (expected a number{' or .inf' if infinite else ''}, "
                            f"got {value!r})", at_value=True)
        return None

    def formula(self, key_path: KeyPath, value: Any, scope: Scope, what: str) -> Expr | None:
        """A formula: a number, true/false (1/0), or a string parsed and name-checked in ``scope``."""
        if isinstance(value, bool):
            return Number(value=int(value))
        if isinstance(value, (int, float)):
            number = self.number(key_path, value)
            return None if number is None else Number(value=number)
        if not isinstance(value, str):
            self.wrong_type(key_path, value, f"a formula (a number or a text such as 'v * x - c') for {what}")
            return None
        line, column = self.doc.where_value(key_path)
        try:
            expr = parse_formula(value, path=self.path, key=format_key_path(key_path), line=line, column=column,
                                 locate=lambda offset: self.doc.locator(key_path)(offset))  # built on error only
        except LocatedError as error:
            self.errors.append(error)
            return None
        if is_condition(expr):
            self.fail(key_path, f"{what} must be a number (expected a number, got the condition "
                                f"'{to_text(expr)}'; write 'if {to_text(expr)} then 1 else 0')", at_value=True)
            return None
        return expr if self.check_names(key_path, expr, scope) else None

    def check_names(self, key_path: KeyPath, expr: Expr, scope: Scope) -> bool:
        """Report names of ``expr`` that ``scope`` does not allow, with did-you-mean hints."""
        ok, seen = True, set()
        nodes = sorted((n for n in walk(expr) if isinstance(n, Name)), key=lambda n: n.span.start)
        for node in nodes:
            name = node.name
            if name in scope.allowed or name in seen:
                continue
            seen.add(name)
            ok = False
            kind = scope.declared.get(name)
            if name in scope.later:
                message = (f"definition '{name}' is used before it is defined (definitions are "
                           f"evaluated in file order; move it up)")
            elif kind is not None:
                message = (f"{kind} '{name}' cannot be used in {scope.where} (expected "
                           f"{' or '.join(k + 's' for k in scope.kinds) or 'numbers only'})")
            else:
                known = sorted(scope.allowed)
                hint = suggest(name, known)
                if hint:
                    match = hint.split("'")[1]
                    message = f"unknown {scope.allowed[match]} '{name}'{hint}"
                else:
                    kinds = sorted(set(scope.allowed.values()))
                    message = (f"unknown name '{name}' (expected one of the "
                               f"{', '.join(k + 's' for k in kinds) or 'names'} of this scenario"
                               + (f": {', '.join(known[:8])}{', ...' if len(known) > 8 else ''})"
                                  if known else "; none are declared)"))
            self.fail_at(key_path, node.span.start, message)
        return ok
