"""Reading the ``variants`` and ``solve`` sections of a scenario file.

Private helper of :mod:`berlinsim.io.scenario_yaml`. A variant sets parameter values (each
known and inside its range) or interpolates between two ``set`` variants (``between: {from,
to, t}`` with ``t`` in [0, 1], default 1/2); ``solve.method`` must be a name of
:data:`berlinsim.solvers.METHODS` (only that table is imported: no solver, no scipy).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from berlinsim.io._scenario_reader import quoted, show
from berlinsim.io.yaml_source import KeyPath
from berlinsim.model.scenario import Variant, suggest


def read_variants(ld: Any, value: Any) -> tuple[Variant, ...]:
    entries = ld.mapping(("variants",), value, "a mapping of variant name to {description, set | between}")
    if entries is None:
        return ()
    kinds = {k: ("between" if isinstance(v, dict) and "between" in v else "set") for k, v in entries.items()}
    variants = []
    for key, entry_value in entries.items():
        kp = ("variants", key)
        name = ld.label(kp, key, "variant name")
        entry = ld.mapping(kp, entry_value, "a mapping {description, set | between}")
        if name is None or entry is None:
            continue
        ld.keys(kp, entry, ("description", "set", "between"), what="of a variant")
        if ("set" in entry) == ("between" in entry):
            ld.fail(kp, "a variant needs exactly one of 'set' (parameter values) and 'between' "
                        "(an interpolation of two variants)")
            continue
        description = ld.text(kp + ("description",), entry["description"]) or "" \
            if "description" in entry else ""
        if "set" in entry:
            values = _read_values(ld, kp + ("set",), entry["set"])
            if values is not None:
                variants.append(Variant(name=name, description=description, values=values))
        else:
            between = _read_between(ld, kp + ("between",), entry["between"], name, kinds)
            if between is not None:
                variants.append(Variant(name=name, description=description, between=between))
    if any(v.between for v in variants) and "t" in ld.declared:
        ld.fail(("variants",), "the name 't' is reserved for the position of 'between' variants "
                               "(--set t=...); rename the parameter 't'")
    return tuple(variants)


def _read_values(ld: Any, kp: KeyPath, value: Any) -> tuple[tuple[str, Any], ...] | None:
    entries = ld.mapping(kp, value, "a mapping of parameter name to value")
    if entries is None:
        return None
    values, ok = [], True
    for key, item in entries.items():
        parameter = ld.parameters.get(key) if isinstance(key, str) else None
        if parameter is None:
            ok = False
            if key not in ld.declared or ld.declared[key] != "parameter":
                known = [n for n, k in ld.declared.items() if k == "parameter"]
                hint = suggest(str(key), known) or (f" (expected one of: {', '.join(known)})" if known
                                                    else " (no parameters are declared)")
                ld.fail(kp + (key,), f"unknown parameter '{key}'{hint}")
            continue
        number = ld.number(kp + (key,), item)
        if number is None:
            ok = False
        elif not parameter.contains(number):
            ok = False
            ld.fail(kp + (key,), f"value outside the range of '{key}' (expected a value in [{show(parameter.low)}, "
                                 f"{show(parameter.high)}], got {show(number)})", at_value=True)
        else:
            values.append((key, number))
    return tuple(values) if ok else None


def _read_between(ld: Any, kp: KeyPath, value: Any, name: str, kinds: dict[Any, str]) -> tuple[str, str, Any] | None:
    entry = ld.mapping(kp, value, "a mapping {from, to, t}")
    if entry is None:
        return None
    ok = ld.keys(kp, entry, ("from", "to", "t"), ("from", "to"), what="of 'between'")
    ends = []
    for end in ("from", "to"):
        if end not in entry:
            continue
        target = entry[end]
        if not isinstance(target, str) or target not in kinds:
            known = [str(k) for k in kinds if k != name]
            hint = suggest(str(target), known) or (f" (expected one of: {', '.join(known)})" if known else "")
            ld.fail(kp + (end,), f"unknown variant {quoted(target)}{hint}", at_value=True)
            ok = False
        elif target == name or kinds[target] != "set":
            ld.fail(kp + (end,), f"'between' interpolates variants that set values (expected a 'set' "
                                 f"variant, got the 'between' variant '{target}')", at_value=True)
            ok = False
        ends.append(target)
    t = ld.number(kp + ("t",), entry["t"]) if "t" in entry else 0.5
    if t is None:
        return None
    if not 0 <= t <= 1:
        ld.fail(kp + ("t",), f"t outside [0, 1] (expected a value in [0, 1], got {show(t)})", at_value=True)
        return None
    return (ends[0], ends[1], Fraction(t) if not isinstance(t, Fraction) else t) if ok else None


def read_solve(ld: Any, value: Any) -> str | None:
    entry = ld.mapping(("solve",), value, "a mapping {method}")
    if entry is None:
        return None
    ld.keys(("solve",), entry, ("method",), ("method",), what="of 'solve'")
    if "method" not in entry:
        return None
    from berlinsim.solvers import METHODS  # the method table only: no solver (nor scipy) is imported

    method = entry["method"]
    if not isinstance(method, str) or method not in METHODS:
        known = sorted(METHODS)
        hint = suggest(str(method), known)
        ld.fail(("solve", "method"), f"unknown solve method {quoted(method)}{hint} (expected one of: "
                                     f"{', '.join(known)})", at_value=True)
        return None
    return method
