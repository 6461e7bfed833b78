"""``berlinsim discover``: the parameter boxes where an outcome is an equilibrium (PRIM), in words.

Thin wiring around :func:`berlinsim.analysis.discovery.discover`.

Examples
--------
>>> import argparse
>>> commands = argparse.ArgumentParser(prog="berlinsim").add_subparsers(dest="command")
>>> add_parser(commands)
>>> args = commands.choices["discover"].parse_args(["s.yaml", "--sample", "w=uniform(0,1)", "--target", "go"])
>>> args.target, args.n, args.sampler, args.min_density
('go', None, 'lhs', 0.8)
"""

from __future__ import annotations

import argparse
from typing import Any

from berlinsim.cli._args import (
    about, add_fixed, add_workers, check_method, check_workers, overrides, progress_bar, whole,
)
from berlinsim.errors import BerlinsimError

__all__ = ["DEFAULT_DRAWS", "add_parser", "discovery_document", "format_discovery", "run_discover"]

DEFAULT_DRAWS = 4000
"""Draws when ``-n`` is not given."""


def add_parser(commands: Any) -> None:
    """Register ``discover`` on the argparse subparsers object ``commands``."""
    disc = commands.add_parser(
        "discover", help="where an outcome is an equilibrium: PRIM boxes of the uncertain parameters, in words",
        description="Draw the --sample parameters (-n draws, Latin hypercube by default), solve at every draw "
        "(batched), and find boxes -- an interval per parameter -- inside which the --target outcome is an "
        "equilibrium, by PRIM (peeling, then pasting). Each box is stated as 'TARGET whenever a > 3.8 and b < 0.9 "
        "(coverage C, density D)': coverage is the share of the draws where the target holds that fall inside "
        "the box, density the share of the box's draws where it holds. Further boxes (up to --max-boxes) cover "
        "what the earlier ones leave out.")
    disc.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    disc.add_argument("--sample", action="append", required=True, metavar="NAME=DIST",
                      help="an uncertain parameter and its distribution (repeat for each)")
    disc.add_argument("--target", required=True, metavar="LABEL",
                      help="the equilibrium outcome, as sweep --sample labels it, or a part of the label that "
                      "names one outcome (e.g. initiate_only)")
    disc.add_argument("-n", "--samples", type=int, default=None, dest="n", metavar="N",
                      help=f"number of draws (default: {DEFAULT_DRAWS})")
    disc.add_argument("--seed", type=whole(0), default=None, help="random seed (default: 0)")
    disc.add_argument("--sampler", choices=("random", "lhs", "sobol"), default="lhs",
                      help="random points, a Latin hypercube or scrambled Sobol' points (default: lhs)")
    disc.add_argument("--min-density", type=float, default=0.8, metavar="D",
                      help="the density a box must reach to be chosen for its coverage (default: 0.8)")
    disc.add_argument("--max-boxes", type=int, default=3, metavar="K", help="boxes at most (default: 3)")
    disc.add_argument("--variant", "-V", default=None, metavar="NAME", help="a variant of the scenario")
    disc.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_workers(disc)
    add_fixed(disc)
    disc.set_defaults(handler=run_discover)


def _number(x: float) -> float:
    return float(f"{x:.6g}")


def discovery_document(found: Any, scenario: Any, *, seed: int) -> dict[str, Any]:
    """Plain JSON values: each box's limits (restricted parameters; an open side is the declared range's end)."""
    boxes = []
    for box in found.boxes:
        limits = {}
        for name, (low, high) in box.limits.items():
            parameter = scenario.parameter(name)
            limits[name] = [_number(low) if low > float("-inf") else float(parameter.low),
                            _number(high) if high < float("inf") else float(parameter.high)]
        boxes.append({"limits": limits, "coverage": box.coverage, "density": box.density, "mass": box.mass,
                      "sentence": box.sentence(found.target),
                      "trajectory": [{"coverage": c, "density": d} for c, d in box.trajectory]})
    return {"scenario": found.scenario_id, "target": found.target, "n": found.n, "share": found.share,
            "sampler": found.sampler, "seed": seed, "method": found.method,
            "distributions": dict(zip(found.parameters, found.distributions)), "boxes": boxes}


def format_discovery(found: Any, *, seed: int) -> str:
    lines = [f"Where '{found.target}' is an equilibrium [{found.scenario_id}]",
             f"  {found.n} draws ({found.sampler}, seed {seed}); method {found.method}; it holds at "
             f"{100 * found.share:.1f}% of them"]
    lines += [f"  {name} ~ {dist}" for name, dist in zip(found.parameters, found.distributions)]
    lines.append("")
    if not found.boxes:
        lines.append("No box is denser than the sample as a whole: the outcome has no region of its own here.")
    for k, box in enumerate(found.boxes, 1):
        lines.append(f"{k}. {box.sentence('it holds')}")
    return "\n".join(lines)


def run_discover(args: argparse.Namespace) -> int:
    """The handler of ``berlinsim discover``."""
    n = DEFAULT_DRAWS if args.n is None else args.n
    if n < 1:
        raise BerlinsimError(f"-n must be at least 1, got {n}")
    if not 0 < args.min_density <= 1:
        raise BerlinsimError(f"--min-density must be in (0, 1], got {args.min_density}")
    if args.max_boxes < 1:
        raise BerlinsimError(f"--max-boxes must be at least 1, got {args.max_boxes}")
    check_workers(args.workers)
    check_method(args.path, args.method)
    import numpy as np

    from berlinsim.cli._args import read_scenario
    from berlinsim.cli.sensitivity import read_samples
    from berlinsim.analysis.discovery import discover

    seed = 0 if args.seed is None else args.seed

    fixed = overrides(args.assignments)
    distributions = read_samples(args.sample, fixed)
    scenario = read_scenario(args.path)
    try:
        with progress_bar(args, "draws") as progress:
            found = discover(scenario, distributions, n, args.target, rng=np.random.default_rng(seed),
                             sampler=args.sampler, variant=args.variant, overrides=fixed, method=args.method,
                             min_density=args.min_density, max_boxes=args.max_boxes, workers=args.workers,
                             progress=progress)
    except BerlinsimError as exc:
        raise about(args.path, exc) from None
    if args.format == "json":
        import json

        print(json.dumps(discovery_document(found, scenario, seed=seed), indent=2))
    else:
        print(format_discovery(found, seed=seed))
    return 0
