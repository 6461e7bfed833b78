"""Tests of safe YAML loading with positions: data, core-schema scalars, positions, errors."""

from fractions import Fraction as F

import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import BerlinsimError, InputErrors, LocatedError
from berlinsim.io.formula import parse_formula
from berlinsim.io.yaml_source import MAX_DEPTH, format_key_path, load_yaml

SCENARIO = """\
id: kennedy_plan
title: "Kissinger's initiative"
parameters:
  p_reasonable: {default: 0.2, range: [0, 1]}
  v_settle:
    default: 10
players:
  US:
    actions: [B, N]
  USSR:
    actions:
      - accept
      - reject
      - name: overture
        label: Soviet overture
"""


def test_data_is_plain_python():
    doc = load_yaml(SCENARIO, path="s.yaml")
    assert doc.data == {
        "id": "kennedy_plan",
        "title": "Kissinger's initiative",
        "parameters": {"p_reasonable": {"default": 0.2, "range": [0, 1]}, "v_settle": {"default": 10}},
        "players": {"US": {"actions": ["B", "N"]},
                    "USSR": {"actions": ["accept", "reject", {"name": "overture", "label": "Soviet overture"}]}},
    }
    assert doc.path == "s.yaml" and doc.text == SCENARIO


@pytest.mark.parametrize("key_path, key, value", [
    ((), None, (1, 1)),
    (("id",), (1, 1), (1, 5)),
    (("title",), (2, 1), (2, 8)),
    (("parameters",), (3, 1), (4, 3)),
    (("parameters", "p_reasonable"), (4, 3), (4, 17)),
    (("parameters", "p_reasonable", "default"), (4, 18), (4, 27)),
    (("parameters", "p_reasonable", "range"), (4, 32), (4, 39)),
    (("parameters", "p_reasonable", "range", 1), None, (4, 43)),
    (("parameters", "v_settle", "default"), (6, 5), (6, 14)),
    (("players", "US", "actions", 0), None, (9, 15)),
    (("players", "US", "actions", 1), None, (9, 18)),
    (("players", "USSR", "actions"), (11, 5), (12, 7)),
    (("players", "USSR", "actions", 1), None, (13, 9)),
    (("players", "USSR", "actions", 2), None, (14, 9)),
    (("players", "USSR", "actions", 2, "label"), (15, 9), (15, 16)),
])
def test_positions_of_keys_and_values(key_path, key, value):
    doc = load_yaml(SCENARIO)
    assert doc.where(key_path) == (key or value)
    assert doc.where_value(key_path) == value
    assert key_path in doc


def test_format_key_path_and_errors_at_paths():
    assert format_key_path(()) == ""
    assert format_key_path(("players", "USSR", "actions", 2, "label")) == "players.USSR.actions[2].label"
    doc = load_yaml(SCENARIO, path="s.yaml")
    assert str(doc.error(("players", "USSR", "actions", 0), "duplicate action 'accept'")) == \
        "s.yaml:12:9: players.USSR.actions[0]: duplicate action 'accept'"
    assert str(doc.error(("parameters", "v_settle", "default"), "must be a fraction", at_value=True)) == \
        "s.yaml:6:14: parameters.v_settle.default: must be a fraction"
    # a missing key is reported at its nearest existing ancestor
    assert str(doc.error(("players", "US", "payoff"), "missing key 'payoff'")) == \
        "s.yaml:8:3: players.US.payoff: missing key 'payoff'"
    assert str(doc.error(("nothing", "here"), "missing")) == "s.yaml:1:1: nothing.here: missing"
    with pytest.raises(KeyError, match="players.US.payoff"):
        doc.where(("players", "US", "payoff"))
    assert ("players", "US", "payoff") not in doc and "id" not in doc


CORE = """\
a: yes
b: No
c: on
d: true
e: False
f: 1e-3
g: 012
h: 0x1F
i: 0o17
j: .inf
k: -.INF
l: ~
m:
n: null
o: 2001-12-14
p: 1_000
q: "12"
r: '0.1'
s: 1.
t: +.5
u: -7
v: 1:30
w: !!float 3
x: !!str 3.5
"""


def test_scalars_follow_the_yaml_1_2_core_schema():
    data = load_yaml(CORE).data
    assert data == {
        "a": "yes", "b": "No", "c": "on", "d": True, "e": False, "f": 0.001, "g": 12, "h": 31, "i": 15,
        "j": float("inf"), "k": float("-inf"), "l": None, "m": None, "n": None, "o": "2001-12-14",
        "p": "1_000", "q": "12", "r": "0.1", "s": 1.0, "t": 0.5, "u": -7, "v": "1:30", "w": 3.0, "x": "3.5",
    }
    assert isinstance(data["g"], int) and isinstance(data["d"], bool)
    with pytest.raises(InputErrors, match=r"1:4: x: not a number: \.nan"):
        load_yaml("x: .nan\n")


