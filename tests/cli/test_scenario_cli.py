"""End-to-end tests of the scenario commands: run, solve on .yaml, validate, list, new, convert.

Golden outputs (``tests/cli/golden/``) are the reports of two files this test owns: the
``berlinsim new`` template and ``tests/cli/data/mini_plan.yaml``. Regenerate them with

    BERLINSIM_REGENERATE_GOLDEN=1 python -m pytest -q tests/cli/test_scenario_cli.py -k golden
"""

import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
from fractions import Fraction

import pytest

from berlinsim.cli import main
from berlinsim.io.efg import parse_efg
from berlinsim.io.nfg import parse_nfg
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.scenarios.build import build_game
from berlinsim.scenarios.values import resolve_values

ROOT = pathlib.Path(__file__).resolve().parents[2]
KENNEDY = ROOT / "scenarios" / "02_kennedy_plan_buildup.yaml"
MINI = ROOT / "tests" / "cli" / "data" / "mini_plan.yaml"
GOLDEN = ROOT / "tests" / "cli" / "golden"
REGENERATE = os.environ.get("BERLINSIM_REGENERATE_GOLDEN") == "1"

needs_kennedy = pytest.mark.skipif(not KENNEDY.exists(), reason="scenarios/02_kennedy_plan_buildup.yaml not written yet")


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def fresh(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "berlinsim", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def flat(text):
    return " ".join(text.split())


def assert_clean_errors(code, err, *fragments):
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("berlinsim: error: ") for line in lines), err
    for fragment in fragments:
        assert fragment in err, err


def new_scenario(capsys, folder, name="my_plan"):
    code, out, err = call(capsys, "new", name, "-o", folder / f"{name}.yaml")
    assert (code, err) == (0, ""), err
    return folder / f"{name}.yaml"


# ----------------------------------------------------------------------------- run
@needs_kennedy
def test_kennedy_plan_runs_in_a_fresh_process_with_the_reference_answer():
    proc = fresh("run", KENNEDY)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = flat(proc.stdout)
    # domain notes, scenario 02: (B, I) with payoffs (4.536, -2.400)
    assert "Expected payoffs: US 4.536, USSR -2.4. Regret 0 (verified exactly)." in out
    assert "Models paragraphs 2, 3, 4 of kissinger-1961-07-14-negotiations." in out
    assert "Paragraph 2: \u201cI am somewhat uneasy to have refusal to negotiate become a test of firmness.\u201d" in out
    assert "USSR, if reasonable: accept" in out and "if hardline: reject" in out
    assert "Off the equilibrium path" in out and "after US chose buildup_wait" in out
    assert "All parameters at their defaults." in out
    assert "Teaching note" in out


@needs_kennedy
def test_readme_first_command_and_its_quoted_output(capsys):
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Getting started")
    command = readme[readme.index("```sh\n", start) + 6:].split("\n", 1)[0]
    assert command == f"python -m pip install . && berlinsim run scenarios/{KENNEDY.name}"
    quoted = readme[readme.index("```text\n", start) + 8:].split("```", 1)[0]
    code, out, _ = call(capsys, "run", KENNEDY)
    assert code == 0
    assert quoted.strip() in out  # the README shows the real output


@needs_kennedy
def test_variant_and_set_are_marked_and_change_the_answer(capsys):
    code, out, err = call(capsys, "run", KENNEDY, "--variant", "acheson")
    assert (code, err) == (0, "")
    # domain notes, scenario 01 (Acheson's beliefs): build up and wait, (0.196, -0.116)
    assert "Expected payoffs: US 0.196, USSR -0.116." in flat(out)
    assert "Variant acheson" in out and "F_reject 0 * 1" in flat(out)
    code, out, err = call(capsys, "run", KENNEDY, "--set", "p_reasonable=1/4", "-s", "w_framing=5")
    assert code == 0
    assert "p_reasonable 0.25 * 0.2" in flat(out) and "w_framing 5 * 4" in flat(out)
    assert "(* changed from the default, by the variant or --set)" in out


