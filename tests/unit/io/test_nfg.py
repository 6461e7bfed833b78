"""Tests of Gambit .nfg reading and writing: both versions, exact numbers, located errors, round trips."""

import json
import pathlib
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import GameError, LocatedError
from berlinsim.io.nfg import (
    parse_nfg,
    parse_nfg_document,
    read_nfg,
    read_nfg_document,
    save_nfg,
    write_nfg,
    write_nfg_document,
)
from berlinsim.model.normal_form import NormalFormGame

CONF = pathlib.Path(__file__).resolve().parents[4] / "shared" / "conformance"
GAMES_DIR = CONF / "gambit-games"
NFG_FILES = sorted(GAMES_DIR.rglob("*.nfg")) if GAMES_DIR.is_dir() else []


def same_game(a: NormalFormGame, b: NormalFormGame) -> bool:
    exact_same = (a.exact_payoffs is None) == (b.exact_payoffs is None) and (
        a.exact_payoffs is None or bool(np.all(a.exact_payoffs == b.exact_payoffs))
    )
    return (
        a.players == b.players
        and a.actions == b.actions
        and a.title == b.title
        and a.comment == b.comment
        and np.array_equal(a.payoffs, b.payoffs)
        and exact_same
    )


# The example of Gambit's documentation (Selten 1975, figure 2), in both versions.
PAYOFF_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""

OUTCOME_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""


def test_both_versions_give_the_same_game_first_player_fastest():
    a, b = parse_nfg(PAYOFF_VERSION), parse_nfg(OUTCOME_VERSION)
    assert same_game(a, b)
    assert a.shape == (3, 2) and a.players == ("Player 1", "Player 2")
    # cells in file order: (1,1) (2,1) (3,1) (1,2) (2,2) (3,2)
    assert a.payoff_of((1, 0)) == (F(0), F(2))
    assert a.payoff_of((0, 1)) == (F(1), F(1))
    assert a.payoff_of((2, 1)) == (F(2), F(0))
    assert a.is_exact


def test_numbers_are_exact_fractions():
    text = 'NFG 1 D "n" { "A" "B" } { 2 2 } 1.131000 -3/2  .5 +2  1e-3 2.5E+2  -0.25 7'
    g = parse_nfg(text)
    assert g.payoff_of((0, 0)) == (F(1131, 1000), F(-3, 2))
    assert g.payoff_of((1, 0)) == (F(1, 2), F(2))
    assert g.payoff_of((0, 1)) == (F(1, 1000), F(250))
    assert g.payoff_of((1, 1)) == (F(-1, 4), F(7))
    assert g.payoffs[0, 0, 0] == pytest.approx(1.131)


def test_labels_title_comment_and_escaped_quotes():
    text = r'''NFG 1 R "The \"Berlin\" game" { "US" "USSR" }
{ { "hold" "yield" } { "press" "wait" } }
"A comment
on two lines"
{ { "war" -10, -10 } { "status quo" 0, 0 } }
1 2 2 2
'''
    doc = parse_nfg_document(text, "berlin.nfg")
    g = doc.game
    assert g.title == 'The "Berlin" game'
    assert g.comment == "A comment\non two lines"
    assert g.actions == (("hold", "yield"), ("press", "wait"))
    assert doc.version == "outcome"
    assert doc.outcome_labels == ("war", "status quo")
    assert doc.outcome_index == (1, 2, 2, 2)
    assert g.payoff_of(("hold", "press")) == (F(-10), F(-10))


def test_null_outcome_pays_zero_and_commas_are_optional():
    g = parse_nfg('NFG 1 R "" { "A" "B" } { 2 1 } { { "x" 3 4 } } 0 1')
    assert g.payoff_of((0, 0)) == (F(0), F(0))
    assert g.payoff_of((1, 0)) == (F(3), F(4))


def test_empty_and_repeated_labels_are_renamed_like_gambit():
    g = parse_nfg('NFG 1 R "" { "" "" } { { "a" "a" "" } { "x" } } 1 2 3 4 5 6')
    assert g.players == ("_1", "_2")
    assert g.actions == (("a_1", "a_2", "_1"), ("x",))


