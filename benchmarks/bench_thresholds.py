"""Time the complete threshold finder against the 33-point scan on every shipped scenario's key parameters.

Not part of the test suite. For each scenario and parameter (the ones the domain notes and the docs
sweep), both searches run over the same interval with the scenario's own method:

* ``scan``: today's scan of 33 points with its exact refinement between them
  (:func:`berlinsim.analysis._threshold_scan.scan_thresholds`);
* ``complete``: every critical point, then one solve per interval and per point
  (:func:`berlinsim.analysis.thresholds.search_thresholds`; the scan itself where the method or the
  formulas have no polynomial structure, e.g. 05's agent_qre).

Printed: seconds for each (one run each: solves dominate and do not vary), the ratio
``complete / scan``, the points each solved, and the changes each found (the complete finder's
include changes off the path, at one point only and at the interval's ends).

Usage::

    python benchmarks/bench_thresholds.py [--only NAME]
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction
from pathlib import Path

from berlinsim.analysis._threshold_scan import scan_thresholds
from berlinsim.analysis.thresholds import _value_maker, search_thresholds
from berlinsim.io.scenario_yaml import load_scenario

ROOT = Path(__file__).resolve().parents[1]

#: (scenario, parameter, low, high, options): the switch points the domain notes and the docs discuss.
CASES = [
    ("01_acheson_wait", "p_reasonable", 0, 1, {}),
    ("01_acheson_wait", "r_spiral", 0, "0.1", {}),
    ("01_acheson_wait", "F_reject", 0, 2, {}),
    ("02_kennedy_plan_buildup", "t", 0, 1, {"between": ("acheson", "kissinger")}),
    ("02_kennedy_plan_buildup", "w_framing_su", 0, 10, {}),
    ("03_british_readiness", "pi_uk", 0, 5, {}),
    ("03b_british_readiness_no_k", "pi_uk", 0, 5, {}),
    ("03c_british_readiness_us_leads", "w_firm_uk", 0, 10, {}),
    ("04_soviet_overture", "c_prep", 0, 5, {}),
    ("04_soviet_overture", "u_acc", -10, 10, {}),
    ("04b_soviet_overture_hidden", "c_prep", 0, 5, {}),
    ("05_khrushchev_type", "w_framing", 2, 4, {}),
    ("06_two_dangers", "c_commit", 0, 10, {}),
    ("07_un_forum", "prep", 0, 1, {}),
    ("08_berlin_chicken", "c_war", 0, 1000, {}),
    ("08_berlin_chicken", "w", 0, 100, {}),
    ("08b_berlin_chicken_us_first", "c_war", 0, 1000, {}),
    ("08c_berlin_chicken_ussr_first", "c_war", 0, 1000, {}),
    ("08d_berlin_chicken_bayesian", "mu", 0, 1, {}),
    ("08e_berlin_brinkmanship", "rho", 0, 1, {}),
    ("09_conference_bromide", "rho_hype", 0, 1, {}),
]


def run(only: str | None = None) -> None:
    print(f"{'scenario':34} {'parameter':14} {'scan s':>8} {'complete s':>10} {'ratio':>6} "
          f"{'solves':>13}  changes (scan / complete)")
    for name, parameter, low, high, options in CASES:
        if only and only not in name:
            continue
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
        make = _value_maker(scenario, parameter, None, {}, options.get("between"))
        t0 = time.perf_counter()
        scanned, scan_solves = scan_thresholds(scenario, parameter, Fraction(low), Fraction(high), make)
        t1 = time.perf_counter()
        search = search_thresholds(scenario, parameter, low, high, **options)
        t2 = time.perf_counter()
        how = "" if search.complete else " (scan)"
        print(f"{name:34} {parameter:14} {t1 - t0:8.2f} {t2 - t1:10.2f} {(t2 - t1) / (t1 - t0):6.2f} "
              f"{scan_solves:>5} / {search.solves:>5}  {len(scanned)} / {len(search.thresholds)}{how}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="scenarios whose name contains this")
    run(parser.parse_args().only)
