"""End-to-end tests of `berlinsim`: in-process `main([...])` and `python -m berlinsim` subprocesses."""

import json
import pathlib
import subprocess
import sys

import pytest

from berlinsim import __version__
from berlinsim.cli import main
from berlinsim.solvers import METHODS

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "src" / "berlinsim" / "data" / "negotiations_1961.nfg"
CONF = ROOT.parent / "shared" / "conformance"
GAMES_DIR = CONF / "gambit-games"

THREE_PLAYERS = 'NFG 1 R "three" { "A" "B" "C" } { 2 2 2 }\n' + " ".join(["1 0 0"] * 8) + "\n"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "berlinsim", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def call(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# ----------------------------------------------------------------------------- success
def test_bundled_game_solves_in_a_fresh_process():
    proc = run("solve", "src/berlinsim/data/negotiations_1961.nfg")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = proc.stdout
    assert "Berlin, July 1961" in out
    assert "US: State program=5/6, Refuse talks=1/6; USSR: Negotiate=6/7, Summit offer=1/7" in out
    assert "payoffs: US 20/7, USSR 1.75; regret 0 (verified exactly)" in out
    assert "* marks a best response" in out


def test_json_contract_from_a_fresh_process():
    proc = run("solve", str(BUNDLED), "--format", "json", "--method", "auto")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data)[:3] == ["game", "method", "equilibria"]
    game = data["game"]
    assert {k: game[k] for k in ("title", "form", "players", "strategies")} == {
        "title": "Berlin, July 1961: state a program or refuse to negotiate (illustrative)",
        "form": "normal",
        "players": ["US", "USSR"],
        "strategies": [["State program", "Refuse talks"], ["Negotiate", "Squeeze Berlin", "Summit offer"]],
    }
    assert data["method"] == "auto"
    (eq,) = data["equilibria"]
    assert eq["strategies"][0] == pytest.approx([5 / 6, 1 / 6])
    assert eq["strategies"][1] == pytest.approx([6 / 7, 0, 1 / 7])
    assert eq["payoffs"] == pytest.approx([20 / 7, 7 / 4])
    assert isinstance(eq["regret"], float) and eq["regret"] == 0.0
    assert eq["strategies_exact"] == [["5/6", "1/6"], ["6/7", "0", "1/7"]]
    assert data["exact"] is True and data["complete"] is True and data["source"] == str(BUNDLED)


