"""Reading the declarations of a scenario file: ``parameters``, ``attributes`` and ``definitions``.

Private helper of :mod:`berlinsim.io.scenario_yaml`, whose loader ``ld`` declares each name
(parameters, attributes and definitions share one namespace) and collects every problem. A
parameter has a default inside its range ``[low, high]``; an attribute a range (default
unbounded) and a default (0); a definition is a formula over the parameters and the
definitions above it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from berlinsim.io._scenario_reader import Scope, show
from berlinsim.io.yaml_source import KeyPath
from berlinsim.model.scenario import INF, Attribute, Parameter

__all__ = ["read_attribute", "read_definitions", "read_parameter"]


def _read_range(ld: Any, kp: KeyPath, value: Any) -> tuple[Any, Any] | None:
    items = ld.sequence(kp, value, "a list [low, high]")
    if items is None:
        return None
    if len(items) != 2:
        ld.fail(kp, f"a range has two numbers (expected [low, high], got {len(items)} values)", at_value=True)
        return None
    low, high = (ld.number(kp + (i,), v, infinite=True) for i, v in enumerate(items))
    if low is None or high is None:
        return None
    if low > high:
        ld.fail(kp, f"empty range: low is above high (expected low <= high, got [{show(low)}, {show(high)}])",
                at_value=True)
        return None
    return low, high


def read_parameter(ld: Any, kp: KeyPath, name: str, value: Any) -> None:
    entry = ld.mapping(kp, value, "a mapping {default, range, description, unit}")
    if entry is None:
        return
    ld.keys(kp, entry, ("default", "range", "description", "unit"), ("default", "range"),
            what="of a parameter")
    text = {k: ld.text(kp + (k,), entry[k]) or "" for k in ("description", "unit") if k in entry}
    default = ld.number(kp + ("default",), entry["default"]) if "default" in entry else None
    bounds = _read_range(ld, kp + ("range",), entry["range"]) if "range" in entry else None
    if default is None or bounds is None:
        return
    if not bounds[0] <= default <= bounds[1]:
        ld.fail(kp + ("default",), f"default outside the range (expected a value in [{show(bounds[0])}, "
                                   f"{show(bounds[1])}], got {show(default)})", at_value=True)
        return
    ld.parameters[name] = Parameter(name=name, default=default, low=bounds[0], high=bounds[1], **text)


def read_attribute(ld: Any, kp: KeyPath, name: str, value: Any) -> None:
    entry = ld.mapping(kp, value, "a mapping {description, range, default}")
    if entry is None:
        return
    ld.keys(kp, entry, ("description", "range", "default"), what="of an attribute")
    description = ld.text(kp + ("description",), entry["description"]) or "" if "description" in entry else ""
    bounds = _read_range(ld, kp + ("range",), entry["range"]) if "range" in entry else (-INF, INF)
    default = ld.number(kp + ("default",), entry["default"]) if "default" in entry else Fraction(0)
    if bounds is None or default is None:
        return
    if not bounds[0] <= default <= bounds[1]:
        where = kp + ("default",) if "default" in entry else kp
        ld.fail(where, f"default outside the range (expected a value in [{show(bounds[0])}, "
                       f"{show(bounds[1])}], got {show(default)})", at_value="default" in entry)
        return
    ld.attributes[name] = Attribute(name=name, description=description, default=default,
                                    low=bounds[0], high=bounds[1])


def read_definitions(ld: Any, value: Any) -> None:
    if value is None:
        return
    entries = ld.mapping(("definitions",), value, "a mapping of name to formula")
    names = []
    for key in entries or {}:
        names.append(ld.declare(("definitions", key), key, "definition"))
    position = 0  # among the definitions declared so far
    for key, name in zip(entries or {}, names):
        if name is None:
            continue
        kp = ("definitions", key)
        scope = ld.scope(("parameter", "definition"), "a definition", upto=position)
        position += 1
        scope = Scope(allowed={**scope.allowed}, declared=scope.declared, where=scope.where,
                      later=scope.later | {name}, kinds=scope.kinds)
        expr = ld.formula(kp, entries[key], scope, f"the definition '{name}'")
        if expr is not None:
            ld.definitions.append((name, expr, kp))
