"""Monte Carlo robustness on the command line: ``berlinsim sweep SCENARIO --sample NAME=DIST ...``.

``sweep --sample`` (:mod:`berlinsim.cli.sweep`) and ``robustness`` (the same thing under its
older name, registered here) both call :func:`run_sample`, which draws and solves with
:func:`berlinsim.analysis.robustness.sample` (batched, as a grid sweep; ``--sampler`` random, lhs or
sobol) and prints the share of draws at which each
equilibrium outcome holds, with its standard error and 95% interval; ``--out`` writes every
equilibrium at every draw (.csv, .json or .parquet; :func:`berlinsim.io.tables.draws_table`).

Examples
--------
>>> parse_sample("p_reasonable=beta(2, 5)")
('p_reasonable', Distribution(kind='beta', arguments=(2.0, 5.0)))
>>> parse_sample("p_reasonable")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
berlinsim.errors.BerlinsimError: --sample p_reasonable: expected NAME=DIST, e.g. p_reasonable=beta(2, 5) (DIST: ...)
>>> print(percent(0.25), percent(0.0004))
25.0% 0.04%
"""

from __future__ import annotations

import argparse
from typing import Any

from berlinsim.cli._args import (
    about, add_budget, add_fixed, add_workers, check_method, check_workers, overrides, progress_bar, whole,
)
from berlinsim.cli._outputs import add_output
from berlinsim.errors import BerlinsimError

__all__ = ["DEFAULT_DRAWS", "add_robustness_parser", "add_sampler", "format_robustness", "parse_sample", "percent",
           "robustness_document", "run_sample", "write_robustness"]

DEFAULT_DRAWS = 1000
"""Draws when ``--samples`` (``-n``) is not given."""
_KINDS = "uniform(a, b), normal(mu, sigma), beta(a, b) or triangular(a, mode, b)"


def add_robustness_parser(commands: Any) -> None:
    """Register ``robustness`` on the argparse subparsers object ``commands``."""
    rob = commands.add_parser(
        "robustness", help="Monte Carlo: how often each outcome is an equilibrium (same as sweep --sample)",
        description="Draw parameters from distributions (uniform(a,b); normal(mu,sigma) truncated to the "
        "parameter's range; beta(a,b) scaled to the range; triangular(a,mode,b)), solve at each draw, and "
        "report the share of draws at which each outcome is an equilibrium, with its standard error and 95% "
        "interval. The same as 'berlinsim sweep SCENARIO --sample ...'.")
    rob.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    rob.add_argument("--sample", action="append", required=True, metavar="NAME=DIST",
                     help="a parameter's distribution (repeatable), e.g. p_reasonable='beta(2,5)'")
    rob.add_argument("--samples", "-n", type=whole(1, "max_samples"), default=None, dest="n", metavar="N",
                     help="number of draws (default: 1000)")
    rob.add_argument("--seed", type=whole(0), default=None, help="random seed (default: 0)")
    add_sampler(rob)
    rob.add_argument("--variant", "-V", default=None, metavar="NAME", help="a variant of the scenario")
    rob.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_output(rob, suffixes=(".csv", ".json", ".parquet"), help_text="write every equilibrium at every draw to FILE (.csv, .json or .parquet; as sweep --out, with 'draw' for 'point')")
    add_workers(rob)
    add_fixed(rob)
    add_budget(rob, limits=False)
    rob.set_defaults(handler=_robustness)


def add_sampler(parser: Any) -> None:
    """The ``--sampler`` option of Monte Carlo commands."""
    parser.add_argument("--sampler", choices=("random", "lhs", "sobol"), default=None,
                        help="how the draws cover the parameter space: independent random points, a Latin "
                        "hypercube, or scrambled Sobol' points (default: random)")


def _robustness(args: argparse.Namespace) -> int:
    """``robustness`` is ``sweep --sample`` under its older name (one code path: :func:`run_sample`)."""
    return run_sample(args, draws=args.n, output_format=args.format)


def parse_sample(text: str) -> tuple[str, Any]:
    """``NAME=DIST`` -> (NAME, Distribution); errors name the option and what was expected."""
    from berlinsim.analysis.robustness import parse_distribution

    name, sep, spec = str(text).partition("=")
    if not sep or not name.strip() or not spec.strip():
        raise BerlinsimError(f"--sample {text}: expected NAME=DIST, e.g. p_reasonable=beta(2, 5) (DIST: {_KINDS})")
    try:
        return name.strip(), parse_distribution(spec)
    except BerlinsimError as exc:
        raise BerlinsimError(f"--sample {text}: {exc}") from None


def percent(share: float) -> str:
    """A share as a percentage, with more digits below 1%."""
    return f"{100 * share:.1f}%" if share == 0 or share >= 0.01 else f"{100 * share:.2g}%"


