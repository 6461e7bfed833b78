"""Every scenario in scenarios/: loads, validates, builds, solves; the headline reference answers.

The detailed reference answers and thresholds of each scenario are in the ``test_ref_*.py``
files next to this one; this file checks what holds for all of them (domain notes,
../shared/domain/memo-and-scenarios.md, section 5) and the index in scenarios/README.md.
"""

import re
from fractions import Fraction as F

import pytest

from berlinsim.io.scenario_yaml import validate_scenario
from berlinsim.scenarios.run import run_scenario

from memo_scenarios import SCENARIOS, scenario, solve_scenario

FILES = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
RUNS = [(name, None) for name in FILES] + [(name, v.name) for name in FILES for v in scenario(name).variants]

#: the outcome attributes of the notes' shared vocabulary (section 3.2)
SECTION_3_2 = {"settled", "framing", "retreat", "war", "buildup", "unity", "ratchet", "complacency", "un_involved"}

#: the nine scenarios of the domain notes, each with a file of its own
NINE = ("01_acheson_wait", "02_kennedy_plan_buildup", "03_british_readiness", "04_soviet_overture",
        "05_khrushchev_type", "06_two_dangers", "07_un_forum", "08_berlin_chicken", "09_conference_bromide")

#: (file, headline equilibrium payoffs at the defaults: a set of (US, other) pairs)
HEADLINES = [
    ("01_acheson_wait", {(F("0.196"), F("-0.116"))}),
    ("02_kennedy_plan_buildup", {(F("4.536"), F("-2.4"))}),
    ("03_british_readiness", {(F("2.5"), F("-0.5")), (F("5.5"), F(3)), (F("2.375"), F(-103, 188))}),
    ("03b_british_readiness_no_k", {(F("2.5"), F("-0.5")), (F(2), F(2)), (F(89, 72), F(-5, 7))}),
    ("03c_british_readiness_us_leads", {(F("5.5"), F(3))}),
    ("04_soviet_overture", {(F("-0.5"), F(0))}),
    ("04b_soviet_overture_hidden", {(F(-1, 3), F(0))}),
    ("05_khrushchev_type", {(F("2.4"), F("-2.4"))}),
    ("06_two_dangers", {(F("0.5"), F(-1))}),
    ("07_un_forum", {(F(-1), F("-0.5"))}),
    ("08_berlin_chicken", {(F(10), F(-10)), (F(-10), F(10)), (F(-1), F(-1))}),
    ("08b_berlin_chicken_us_first", {(F(10), F(-10))}),
    ("08c_berlin_chicken_ussr_first", {(F(-10), F(10))}),
    ("08d_berlin_chicken_bayesian", {(F(10), F(-10)), (F(-39, 4), F(9, 2)), (F(-21, 40), F(-1))}),
    ("08e_berlin_brinkmanship", {(F(10), F(-10))}),
    ("09_conference_bromide", {(F("2.25"), F("1.5"))}),
]


def test_the_nine_scenarios_of_the_notes_are_there():
    assert set(NINE) <= set(FILES)
    assert sorted(name for name, _ in HEADLINES) == FILES  # and every file has a headline answer here


@pytest.mark.parametrize("name", FILES)
def test_file_validates_and_names_itself(name):
    assert validate_scenario(SCENARIOS / f"{name}.yaml") == ()
    s = scenario(name)
    assert name.split("_", 1)[1] == s.id  # NN_<id>.yaml (NN may carry a letter: 03b_...)
    assert re.fullmatch(r"\d\d[a-z]?", name.split("_", 1)[0])
    assert s.document == "kissinger-1961-07-14-negotiations"
    assert s.paragraphs and set(s.paragraphs) <= set(range(1, 9))
    assert s.teaching_note and s.summary and s.references
    assert set(s.attribute_names) & SECTION_3_2  # outcomes are described in the shared vocabulary


def test_ids_are_unique():
    ids = [scenario(name).id for name in FILES]
    assert len(set(ids)) == len(ids)


def test_every_paragraph_of_the_memo_is_covered():
    covered = {p for name in FILES for p in scenario(name).paragraphs}
    assert covered == set(range(1, 9))
    assert {p for name in NINE for p in scenario(name).paragraphs} == set(range(1, 9))


@pytest.mark.parametrize("name, variant", RUNS)
def test_every_file_and_variant_builds_solves_with_its_method_and_regret_is_tiny(name, variant):
    run = run_scenario(scenario(name), variant=variant)
    assert run.result.method == scenario(name).method
    assert run.built.exact
    assert run.result.equilibria
    for eq in run.result.equilibria:
        assert eq.regret <= 1e-9
        assert eq.exact_regret == 0
    for outcome in run.outcomes:
        assert sum(p for _, p in outcome.distribution) == 1


@pytest.mark.parametrize("name, expected", HEADLINES)
def test_headline_reference_answers(name, expected):
    solved = solve_scenario(name)
    assert {tuple(eq.exact_payoffs) for eq in solved.equilibria} == expected


def test_readme_index_matches_the_files():
    text = (SCENARIOS / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)\.yaml` \| `([^`]+)` \| (.+?) \| ([\d, ]+) \| (.+) \|$", text, flags=re.M)
    assert [r[0] for r in rows] == FILES
    for file, sid, title, paragraphs, point in rows:
        s = scenario(file)
        assert (sid, title) == (s.id, s.title)
        assert tuple(int(p) for p in paragraphs.split(",")) == s.paragraphs
        assert point.strip()
