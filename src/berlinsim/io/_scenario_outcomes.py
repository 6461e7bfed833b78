"""Shared pieces of reading a scenario's game: the formula *sites* and outcomes (cells, terminals).

Private helper of :mod:`berlinsim.io.scenario_yaml`. A *site* records where the formulas that
the numeric checks (:mod:`berlinsim.io._scenario_checks`) evaluate are: every outcome (a matrix
cell or a terminal node) with its attribute formulas and direct payoffs, and every chance node
with its probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from berlinsim.io._scenario_reader import Reader, quoted
from berlinsim.io.yaml_source import KeyPath
from berlinsim.model.expression import Expr
from berlinsim.model.scenario import suggest

MAX_OUTCOMES = 1_000_000
"""Largest number of matrix cells or tree nodes accepted."""
SHOWN = 8


@dataclass
class OutcomeSite:
    """A matrix cell or terminal node: where it is, its attribute formulas and direct payoffs."""

    key_path: KeyPath
    name: str
    attributes: dict[str, tuple[KeyPath, Expr]] = field(default_factory=dict)
    payoffs: dict[int, tuple[KeyPath, Expr]] = field(default_factory=dict)


@dataclass
class ChanceSite:
    """A chance node: where it is and its outcomes' probability formulas."""

    key_path: KeyPath
    node: str
    outcomes: list[tuple[str, KeyPath, Expr]] = field(default_factory=list)


@dataclass
class GameSites:
    outcomes: list[OutcomeSite] = field(default_factory=list)
    chances: list[ChanceSite] = field(default_factory=list)


def known_names(known: list[str], kind: str) -> str:
    if not known:
        return f" (no {kind}s)"
    shown = ", ".join(known[:SHOWN]) + (", ..." if len(known) > SHOWN else "")
    return f" (expected one of: {shown})"


def unknown(ld: Reader, kp: KeyPath, kind: str, value: Any, known: list[str], *, at_value: bool = True) -> None:
    hint = suggest(str(value), known) or known_names(known, kind)
    ld.fail(kp, f"unknown {kind} {quoted(value)}{hint}",
            at_value=at_value)


def read_outcome(ld: Any, kp: KeyPath, entry: dict[Any, Any], name: str) -> OutcomeSite:
    """Attributes and direct payoffs of a cell or terminal; checks every player gets a payoff."""
    site = OutcomeSite(key_path=kp, name=name)
    scope = ld.scope(("parameter", "definition"), "an attribute value")
    attrs = ld.mapping(kp + ("attributes",), entry["attributes"], "a mapping of attribute name to value") \
        if entry.get("attributes") is not None else None
    for key, item in (attrs or {}).items():
        akp = kp + ("attributes", key)
        if key not in ld.declared or ld.declared[key] != "attribute":
            known = [n for n, k in ld.declared.items() if k == "attribute"]
            hint = suggest(str(key), known) or known_names(known, "declared attribute")
            ld.fail(akp, f"unknown attribute '{key}'{hint}")
            continue
        expr = ld.formula(akp, item, scope, f"the attribute '{key}'")
        if expr is not None:
            site.attributes[key] = (akp, expr)
    pays = ld.mapping(kp + ("payoffs",), entry["payoffs"], "a mapping of player name to payoff") \
        if entry.get("payoffs") is not None else None
    pay_scope = ld.scope(("parameter", "definition", "attribute"), "a payoff")
    for key, item in (pays or {}).items():
        pkp = kp + ("payoffs", key)
        if key not in ld.players:
            unknown(ld, pkp, "player", key, ld.players, at_value=False)
            continue
        expr = ld.formula(pkp, item, pay_scope, f"the payoff of '{key}'")
        if expr is not None:
            site.payoffs[ld.players.index(key)] = (pkp, expr)
    given = set((pays or {}).keys())
    for index in sorted(ld.no_payoff):
        player = ld.players[index]
        if player not in given:
            ld.fail(kp, f"no payoff for player '{player}' in {name} (expected a payoff here, since "
                        f"'{player}' has no payoff formula)")
    ld.sites.outcomes.append(site)
    return site
