"""Streamed sweeps: wall time and peak memory against grid size, in bounded memory.

Each run is a fresh process (so its peak resident set, ``ru_maxrss``, is its own): the sweep of
08 Berlin chicken (2x2, all extreme equilibria) over ``w`` x ``l`` and of the 01 tree (57 nodes,
backward induction) over ``p_reasonable`` x ``r_spiral``, written to Parquet (and CSV for the
smaller grids) through :func:`berlinsim.io.table_writer.write_streamed`; for grids within the
in-memory cap (10^6) the whole :func:`berlinsim.analysis.sweep.sweep` and
:func:`berlinsim.io.tables.write_table` too, for comparison. Files go to a temporary folder and
are deleted after each run.

    python benchmarks/bench_stream.py            # 10^4 ... 10^7 points (08), 10^4 ... 10^6 (01)
    python benchmarks/bench_stream.py --quick    # up to 10^6 (08) and 10^5 (01)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "08": ("08_berlin_chicken.yaml", "w=0:30:{a}", "l=0:30:{b}"),
    "01": ("01_acheson_wait.yaml", "p_reasonable=0:1:{a}", "r_spiral=0:0.1:{b}"),
}
#: Grid shapes per size (two axes, the second the longer).
SHAPES = {10**4: (100, 100), 10**5: (100, 1000), 10**6: (1000, 1000), 10**7: (1000, 10_000), 10**8: (10_000, 10_000)}

CHILD = r"""
import json, os, resource, sys, time
from berlinsim.io.scenario_yaml import load_scenario
mode, scenario, out, chunk, *axes = sys.argv[1:]
s = load_scenario(scenario)
start = time.perf_counter()
if mode == "whole":
    from berlinsim.analysis.sweep import sweep
    from berlinsim.io.tables import sweep_table, write_table
    write_table(sweep_table(sweep(s, axes)), out)
else:
    from berlinsim.analysis.sweep_stream import stream_sweep
    from berlinsim.io.table_writer import write_streamed
    write_streamed(*stream_sweep(s, axes, chunk_points=int(chunk)), out)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "file_mb": os.path.getsize(out) / 1e6}))
"""


def run(mode: str, case: str, size: int, suffix: str, chunk: int) -> dict:
    scenario, *templates = CASES[case]
    a, b = SHAPES[size]
    axes = [t.format(a=a, b=b) for t in templates]
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, f"sweep{suffix}")
        done = subprocess.run([sys.executable, "-c", CHILD, mode, str(ROOT / "scenarios" / scenario), out, str(chunk),
                               *axes], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--huge", action="store_true", help="also 10^8 points of 08 (Parquet; about 20 minutes)")
    parser.add_argument("--chunk", type=int, default=None, help="points per chunk (default: the module's)")
    args = parser.parse_args()
    from berlinsim.analysis.sweep_stream import CHUNK_POINTS

    chunk = args.chunk or CHUNK_POINTS
    plan = {"08": [10**4, 10**5, 10**6] + ([] if args.quick else [10**7]) + ([10**8] if args.huge else []),
            "01": [10**4, 10**5] + ([] if args.quick else [10**6])}
    print(f"chunk = {chunk:,} points; seconds / peak resident MB / file MB\n")
    print("| case | points | streamed .parquet | streamed .csv | whole sweep + .parquet |")
    print("|---|---:|---:|---:|---:|")
    for case, sizes in plan.items():
        for size in sizes:
            cells = []
            for mode, suffix, upto in (("stream", ".parquet", 10**8), ("stream", ".csv", 10**6),
                                       ("whole", ".parquet", 10**6)):
                if size > upto:
                    cells.append("--")
                    continue
                r = run(mode, case, size, suffix, chunk)
                cells.append(f"{r['seconds']:.1f} s / {r['peak_mb']:.0f} MB / {r['file_mb']:.0f} MB")
            print(f"| {case} | {size:,} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
