"""The .nfg/.efg rows of issue 17's table: every hostile file is refused with exit 2 and one located line.

Each message names the limit, and where it is located shows that the refusal came before
the expensive step (a number refused where it is written, never computed; sizes refused at
the prologue or at the node that passes the limit, the rest of the file unread). The last test
runs the largest of them in a child process under an address-space and CPU-time cap and checks
its peak memory, so a regression fails instead of hanging or swapping.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest

from _hostile_files import (
    chain_efg,
    efg_with_payoff,
    efg_with_probability,
    long_denominators_nfg,
    nfg_outcome_with_payoff,
    nfg_with_payoff,
    players_nfg,
    wide_efg,
)
from berlinsim.cli import main
from berlinsim.errors import BerlinsimError
from berlinsim.io.efg import parse_efg
from berlinsim.io.nfg import parse_nfg
from berlinsim.limits import DEFAULT
from berlinsim.solvers import METHODS

SRC = Path(__file__).resolve().parents[3] / "src"
TOO_LARGE = r"expected a number below 10\^300 in absolute value \(limit max_exponent, see docs/limits.md\)"
TOO_SMALL = r"expected 0 or a number of at least 10\^-300 in absolute value \(limit max_exponent"
DIGITS = r"expected a number of at most 400 digits \(limit max_number_digits, see docs/limits.md\), found one of 5,000"


def refused(capsys, tmp_path: Path, name: str, text: str, *options: str) -> str:
    """Run ``berlinsim solve`` on ``text``; assert exit 2 with one clean line; return that line."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = main(["solve", str(path), *options])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.startswith(f"berlinsim: error: {path}") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.removeprefix(f"berlinsim: error: {path}").strip()


@pytest.mark.parametrize("writer, name, where", [
    (nfg_with_payoff, "x.nfg", ":2:1: "),
    (nfg_outcome_with_payoff, "x.nfg", ":2:9: "),
    (efg_with_payoff, "x.efg", ":4:13: node 2: "),
    (efg_with_probability, "x.efg", ":3:17: node 1: "),
])
@pytest.mark.parametrize("number, message", [
    ("1e999999999", TOO_LARGE),
    ("-1e999999999", TOO_LARGE),
    ("1e99999999999999999999", TOO_LARGE),
    ("1e400", TOO_LARGE),
    ("1e-999999999", TOO_SMALL),
    ("1e-400", TOO_SMALL),
    ("7" * 5000, DIGITS),
])
def test_numbers_beyond_the_limits_are_refused_where_they_are_written(capsys, tmp_path, writer, name, where,
                                                                       number, message):
    line = refused(capsys, tmp_path, name, writer(number))
    assert line.startswith(where), line
    assert re.search(message, line), line


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("writer, name", [(nfg_with_payoff, "x.nfg"), (efg_with_payoff, "x.efg")])
def test_1e400_is_refused_for_every_method(capsys, tmp_path, method, writer, name):
    line = refused(capsys, tmp_path, name, writer("1e400"), "-m", method)
    assert "limit max_exponent" in line or "needs" in line, line  # read first, or the method does not apply


def test_a_5000_digit_integer_and_long_common_denominators(capsys, tmp_path):
    line = refused(capsys, tmp_path, "x.nfg", nfg_with_payoff("7" * 5000))
    assert "found one of 5,000 digits (77777777777777777777...)" in line
    line = refused(capsys, tmp_path, "y.nfg", long_denominators_nfg())
    assert re.fullmatch(
        r":2:\d+: the numbers' common denominator would have 1,\d\d\d digits; expected at most 1,000 digits "
        r"\(limit max_denominator_digits, see docs/limits.md\)", line), line


def test_numbers_at_the_limits_are_read_exactly():
    g = parse_nfg(nfg_with_payoff("9.99e299"))
    assert g.exact_payoffs[0, 0, 0] == 999 * 10**297 and g.payoffs[0, 0, 0] == 9.99e299
    assert parse_nfg(nfg_with_payoff("1e-300")).exact_payoffs[0, 0, 0] * 10**300 == 1
    assert parse_nfg(nfg_with_payoff("0e999999")).exact_payoffs[0, 0, 0] == 0
    assert parse_efg(efg_with_payoff("0." + "3" * 399)).exact_payoffs[0, 0] == Fraction(int("3" * 399), 10**399)
    with pytest.raises(BerlinsimError, match="limit max_exponent"):  # 301 digits: beyond the magnitude first
        parse_efg(efg_with_payoff("3" * 301))
    roomy = DEFAULT.raised(max_exponent=307, max_number_digits=2000, max_denominator_digits=2000)
    assert parse_nfg(nfg_with_payoff("1e306"), limits=roomy).exact_payoffs[0, 0, 0] == 10**306
    assert parse_nfg(nfg_with_payoff("." + "7" * 1500), limits=roomy).exact_payoffs[0, 0, 0] == Fraction(
        int("7" * 1500), 10**1500)


