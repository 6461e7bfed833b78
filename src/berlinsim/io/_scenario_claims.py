"""Reading the ``claims`` section of a scenario file: what the scenario says about its results.

Private helper of :mod:`berlinsim.io.scenario_yaml` (read after the game and the variants, whose
names it checks). The section is a mapping (docs/scenario-format.md, section *claims*)::

    claims:
      prior: {spread: 0.5, draws: 200, seed: 0, fixed: [c_war], sample: {p: "beta(2, 5)"}}
      margins: [c_prep]                       # parameters whose thresholds are reported (default: all)
      statements:
        - id: deters_overture
          says: An observable plan deters the overture.
          holds: the unique equilibrium has US prepare, USSR quiet
          variant: no_buildup                  # optional: the settings of the claim
          set: {c_prep: 2}                     # optional: --set values after the variant
          given: [c_prep]                      # optional: what the statement is conditional on (held in the prior)
          in: README.md                        # optional: where the text makes the claim

A condition (``holds``) is read by :mod:`berlinsim.io.claim_grammar`; every problem is reported
at its place (file, line, column of the condition's text, field).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from berlinsim.io._scenario_reader import describe, quoted
from berlinsim.io._scenario_sweeps import _quantity_names
from berlinsim.io._scenario_variants import _read_values
from berlinsim.io.claim_grammar import ConditionError, Names, check_names, parse_condition
from berlinsim.io.yaml_source import KeyPath
from berlinsim.model.claim import Claim, ClaimSet, Prior
from berlinsim.model.scenario import Variant, suggest

__all__ = ["MAX_DRAWS", "read_claims"]

KEYS = ("prior", "margins", "statements")
CLAIM_KEYS = ("id", "says", "holds", "variant", "set", "given", "in")
PRIOR_KEYS = ("spread", "draws", "seed", "fixed", "sample")
ID = re.compile(r"[a-z0-9_]+\Z")
#: Most prior draws a scenario may ask for (``berlinsim check`` must stay quick).
MAX_DRAWS = 5000


def read_claims(ld: Any, value: Any, game: Any, variants: tuple[Variant, ...]) -> ClaimSet:
    entry = ld.mapping(("claims",), value, "a mapping {prior, margins, statements}")
    if entry is None:
        return ClaimSet()
    ld.keys(("claims",), entry, KEYS, ("statements",), what="of claims")
    known = _quantity_names(ld, game)
    parameters = [n for n, k in ld.declared.items() if k == "parameter"]
    names = Names(actions={p: frozenset(a) for p, a in known["actions"].items()},
                  attributes=frozenset(known["attributes"]), parameters=frozenset(parameters),
                  variants=frozenset(v.name for v in variants))
    prior = _read_prior(ld, entry["prior"], parameters) if "prior" in entry else Prior()
    margins = _read_names(ld, ("claims", "margins"), entry["margins"], parameters) if "margins" in entry else ()
    claims: list[Claim] = []
    items = ld.sequence(("claims", "statements"), entry.get("statements"), "a list of claims {id, says, holds}") \
        if "statements" in entry else None
    seen: dict[str, int] = {}
    for i, item in enumerate(items or ()):
        claim = _read_claim(ld, ("claims", "statements", i), item, names)
        if claim is None:
            continue
        if claim.id in seen:
            ld.fail(("claims", "statements", i, "id"), f"two claims are named '{claim.id}' (statements[{seen[claim.id]}] "
                                                       "is too)", at_value=True)
            continue
        seen[claim.id] = i
        claims.append(claim)
    return ClaimSet(claims=tuple(claims), prior=prior or Prior(), margins=margins or ())


def _read_claim(ld: Any, kp: KeyPath, value: Any, names: Names) -> Claim | None:  # noqa: C901 - one field each
    entry = ld.mapping(kp, value, "a mapping {id, says, holds, variant, set, in}")
    if entry is None:
        return None
    ok = ld.keys(kp, entry, CLAIM_KEYS, ("id", "says", "holds"), what="of a claim")
    claim_id = entry.get("id")
    if "id" in entry and (not isinstance(claim_id, str) or not ID.match(claim_id)):
        ld.fail(kp + ("id",), f"bad claim id (expected lower-case letters, digits and '_', got {describe(claim_id)})",
                at_value=True)
        ok = False
    says = ld.text(kp + ("says",), entry["says"], required=True) if "says" in entry else None
    where = ld.text(kp + ("in",), entry["in"]) if "in" in entry else ""
    variant = entry.get("variant")
    if variant is not None and (not isinstance(variant, str) or variant not in names.variants):
        hint = suggest(str(variant), sorted(names.variants)) or \
            (f" (expected one of: {', '.join(sorted(names.variants))})" if names.variants else
             " (this scenario has no variants)")
        ld.fail(kp + ("variant",), f"unknown variant {quoted(variant)}{hint}", at_value=True)
        ok = False
    values = _read_values(ld, kp + ("set",), entry["set"]) if "set" in entry else ()
    given = _read_names(ld, kp + ("given",), entry["given"], sorted(names.parameters)) if "given" in entry else ()
    condition = None
    text = ld.text(kp + ("holds",), entry["holds"], required=True) if "holds" in entry else None
    if text is not None:
        try:
            condition = parse_condition(text)
            check_names(text, condition, names)
        except ConditionError as error:
            ld.fail_at(kp + ("holds",), error.offset, str(error))
            condition = None
    if not ok or None in (says, where, values, condition, text, given):
        return None
    return Claim(id=claim_id, statement=" ".join(says.split()), text=" ".join(text.split()), condition=condition,
                 variant=variant, values=tuple((n, Fraction(v)) for n, v in values), where=(where or "").strip(),
                 given=given)


def _read_prior(ld: Any, value: Any, parameters: list[str]) -> Prior | None:
    kp: KeyPath = ("claims", "prior")
    entry = ld.mapping(kp, value, "a mapping {spread, draws, seed, fixed, sample}")
    if entry is None:
        return None
    ld.keys(kp, entry, PRIOR_KEYS, what="of the prior")
    spread = ld.number(kp + ("spread",), entry["spread"]) if "spread" in entry else Fraction(1, 2)
    if spread is not None and not 0 < spread <= 1:
        ld.fail(kp + ("spread",), f"bad spread (expected a share in (0, 1], e.g. 0.5 for ±50%, got {spread})",
                at_value=True)
        spread = None
    whole = {}
    for key, (low, high) in (("draws", (1, MAX_DRAWS)), ("seed", (0, 2**32 - 1))):
        raw = entry.get(key, 200 if key == "draws" else 0)
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            ld.fail(kp + (key,), f"bad {key} (expected a whole number from {low} to {high}, got {describe(raw)})",
                    at_value=True)
            return None
        whole[key] = raw
    fixed = _read_names(ld, kp + ("fixed",), entry["fixed"], parameters) if "fixed" in entry else ()
    sample = _read_sample(ld, kp + ("sample",), entry["sample"], parameters) if "sample" in entry else ()
    if spread is None or fixed is None or sample is None:
        return None
    return Prior(spread=Fraction(spread), draws=whole["draws"], seed=whole["seed"], fixed=fixed, distributions=sample)


def _read_names(ld: Any, kp: KeyPath, value: Any, parameters: list[str]) -> tuple[str, ...] | None:
    items = ld.sequence(kp, value, "a list of parameter names")
    if items is None:
        return None
    for i, item in enumerate(items):
        if item not in parameters:
            hint = suggest(str(item), parameters) or f" (expected one of: {', '.join(parameters)})"
            ld.fail(kp + (i,), f"unknown parameter {quoted(item)}{hint}", at_value=True)
            return None
    return tuple(dict.fromkeys(items))


_DIST = re.compile(r"\s*(uniform|normal|beta|triangular)\s*\((.*)\)\s*\Z")
_ARITY = {"uniform": 2, "normal": 2, "beta": 2, "triangular": 3}


def _read_sample(ld: Any, kp: KeyPath, value: Any, parameters: list[str]) -> tuple[tuple[str, str], ...] | None:
    """Distributions as ``sweep --sample`` reads them (their ranges are checked when drawn)."""
    entries = ld.mapping(kp, value, "a mapping of parameter name to a distribution such as 'uniform(0, 1)'")
    if entries is None:
        return None
    out = []
    for key, text in entries.items():
        if key not in parameters:
            hint = suggest(str(key), parameters) or f" (expected one of: {', '.join(parameters)})"
            ld.fail(kp + (key,), f"unknown parameter {quoted(key)}{hint}")
            return None
        spec = ld.text(kp + (key,), text, required=True)
        if spec is None:
            return None
        m = _DIST.match(spec)
        arguments = [a.strip() for a in m.group(2).split(",")] if m else []
        if m is None or len(arguments) != _ARITY[m.group(1)] or \
                not all(re.fullmatch(r"[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?", a) for a in arguments):
            ld.fail(kp + (key,), f"bad distribution {quoted(spec)} (expected uniform(a, b), normal(mu, sigma), "
                                 "beta(a, b) or triangular(a, mode, b) with numbers)", at_value=True)
            return None
        out.append((key, spec))
    return tuple(out)
