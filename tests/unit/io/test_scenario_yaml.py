"""Reading scenario files: the model built from valid files, and every problem of invalid ones reported at once."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.errors import InputErrors, LocatedError
from berlinsim.io._scenario_checks import SAMPLES, check_points, describe_point
from berlinsim.io.scenario_yaml import load_scenario, parse_scenario, validate_scenario
from berlinsim.io.yaml_source import load_yaml
from berlinsim.model.expression import to_text
from berlinsim.model.scenario import ChanceNode, DecisionNode, MatrixSpec, OutcomeNode, Parameter, ScenarioTree

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"
CHICKEN = (DATA / "good_scenarios" / "chicken.yaml").read_text(encoding="utf-8")
SCREENING = (DATA / "good_scenarios" / "screening.yaml").read_text(encoding="utf-8")
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
LOCATED = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?:[^ :]+: )?\S.*$")


def problems(text: str, path: str = "s.yaml") -> list[str]:
    return [str(e) for e in validate_scenario(text, path=path)]


def test_matrix_scenario_is_read_into_the_model():
    s = parse_scenario(CHICKEN, path="chicken.yaml")
    assert (s.id, s.title, s.kind, s.method) == ("chicken", "Chicken over Berlin", "matrix", "auto")
    assert s.document == "kissinger-1961-07-14-negotiations" and s.paragraphs == (2,)
    assert s.player_names == ("US", "USSR")
    assert [(p.name, p.default, p.low, p.high) for p in s.parameters] == [
        ("c_war", 100, 1, 1000), ("w", 10, 0, 100)]
    assert all(isinstance(p.default, Fraction) for p in s.parameters)
    assert s.attribute_names == ("war", "us_wins", "ussr_wins")
    assert isinstance(s.game, MatrixSpec) and s.game.shape == (2, 2)
    assert s.game.action_labels == (("Yield", "Firm"), ("Back", "Press"))
    assert [c.actions for c in s.game.cells] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [(n, to_text(e)) for n, e in s.game.cells[3].attributes] == [("war", "1")]
    assert to_text(s.players[0].payoff) == "w * us_wins - w * ussr_wins - c_war * war"


def test_cells_in_any_order_are_stored_row_major_with_descriptions_and_direct_payoffs():
    text = CHICKEN.replace("""    - {actions: [Yield, Back]}
    - {actions: [Yield, Press], attributes: {ussr_wins: 1}}""", """    - {actions: [Yield, Press], attributes: {ussr_wins: 1}}
    - {actions: [Yield, Back], payoffs: {USSR: 1/3}}""").replace(
        "USSR: [Back, Press]", "USSR:\n      - Back: defer the separate treaty\n      - Press")
    s = parse_scenario(text)
    assert [c.actions for c in s.game.cells] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [(i, to_text(e)) for i, e in s.game.cells[0].payoffs] == [(1, "1 / 3")]
    assert [(a.label, a.description) for a in s.game.actions[1]] == [("Back", "defer the separate treaty"),
                                                                      ("Press", "")]


def test_tree_scenario_is_read_into_the_model():
    s = parse_scenario(SCREENING, path="screening.yaml")
    assert s.kind == "tree" and s.method == "auto"
    tree = s.game
    assert isinstance(tree, ScenarioTree) and tree.root == "nature" and len(tree.nodes) == 11
    nature = tree.node("nature")
    assert isinstance(nature, ChanceNode)
    assert [(label, to_text(p), nxt) for label, p, nxt in nature.outcomes] == [
        ("reasonable", "p_reasonable", "us_r"), ("hardline", "1 - p_reasonable", "us_h")]
    us_r = tree.node("us_r")
    assert isinstance(us_r, DecisionNode) and (us_r.player, us_r.infoset) == (0, "us_move")
    assert [(a.label, nxt) for a, nxt in us_r.actions] == [("initiate", "ussr_r"), ("wait", "quiet_r")]
    assert tree.node("ussr_r").infoset is None and tree.successors("ussr_r") == ("settle_r", "framed_r")
    end = tree.node("quiet_r")
    assert isinstance(end, OutcomeNode) and (end.label, end.attributes, end.payoffs) == ("nothing", (), ())


def test_numbers_are_exact_fractions_and_ranges_may_be_unbounded():
    text = CHICKEN.replace("w: {default: 10, range: [0, 100]}", "w: {default: 1/3, range: [-.inf, .inf]}").replace(
        "c_war: {default: 100,", "c_war: {default: 1.1,")
    s = parse_scenario(text)
    assert s.parameter("w").default == Fraction(1, 3) and s.parameter("w").low == float("-inf")
    assert s.parameter("c_war").default == Fraction(11, 10)


def test_optional_sections_and_explicit_method():
    text = SCREENING + (
        "summary: a screening game\nteaching_note: types separate\nreferences: [Fearon 1994]\n"
        "definitions:\n  w2: 2 * w_framing\n  w3: w2 + 1\nsolve: {method: agent_qre}\n")
    s = parse_scenario(text)
    assert (s.summary, s.teaching_note, s.references, s.method) == (
        "a screening game", "types separate", ("Fearon 1994",), "agent_qre")
    assert [(n, to_text(e)) for n, e in s.definitions] == [("w2", "2 * w_framing"), ("w3", "w2 + 1")]


def test_variants_are_read_with_between_t_defaulting_to_one_half():
    text = SCREENING + ("variants:\n  acheson: {description: A, set: {w_framing: 0, p_reasonable: 0.1}}\n"
                        "  kissinger: {set: {w_framing: 4}}\n  midway: {between: {from: acheson, to: kissinger}}\n")
    s = parse_scenario(text)
    assert s.variant("acheson").values == (("w_framing", 0), ("p_reasonable", Fraction(1, 10)))
    assert s.variant("acheson").description == "A"
    assert s.variant("midway").between == ("acheson", "kissinger", Fraction(1, 2))
    with pytest.raises(Exception, match="did you mean 'midway'"):
        s.variant("midwy")


def test_anchors_and_merge_keys_work():
    text = SCREENING.replace("""    us_h:
      player: US
      infoset: us_move
      actions: {initiate: ussr_h, wait: quiet_h}""", """    us_h:
      <<: *us_move
      actions: {initiate: ussr_h, wait: quiet_h}""").replace("""    us_r:
      player: US""", """    us_r: &us_move
      player: US""")
    tree = parse_scenario(text).game
    assert tree.node("us_h").infoset == "us_move" and tree.node("us_h").player == 0


def test_every_problem_is_reported_at_once_sorted_and_located():
    text = CHICKEN.replace("berlinsim: 1", "berlinsim: 3").replace("paragraphs: [2]", "paragraphs: [12]").replace(
        "w * us_wins - w", "w * us_win - w").replace("{actions: [Firm, Press]", "{actions: [Firm, Pres]").replace(
        "w: {default: 10,", "w: {default: 500,")
    with pytest.raises(InputErrors) as caught:
        parse_scenario(text, path="many.yaml")
    errors = caught.value.errors
    assert len(errors) == 5
    assert [e.line for e in errors] == sorted(e.line for e in errors)
    for error in errors:
        assert isinstance(error, LocatedError) and LOCATED.match(str(error)), str(error)
    text = str(caught.value)
    assert "berlinsim: unsupported format version (expected 1, got the number 3)" in text
    assert "unknown attribute 'us_win'; did you mean 'us_wins'?" in text
    assert "unknown action 'Pres' of 'USSR'; did you mean 'Press'?" in text
    assert "default outside the range (expected a value in [0, 100], got 500)" in text


def test_misspelt_section_is_read_as_the_section_it_resembles():
    found = problems(CHICKEN.replace("parameters:", "parametres:"))
    assert len(found) == 1 and "unknown key 'parametres'; did you mean 'parameters'?" in found[0]


def test_names_are_checked_by_where_they_are_used():
    text = SCREENING.replace("hardline: {p: 1 - p_reasonable,", "hardline: {p: 1 - p_reasonable + 0 * settled,")
    assert any("attribute 'settled' cannot be used in a chance probability" in p for p in problems(text))
    text = SCREENING + "definitions:\n  a: b\n  b: 1\n  c: c + 1\n"
    found = problems(text)
    assert sum("used before it is defined" in p for p in found) == 2


def test_probability_failures_name_the_point_where_they_fail():
    # the formula is fine at the defaults and at every single parameter's min and max; only the interior fails
    text = SCREENING.replace(
        "reasonable: {p: p_reasonable, next: us_r}\n        hardline: {p: 1 - p_reasonable,",
        "reasonable: {p: p_reasonable + (if p_reasonable > 0.5 and p_reasonable < 0.9 and w_framing > 12 then 0.05 "
        "else 0), next: us_r}\n"
        "        hardline: {p: 1 - p_reasonable,")
    found = problems(text)
    assert len(found) == 1
    assert re.search(r"do not sum to 1 at the sampled point p_reasonable = 0\.\d+, w_framing = \d+\.?\d* \(within "
                     r"the parameter ranges\) \(expected 1, got 1\.05\)", found[0]), found[0]
    assert found == problems(text)  # the sample is seeded: the same point every time


def test_check_points_cover_defaults_bounds_and_a_seeded_sample():
    import numpy as np

    params = (Parameter(name="a", default=Fraction(1, 2), low=0, high=1),
              Parameter(name="b", default=Fraction(0), low=0, high=float("inf")))
    values, points = check_points(params, np.random.default_rng(0))
    assert points[:3] == [("defaults",), ("minimum", "a"), ("maximum", "a")]
    assert len(points) == 3 + SAMPLES  # b: its minimum is its default, its maximum infinite
    assert values["a"][:3].tolist() == [0.5, 0.0, 1.0]
    assert np.all((values["a"][3:] >= 0) & (values["a"][3:] <= 1)) and np.all(values["b"] == 0)
    assert describe_point(points, values, 0, {"a"}) == "at the defaults"
    assert describe_point(points, values, 5, {"a"}).startswith("at the sampled point a = ")


def test_id_must_match_a_numbered_file_name(tmp_path):
    (tmp_path / "08_chicken.yaml").write_text(CHICKEN, encoding="utf-8")
    (tmp_path / "08_berlin_chicken.yaml").write_text(CHICKEN, encoding="utf-8")
    (tmp_path / "chicken_copy.yaml").write_text(CHICKEN, encoding="utf-8")
    assert load_scenario(tmp_path / "08_chicken.yaml").id == "chicken"
    assert load_scenario(str(tmp_path / "chicken_copy.yaml")).path == str(tmp_path / "chicken_copy.yaml")
    found = validate_scenario(tmp_path / "08_berlin_chicken.yaml")
    assert len(found) == 1 and "expected 'berlin_chicken', got 'chicken'" in str(found[0])


def test_unreadable_and_empty_files_are_located_errors(tmp_path):
    with pytest.raises(LocatedError, match="cannot read the file"):
        load_scenario(tmp_path / "missing.yaml")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    found = validate_scenario(tmp_path / "empty.yaml")
    assert len(found) == 1 and "wrong type (expected a mapping" in found[0].message and "got null" in found[0].message


def test_valid_text_validates_clean():
    assert validate_scenario(CHICKEN, path="c.yaml") == () and validate_scenario(SCREENING, path="s.yaml") == ()


def test_tabs_in_a_formula_and_block_scalars_are_located_exactly():
    text = CHICKEN.replace("  US: {payoff: w * us_wins - w * ussr_wins - c_war * war}",
                           "  US:\n    payoff: >-\n      w * us_wins\n      - w * ussr_wins - c_wr * war")
    found = problems(text, "c.yaml")
    assert found == ["c.yaml:17:25: players.US.payoff: unknown parameter 'c_wr'; did you mean 'c_war'?"]


# --- the scenarios that ship, and the JSON Schema ------------------------------------------------

@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_shipped_scenario_validates(path: Path):
    assert validate_scenario(path) == ()


_VALIDATOR: list = []


def _schema_validator():
    jsonschema = pytest.importorskip("jsonschema")
    if _VALIDATOR:
        return _VALIDATOR[0]
    schema = json.loads((ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    _VALIDATOR.append((jsonschema.Draft202012Validator(schema), schema))
    return _VALIDATOR[0]


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_shipped_scenario_validates_against_the_json_schema(path: Path):
    validator, _ = _schema_validator()
    errors = [e.message for e in validator.iter_errors(load_yaml(path).data)]
    assert errors == []


def test_json_schema_accepts_the_small_scenarios_and_knows_every_method():
    from berlinsim.solvers import METHODS

    validator, schema = _schema_validator()
    for text in (CHICKEN, SCREENING):
        assert list(validator.iter_errors(load_yaml(text).data)) == []
    assert sorted(schema["properties"]["solve"]["properties"]["method"]["enum"]) == sorted(METHODS)


SHAPE_ERRORS = ["bad_scenario_id", "empty_title", "missing_required_key", "not_a_mapping", "paragraph_not_positive",
                "parameter_default_not_a_number", "parameter_missing_range", "parameter_unknown_key",
                "players_wrong_type", "reserved_name", "tree_node_without_kind", "unknown_game_type",
                "unknown_solve_method", "unknown_top_level_key", "variant_both_set_and_between",
                "wrong_format_version"]


@pytest.mark.parametrize("name", SHAPE_ERRORS)
def test_json_schema_rejects_shape_errors_of_the_corpus(name: str):
    validator, _ = _schema_validator()
    assert list(validator.iter_errors(load_yaml(DATA / "bad_scenarios" / f"{name}.yaml").data))


# --- robustness -----------------------------------------------------------------------------------

def test_terminal_outcome_may_be_empty_or_null_and_t_is_reserved_beside_between_variants():
    text = SCREENING.replace("quiet_h: {outcome: {label: nothing}}", "quiet_h: {outcome: null}").replace(
        "quiet_r: {outcome: {label: nothing}}", "quiet_r: {outcome: {}}")
    tree = parse_scenario(text).game
    assert tree.node("quiet_h").label == "quiet_h" and tree.node("quiet_r").attributes == ()
    text = SCREENING.replace("  w_framing: {default: 4, range: [0, 20]}",
                             "  w_framing: {default: 4, range: [0, 20]}\n  t: {default: 0, range: [0, 1]}")
    text += "variants:\n  a: {set: {w_framing: 1}}\n  b: {set: {w_framing: 2}}\n  c: {between: {from: a, to: b}}\n"
    assert any("the name 't' is reserved" in p for p in problems(text))


_MUTATIONS = ["", "0", "-1", "1.5", "null", "[]", "{}", "[a, b]", "{x: 1}", "true", "'1/0'", "x +", "1/0", "US",
              "nature", "tree", ".inf", ".nan", "!!str 3", "*a", "1e400", "abc: def", "- x", "'", ":", "#"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([CHICKEN, SCREENING]), st.lists(
    st.tuples(st.integers(0, 10 ** 6), st.integers(0, 3), st.sampled_from(_MUTATIONS)), min_size=1, max_size=3))
def test_mutated_files_give_located_errors_never_a_traceback(text, edits):
    lines = text.split("\n")
    for where, op, token in edits:
        i = where % len(lines)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[(where // 7) % len(lines)])
        elif op == 2 and ":" in lines[i]:
            lines[i] = lines[i].partition(":")[0] + ": " + token
        else:
            words = lines[i].split(" ")
            words[where % len(words)] = token
            lines[i] = " ".join(words)
    found = validate_scenario("\n".join(lines), path="m.yaml")
    assert all(isinstance(e, LocatedError) and e.path == "m.yaml" for e in found)
    if not found:  # still valid: it builds
        from berlinsim.scenarios.build import build_game

        build_game(parse_scenario("\n".join(lines), path="m.yaml"))
