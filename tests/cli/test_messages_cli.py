"""Messages a user reads: in the project's words, naming what is wrong, never a Python repr; texts made safe.

The repr scan runs every file of the bad-scenario corpus and a list of bad command lines and
checks that no message shows ``Fraction(...)``, numpy scalars, tuples or lists as Python prints them.
"""

from __future__ import annotations

import pathlib
import re
import shutil

import pytest

from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
CHICKEN = SCENARIOS / "08_berlin_chicken.yaml"
DANGERS = SCENARIOS / "06_two_dangers.yaml"
TREE = SCENARIOS / "08b_berlin_chicken_us_first.yaml"
BAD = sorted((ROOT / "tests" / "data" / "bad_scenarios").glob("*.yaml"))

#: What Python's reprs look like in a message: constructors, numpy scalars, tuples or lists of quoted texts.
REPRS = re.compile(r"Fraction\(|Decimal\(|np\.\w+\(|numpy\.|array\(|\bfloat64\b|\bint64\b|\(\s*'[^']*',\s*'|\[\s*'[^']*',\s*'"
                   r"|\(Fraction|<class |object at 0x")


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


BAD_COMMANDS = [
    ("run", CHICKEN, "--set", "w=1/0"),
    ("run", CHICKEN, "--set", "w=-5"),
    ("run", CHICKEN, "--set", "nope=1"),
    ("run", CHICKEN, "--set", "w"),
    ("run", CHICKEN, "--variant", "nope"),
    ("run", CHICKEN, "-m", "nope"),
    ("run", DANGERS, "--set", "framing=1"),
    ("solve", CHICKEN, "-m", "spe"),
    ("solve", CHICKEN, "-m", "dominance", "--option", "weak=maybe=1"),
    ("solve", CHICKEN, "-m", "pure", "--option", "weak=true"),
    ("sweep", CHICKEN, "--vary", "c_war=0:100"),
    ("sweep", CHICKEN, "--vary", "c_war=0:100000:3"),
    ("sweep", CHICKEN, "--vary", "c_war=a:b:3"),
    ("sweep", CHICKEN, "--vary", "c_war=0:100:0"),
    ("sweep", CHICKEN, "--sample", "w=uniform(0)"),
    ("sweep", CHICKEN, "--sample", "w=normal(1, -1)"),
    ("thresholds", CHICKEN, "--vary", "c_war=0:100000"),
    ("thresholds", CHICKEN, "--vary", "c_war=5:1"),
    ("compare", CHICKEN, f"{CHICKEN}:nope"),
    ("explain", TREE, "--set", "w=abc"),
    ("draw", CHICKEN, "-o", "x.jpg"),
]


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_no_python_repr_in_messages_about_bad_scenarios(capsys, path):
    for command in ("validate", "run"):
        code, _, err = call(capsys, command, path)
        assert code == 2 and "Traceback" not in err and err.strip(), (command, err)
        assert not REPRS.search(err), err


@pytest.mark.parametrize("argv", BAD_COMMANDS, ids=lambda a: " ".join(str(x) for x in a[:1] + a[2:]))
def test_no_python_repr_in_messages_about_bad_commands(capsys, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    code, _, err = call(capsys, *argv)
    assert code == 2 and "Traceback" not in err and err.strip(), err
    assert not REPRS.search(err), err


def test_the_repr_scan_would_see_a_repr():
    assert REPRS.search("got [Fraction(-1, 2), Fraction(3, 2)]") and REPRS.search("value np.float64(0.5)")
    assert REPRS.search("got ('a', 'b')") and not REPRS.search("expected e.g. 0.3, -2, 1/3 (or 'x')")


def test_an_attribute_is_not_called_an_unknown_parameter(capsys):
    code, _, err = call(capsys, "run", DANGERS, "--set", "framing=1")
    assert code == 2 and "'framing' is an outcome attribute, not a parameter: --set gives parameters a value" in err
    code, _, err = call(capsys, "run", DANGERS, "--set", "airlifted=1")
    assert code == 2 and "unknown parameter 'airlifted'" in err


def _with_title(tmp_path, title):
    text = CHICKEN.read_text(encoding="utf-8")
    head, _, rest = text.partition("\ntitle: ")
    path = tmp_path / "titled.yaml"
    path.write_text(head + f"\ntitle: {title}\n" + rest.partition("\n")[2], encoding="utf-8")
    return path


def test_a_script_in_a_title_is_inert_in_markdown_and_html(capsys, tmp_path):
    path = _with_title(tmp_path, '"<script>alert(1)</script> & Chicken"')
    code, out, _ = call(capsys, "run", path, "--format", "markdown")
    assert code == 0 and "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Chicken" in out
    code, out, _ = call(capsys, "explain", path, "--format", "markdown")
    assert code == 0 and "<script>" not in out
    code, _, _ = call(capsys, "report", path, "-o", tmp_path / "r.html", "-q", "--grid", "3")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert code == 0 and "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f", "\x1b"])
def test_bidi_overrides_and_control_characters_are_refused(capsys, tmp_path, char):
    escaped = f"\\u{ord(char):04x}"
    path = _with_title(tmp_path, f'"Chicken {escaped}evil"')
    code, out, err = call(capsys, "run", path)
    assert code == 2 and out == "" and char not in err
    assert f"titled.yaml:9:8: title: the text contains the invisible character U+{ord(char):04X}" in err


def test_validate_a_folder_names_every_file_with_its_folder(capsys, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(CHICKEN, folder / "a.yaml")
    shutil.copy(BAD[0], folder / "b.yaml")
    code, out, err = call(capsys, "validate", folder)
    assert code == 2 and out == f"{folder / 'a.yaml'}: ok\n"
    assert err.startswith(f"{folder / 'b.yaml'}:")
    code, _, err = call(capsys, "validate", tmp_path / "empty" if (tmp_path / "empty").mkdir() is None else "")
    assert code == 2 and err.startswith("berlinsim: error: ") and "no scenario files" in err