def test_a_million_strategies_by_one_is_refused_by_the_method_not_by_memory(capsys, tmp_path):
    # the issue's { 1000000 1 } with auto tried to allocate 7.28 TiB (a 10^6-dimensional polytope); the
    # same shape one order smaller reads quickly and is refused at dispatch, before vertex enumeration
    body = " ".join(["1 0"] * 100_000)
    line = refused(capsys, tmp_path, "x.nfg", f'NFG 1 R "t" {{ "A" "B" }} {{ 100000 1 }}\n{body}\n')
    assert "game of shape 100000x1 is too large for method 'auto': vertex enumeration would take over 10^" in line
    assert "(limit max_enummixed_work, see docs/limits.md). For one equilibrium, use method 'lh'" in line


@pytest.mark.parametrize("text, where, message", [
    ('NFG 1 R "t" { "A" "B" } { 1000000 1000000 }\n1 2\n', ":1:35: strategies.B: ",
     "the table would have 1,000,000,000,000 cells; expected at most 1,000,000 cells (limit max_cells"),
    ('NFG 1 R "t" { "A" "B" } { 2000 2000 }\n1 2\n', ":1:32: strategies.B: ",
     "the table would have 4,000,000 cells; expected at most 1,000,000 cells (limit max_cells"),
    ('NFG 1 R "t" { "A" "B" } { 10000 10000 }\n{ { "o" 1, 1 } }\n1 1\n', ":1:33: strategies.B: ",
     "the table would have 100,000,000 cells"),
    ('NFG 1 R "t" { "A" "B" } { { "x" "y" } { ' + '"s" ' * 600_000 + "} }\n", ":1:2000041: strategies.B: ",
     "the table would have more than 1,000,000 cells"),
    ('NFG 1 R "t" { "A" "B" } { 2000000 1 }\n1 2\n', ":1:27: strategies.A: ",
     "expected a positive number of strategies, at most 1,000,000 (limit max_strategies"),
    (players_nfg(30), ":1:230: strategies.P19: ",
     "the strategies of the first 20 players already make 1,048,576 cells; expected at most 1,000,000 cells"),
    (players_nfg(40), ":1:200: players: ",
     "expected '}' after at most 32 players (limit max_players, see docs/limits.md), found label \"P32\""),
])
def test_sizes_are_refused_at_the_prologue_before_the_payoffs(capsys, tmp_path, text, where, message):
    line = refused(capsys, tmp_path, "x.nfg", text)
    assert line.startswith(where) and message in line, line


def test_more_outcomes_than_cells_can_use_are_refused():
    outcomes = " ".join('{ "" 1 }' for _ in range(1002))
    with pytest.raises(BerlinsimError, match=r"x.nfg:2:9012: outcomes: expected '}' after at most 1,001 outcomes "
                                             r"\(one per cell and 1,000 more\), found '{'"):
        parse_nfg(f'NFG 1 R "t" {{ "A" }} {{ 1 }}\n{{ {outcomes} }}\n1\n', "x.nfg")


def test_many_players_within_the_cells_are_refused_by_the_method(capsys, tmp_path):
    body = " ".join(["1"] * (13 * 2**13))
    line = refused(capsys, tmp_path, "x.nfg", players_nfg(13, body=body))
    assert "too large for method 'auto': it has 106,496 payoff entries; expected at most 50,000 payoff entries " \
           "(limit max_qre_entries" in line, line


@pytest.mark.parametrize("actions", [5_000, 20_000])
def test_a_node_with_thousands_of_actions_is_refused_before_backward_induction(capsys, tmp_path, actions):
    line = refused(capsys, tmp_path, "x.efg", wide_efg(actions))
    assert line == (f": the tree ({actions + 1:,} nodes) is too large for method 'spe': one node has {actions:,} "
                    "actions; expected at most 1,000 actions (limit max_spe_actions, see docs/limits.md)")


def test_a_chain_deeper_than_the_limit_is_refused_at_the_node_that_passes_it(capsys, tmp_path):
    # only the first 10,005 levels of the 200,000-deep chain: the refusal comes before the end
    line = refused(capsys, tmp_path, "x.efg", chain_efg(10_005, complete=False))
    assert line == (":20004:1: node 20002: this node is 10,001 moves from the root; expected at most 10,000 moves "
                    "(limit max_depth, see docs/limits.md)")