def test_one_player_game_and_counts_form():
    g = parse_nfg('NFG 1 R "solo" { "Me" } { 3 } 1 5 2')
    assert g.num_players == 1 and g.actions == (("1", "2", "3"),)
    assert same_game(parse_nfg(write_nfg(g)), g)


@pytest.mark.parametrize(
    "text, where, message",
    [
        ('EFG 2 R "tree" { "A" } ""', "x.nfg:1:1:", "not an NFG file: expected 'NFG' at the start, found 'EFG'"),
        ("", "x.nfg:1:1:", "not an NFG file: expected 'NFG' at the start, found end of file"),
        ('NFG 2 R "t" { "A" } { 1 } 0', "x.nfg:1:5: header:", "expected format version 1 after 'NFG', found number 2"),
        ('NFG 1 R "t" {\n "A" "B }\n{ 1 1 } 0 0', "x.nfg:2:6:", "unterminated label"),
        ('NFG 1 R "t" { "A" "B" }\n{ { "x" "y" } }\n1 2 3 4', "x.nfg:2:15: strategies:",
         "expected a strategy list for each of the 2 players (missing strategies: got 1), found '}'"),
        ('NFG 1 R "t" { "A" "B" } { { } { "y" } } 1 2', "x.nfg:1:27: strategies.A:",
         "expected at least one strategy for player 'A', found an empty list"),
        ('NFG 1 R "t" { "A" "B" } { 0 2 } 1 2', "x.nfg:1:27: strategies.A:", "expected a positive number of strategies"),
        ('NFG 1 R "t" { "A" "B" } { 2 9999999999 } 1 2', "x.nfg:1:29: strategies.B:",
         "at most 1,000,000 (limit max_strategies, see docs/limits.md), found number 9999999999"),
        ('NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3 4 5 6 7', "x.nfg:2:14: payoffs:",
         "expected a number (payoff 8 of 8: 4 cells x 2 players), found end of file"),
        ('NFG 1 R "t" { "A" "B" } { 2 1 }\n1 2 3 4 5 6', "x.nfg:2:9: payoffs:",
         "expected 4 payoffs (2 cells x 2 players), found 6"),
        ('NFG 1 R "t" { "A" "B" } { 1 1 }\n1, 2', "x.nfg:2:2: payoffs:",
         "expected a number (payoff 2 of 2: 1 cells x 2 players), found ','"),
        ('NFG 1 R "t" { "A" "B" } { 1 1 }\n1 abc', "x.nfg:2:3: payoffs:", "found 'abc'"),
        ('NFG 1 R "t" { "A" "B" } { 1 1 }\n1 1/0', "x.nfg:2:3:", "expected a number, found 1/0 (division by zero)"),
        ('NFG 1 R "t" { "A" "B" } { 2 1 }\n{ { "o" 1, 2 } }\n1 3', "x.nfg:3:3: outcomes:",
         "outcome number 3 is out of range: expected 1..1 (the outcomes defined above) or 0 for none"),
        ('NFG 1 R "t" { "A" "B" } { 2 1 }\n{ { "o" 1 } }\n1 1', "x.nfg:2:11: outcomes[1]:",
         "expected payoff 2 of outcome 1 (2 payoffs, one per player), found '}'"),
        ('NFG 1 R "t" { "A" "B" } { 2 1 }\n{ { "o" 1, 2, 3 } }\n1 1', "x.nfg:2:15: outcomes[1]:",
         "expected 2 payoffs in outcome 1 (one per player), found 3"),
        ('NFG 1 R "t" { "A" "B" } { 2 1 }\n{ { 1, 2 } }\n1 1', "x.nfg:2:5: outcomes[1]:",
         "expected the label of outcome 1 in double quotes, found number 1"),
        ('NFG 1 R "t" { "A" "B" } { 2 1 }\n{ { "o" 1, 2 } }\n1', "x.nfg:3:2: outcomes:",
         "expected an outcome number for cell 2 of 2 (one number per cell), found end of file"),
        ('NFG 1 R "t" { "A" "B" } { 2 1 }\n{ { "o" 1, 2 } }\n1 1.5', "x.nfg:3:3: outcomes:",
         "expected an outcome number (a whole number) for cell 2, found number 1.5"),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } 1 2 }', "x.nfg:1:37:", "expected end of file, found '}'"),
        ('NFG 1 R "t" { } { } ', "x.nfg:1:15: players:", "expected at least one player label, found '}'"),
        ('NFG 1 R "t" { "A" } { 1 } "c" xyz', "x.nfg:1:31: payoffs:",
         "expected the payoffs (numbers) or the list of outcomes ('{'), found 'xyz'"),
    ],
)
def test_malformed_files_raise_located_errors(text, where, message):
    with pytest.raises(LocatedError) as info:
        parse_nfg(text, "x.nfg")
    shown = str(info.value)
    assert shown.startswith(where), shown
    assert message in shown, shown
    assert "\n" not in shown