def test_run_formats_json_and_markdown(capsys):
    code, out, err = call(capsys, "run", MINI, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data)[:3] == ["game", "method", "equilibria"]
    assert data["method"] == "spe" and data["game"]["form"] == "extensive"
    assert data["scenario"]["id"] == "mini_plan" and data["scenario"]["paragraphs"] == [1, 3]
    assert data["scenario"]["parameters_exact"]["p_reasonable"] == "1/5"
    (eq,) = data["equilibria"]
    assert eq["payoffs_exact"] == ["26/5", "-4/5"]
    assert eq["outcomes_exact"] == {"settlement now": "1/5", "program rejected": "4/5",
                                    "Soviet overture": "0", "stalemate": "0"}
    assert eq["attributes_exact"] == {"settled": "1/5", "framing": "4/5", "hardline": "4/5"}
    assert sum(eq["outcomes"].values()) == pytest.approx(1)
    code, out, err = call(capsys, "run", MINI, "-f", "markdown", "--variant", "acheson")
    assert code == 0
    assert out.startswith("# A miniature Kennedy plan [mini_plan]\n")
    assert "| w_framing | 0 * | 4 | US weight on framing |" in out
    assert json.loads(call(capsys, "run", MINI, "-f", "json", "--variant", "acheson")[1])["scenario"]["changed"] == [
        "w_framing"]


def test_run_with_another_method(capsys):
    code, out, err = call(capsys, "run", MINI, "--method", "enummixed")
    assert (code, err) == (0, "")
    assert "Solved with method enummixed" in out and "reduced normal form" in out
    assert "US: state a Kennedy plan now [initiate]" in out
    code, out, err = call(capsys, "run", MINI, "--method", "lcp", "-f", "json")
    assert code == 0 and json.loads(out)["method"] == "lcp"


def test_ties_and_multiple_equilibria_are_stated(capsys):
    code, out, _ = call(capsys, "run", MINI, "--set", "u_settle_R=-2")
    assert code == 0
    text = flat(out)
    assert "There are 2 equilibria (at least). They lead to different outcomes" in text
    assert "USSR, if reasonable: reject would be as good as accept the program [accept]" in text
    assert "USSR, if reasonable or if hardline: reject" in text


def test_run_errors_are_clean_and_located(capsys, tmp_path):
    code, _, err = call(capsys, "run", MINI, "--set", "p_reasonabel=0.5")
    assert_clean_errors(code, err, f"{MINI}: ", "p_reasonabel", "did you mean 'p_reasonable'")
    code, _, err = call(capsys, "run", MINI, "--set", "p_reasonable=2")
    assert_clean_errors(code, err, "p_reasonable")
    code, _, err = call(capsys, "run", MINI, "--set", "p_reasonable")
    assert_clean_errors(code, err)
    code, _, err = call(capsys, "run", MINI, "--variant", "achesen")
    assert_clean_errors(code, err, "did you mean 'acheson'")
    code, _, err = call(capsys, "run", MINI, "--method", "nash")
    assert_clean_errors(code, err, "unknown method 'nash'")
    template = new_scenario(capsys, tmp_path)
    code, _, err = call(capsys, "run", template, "--method", "spe")
    assert_clean_errors(code, err, f"{template}: method 'spe' needs a game tree")
    code, _, err = call(capsys, "run", template, "--method", "lp")
    assert_clean_errors(code, err, f"{template}: method 'lp' needs a constant-sum game")
    code, _, err = call(capsys, "run", tmp_path / "missing.yaml")
    assert_clean_errors(code, err, "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(template.read_text().replace("payoff: v_settle", "payoff: v_setle").replace(
        "default: 2\n", "default: 20\n", 1).replace("[program, talk]", "[program, tlak]"))
    code, out, err = call(capsys, "run", bad)
    assert out == ""
    assert_clean_errors(code, err, "v_setle", "did you mean 'v_settle'", "tlak")
    assert len(err.strip().splitlines()) >= 3  # every problem, one line each
    assert all(line.startswith(f"berlinsim: error: {bad}:") for line in err.strip().splitlines())


def test_errors_in_a_fresh_process_have_no_traceback(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("berlinsim: 1\nid: [unclosed\n")
    proc = fresh("run", bad)
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"berlinsim: error: {bad}:")


