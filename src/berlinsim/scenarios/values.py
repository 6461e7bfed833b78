"""Parameter values of a scenario run: defaults, then a variant, then ``--set`` overrides.

:func:`resolve_values` is the one place where the numbers a game is built from are decided:

1. every parameter starts at its default;
2. a *variant* (``--variant NAME``) sets its values, or -- for a ``between`` variant --
   interpolates linearly between two variants, ``from + t * (to - from)`` per parameter (a
   parameter a variant does not set counts with its default); ``t`` comes from the file and
   may be overridden with ``t=...``;
3. *overrides* (``--set name=value``) replace single values.

Values stay exact: ``"0.3"`` is ``Fraction(3, 10)`` and ``"1/3"`` is allowed. Unknown names
(with did-you-mean hints), values outside a parameter's range and malformed numbers are
:class:`~berlinsim.errors.BerlinsimError` (exit code 2), all problems in one message.

Examples
--------
>>> from berlinsim.io.scenario_yaml import parse_scenario
>>> s = parse_scenario('''
... berlinsim: 1
... id: toy
... title: A toy
... source: {document: memo, paragraphs: [1]}
... parameters:
...   p: {default: 0.2, range: [0, 1]}
... players:
...   A: {payoff: p}
... game: {type: matrix, actions: {A: [x]}, cells: [{actions: [x]}]}
... variants:
...   low: {set: {p: 0}}
...   high: {set: {p: 1}}
...   mid: {between: {from: low, to: high, t: 0.25}}
... ''', path="toy.yaml")
>>> resolve_values(s).values["p"], resolve_values(s, "mid").values["p"]
(Fraction(1, 5), Fraction(1, 4))
>>> resolve_values(s, "mid", {"t": "1/3"}).values["p"], resolve_values(s, overrides={"p": "0.3"}).changed
(Fraction(1, 3), frozenset({'p'}))
>>> resolve_values(s, overrides={"q": "1"})
Traceback (most recent call last):
...
berlinsim.errors.BerlinsimError: unknown parameter 'q' (known: p)
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from berlinsim.errors import BerlinsimError
from berlinsim.limits import number_problem
from berlinsim.model.scenario import Scenario, Value, suggest

__all__ = ["ParameterValues", "parse_assignment", "parse_number", "resolve_values"]

_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?(/[-+]?\d+(\.\d*)?([eE][-+]?\d+)?)?\Z", re.ASCII)


@dataclass(frozen=True, slots=True, kw_only=True)
class ParameterValues:
    """The parameter values of one run.

    Attributes
    ----------
    values : mapping of str to Fraction or float
        Every parameter of the scenario, in declaration order (read-only).
    changed : frozenset of str
        The parameters whose value differs from the default.
    variant : str or None
        The variant applied, if any.
    t : Fraction or None
        The position used for a ``between`` variant.
    """

    values: Mapping[str, Value]
    changed: frozenset[str] = frozenset()
    variant: str | None = None
    t: Value | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))
        object.__setattr__(self, "changed", frozenset(self.changed))

    def __getitem__(self, name: str) -> Value:
        return self.values[name]

    def __hash__(self) -> int:
        return hash((tuple(self.values.items()), self.changed, self.variant, self.t))


def parse_number(text: Any) -> Value:
    """An exact number from text (``"0.3"``, ``"1/3"``, ``"-2e-3"``) or a number; floats stay floats.

    >>> parse_number("0.3"), parse_number("1/3"), parse_number(2)
    (Fraction(3, 10), Fraction(1, 3), Fraction(2, 1))
    >>> parse_number("abc")
    Traceback (most recent call last):
    ...
    berlinsim.errors.BerlinsimError: not a number: 'abc' (expected e.g. 0.3, -2, 1/3 or 1e-3)
    """
    if isinstance(text, bool):
        raise BerlinsimError(f"not a number: {text!r} (expected e.g. 0.3, -2, 1/3 or 1e-3)")
    if isinstance(text, Fraction):
        return text
    if isinstance(text, (int, Decimal)):
        if isinstance(text, Decimal) and not text.is_finite():
            raise BerlinsimError(f"not a finite number: {text}")
        return Fraction(text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise BerlinsimError(f"not a finite number: {text}")
        return text
    if isinstance(text, str):
        foreign = next((ch for ch in text if ch.isdigit() and not ch.isascii()), None)
        if foreign is not None:
            name = unicodedata.name(foreign, "a digit")
            raise BerlinsimError(f"not a number: '{text.strip()}' uses the character '{foreign}' "
                                 f"(U+{ord(foreign):04X}, {name.lower()}); write numbers with the digits 0-9, "
                                 "e.g. 0.3, -2, 1/3 or 1e-3")
    if not isinstance(text, str) or not _NUMBER.match(text.strip()):
        shown = text.strip() if isinstance(text, str) else text
        raise BerlinsimError(f"not a number: '{shown}' (expected e.g. 0.3, -2, 1/3 or 1e-3)")
    parts = text.strip().split("/")
    for part in parts:
        problem = number_problem(part)
        if problem:
            raise BerlinsimError(problem)
    if len(parts) == 2 and Fraction(parts[1]) == 0:
        raise BerlinsimError(f"not a number: {text!r} (division by zero)")
    return Fraction(parts[0]) / (Fraction(parts[1]) if len(parts) == 2 else 1)


def parse_assignment(text: str) -> tuple[str, str]:
    """Split a ``--set`` argument ``"name=value"`` into ``(name, value text)``.

    >>> parse_assignment(" p_reasonable = 0.3 ")
    ('p_reasonable', '0.3')
    >>> parse_assignment("p_reasonable")
    Traceback (most recent call last):
    ...
    berlinsim.errors.BerlinsimError: bad assignment 'p_reasonable' (expected name=value, e.g. p_reasonable=0.3)
    """
    name, sep, value = str(text).partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name or not value:
        example = name or "p"
        raise BerlinsimError(f"bad assignment {text!r} (expected name=value, e.g. {example}=0.3)")
    return name, value


def _variant_values(scenario: Scenario, name: str, t_override: Value | None) -> tuple[dict[str, Value], Value | None]:
    variant = scenario.variant(name)
    if variant.between is None:
        return dict(variant.values), None
    start, end, t = variant.between
    if t_override is not None:
        t = t_override
    low, high = scenario.variant(start), scenario.variant(end)
    a, b = scenario.defaults() | dict(low.values), scenario.defaults() | dict(high.values)
    names = set(dict(low.values)) | set(dict(high.values))
    return {n: a[n] + t * (b[n] - a[n]) for n in scenario.parameter_names if n in names}, t


def resolve_values(scenario: Scenario, variant: str | None = None,
                   overrides: Mapping[str, Any] | None = None) -> ParameterValues:
    """The parameter values of a run: defaults, then ``variant``, then ``overrides``.

    Parameters
    ----------
    scenario : Scenario
    variant : str, optional
        A variant of the scenario.
    overrides : mapping of str to str or number, optional
        ``name -> value`` (text such as ``"0.3"`` or ``"1/3"``, or a number). ``t`` moves a
        ``between`` variant.

    Raises
    ------
    BerlinsimError
        Unknown variant or parameter (with a did-you-mean hint), a malformed number, or a
        value outside its range; every problem of the overrides in one message.
    """
    overrides = dict(overrides or {})
    problems: list[str] = []
    parsed: dict[str, Value] = {}
    for name, raw in overrides.items():
        try:
            parsed[name] = parse_number(raw)
        except BerlinsimError as error:
            shown = str(raw) if len(str(raw)) <= 30 else f"{str(raw)[:24]}... ({len(str(raw)):,} characters)"
            problems.append(f"{name}={shown}: {error}")
    is_between = variant is not None and scenario.variant(variant).between is not None
    t_override = None
    if "t" in parsed and "t" not in scenario.parameter_names:
        t_override = parsed.pop("t")
        if not is_between:
            names = [v.name for v in scenario.variants if v.between is not None]
            hint = f" (the scenario's between variants: {', '.join(names)})" if names else ""
            problems.append(f"t={overrides['t']}: 't' moves a 'between' variant, and none is selected{hint}")
        elif not 0 <= t_override <= 1:
            problems.append(f"t={overrides['t']}: outside [0, 1] (t = 0 is the 'from' variant, 1 the 'to' variant)")
    values: dict[str, Value] = scenario.defaults()
    t = None
    if variant is not None:
        preset, t = _variant_values(scenario, variant, t_override if not problems else None)
        values.update(preset)
    known = scenario.parameter_names
    for name, value in parsed.items():
        if name not in values:
            hint = suggest(name, known) or (f" (known: {', '.join(known)})" if known else
                                            " (this scenario has no parameters)")
            if name in scenario.attribute_names:
                problems.append(f"'{name}' is an outcome attribute, not a parameter: --set gives parameters a "
                                f"value{hint}")
            else:
                problems.append(f"unknown parameter '{name}'{hint}")
            continue
        parameter = scenario.parameter(name)
        if not parameter.contains(value):
            problems.append(f"{name}={overrides[name]}: outside the range of '{name}' (expected a value in "
                            f"[{parameter.low}, {parameter.high}])")
            continue
        values[name] = value
    if problems:
        raise BerlinsimError("\n".join(problems))
    defaults = scenario.defaults()
    changed = frozenset(n for n, v in values.items() if v != defaults[n])
    return ParameterValues(values=values, changed=changed, variant=variant, t=t)
