"""``berlinsim sensitivity``: which uncertain parameter matters for which output (Sobol' and PAWN indices).

Thin wiring around :func:`berlinsim.analysis.sensitivity.sensitivity_indices` (SALib, the optional
extra ``sensitivity``); the figure is :func:`berlinsim.plots.sensitivity.plot_sensitivity`.

Examples
--------
>>> import argparse
>>> commands = argparse.ArgumentParser(prog="berlinsim").add_subparsers(dest="command")
>>> add_parser(commands)
>>> args = commands.choices["sensitivity"].parse_args(["s.yaml", "--sample", "w=uniform(0,1)", "-n", "512"])
>>> args.sample, args.n, args.format
(['w=uniform(0,1)'], 512, 'text')
"""

from __future__ import annotations

import argparse
from typing import Any

from berlinsim.cli._args import (
    about, add_fixed, add_workers, check_method, check_workers, overrides, progress_bar, whole,
)
from berlinsim.cli._outputs import add_output
from berlinsim.errors import BerlinsimError

__all__ = ["DEFAULT_BASE", "add_parser", "format_sensitivity", "read_samples"]

DEFAULT_BASE = 1024
"""Base draws N when ``-n`` is not given."""


def add_parser(commands: Any) -> None:
    """Register ``sensitivity`` on the argparse subparsers object ``commands``."""
    sens = commands.add_parser(
        "sensitivity", help="which uncertain parameter matters: Sobol' and PAWN sensitivity indices",
        description="Draw the --sample parameters in a Saltelli design (N base draws, N*(D+2) solves for D "
        "parameters; batched as a grid sweep is), then, for every output that varies -- 'equilibrium: LABEL' (1 "
        "where that outcome is an equilibrium), 'set: ...' (the whole equilibrium set, when draws have several), "
        "'E[attribute]' and 'payoff PLAYER' of the representative equilibrium -- print each parameter's "
        "first-order Sobol' index S1 (the share of the output's variance it explains alone), total index ST (with "
        "its interactions; ST near 0: the parameter does not matter), both with 95%% bootstrap intervals, and PAWN "
        "(a moment-independent index, the median Kolmogorov-Smirnov distance between the output's distribution "
        "with the parameter held in a slice and without: it reads jumps at thresholds too). Needs SALib: "
        "pip install 'berlinsim[sensitivity]'.")
    sens.add_argument("path", metavar="SCENARIO", help="the scenario file (.yaml)")
    sens.add_argument("--sample", action="append", required=True, metavar="NAME=DIST",
                      help="an uncertain parameter and its distribution (repeat for each), e.g. "
                      "--sample w_framing='uniform(2, 6)'")
    sens.add_argument("-n", "--samples", type=int, default=None, dest="n", metavar="N",
                      help=f"base draws N, rounded up to a power of 2 (default: {DEFAULT_BASE})")
    sens.add_argument("--seed", type=whole(0), default=None, help="seed of the design and the bootstrap (default: 0)")
    sens.add_argument("--variant", "-V", default=None, metavar="NAME", help="a variant of the scenario")
    sens.add_argument("--format", "-f", choices=("text", "json"), default="text",
                      help="text (a table per output) or json (a list of {output, parameter, index, value, conf})")
    add_output(sens, "--plot", dest="plot", suffixes=(".png", ".svg", ".pdf"),
               help_text="draw tornado bars of the indices to FILE (.png, .svg or .pdf; checked before solving)")
    sens.add_argument("--show", action="append", default=None, metavar="OUTPUT", dest="shown",
                      help="an output to print and draw (repeatable; default: every output, the first six drawn)")
    add_workers(sens)
    add_fixed(sens)
    sens.set_defaults(handler=run_sensitivity)


def read_samples(texts: list[str], fixed: dict[str, Any]) -> dict[str, Any]:
    """The ``--sample NAME=DIST`` texts as ``{name: Distribution}`` (each parameter once, none also --set)."""
    from berlinsim.cli.sample import parse_sample

    distributions: dict[str, Any] = {}
    for text in texts:
        name, dist = parse_sample(text)
        if name in distributions:
            raise BerlinsimError(f"--sample {text}: {name} is drawn twice (give one --sample per parameter)")
        if name in fixed:
            raise BerlinsimError(f"--sample {name}: {name} is also fixed by --set; give it one or the other")
        distributions[name] = dist
    return distributions