# ----------------------------------------------------------------------------- solve
def test_solve_accepts_scenario_files(capsys):
    code, out, err = call(capsys, "solve", MINI)
    assert (code, err) == (0, "")
    assert "Method: spe" in out and "payoffs: US 5.2, USSR -0.8; regret 0 (verified exactly)" in out
    code, out, _ = call(capsys, "solve", MINI, "--set", "w_framing=0", "-f", "json")
    assert code == 0 and json.loads(out)["equilibria"][0]["payoffs_exact"] == ["2", "-4/5"]
    code, out, _ = call(capsys, "solve", MINI, "--variant", "acheson", "-m", "pure")
    assert code == 0 and "Method: pure" in out and "reduced normal form" in out
    code, _, err = call(capsys, "solve", ROOT / "src/berlinsim/data/negotiations_1961.nfg", "--set", "x=1")
    assert_clean_errors(code, err, "--set and --variant apply to scenario files")


# ----------------------------------------------------------------------------- validate
def test_validate_reports_ok_or_every_problem(capsys, tmp_path):
    good = new_scenario(capsys, tmp_path)
    code, out, err = call(capsys, "validate", good, MINI)
    assert (code, out, err) == (0, f"{good}: ok\n{MINI}: ok\n", "")
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("payoff: u_settle", "payoff: u_setle").replace("range: [0, 20]",
                                                                                           "range: [30, 20]"))
    missing = tmp_path / "missing.yaml"
    code, out, err = call(capsys, "validate", good, bad, missing)
    assert code == 2 and out == f"{good}: ok\n"
    lines = err.strip().splitlines()
    assert any("u_setle" in line and "did you mean 'u_settle'" in line for line in lines)
    assert any(line.startswith(f"{bad}:") and "range" in line for line in lines)
    assert any(line.startswith(str(missing)) for line in lines)
    assert all(line.startswith((f"{bad}:", f"{missing}:")) for line in lines)


# ----------------------------------------------------------------------------- list
def test_list_a_directory_in_file_order(capsys, tmp_path):
    for name in ("20_zeta", "10_alpha"):
        new_scenario(capsys, tmp_path, name)
    (tmp_path / "notes.txt").write_text("not a scenario")
    code, out, err = call(capsys, "list", tmp_path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines] == [["10_alpha.yaml", "alpha"], ["20_zeta.yaml", "zeta"]]
    assert "paragraph 3 " in lines[0] and "Alpha (one line: the policy choice)" in lines[0]
    (tmp_path / "30_bad.yaml").write_text("berlinsim: 1\n")
    code, out, err = call(capsys, "list", tmp_path)
    assert code == 2 and len(out.splitlines()) == 2 and "30_bad.yaml: invalid" in err
    code, _, err = call(capsys, "list", tmp_path / "nowhere")
    assert_clean_errors(code, err, "not a directory")


@needs_kennedy
def test_list_defaults_to_the_scenarios_directory_here():
    proc = fresh("list")
    listed = [line.split() for line in proc.stdout.splitlines()]
    row = next(r for r in listed if r[0] == KENNEDY.name)
    assert row[1] == "kennedy_plan_buildup" and " ".join(row[2:6]) == "paragraphs 2, 3, 4"
    names = [r[0] for r in listed]
    assert names == sorted(names)
    proc = fresh("list", cwd=ROOT / "tests" / "cli")
    assert proc.returncode == 2 and "scenarios: not a directory" in proc.stderr


