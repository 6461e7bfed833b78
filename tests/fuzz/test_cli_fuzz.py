"""Fuzzing scenario files and command lines: every run ends with exit code 0, 2 or 130, never a traceback.

Scenario files are mutations of a shipped scenario (lines deleted, repeated or swapped; hostile
pieces inserted: YAML syntax, huge numbers, digits of other scripts, control characters) given
to ``validate`` and ``run``; command lines are a command with options drawn from a pool of bad
and good values, run in a scratch folder. Every case is small and runs in-process; an exception
escaping :func:`berlinsim.cli.main` (a bug) fails the test, as does any exit code but 0 and 2.
"""

from __future__ import annotations

import contextlib
import io
import os
import pathlib
import tempfile

from hypothesis import HealthCheck, given, settings, strategies as st

from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHICKEN = ROOT / "scenarios" / "08_berlin_chicken.yaml"
TREE = ROOT / "scenarios" / "08b_berlin_chicken_us_first.yaml"
LINES = CHICKEN.read_text(encoding="utf-8").splitlines()

FUZZ = settings(max_examples=40, deadline=20_000, suppress_health_check=[HealthCheck.too_slow])

PIECES = st.sampled_from([
    ":", ": :", "- ", "[", "]", "{", "}", "'", '"', "\t", "  ", "&a", "*a", "*nowhere", "!!python/object:os.system",
    "1e999999999", "1e-400", "-1e400", "9" * 500, ".nan", ".inf", "0x" + "f" * 300, "٣", "３", "1_000", "1/0",
    "\u202e", "\x1b[31m", "\x00", "\ufeff", "<script>", "---", "...", "? ", "|", ">", "#", "~", "null", "yes",
])
NUMBERS = st.sampled_from(["0", "-1", "1", "3", "2.5", "1/3", "1e400", "1e-400", "nan", "inf", "٣", "３", "", " ",
                           "9" * 50, "1000000000", "-0", "0x10", "1_0", "abc", "1e999999999"])


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Exit code and stderr of ``main(argv)``; an exception escaping main fails the test."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    return code, err.getvalue()


def assert_clean(code: int, err: str) -> None:
    assert code in (0, 2, 130), (code, err)
    assert "Traceback" not in err, err
    if code == 2:
        assert err.strip(), "a refusal says why"


@st.composite
def mutated_scenario(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "repeat", "insert", "replace_number", "swap", "indent"]))
        if action == "delete":
            del lines[k]
        elif action == "repeat":
            lines.insert(k, lines[k])
        elif action == "insert":
            column = draw(st.integers(0, len(lines[k])))
            lines[k] = lines[k][:column] + draw(PIECES) + lines[k][column:]
        elif action == "replace_number":
            lines[k] = "".join(draw(NUMBERS) if ch.isdigit() and draw(st.booleans()) else ch for ch in lines[k])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[k], lines[j] = lines[j], lines[k]
        else:
            lines[k] = " " * draw(st.integers(1, 3)) + lines[k]
        if not lines:
            break
    return "\n".join(lines) + "\n"


@FUZZ
@given(text=mutated_scenario(), command=st.sampled_from(["validate", "run"]))
def test_a_mutated_scenario_is_run_or_refused_cleanly(text, command):
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "s.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        assert_clean(*run_cli([command, str(path)]))


OPTIONS = {
    "run": [["--set", "w=N"], ["--set", "c_war=N"], ["--variant", "ordinal"], ["--variant", "N"], ["-m", "pure"],
            ["-m", "spe"], ["-f", "json"], ["-o", "out.json"], ["-o", "missing/out.txt"], ["-o", "."],
            ["--time-limit", "N"], ["--max-cells", "N"], ["--force"]],
    "solve": [["--set", "w=N"], ["-m", "dominance"], ["-m", "lh"], ["--option", "weak=N"], ["--option", "N"],
              ["--exact"], ["-o", "out.txt"], ["-o", "s.yaml"], ["--max-players", "N"], ["--max-lh-work", "N"]],
    "sweep": [["--vary", "c_war=N:100:3"], ["--vary", "c_war=0:N:3"], ["--vary", "c_war=0:100:N"], ["--vary", "N"],
              ["--sample", "w=uniform(0, N)"], ["-n", "N"], ["--seed", "N"], ["--workers", "N"], ["--out", "o.csv"],
              ["--plot", "N.png"], ["--plot", "p.jpg"], ["--y", "N"], ["--time-limit", "N"], ["--between", "N"]],
    "thresholds": [["--vary", "c_war=N:100"], ["--vary", "c_war=0:N"], ["--vary", "w=0:10:N"], ["--samples", "N"],
                   ["--set", "w=N"], ["-f", "json"]],
    "explain": [["--set", "w=N"], ["-f", "latex"], ["-o", "N"], ["-o", "e.md"], ["-m", "N"]],
    "validate": [],
    "compare": [["--metric", "N"], ["--vary", "w=0:N:3"], ["--set", "w=N"]],
    "robustness": [["--sample", "w=uniform(0, N)"], ["-n", "N"], ["--seed", "N"], ["-o", "r.json"]],
}


@st.composite
def command_line(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    scenario = draw(st.sampled_from([str(CHICKEN), str(TREE), "s.yaml", "missing.yaml", ".", "x.nfg"]))
    argv = [command, scenario]
    if command == "robustness":
        argv += ["--sample", "w=uniform(0, 10)", "-n", "5"]
    for option in draw(st.lists(st.sampled_from(OPTIONS[command]), max_size=4)) if OPTIONS[command] else []:
        argv += [part.replace("N", draw(NUMBERS)) if "N" in part else part for part in option]
    return argv


@FUZZ
@given(argv=command_line())
def test_a_command_line_is_run_or_refused_cleanly(argv):
    previous = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        (pathlib.Path(folder) / "s.yaml").write_text(CHICKEN.read_text(encoding="utf-8"), encoding="utf-8")
        os.chdir(folder)
        try:
            assert_clean(*run_cli(argv))
        finally:
            os.chdir(previous)