@pytest.mark.parametrize("text, fragment", [
    ("1e400", "too large: expected a number below 10^300 in absolute value (limit max_exponent"),
    ("-1e999999999", "too large"),
    ("1e-400", "too small: expected 0 or at least 10^-300"),
    ("1" * 5000, "the number has 5,000 digits; expected at most 400 digits (limit max_number_digits"),
    ("0x" + "f" * 300, "too large"),
])
def test_numbers_beyond_the_limits_are_refused_where_they_are(text, fragment):
    with pytest.raises(InputErrors) as info:
        load_yaml(f"a:\n  b: {text}\n", path="s.yaml")
    assert str(info.value).startswith("s.yaml:2:6: a.b: ") and fragment in str(info.value)


def test_a_huge_document_is_refused_fast_before_it_is_composed():
    import time

    text = "cells:\n" + "".join(f"  - {{actions: [a{i}, b{i}], attributes: {{x: {i}}}}}\n" for i in range(40_000))
    started = time.perf_counter()
    with pytest.raises(LocatedError, match=r"expected at most 100,000 values.*limit max_scenario_values"):
        load_yaml(text, path="s.yaml")
    assert time.perf_counter() - started < 5  # composing it would take tens of seconds


def test_exact_numbers_keep_their_source_text():
    doc = load_yaml(CORE + "y: 0.1\nz: [0.30, -2.5e-1]\n")
    assert doc.exact(("y",)) == F(1, 10)
    assert doc.exact(("z", 0)) == F(3, 10) and doc.exact(("z", 1)) == F(-1, 4)
    assert doc.exact(("f",)) == F(1, 1000)
    assert doc.exact(("h",)) == 31 and doc.exact(("u",)) == -7 and doc.exact(("t",)) == F(1, 2)
    assert doc.exact(("w",)) == 3
    for key in "abdjklqrz":
        assert doc.exact((key,)) is None, key
    assert doc.scalar_text(("z", 0)) == "0.30"
    assert doc.scalar_text(("z",)) is None
    assert doc.scalar_text(("q",)) == "12"


LOCATED = """\
payoffs:
  plain: w_f * F_reject - c_p
  double: "w_f * (1 - p)"
  single: 'a + ''b'' + c'
  literal: |
    1 +
      2 * x
  folded: >
    a +
    b + c
  multi: a +
    b + zz
  escaped: "a\\u0020+ b + zz"
"""


@pytest.mark.parametrize("key, offset, position", [
    ("plain", 0, (2, 10)), ("plain", 6, (2, 16)), ("plain", 20, (2, 30)),
    ("double", 0, (3, 12)), ("double", 7, (3, 19)),
    ("single", 4, (4, 16)), ("single", 8, (4, 22)),
    ("literal", 0, (6, 5)), ("literal", 4, (7, 5)), ("literal", 10, (7, 11)),
    ("folded", 4, (10, 5)), ("folded", 8, (10, 9)),
    ("multi", 4, (12, 5)), ("multi", 8, (12, 9)),
    ("escaped", 8, (13, 12)),  # cannot be matched to the source: the start of the value
])
def test_locator_maps_offsets_in_string_values(key, offset, position):
    doc = load_yaml(LOCATED)
    assert doc.locator(("payoffs", key))(offset) == position


def test_formula_errors_land_on_the_right_character():
    doc = load_yaml(LOCATED, path="s.yaml")
    for key, bad in [("plain", "F_reject"), ("literal", "x"), ("multi", "zz"), ("double", "p"),
                     ("folded", "c")]:
        text = doc.data["payoffs"][key]
        with pytest.raises(LocatedError, match="unexpected '\\)'") as info:
            parse_formula(text.replace(bad, ")", 1), path="s.yaml", key=f"payoffs.{key}",
                          locate=doc.locator(("payoffs", key)))
        offset = text.index(bad)
        assert (info.value.line, info.value.column) == doc.locator(("payoffs", key))(offset)
        line = doc.text.splitlines()[info.value.line - 1]
        assert line[info.value.column - 1:].startswith(bad)