# ----------------------------------------------------------------------------- new
def test_new_writes_a_template_that_validates_and_runs(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = call(capsys, "new", "10_state_a_program")
    assert (code, err) == (0, "") and "10_state_a_program.yaml" in out
    path = tmp_path / "10_state_a_program.yaml"
    text = path.read_text()
    assert "id: state_a_program" in text and "berlinsim validate 10_state_a_program.yaml" in text
    assert load_scenario(path).id == "state_a_program"
    assert call(capsys, "validate", path)[0] == 0
    code, out, _ = call(capsys, "run", path)
    assert code == 0 and "US: state a Western program now [program]" in out
    code, out, _ = call(capsys, "run", path, "--variant", "acheson")
    assert code == 0 and "US: wait until the crisis is more acute [wait]" in out
    code, out, _ = call(capsys, "run", path, "--variant", "midway", "--set", "t=0.25")
    assert code == 0 and "Variant midway at t = 0.25" in out


def test_new_refuses_to_overwrite_and_bad_names(capsys, tmp_path):
    path = new_scenario(capsys, tmp_path)
    before = path.read_text()
    code, _, err = call(capsys, "new", "my_plan", "-o", path)
    assert_clean_errors(code, err, "exists; not overwritten")
    assert path.read_text() == before
    code, _, err = call(capsys, "new", "My Plan", "-o", tmp_path / "x.yaml")
    assert_clean_errors(code, err, "is not a scenario name")
    assert not (tmp_path / "x.yaml").exists()


# ----------------------------------------------------------------------------- convert
def built(path, **kw):
    scenario = load_scenario(path)
    return build_game(scenario, resolve_values(scenario, kw.get("variant"), kw.get("overrides", {}))).game


def test_convert_tree_to_efg_round_trips(capsys, tmp_path):
    target = tmp_path / "mini.efg"
    code, out, err = call(capsys, "convert", MINI, "--to", "efg", "-o", target, "--set", "p_reasonable=1/3")
    assert (code, err) == (0, "") and out == f"wrote {target}\n"
    back = parse_efg(target.read_text(), str(target))
    game = built(MINI, overrides={"p_reasonable": "1/3"})
    assert back == game
    assert back.chance_infosets[0].exact_probabilities == (Fraction(1, 3), Fraction(2, 3))
    code, out, _ = call(capsys, "convert", MINI, "--to", "efg")
    assert code == 0 and parse_efg(out) == built(MINI)
    gbt = pytest.importorskip("pygambit")
    g = gbt.read_efg(str(target))  # pygambit's API differs between versions: check what all share
    assert [getattr(p, "label", p) for p in g.players] == ["US", "USSR"] and g.title == game.title


def test_convert_to_nfg_round_trips(capsys, tmp_path):
    template = new_scenario(capsys, tmp_path)
    target = tmp_path / "plan.nfg"
    code, _, err = call(capsys, "convert", template, "--to", "nfg", "-o", target, "--variant", "acheson")
    assert (code, err) == (0, "")
    assert parse_nfg(target.read_text()) == built(template, variant="acheson")
    code, out, _ = call(capsys, "convert", MINI, "--to", "nfg")  # a tree: its reduced normal form
    assert code == 0 and parse_nfg(out).shape == (2, 16)
    code, _, err = call(capsys, "convert", template, "--to", "efg")
    assert_clean_errors(code, err, "a matrix scenario has no game tree")
    gbt = pytest.importorskip("pygambit")
    g = gbt.read_nfg(str(target))
    assert [getattr(p, "label", p) for p in g.players] == ["US", "USSR"]
    assert g.title == "My plan (one line: the policy choice)"


# ----------------------------------------------------------------------------- start-up and speed
def test_run_does_not_load_matplotlib_and_trees_not_scipy():
    code = ("import contextlib, io, sys\nfrom berlinsim.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['run', {str(MINI)!r}]) == 0\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'matplotlib'}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_run_finishes_quickly_process_start_included():
    # "well under a second": measured as the child's CPU time (user + system), which a busy
    # machine inflates far less than wall-clock time; a tree scenario takes about 0.4 s
    best = min(_cpu_seconds("run", MINI) for _ in range(2))
    assert best < 0.9


def _cpu_seconds(*args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = fresh(*args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert proc.returncode == 0, proc.stderr
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# ----------------------------------------------------------------------------- golden outputs
GOLDEN_CASES = {
    "template.txt": ("template", ()),
    "template.md": ("template", ("-f", "markdown")),
    "template_acheson.json": ("template", ("-f", "json", "--variant", "acheson")),
    "mini_plan.txt": ("mini", ()),
    "mini_plan_ties.txt": ("mini", ("--set", "u_settle_R=-2")),
    "mini_plan.md": ("mini", ("-f", "markdown", "--variant", "acheson")),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_outputs(capsys, tmp_path, monkeypatch, name):
    source, options = GOLDEN_CASES[name]
    monkeypatch.chdir(tmp_path)
    if source == "template":
        assert call(capsys, "new", "golden_plan")[0] == 0
        path = "golden_plan.yaml"
    else:
        (tmp_path / "seeds").mkdir()
        shutil.copy(ROOT / "seeds" / "kissinger-1961-07-14-negotiations.txt", tmp_path / "seeds")
        shutil.copy(MINI, tmp_path / "mini_plan.yaml")
        path = "mini_plan.yaml"
    code, out, err = call(capsys, "run", path, *options)
    assert (code, err) == (0, "")
    golden = GOLDEN / name
    if REGENERATE:
        golden.write_text(out)
    assert out == golden.read_text(), f"{name} differs; if intended, regenerate (see the module docstring)"