@pytest.mark.parametrize("method", ["pure", "auto", "enummixed", "lh", "qre", "stackelberg", "dominance"])
def test_every_method_runs_in_process_in_both_formats(capsys, method):
    code, out, err = call(capsys, "solve", str(BUNDLED), "-m", method)
    assert (code, err) == (0, "")
    assert f"Method: {method}" in out
    code, out, err = call(capsys, "solve", str(BUNDLED), "-m", method, "-f", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["method"] == method


def test_lp_value_in_details(capsys, tmp_path):
    path = write(tmp_path, "mp.nfg", 'NFG 1 R "pennies" { "A" "B" } { 2 2 } 1 -1 -1 1 -1 1 1 -1')
    code, out, _ = call(capsys, "solve", path, "-m", "lp")
    assert code == 0
    assert "A: 1=1/2, 2=1/2" in out and "  value: 0" in out
    code, out, _ = call(capsys, "solve", path, "-m", "lp", "-f", "json")
    assert json.loads(out)["details"]["value_exact"] == "0"


def test_exact_flag_and_method_options(capsys, tmp_path):
    code, out, _ = call(capsys, "solve", str(BUNDLED), "--exact", "-m", "enummixed")
    assert code == 0 and "5/6" in out
    code, out, _ = call(capsys, "solve", str(BUNDLED), "-m", "dominance", "--option", "weak=true", "-f", "json")
    assert code == 0 and json.loads(out)["parameters"]["weak"] is True
    code, out, _ = call(capsys, "solve", str(BUNDLED), "-m", "stackelberg", "--option", "leader=USSR")
    assert code == 0 and "leader: USSR" in out


def test_three_player_game_with_auto(capsys, tmp_path):
    path = write(tmp_path, "three.nfg", THREE_PLAYERS)
    code, out, _ = call(capsys, "solve", path)
    assert code == 0
    assert "when C plays 1:" in out and "when C plays 2:" in out


def test_methods_version_and_help(capsys):
    code, out, _ = call(capsys, "methods")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(METHODS)
    assert call(capsys, "--version") == (0, f"berlinsim {__version__}\n", "")
    code, out, _ = call(capsys, "--help")
    assert code == 0 and "solve" in out and "methods" in out
    code, out, _ = call(capsys, "solve", "--help")
    assert code == 0 and "--exact" in out and "--format" in out


# ----------------------------------------------------------------------------- bad input: exit 2, one line
def assert_clean_error(code: int, err: str, *fragments: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("berlinsim: error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_unreadable_file(capsys, tmp_path):
    missing = str(tmp_path / "missing.nfg")
    code, out, err = call(capsys, "solve", missing)
    assert out == ""
    assert_clean_error(code, err, missing, "cannot read the file")


def test_malformed_file_is_located(capsys, tmp_path):
    path = write(tmp_path, "bad.nfg", 'NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3\n')
    code, _, err = call(capsys, "solve", path)
    assert_clean_error(code, err, f"{path}:3:1: payoffs: expected a number (payoff 4 of 8")


def test_unknown_method(capsys):
    code, _, err = call(capsys, "solve", str(BUNDLED), "-m", "nash")
    assert_clean_error(code, err, str(BUNDLED), "unknown method 'nash'", "enummixed")


def test_three_players_for_a_two_player_method(capsys, tmp_path):
    path = write(tmp_path, "three.nfg", THREE_PLAYERS)
    code, _, err = call(capsys, "solve", path, "-m", "enummixed")
    assert_clean_error(code, err, path, "needs a 2-player game, got 3 players")


def test_game_too_large_for_the_method(capsys):
    code, _, err = call(capsys, "solve", str(BUNDLED), "-m", "enummixed", "--option", "max_vertices=2")
    assert_clean_error(code, err, str(BUNDLED), "too large")


def test_bad_options(capsys):
    code, _, err = call(capsys, "solve", str(BUNDLED), "-m", "pure", "--option", "weak=true")
    assert_clean_error(code, err, "method 'pure' has no option 'weak'")
    code, _, err = call(capsys, "solve", str(BUNDLED), "--option", "weak")
    assert_clean_error(code, err, "NAME=VALUE")


def test_exact_refuses_a_float_answer(capsys, monkeypatch):
    import berlinsim.solvers as solvers
    from berlinsim.model.result import SolveResult

    def float_solver(game):
        return SolveResult(method="float", game=game, equilibria=(), exact=False, complete=False)

    monkeypatch.setitem(solvers.METHODS, "float", ("pure", "pure_solve", "test"))
    monkeypatch.setattr(solvers, "solver_for", lambda method, limits=None: float_solver)
    code, _, err = call(capsys, "solve", str(BUNDLED), "-m", "float", "--exact")
    assert_clean_error(code, err, "--exact", "did not give an exact")


ENTRY_EFG = """EFG 2 R "Entry" { "Entrant" "Incumbent" }
""

p "" 1 1 "" { "Out" "In" } 0
t "" 1 "out" { 0, 2 }
p "" 2 1 "" { "Fight" "Accommodate" } 0
t "" 2 "war" { -1, -1 }
t "" 3 "share" { 1, 1 }
"""


def test_trees_default_to_subgame_perfection(capsys, tmp_path):
    path = write(tmp_path, "entry.efg", ENTRY_EFG)
    code, out, err = call(capsys, "solve", path)
    assert (code, err) == (0, "")
    assert "Method: spe" in out
    assert "  In [1] => Incumbent" in out and "(reached with probability 1)" in out
    assert "  1. (subgame perfect, pure) Entrant: In; Incumbent: Accommodate" in out
    code, out, err = call(capsys, "solve", path, "-f", "json")
    data = json.loads(out)
    assert data["game"]["form"] == "extensive"
    assert data["game"]["infosets"][1] == [{"number": 1, "label": "", "actions": ["Fight", "Accommodate"]}]
    assert [eq["behavior"] for eq in data["equilibria"]] == [[[[0.0, 1.0]], [[0.0, 1.0]]]]


def test_table_methods_solve_a_trees_reduced_normal_form(capsys, tmp_path):
    path = write(tmp_path, "entry.efg", ENTRY_EFG)
    code, out, _ = call(capsys, "solve", path, "-m", "pure")
    assert code == 0
    assert "Equilibria: 2" in out and "Entrant: Out; Incumbent: Fight" in out
    assert "Note: method 'pure' works on tables: the tree was solved in its reduced normal form" in out


def test_tree_methods_refuse_tables_and_bad_trees_are_located(capsys, tmp_path):
    code, _, err = call(capsys, "solve", str(BUNDLED), "-m", "spe")
    assert_clean_error(code, err, str(BUNDLED), "needs a game tree (this game is a matrix)")
    path = write(tmp_path, "bad.efg", ENTRY_EFG.replace('{ 1, 1 }', '{ 1, 1'))
    code, _, err = call(capsys, "solve", path)
    assert_clean_error(code, err, path)


def test_usage_errors_exit_2_in_a_fresh_process():
    proc = run("solve")
    assert proc.returncode == 2 and "usage:" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("solve", "no/such/file.nfg")
    assert proc.returncode == 2
    assert proc.stderr == "berlinsim: error: no/such/file.nfg: cannot read the file: No such file or directory\n"


def test_a_bug_shows_its_traceback_and_exits_1():
    code = (
        "import sys, berlinsim.solvers as s\n"
        "def broken(game): raise RuntimeError('a bug')\n"
        "s.solver_for = lambda method, limits=None: broken\n"
        "from berlinsim.cli import main\n"
        f"sys.exit(main(['solve', {str(BUNDLED)!r}]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr and "RuntimeError: a bug" in proc.stderr


# ----------------------------------------------------------------------------- Gambit's catalog, end to end
CONFORMANCE = (
    [g for g in json.loads((CONF / "reference.json").read_text())["games"] if g["path"].endswith(".nfg")]
    if (CONF / "reference.json").is_file()
    else []
)


def _same_set(got, want, tol=1e-6):
    if len(got) != len(want):
        return False
    unmatched = list(want)
    for g in got:
        flat = [p for s in g for p in s]
        for w in unmatched:
            if all(abs(a - b) <= tol for a, b in zip(flat, [p for s in w for p in s])):
                unmatched.remove(w)
                break
        else:
            return False
    return True


@pytest.mark.conformance
@pytest.mark.skipif(not CONFORMANCE, reason="shared conformance data not present")
def test_cli_json_matches_gambit_on_every_nfg(capsys):
    for entry in CONFORMANCE:
        path = str(GAMES_DIR / entry["path"])
        code, out, err = call(capsys, "solve", path, "-m", "pure", "-f", "json")
        assert (code, err) == (0, ""), entry["path"]
        cells = [[s.index(1.0) for s in eq["strategies"]] for eq in json.loads(out)["equilibria"]]
        assert sorted(cells) == sorted(entry["pure_equilibria"]), entry["path"]
        if "extreme_equilibria" in entry:
            code, out, err = call(capsys, "solve", path, "-f", "json")
            assert (code, err) == (0, ""), entry["path"]
            got = [eq["strategies"] for eq in json.loads(out)["equilibria"]]
            want = [e["strategies"] for e in entry["extreme_equilibria"]]
            assert _same_set(got, want), entry["path"]