def test_nodes_beyond_the_limit_are_refused_as_soon_as_the_tree_needs_them():
    small = DEFAULT.raised(max_nodes=10)
    with pytest.raises(BerlinsimError, match=r"x.efg:3:60: node 1: expected at most 9 actions at this node: "
                                             r"with more, the tree would pass at most 10 nodes \(limit max_nodes"):
        parse_efg(wide_efg(12), "x.efg", limits=small)
    with pytest.raises(BerlinsimError, match=r"x.efg:11:22: node 9: expected at most 1 action at this node: with "
                                             r"more, the tree would pass at most 10 nodes \(limit max_nodes"):
        parse_efg(chain_efg(8), "x.efg", limits=small)
    later = 'EFG 2 R "" { "P" }\n""\np "" 1 1 "" { "a" "b" } 0\n' + 'p "" 1 1 0\n' * 2 + 't "" 0\n' * 3
    with pytest.raises(BerlinsimError, match=r"x.efg:5:1: node 3: the tree would have 7 nodes or more; expected at "
                                             r"most 6 nodes \(limit max_nodes"):  # a set's later node lists no actions
        parse_efg(later, "x.efg", limits=DEFAULT.raised(max_nodes=6))
    assert parse_efg(chain_efg(4), limits=small).num_nodes == 9


def test_a_file_larger_than_the_limit_is_not_read(capsys, tmp_path):
    path = tmp_path / "x.nfg"
    path.write_text(nfg_with_payoff("1"), encoding="utf-8")
    from berlinsim.io.nfg import read_nfg

    with pytest.raises(BerlinsimError, match=r"x.nfg: the file has 40 bytes; expected at most 10 bytes "
                                             r"\(limit max_file_bytes"):
        read_nfg(path, limits=DEFAULT.raised(max_file_bytes=10))


HOSTILE = {
    "exponent.nfg": nfg_with_payoff("1e999999999"),
    "tiny.efg": efg_with_payoff("1e-999999999"),
    "digits.efg": efg_with_payoff("7" * 5000),
    "cells.nfg": 'NFG 1 R "t" { "A" "B" } { 1000000 1000000 }\n1 2\n',
    "square.nfg": 'NFG 1 R "t" { "A" "B" } { 2000 2000 }\n' + "1 " * 100_000 + "\n",
    "players.nfg": players_nfg(30),
    "wide.efg": wide_efg(20_000),
    "chain.efg": chain_efg(200_000),
}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc for the peak memory")
def test_the_table_under_a_memory_and_cpu_cap(tmp_path):
    """Every hostile file in one child process capped at 1 GB of address space and 60 s of CPU.

    Each must exit 2, and the child's peak memory (all of them, Python and numpy included) stay
    under 200 MB. The caps only turn a regression into a failure (MemoryError, or the process
    killed) rather than a hang; they are far above what the refusals use.
    """
    for name, text in HOSTILE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    child = textwrap.dedent(f"""
        import contextlib, io, json, resource, sys, time
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
        from berlinsim.cli import main
        report = {{}}
        for name in {sorted(HOSTILE)!r}:
            err = io.StringIO()
            start = time.perf_counter()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(["solve", name])
            report[name] = [code, err.getvalue(), round(time.perf_counter() - start, 2)]
        # this process's own high-water mark (ru_maxrss would include the parent's, copied at fork)
        status = open("/proc/self/status").read()
        report["peak_kb"] = int(status.split("VmHWM:")[1].split()[0])
        print(json.dumps(report))
    """)
    env = {"PYTHONPATH": str(SRC), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=600,
                          cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    for name in HOSTILE:
        code, err, _ = report[name]
        assert code == 2 and err.startswith(f"berlinsim: error: {name}") and "limit max_" in err, (name, err)
    assert report["peak_kb"] < 200 * 1024, report


def test_outcomes_adding_up_beyond_floats_are_refused_at_the_terminal():
    # within the default limits a path cannot reach 1.8e308 (10^300 x 100,000 nodes); raised ones can
    nodes = ['p "" 1 1 "" { "a" } 1 "o" { 9e306 }'] + [f'p "" 1 {k} "" {{ "a" }} 1' for k in range(2, 31)]
    text = 'EFG 2 R "t" { "A" }\n""\n' + "\n".join(nodes) + '\nt "" 0\n'
    with pytest.raises(BerlinsimError, match=r"x.efg:33:1: node 31: the payoffs of the outcomes on the path to this "
                                             r"terminal add up to more than a float holds"):
        parse_efg(text, "x.efg", limits=DEFAULT.raised(max_exponent=307))