def test_unreadable_file_names_the_file(tmp_path):
    missing = tmp_path / "nope.nfg"
    with pytest.raises(LocatedError, match=r"nope\.nfg: cannot read the file: No such file"):
        read_nfg(missing)
    with pytest.raises(LocatedError, match="cannot read the file"):
        read_nfg(tmp_path)


def test_file_round_trip_and_latin1(tmp_path):
    path = tmp_path / "g.nfg"
    path.write_bytes('NFG 1 R "Caf\xe9" { "A" } { 2 } 1 2'.encode("latin-1"))
    g = read_nfg(path)
    assert g.title == "Café"
    save_nfg(g, tmp_path / "h.nfg", version="outcome")
    assert same_game(read_nfg(tmp_path / "h.nfg"), g)
    assert read_nfg_document(tmp_path / "h.nfg").version == "outcome"


def test_write_formats_numbers_exactly_and_floats_shortest():
    g = NormalFormGame.from_bimatrix([[F(1, 3), -2]], [[F(5, 1), "0.25"]])
    text = write_nfg(g)
    assert text.splitlines()[-2:] == ["1/3 5", "-2 1/4"]
    floats = NormalFormGame.from_bimatrix([[0.1, 1e-300]], [[2.0, -7.5e20]])
    back = parse_nfg(write_nfg(floats))
    assert np.array_equal(back.payoffs, floats.payoffs)
    assert "0.1 2" in write_nfg(floats)


def test_write_refuses_labels_gambit_cannot_hold():
    g = NormalFormGame.from_bimatrix([[1]], [[1]], actions=(("a\\",), ("b",)))
    with pytest.raises(GameError, match="cannot be written"):
        write_nfg(g)
    with pytest.raises(GameError, match="'payoff' or 'outcome'"):
        write_nfg(g, version="table")


def test_outcome_document_round_trip_keeps_labels_and_numbering():
    doc = parse_nfg_document(OUTCOME_VERSION.replace('{ "" 2, 0 }', '{ "last" 2, 0 }'))
    again = parse_nfg_document(write_nfg_document(doc))
    assert same_game(again.game, doc.game)
    assert again.outcome_labels == doc.outcome_labels == ("_1", "_2", "_3", "_4", "_5", "last")
    assert again.outcome_index == doc.outcome_index


LABEL = st.text(alphabet=st.sampled_from('ab Z"é{},\\\n1'), max_size=5).filter(
    lambda s: not s.endswith("\\") and "\\\\" not in s and '\\"' not in s
)
NUMBER = st.one_of(
    st.integers(-10**6, 10**6),
    st.fractions(min_value=-100, max_value=100, max_denominator=50),
)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), shape=st.lists(st.integers(1, 3), min_size=1, max_size=3), version=st.sampled_from(["payoff", "outcome"]))
def test_write_read_round_trip_property(data, shape, version):
    n = len(shape)
    players = data.draw(st.lists(LABEL, min_size=n, max_size=n, unique=True).filter(lambda ls: "" not in ls))
    actions = [data.draw(st.lists(LABEL.filter(bool), min_size=k, max_size=k, unique=True)) for k in shape]
    values = data.draw(st.lists(NUMBER, min_size=n * int(np.prod(shape)), max_size=n * int(np.prod(shape))))
    payoffs = np.array(values, dtype=object).reshape((n, *shape))
    title = data.draw(LABEL)
    g = NormalFormGame.from_payoffs(payoffs, players=players, actions=actions, title=title, comment="c")
    text = write_nfg(g, version=version)
    back = parse_nfg(text)
    assert same_game(back, g)
    assert write_nfg(back, version=version) == text