def format_robustness(result: Any, scenario: Any, *, seed: int, variant: str | None, fixed: dict[str, str],
                      sampler: str = "random") -> str:
    """The readable summary: what was drawn, then the share of draws at which each outcome is an equilibrium
    (no timing: the same seed gives the same text)."""
    sampler = "" if sampler == "random" else f", {sampler} sampler"
    lines = [f"Monte Carlo robustness of {scenario.title} [{scenario.id}]",
             f"  {result.n} draws, seed {seed}{sampler}; method {result.method}"]
    for name, dist in zip(result.parameters, result.distributions):
        parameter = scenario.parameter(name)
        lines.append(f"  {name} ~ {dist}   (range [{float(parameter.low):g}, {float(parameter.high):g}])")
    others = [f"variant {variant!r}"] if variant else []
    others += [f"{k} = {v}" for k, v in fixed.items()]
    lines.append(f"  other parameters: {', '.join(others) if others else 'defaults'}")
    lines += ["", "Share of draws at which each outcome is an equilibrium (± standard error, 95% interval):"]

    def rows(frequencies: Any) -> list[str]:
        return [f"  {percent(f.frequency):>6} ± {percent(f.stderr):<6} [{percent(f.low)}, {percent(f.high)}]  "
                f"{f.label}" for f in frequencies]

    lines += rows(result.outcomes)
    if any(len(labels) != 1 for labels in result.equilibria):  # several (or no) equilibria at some draws
        lines += ["", "Equilibrium sets (share of draws with exactly that set; shares above can add up to more "
                  "than 100%):"]
        lines += rows(result.sets)
    return "\n".join(lines)


def robustness_document(result: Any, scenario: Any, *, seed: int, variant: str | None,
                        fixed: dict[str, str], sampler: str = "random") -> dict[str, Any]:
    """Everything as plain JSON values (the draws column by column, each draw's equilibria)."""
    def rows(frequencies: Any) -> list[dict[str, Any]]:
        return [{"outcome": f.label, "count": f.count, "frequency": f.frequency, "stderr": f.stderr,
                 "interval95": [f.low, f.high]} for f in frequencies]

    return {"scenario": scenario.id, "title": scenario.title, "method": result.method, "variant": variant,
            "fixed": fixed, "n": result.n, "seed": seed, "sampler": sampler,
            "distributions": {n: str(d) for n, d in zip(result.parameters, result.distributions)},
            "outcomes": rows(result.outcomes), "sets": rows(result.sets),
            "draws": {n: result.draws[:, k].tolist() for k, n in enumerate(result.parameters)},
            "equilibria": [list(labels) for labels in result.equilibria]}


def write_robustness(result: Any, document: dict[str, Any], path: str) -> None:
    """Write every draw to ``path`` (``.csv``, ``.json`` or ``.parquet``): one row per (draw, equilibrium)
    (:func:`berlinsim.io.tables.draws_table`); ``document`` (the summary) is the JSON's metadata."""
    from berlinsim.io.tables import draws_table, write_table

    summary = {k: v for k, v in document.items() if k not in ("draws", "equilibria")}
    write_table(draws_table(result, summary), path)


def run_sample(args: argparse.Namespace, *, draws: int | None, output_format: str = "text") -> int:
    """Draw, solve and report: ``args`` has path, sample (texts), seed, variant, assignments, method,
    out, workers and quiet; ``draws`` is the number of draws (None: :data:`DEFAULT_DRAWS`)."""
    n = DEFAULT_DRAWS if draws is None else draws
    if n < 1:
        raise BerlinsimError(f"--samples must be at least 1, got {n}")
    check_workers(args.workers)
    if args.out:
        from berlinsim.io.tables import check_format

        check_format(args.out)  # before any work
    seed = 0 if args.seed is None else args.seed
    sampler = args.sampler or "random"
    distributions: dict[str, Any] = {}
    for text in args.sample:
        name, dist = parse_sample(text)
        if name in distributions:
            raise BerlinsimError(f"--sample {text}: {name} is drawn twice (give one --sample per parameter)")
        distributions[name] = dist
    fixed = overrides(args.assignments)
    for name in distributions:
        if name in fixed:
            raise BerlinsimError(f"--sample {name}: {name} is also fixed by --set; give it one or the other")
    check_method(args.path, args.method)

    import numpy as np

    from berlinsim.analysis.robustness import sample
    from berlinsim.io.scenario_yaml import load_scenario

    scenario = load_scenario(args.path)
    for text, (name, dist) in zip(args.sample, distributions.items()):
        try:
            parameter = scenario.parameter(name)
            dist.check_range(name, float(parameter.low), float(parameter.high))
        except BerlinsimError as exc:
            raise BerlinsimError(f"--sample {text}: {exc}") from None
    try:
        with progress_bar(args, "draws") as progress:
            result = sample(scenario, distributions, n, rng=np.random.default_rng(seed), sampler=sampler, variant=args.variant,
                            overrides=fixed, method=args.method, workers=args.workers, progress=progress)
    except BerlinsimError as exc:
        raise about(args.path, exc) from None
    shown = {k: str(v) for k, v in fixed.items()}
    document = robustness_document(result, scenario, seed=seed, variant=args.variant, fixed=shown,
                                   sampler=sampler)
    if output_format == "json":
        import json

        print(json.dumps(document, indent=2))
    else:
        print(format_robustness(result, scenario, seed=seed, variant=args.variant, fixed=shown, sampler=sampler))
    if args.out:
        write_robustness(result, document, args.out)
    return 0
