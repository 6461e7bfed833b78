"""Issue 17's table of hostile inputs, rerun: exit code, wall time, peak memory and message of each.

Every case must exit 2 with one located message, within about two seconds and under 200 MB
(the regression tests in ``tests/unit/io/test_hostile_files.py`` and ``tests/cli`` check the exit
codes and messages; timing and memory are measured here, not asserted by unit tests).

Each command runs as its own process (``python -m berlinsim ...``) in a temporary folder; its
peak resident memory is the child's ``ru_maxrss`` from ``os.wait4``.

Usage::

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "08_berlin_chicken.yaml"


def _nfg(payoff: str) -> str:
    return f'NFG 1 R "t" {{ "P1" "P2" }} {{ 2 1 }}\n{payoff} 0 0 0\n'


def _efg(payoff: str) -> str:
    return (f'EFG 2 R "t" {{ "P1" "P2" }}\np "" 1 1 "" {{ "a" "b" }} 0\n'
            f't "" 1 "" {{ {payoff}, 0 }}\nt "" 2 "" {{ 0, 0 }}\n')


def _wide_efg(actions: int) -> str:
    names = " ".join(f'"a{k}"' for k in range(actions))
    leaves = "".join(f't "" {k + 1} "" {{ {k}, 0 }}\n' for k in range(actions))
    return f'EFG 2 R "t" {{ "P1" "P2" }}\np "" 1 1 "" {{ {names} }} 0\n{leaves}'


def _matrix_scenario(n: int) -> str:
    text = SCENARIO.read_text(encoding="utf-8")
    rows = "\n".join(f"      - [{', '.join('[1, 1]' for _ in range(n))}]" for _ in range(n))
    return text.split("game:")[0] + (
        "game:\n  kind: matrix\n  rows: [" + ", ".join(f"r{k}" for k in range(n)) + "]\n"
        "  columns: [" + ", ".join(f"c{k}" for k in range(n)) + "]\n  payoffs:\n" + rows + "\n")


def cases(tmp: Path) -> list[tuple[str, list[str]]]:
    """(what, command-line arguments after ``berlinsim``) per row of the issue's table."""
    files = {
        "huge.nfg": _nfg("1e999999999"), "tiny.nfg": _nfg("1e-999999999"), "e400.nfg": _nfg("1e400"),
        "huge.efg": _efg("1e999999999"), "e400.efg": _efg("1e400"), "digits.nfg": _nfg("7" * 5000),
        "million.nfg": 'NFG 1 R "t" { "P1" "P2" } { 1000000 1 }\n0 0\n',
        "wide.efg": _wide_efg(20_000), "big.yaml": _matrix_scenario(200),
    }
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
    (tmp / "afile").write_text("x", encoding="utf-8")
    locked = tmp / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    return [
        ("an .nfg payoff 1e999999999", ["solve", "huge.nfg"]),
        ("an .efg payoff 1e999999999", ["solve", "huge.efg"]),
        ("an .nfg payoff 1e-999999999", ["solve", "tiny.nfg"]),
        ("an .nfg payoff 1e400", ["solve", "e400.nfg"]),
        ("an .efg payoff 1e400", ["solve", "e400.efg"]),
        ("a 5000-digit payoff", ["solve", "digits.nfg"]),
        ("--set w=<5000 digits>", ["run", str(SCENARIO), "--set", "w=" + "7" * 5000]),
        ("an .nfg of dimensions {1000000 1}", ["solve", "million.nfg"]),
        ("an .efg node with 20,000 actions", ["solve", "wide.efg"]),
        ("a 200 x 200 matrix scenario", ["run", "big.yaml"]),
        ("figures --out FILE (a file)", ["figures", "--out", "afile"]),
        ("sweep --sample ... -n 1000000000", ["sweep", str(SCENARIO), "--sample", "w=uniform(0, 10)",
                                              "-n", "1000000000"]),
        ("--seed -1", ["sweep", str(SCENARIO), "--sample", "w=uniform(0, 10)", "--seed", "-1"]),
        ("--plot into an unwritable folder", ["sweep", str(SCENARIO), "--vary", "w=0:10:3",
                                              "--plot", "/proc/x.png"]),
        ("report S.yaml -o S.yaml", ["report", "big.yaml", "-o", "big.yaml"]),
    ]


def run(args: list[str], cwd: Path) -> tuple[int, float, float, str]:
    """Exit code, seconds, peak MB and the last line of stderr (the message) of ``berlinsim ARGS``."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "berlinsim", *args], cwd=cwd,
                                 stdout=subprocess.DEVNULL, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        last = next((line for line in reversed(err.read().splitlines()) if line.strip()), "")
    return child.returncode, seconds, usage.ru_maxrss / 1024, last


def main() -> None:
    print(f"python {sys.version.split()[0]}")
    print(f"{'input':38} {'exit':>4} {'s':>6} {'MB':>6}  message")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for what, args in cases(tmp):
            code, seconds, mb, message = run(args, tmp)
            print(f"{what:38} {code:4d} {seconds:6.2f} {mb:6.0f}  {message[:150]}", flush=True)
        (tmp / "locked").chmod(0o700)


if __name__ == "__main__":
    main()
