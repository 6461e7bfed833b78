"""``berlinsim check SCENARIO... [--format text|json|markdown]``: are the scenarios' claims true, and how robustly?

Each claim of each scenario's ``claims:`` section is checked by
:func:`berlinsim.analysis.claims_check.check_claims`: holds or not at its settings, the nearest
threshold and the nearest turn of the claim per parameter, the share of the scenario's prior under
which it holds, and a verdict (robust / fragile / false; the rule is in docs/claims.md and
:mod:`berlinsim.analysis.claims_check`). A claim is named ``PREFIX.ID``: the file's number prefix
(``04``, ``08b``; the scenario id when the file has none) and the claim's id. ``--format
markdown`` writes docs/claims.md. Exit code 0 when every claim holds at its own settings, 1 when
one does not, 2 on bad input.

Examples
--------
>>> reference("scenarios/04b_soviet_overture_hidden.yaml", "soviet_overture_hidden", "mixes")
'04b.mixes'
>>> reference("games/toy.yaml", "toy", "x")
'toy.x'
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from berlinsim.cli._args import add_method, check_method

__all__ = ["add_parser", "claims_markdown", "reference", "run_checks"]

_PREFIX = re.compile(r"([0-9]+[a-z]?)_")


def add_parser(commands: Any) -> None:
    """Register ``check`` on the argparse subparsers object ``commands``."""
    p = commands.add_parser(
        "check", help="check the claims of scenarios: holds, margins to thresholds, prior share, verdict",
        description="Evaluate every claim in the scenarios' claims: sections. For each: whether it holds at "
        "its settings; per parameter the nearest threshold and the nearest value where the claim stops "
        "holding (absolute and relative to its value); the share of the scenario's prior (default: every "
        "parameter within +-50% of its value) under which it holds; and a verdict: false (does not hold at "
        "its settings), robust (holds in >= 90% of the prior and no parameter turns it within 10% of its "
        "value), fragile (otherwise). Exit code 1 when a claim is false.")
    p.add_argument("paths", nargs="+", metavar="SCENARIO", help="scenario files (.yaml)")
    p.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    add_method(p)
    p.set_defaults(handler=_check)


def reference(path: str, scenario_id: str, claim_id: str) -> str:
    """The claim's name in docs: the file's number prefix (or the scenario id) and the claim id."""
    m = _PREFIX.match(Path(path).stem)
    return f"{m.group(1) if m else scenario_id}.{claim_id}"


def run_checks(paths: list[str], method: str | None = None) -> list[tuple[Any, tuple[Any, ...]]]:
    """Load every scenario (all first, so bad input stops before any work) and check its claims."""
    from berlinsim.analysis.claims_check import check_claims
    from berlinsim.io.scenario_yaml import load_scenario

    scenarios = [load_scenario(p) for p in paths]
    return [(s, check_claims(s, method=method)) for s in scenarios]


def _pct(x: float) -> str:
    return "-" if x != x else f"{100 * x:.3g}%"


def _margin_text(m: Any) -> str:
    where = f"[{float(m.low):g}, {float(m.high):g}]"
    if m.turn is None:
        return f"{m.parameter} = {float(m.value):g}: holds throughout {where}"
    return (f"{m.parameter} = {float(m.value):g}: stops holding at {m.turn:.4g} "
            f"({abs(m.turn - float(m.value)):.3g} away, {100 * m.turn_relative:.1f}%)")


def _threshold_text(m: Any) -> str:
    if m.threshold is None:
        return f"{m.parameter}: no threshold in [{float(m.low):g}, {float(m.high):g}]"
    return f"{m.parameter}: nearest threshold {m.threshold:.4g} ({m.distance:.3g} away, {100 * m.relative:.1f}%)"


def _settings(claim: Any) -> str:
    parts = [f"variant {claim.variant}"] if claim.variant else []
    parts += [f"{n}={float(v):g}" for n, v in claim.values]
    return ", ".join(parts) or "defaults"


def _text(results: list[tuple[Any, tuple[Any, ...]]]) -> str:
    lines = []
    for scenario, checks in results:
        lines.append(f"{scenario.path}: {len(checks)} claim(s)")
        for c in checks:
            ref = reference(scenario.path, scenario.id, c.claim.id)
            lines.append(f"  {c.verdict.upper():8} {ref}: {c.claim.statement}")
            lines.append(f"           {c.claim.text}  [{_settings(c.claim)}]")
            if not c.evaluation.holds:
                lines.append(f"           does not hold: {c.evaluation.why}")
            if c.draws:
                lines.append(f"           holds in {_pct(c.share)} of {c.draws} prior draws")
            lines += [f"           {_threshold_text(m)}" for m in c.margins if m.threshold is not None]
            lines += [f"           {_margin_text(m)}" for m in c.margins if m.turn is not None]
    return "\n".join(lines)


def _document(results: list[tuple[Any, tuple[Any, ...]]]) -> list[dict[str, Any]]:
    out = []
    for scenario, checks in results:
        for c in checks:
            out.append({
                "scenario": scenario.id, "path": scenario.path, "claim": reference(scenario.path, scenario.id,
                                                                                   c.claim.id),
                "statement": c.claim.statement, "condition": c.claim.text, "variant": c.claim.variant,
                "set": {n: str(v) for n, v in c.claim.values}, "holds": c.evaluation.holds,
                "why": c.evaluation.why, "share": None if c.share != c.share else c.share, "draws": c.draws,
                "verdict": c.verdict,
                "margins": [{"parameter": m.parameter, "value": float(m.value), "interval": [float(m.low), float(m.high)],
                             "threshold": m.threshold, "distance": m.distance, "relative": m.relative,
                             "turn": m.turn, "turn_relative": m.turn_relative} for m in c.margins]})
    return out


def claims_markdown(results: list[tuple[Any, tuple[Any, ...]]]) -> str:
    """docs/claims.md: every claim with its verdict, nearest turn and prior share (generated)."""
    lines = ["# The scenarios' claims, checked", "",
             "Generated by `berlinsim check scenarios/*.yaml --format markdown > docs/claims.md`; a test fails",
             "when this file is stale. Each claim is a statement the scenario's notes, the README or the docs",
             "make about results, with a condition the model is checked against "
             "(`claims:` in [the format](scenario-format.md#claims)).", "",
             "**Verdicts.** *false*: does not hold at its own settings. *robust*: holds at its settings, in at",
             "least 90% of the scenario's prior (by default every parameter drawn uniformly within ±50% of its",
             "value, within its range) and no single parameter turns it within 10% of its value. *fragile*:",
             "holds at its settings, but not robustly. A *value* claim (`=` or `~=`: a number at stated",
             "settings) has no prior share or margin: it is robust when the number is reproduced.", "",
             "*Nearest turn*: the parameter, among those checked, whose smallest relative change makes the",
             "claim stop holding (thresholds are exact, `find_thresholds`; continuous crossings bisected),",
             "the parameters it is conditional on (`given:`) included: their turns do not count against it.", ""]
    for scenario, checks in results:
        if not checks:
            continue
        lines += [f"## `{Path(scenario.path).name}`: {scenario.title}", "",
                  "| claim | statement | condition | settings | verdict | prior share | nearest turn |",
                  "|---|---|---|---|---|---|---|"]
        for c in checks:
            turn = c.nearest_turn
            near = "-" if c.draws == 0 else ("none within the prior" if turn is None else
                                             f"{turn.parameter} {float(turn.value):g} → {turn.turn:.4g} "
                                             f"({100 * turn.turn_relative:.1f}%)")
            cells = [f"`{reference(scenario.path, scenario.id, c.claim.id)}`", c.claim.statement,
                     f"`{c.claim.text}`", _settings(c.claim), f"**{c.verdict}**",
                     _pct(c.share) + (f" of {c.draws}" if c.draws else ""), near]
            lines.append("| " + " | ".join(x.replace("|", "\\|") for x in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _check(args: argparse.Namespace) -> int:
    for path in args.paths:
        check_method(path, args.method)
    results = run_checks(args.paths, args.method)
    if args.format == "json":
        import json

        print(json.dumps(_document(results), indent=2))
    elif args.format == "markdown":
        sys.stdout.write(claims_markdown(results))
    else:
        print(_text(results))
    return 1 if any(c.verdict == "false" for _, checks in results for c in checks) else 0