def test_crlf_and_bom(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_bytes("\ufeffa:\r\n  b: x + y\r\n  c: [1, 2]\r\n".encode())
    doc = load_yaml(path)
    assert doc.data == {"a": {"b": "x + y", "c": [1, 2]}}
    assert doc.path == str(path)
    assert doc.where(("a", "c")) == (3, 3) and doc.where_value(("a", "c", 1)) == (3, 10)
    assert doc.locator(("a", "b"))(4) == (2, 10)


# --- merges and aliases --------------------------------------------------------------------------

def test_aliases_and_merge_keys():
    doc = load_yaml("""\
acheson: &acheson
  F_reject: 0
  q_conference: 0.3
extra: &extra {c_war: 100, q_conference: 0.5}
kissinger:
  <<: [*acheson, *extra]
  F_reject: 1
copy: *acheson
""")
    assert doc.data["kissinger"] == {"F_reject": 1, "q_conference": 0.3, "c_war": 100}
    assert doc.data["copy"] == {"F_reject": 0, "q_conference": 0.3}
    assert doc.where(("kissinger", "F_reject")) == (7, 3)
    assert doc.where(("kissinger", "q_conference")) == (3, 3)  # where it is written
    assert doc.where(("kissinger", "c_war")) == (4, 16)
    assert doc.exact(("kissinger", "q_conference")) == F(3, 10)


# --- problems ------------------------------------------------------------------------------------

def _problems(text):
    with pytest.raises(InputErrors) as info:
        load_yaml(text, path="s.yaml")
    return [str(e) for e in info.value.errors]


def test_duplicate_keys_are_all_reported():
    assert _problems("""\
a: 1
b:
  c: 1
  d: {e: 1, e: 2}
  c: 2
a: 3
""") == [
        "s.yaml:4:13: b.d: duplicate key 'e' (first defined at line 4, column 7)",
        "s.yaml:5:3: b: duplicate key 'c' (first defined at line 3, column 3)",
        "s.yaml:6:1: duplicate key 'a' (first defined at line 1, column 1)",
    ]


def test_duplicate_list_item_keys_and_merge_overrides():
    assert _problems("- {x: 1}\n- x: 1\n  x: 2\n") == [
        "s.yaml:3:3: [1]: duplicate key 'x' (first defined at line 2, column 3)"]
    assert load_yaml("b: &b {x: 1}\nc:\n  <<: *b\n  x: 2\n").data["c"] == {"x": 2}  # not a duplicate


@pytest.mark.parametrize("text, problem", [
    ("a: !!python/object:os.system x\n",
     "s.yaml:1:4: a: unsupported YAML tag '!!python/object:os.system' (expected a string, number, boolean or null)"),
    ("a: !!python/object/apply:os.system [ls]\n",
     "s.yaml:1:4: a: unsupported YAML tag '!!python/object/apply:os.system' (expected a plain list or mapping)"),
    ("a: !custom 1\n", "s.yaml:1:4: a: unsupported YAML tag '!custom' (expected a string, number, boolean or null)"),
    ("a: !!set {x, y}\n", "s.yaml:1:4: a: unsupported YAML tag '!!set' (expected a plain list or mapping)"),
    ("a: !!binary aGk=\n", "s.yaml:1:4: a: unsupported YAML tag '!!binary' (expected a string, number, boolean or null)"),
    ("a: !!int ten\n", "s.yaml:1:4: a: invalid value for the tag '!!int' (expected an integer, got 'ten')"),
    ("a: !!bool yes\n", "s.yaml:1:4: a: invalid value for the tag '!!bool' (expected true or false, got 'yes')"),
    ("? [a, b]\n: 1\n", "s.yaml:1:3: a key must be a plain value, not a list or a mapping"),
    ("a: &x [1, *x]\n", "s.yaml:1:4: a[1]: recursive alias (a value that contains itself)"),
    ("a: &x\n  <<: *x\n", "s.yaml:1:4: a: a merge key '<<' needs a mapping (or a list of mappings)"),
    ("a:\n  <<: 5\n", "s.yaml:2:7: a: a merge key '<<' needs a mapping (or a list of mappings)"),
    ("x:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 2) + "v\n",
     f"nested too deeply (more than {MAX_DEPTH} levels)"),
])
def test_unsupported_documents(text, problem):
    (found,) = _problems(text)
    assert found.endswith(problem)


def test_every_problem_is_reported_in_line_order():
    found = _problems("b: !!int x\na: 1\nc: !foo y\na: 2\n")
    assert [f.split(":")[1] for f in found] == ["1", "3", "4"]


def test_alias_bombs_are_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, prev in zip("bcdef", "abcde"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    with pytest.raises(LocatedError, match="too large"):
        load_yaml("\n".join(lines) + "\n")


SYNTAX = [  # every message in our own words (no PyYAML token names), at the place of the problem
    ("a: b: c\n", 1, 5, "invalid YAML: a ':' where no key can start: quote a text that contains ': ', or check "
                       "this line's indentation"),
    ("a:\n  - 1\n - 2\n", 3, 2, "invalid YAML: this line is not indented like the list it belongs to (the one "
                               "starting at line 1, column 1): indent it exactly like the lines before it"),
    ("a: 'open\n", 2, 1, "invalid YAML: a quoted text opened at line 1, column 4 is never closed"),
    ("a: [1, 2\nb: 3\n", 2, 2, "invalid YAML: the '[' opened at line 1, column 4 is not closed before ':': add ']'"),
    ("a: {b: 1\n", 2, 1, "invalid YAML: the '{' opened at line 1, column 4 is not closed before the end of the "
                        "file: add '}'"),
    ("a:\n\tb: 1\n", 2, 1, "invalid YAML: a tab character: indent with spaces, not tabs"),
    ("a: 1\n---\nb: 2\n", 2, 1, "invalid YAML: a second document ('---'): a scenario file holds one document"),
    ("a: 1\n  b: 2\n", 2, 4, "invalid YAML: a ':' where no key can start"),
    ("a: *nowhere\n", 1, 4, "invalid YAML: the alias *nowhere names no anchor (&nowhere) defined before it"),
    ("a: x\x07y\n", 1, 5, "invalid YAML: character U+0007 is not allowed"),
    ("a: @x\n", 1, 4, "invalid YAML: the character '@' cannot start a value: put the text in quotes"),
    ("- a\nb: 1\n", 2, 1, "invalid YAML: this line is not indented like the list it belongs to (the one "
                          "starting at line 1, column 1)"),
]


@pytest.mark.parametrize("text, line, column, message", SYNTAX)
def test_syntax_errors_are_located(text, line, column, message):
    with pytest.raises(LocatedError) as info:
        load_yaml(text, path="s.yaml")
    assert str(info.value).startswith(f"s.yaml:{line}:{column}: {message}")
    assert not any(word in str(info.value) for word in ("<block", "<stream", "scalar", "token", "while parsing"))


def test_deeply_nested_flow_collections():
    with pytest.raises(LocatedError, match="nested too deeply"):
        load_yaml("[" * 3000 + "]" * 3000)


def test_files(tmp_path):
    with pytest.raises(LocatedError, match="absent.yaml: cannot read the file"):
        load_yaml(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(LocatedError) as info:
        load_yaml(bad)
    assert str(info.value) == f"{bad}:2:7: the file is not valid UTF-8 (byte 0xe9)"
    with pytest.raises(TypeError):
        load_yaml(b"a: 1")


def test_empty_documents():
    for text, where in (("", (1, 1)), ("# only a comment\n", (1, 1)), ("---\n", (2, 1))):
        doc = load_yaml(text)
        assert doc.data is None and doc.where(()) == where


def test_errors_are_berlinsim_errors():
    assert issubclass(InputErrors, BerlinsimError) and issubclass(LocatedError, BerlinsimError)


# --- the locator on every scalar style (property) ----------------------------------------------------

_line = st.text(alphabet="ab_19 +-*/^()<>=,.", min_size=1, max_size=12).map(str.strip).filter(
    lambda s: s != "" and "  " not in s).map(lambda s: "x" + s)


@settings(max_examples=120, deadline=None)
@given(st.lists(_line, min_size=1, max_size=4), st.sampled_from(["plain", "double", "single", "literal",
                                                                 "folded", "plain-lines"]),
       st.integers(0, 3))
def test_located_characters_are_the_value_characters(lines, style, extra_indent):
    pad = " " * (2 + extra_indent)
    one_line = " ".join(lines)
    body = {
        "plain": f"{one_line}\n",
        "double": f'"{one_line}"\n',
        "single": f"'{one_line}'\n",
        "literal": "|\n" + "".join(f"{pad}  {line}\n" for line in lines),
        "folded": ">\n" + "".join(f"{pad}  {line}\n" for line in lines),
        "plain-lines": lines[0] + "\n" + "".join(f"{pad}  {line}\n" for line in lines[1:]),
    }[style]
    doc = load_yaml(f"top:\n{pad}key: {body}other: 1\n")
    value = doc.data["top"]["key"]
    locate = doc.locator(("top", "key"))
    source_lines = doc.text.split("\n")
    for offset, char in enumerate(value):
        if not char.isspace():
            line, column = locate(offset)
            assert source_lines[line - 1][column - 1] == char, (offset, char)
