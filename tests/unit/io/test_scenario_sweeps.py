"""The ``sweeps`` field of a scenario file: read into KeySweep values, every problem located."""

from fractions import Fraction
from pathlib import Path

import pytest

from berlinsim.io.scenario_yaml import load_scenario, parse_scenario, validate_scenario
from berlinsim.model.scenario import SWEEP_USES

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
BASE = (SCENARIOS / "06_two_dangers.yaml").read_text(encoding="utf-8").split("\n# The key sweeps")[0]


def _scenario(sweeps: str):
    return parse_scenario(BASE + "\nsweeps:\n" + sweeps, path="06_two_dangers.yaml")


def _errors(sweeps: str) -> list[str]:
    return [str(e) for e in validate_scenario(BASE + "\nsweeps:\n" + sweeps, path="06_two_dangers.yaml")]


def test_a_sweep_is_read_with_its_defaults():
    (key,) = _scenario("  - vary: {c_commit: [0, 8]}\n").sweeps
    assert key.name == "sweep_c_commit" and key.parameters == ("c_commit",)
    assert key.axes[0].points == 101 and key.axes[0].values()[1] == Fraction(8, 100)
    assert (key.between, key.caption, key.y, key.regions, key.equilibria) == (None, "", (), (), "band")
    assert key.uses == SWEEP_USES and key.paragraphs == ()


def test_every_key_is_read():
    sweeps = _scenario('''  - name: map
    vary: {c_commit: [0, 8, 17], w_framing: ["1/2", 10]}
    caption: a map
    paragraphs: [6, 2]
    y: ["E[framing]", "US: P", payoff USSR, ratchet, "P(P / H)"]
    equilibria: lines
    regions: {"US: P; USSR: H": program, "US: Fm; USSR: PO": trap}
    for: [figures]
  - vary: {c_commit: [1, 2, 3]}
''').sweeps
    key = sweeps[0]
    assert key.name == "map" and [a.points for a in key.axes] == [17, 31] and key.axes[1].start == Fraction(1, 2)
    assert key.y == ("E[framing]", "US: P", "payoff USSR", "ratchet", "P(P / H)") and key.equilibria == "lines"
    assert dict(key.regions) == {"US: P; USSR: H": "program", "US: Fm; USSR: PO": "trap"}
    assert key.uses == ("figures",) and key.paragraphs == (6, 2) and key.caption == "a map"
    assert sweeps[1].axes[0].points == 3


def test_t_moves_between_two_set_variants():
    text = (SCENARIOS / "02_kennedy_plan_buildup.yaml").read_text(encoding="utf-8")
    scenario = load_scenario(SCENARIOS / "02_kennedy_plan_buildup.yaml")
    (slider,) = scenario.key_sweeps("report")
    assert slider.parameters == ("t", "p_reasonable") and slider.between == ("acheson", "kissinger")
    assert [k.name for k in scenario.key_sweeps("figures")] == ["sweep_p_reasonable", "sweep_t"]
    bad = text.replace("between: [acheson, kissinger]\n    y:", "between: [acheson, kissinger_]\n    y:", 1)
    (error,) = validate_scenario(bad, path="02_kennedy_plan_buildup.yaml")
    assert "sweeps[1].between[1]: unknown variant 'kissinger_'; did you mean 'kissinger'?" in str(error)


@pytest.mark.parametrize("sweeps, message", [
    ("  - {}\n", "sweeps[0]: missing required key 'vary' of a sweep"),
    ("  - vary: {}\n", "sweeps[0].vary: a sweep varies one or two parameters (got 0)"),
    ("  - vary: {c_commit: [0, 8], w_framing: [0, 1], c_ratchet: [0, 1]}\n", "varies one or two parameters (got 3)"),
    ("  - vary: {c_commit: [0]}\n", "sweeps[0].vary.c_commit: expected [start, stop] or [start, stop, points], got 1"),
    ("  - vary: {c_commit: [0, 8, 2.5]}\n", "sweeps[0].vary.c_commit[2]: bad number of points (expected a whole"),
    ("  - vary: {c_commit: [0, 8, 5000]}\n", "from 2 to 1001, got the number 5000"),
    ("  - vary: {c_commit: [0, x]}\n", "sweeps[0].vary.c_commit[1]: wrong type (expected a number"),
    ("  - vary: {c_commit: [0, 11]}\n", "outside the range of 'c_commit' (expected values in [0, 10], got [0, 11])"),
    ("  - vary: {c_commit: [0, 8]}\n    between: [divided_allies, no_program]\n",
     "sweeps[0].between: 'between' goes with an axis t"),
    ("  - vary: {t: [0, 2]}\n    between: [divided_allies, no_program]\n", "expected values in [0, 1] (t = 0"),
    ("  - vary: {t: [0, 1]}\n    between: [divided_allies, divided_allies]\n", "the two variants are the same"),
    ("  - name: Map!\n    vary: {c_commit: [0, 8]}\n", "sweeps[0].name: bad sweep name"),
    ("  - vary: {c_commit: [0, 8]}\n    equilibria: bars\n", "unknown way to draw the equilibria 'bars'"),
    ("  - vary: {c_commit: [0, 8]}\n    paragraphs: [6, 6]\n", "sweeps[0].paragraphs[1]: paragraph 6 is listed twice"),
    ("  - vary: {c_commit: [0, 8]}\n    y: [payoff UK]\n", "sweeps[0].y[0]: unknown player 'UK' (expected one of"),
    ("  - vary: {c_commit: [0, 8]}\n    y: [spending]\n", "sweeps[0].y[0]: not a quantity"),
    ("  - vary: {c_commit: [0, 8]}\n    y: [\"E[fram]\"]\n", "unknown attribute 'fram'; did you mean 'framing'?"),
    ("  - vary: {c_commit: [0, 8]}\n    y: [\"US at h: P\"]\n", "'US' has no information set 'h'"),
    ("  - vary: {c_commit: [0, 8]}\n    regions: {a: x, b: x}\n", "two regions are named 'x'"),
    ("  - vary: {c_commit: [0, 8]}\n    regions: [a]\n", "sweeps[0].regions: wrong type (expected a mapping"),
    ("  - vary: {c_commit: [0, 8]}\n    for: []\n", "sweeps[0].for: no use (expected some of: figures, report)"),
    ("  - vary: {c_commit: [0, 8]}\n  - vary: {c_commit: [0, 4]}\n    for: [figures]\n",
     "two sweeps are named 'sweep_c_commit' (sweeps[0] is too)"),
    ("  vary: {c_commit: [0, 8]}\n", "sweeps: wrong type (expected a list of sweeps"),
])
def test_problems_are_located(sweeps, message):
    errors = _errors(sweeps)
    assert any(message in e for e in errors), errors
    assert all(e.startswith("06_two_dangers.yaml:") and e.split(":")[1].isdigit() for e in errors)


def test_every_problem_of_the_field_is_reported_at_once():
    errors = _errors('''  - vary: {c_comit: [0, 8]}
    y: [payoff UK, "USSR: Hold"]
    for: [slides]
''')
    assert [e.split(": ", 2)[1] for e in errors] == ["sweeps[0].vary.c_comit", "sweeps[0].y[0]", "sweeps[0].y[1]",
                                                     "sweeps[0].for[0]"]


def test_every_shipped_sweep_has_a_unique_name_and_at_most_one_report_sweep():
    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = load_scenario(path)
        assert scenario.sweeps, f"{path.name} declares no sweep"
        assert len(scenario.key_sweeps("report")) <= 1
        assert len({k.name for k in scenario.sweeps}) == len(scenario.sweeps)