def format_sensitivity(result: Any, outputs: list[str] | None = None) -> str:
    """The readable tables: per output, the parameters by decreasing total index."""
    lines = [f"Sensitivity of {result.title} [{result.scenario_id}]",
             f"  {result.base} base draws x ({len(result.parameters)} parameters + 2) = {result.runs} solves, "
             f"seed {result.seed}; method {result.method}"]
    lines += [f"  {name} ~ {dist}" for name, dist in zip(result.parameters, result.distributions)]
    level = f"{100 * result.conf_level:g}%"
    lines += ["", f"S1: first-order Sobol' index, ST: total index (± half-width of the {level} bootstrap interval); "
              "PAWN: median KS distance."]
    table = {(r.output, r.parameter, r.index): r for r in result.records}
    for output in outputs or result.outputs:
        lines += ["", output]
        lines.append(f"  {'parameter':<24} {'S1':>15} {'ST':>15} {'PAWN':>6}")
        ranked = sorted(result.parameters, key=lambda p: (-table[(output, p, "ST")].value, p))
        for p in ranked:
            s1, st, pawn = (table[(output, p, i)] for i in ("S1", "ST", "PAWN"))
            lines.append(f"  {p:<24} {_3(s1.value):>7} ± {_3(s1.conf):<5} {_3(st.value):>7} ± {_3(st.conf):<5} "
                         f"{_3(pawn.value):>6}")
    if result.constant:
        lines += ["", "Constant over the sample (no index): "
                  + "; ".join(f"{name} = {value:g}" for name, value in result.constant)]
    return "\n".join(lines)


def _3(x: float) -> str:
    """Three decimals, without a negative zero."""
    return f"{round(x, 3) + 0.0:.3f}"


def run_sensitivity(args: argparse.Namespace) -> int:
    """The handler of ``berlinsim sensitivity``."""
    n = DEFAULT_BASE if args.n is None else args.n
    if n < 2:
        raise BerlinsimError(f"-n must be at least 2, got {n}")
    check_workers(args.workers)
    check_method(args.path, args.method)
    if args.plot:
        from berlinsim.plots._style import check_format

        try:
            check_format(args.plot)
        except ValueError as exc:
            raise BerlinsimError(f"--plot: {exc}") from None
    fixed = overrides(args.assignments)
    distributions = read_samples(args.sample, fixed)
    from berlinsim.analysis.sensitivity import require_salib, sensitivity_indices
    from berlinsim.cli._args import read_scenario

    require_salib()
    scenario = read_scenario(args.path)
    try:
        with progress_bar(args, "draws") as progress:
            result = sensitivity_indices(scenario, distributions, n, seed=0 if args.seed is None else args.seed,
                                         variant=args.variant, overrides=fixed, method=args.method,
                                         workers=args.workers, progress=progress)
    except BerlinsimError as exc:
        raise about(args.path, exc) from None
    outputs = args.shown
    if outputs:
        missing = [o for o in outputs if o not in result.outputs]
        if missing:
            varying = ", ".join(repr(o) for o in result.outputs) or "none"
            raise BerlinsimError(f"--show {missing[0]!r}: no such varying output (outputs: {varying})")
    if args.format == "json":
        import json

        chosen = set(outputs or result.outputs)
        print(json.dumps([r.as_dict() for r in result.records if r.output in chosen], indent=2))
    else:
        print(format_sensitivity(result, outputs))
    if args.plot:
        from berlinsim.plots._style import save_figure
        from berlinsim.plots.sensitivity import plot_sensitivity

        figure = plot_sensitivity(result.records, outputs=outputs,
                                  title=f"Which assumption matters: {scenario.id} ({result.runs} solves)")
        save_figure(figure, args.plot)
    return 0