# ----------------------------------------------------------------------------- Gambit's own files
needs_conformance = pytest.mark.skipif(not NFG_FILES, reason="shared conformance data not present")


@needs_conformance
@pytest.mark.conformance
def test_every_conformance_nfg_reads_like_pygambit():
    ref = {g["path"]: g for g in json.loads((CONF / "reference.json").read_text())["games"]}
    assert len(NFG_FILES) == 52
    for path in NFG_FILES:
        want = ref[str(path.relative_to(GAMES_DIR))]
        doc = read_nfg_document(path)
        g = doc.game
        assert g.is_exact
        assert list(g.players) == want["players"], path
        assert [list(a) for a in g.actions] == want["strategies"], path
        assert g.title == want["title"], path
        assert g.max_abs_payoff == pytest.approx(want["max_abs_payoff"]), path
        assert g.is_constant_sum() == want["constant_sum"], path
        for version in ("payoff", "outcome"):
            assert same_game(parse_nfg(write_nfg(g, version=version)), g), (path, version)
        again = parse_nfg_document(write_nfg_document(doc))
        assert same_game(again.game, g) and again.outcome_index == doc.outcome_index, path


@needs_conformance
@pytest.mark.conformance
def test_conformance_pure_equilibria_agree_on_a_sample():
    """A spot check that the payoff order (first player fastest) matches Gambit's."""
    ref = {g["path"]: g for g in json.loads((CONF / "reference.json").read_text())["games"]}
    from berlinsim.solvers.pure import pure_cells

    for path in NFG_FILES:
        want = ref[str(path.relative_to(GAMES_DIR))]["pure_equilibria"]
        assert sorted(map(list, pure_cells(read_nfg(path)))) == sorted(want), path


def _pygambit_view(game_gbt):
    players = [getattr(p, "label", p) for p in game_gbt.players]
    return players, game_gbt.title, game_gbt.to_arrays(dtype=F)


def test_written_files_load_in_pygambit_unchanged(tmp_path):
    gbt = pytest.importorskip("pygambit")
    g = NormalFormGame.from_payoffs(
        np.array([F(k, 3) - 4 for k in range(3 * 2 * 2 * 3)], dtype=object).reshape(3, 2, 2, 3),
        players=("US", "USSR", 'the "allies"'),
        actions=(("hold", "yield"), ("press", "wait"), ("a", "b c", "d\\e")),
        title='Berlin, "1961"',
        comment="three players\nexact thirds",
    )
    for version in ("payoff", "outcome"):
        path = tmp_path / f"{version}.nfg"
        save_nfg(g, path, version=version)
        loaded = gbt.read_nfg(str(path))
        players, title, arrays = _pygambit_view(loaded)
        assert players == list(g.players) and title == g.title
        for i in range(3):
            assert np.array_equal(np.asarray(arrays[i], dtype=object), g.exact_payoffs[i])


@needs_conformance
@pytest.mark.conformance
def test_conformance_games_written_by_us_load_in_pygambit_unchanged(tmp_path):
    gbt = pytest.importorskip("pygambit")
    for k, path in enumerate(NFG_FILES):
        g = read_nfg(path)
        original_players, original_title, original = _pygambit_view(gbt.read_nfg(str(path)))
        for version in ("payoff", "outcome"):
            out = tmp_path / f"{k}-{version}.nfg"
            save_nfg(g, out, version=version)
            players, title, arrays = _pygambit_view(gbt.read_nfg(str(out)))
            assert (players, title) == (original_players, original_title), path
            for i in range(g.num_players):
                assert np.array_equal(np.asarray(arrays[i], dtype=object), np.asarray(original[i], dtype=object)), path
