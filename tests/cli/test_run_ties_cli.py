"""``berlinsim run`` names only real ties (regression on docs/exercises/un_forum_prepare.yaml).

After the US skips the preparation (off the equilibrium path) the race to the forum ends in
(U, U): the USSR gets -1/2 for U and -2 for B, so B is no tie. The report used to say
"USSR, after US chose skip: B would be as good as U".
"""

from __future__ import annotations

import pathlib

import pytest

from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXERCISE = ROOT / "docs" / "exercises" / "un_forum_prepare.yaml"


def _run(capsys, *args):
    code = main(["run", str(EXERCISE), *args])
    out, _ = capsys.readouterr()
    assert code == 0
    return " ".join(out.split())


@pytest.mark.parametrize("form", ["text", "markdown"])
def test_no_false_tie_after_skip(capsys, form):
    text = _run(capsys, "-f", form)
    assert "would be as good as" not in text
    assert "USSR, after US chose skip: U" in text


def test_a_real_off_path_tie_is_still_named(capsys):
    # after (skip, U) the USSR gets -c_comp_su for U and -f_first for B: equal at 1
    text = _run(capsys, "--set", "f_first=1", "--set", "c_comp_su=1")
    assert "USSR, after US chose skip: B would be as good as U" in text
