"""Tests of Gambit .efg reading and writing: exact numbers, located errors, round trips, pygambit."""

import io
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import LocatedError
from berlinsim.io.efg import infosets_json, parse_efg, read_efg, save_efg, write_efg
from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal

POKER = '''EFG 2 R "A simple Poker game" { "Fred" "Alice" }
"One-card poker (Myerson 1991)"

c "" 1 "" { "Red" 1/2 "Black" 0.5 } 0
p "" 1 1 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 1 "Win Big" { 2, -2 }
t "" 2 "Win" { 1, -1 }
t "" 2 "Win" { 1, -1 }
p "" 1 2 "" { "Raise" "Fold" } 0
p "" 2 1 "" { "Meet" "Pass" } 0
t "" 3 "Lose Big" { -2, 2 }
t "" 2
t "" 4 "Lose" { -1, 1 }
'''


def test_read_poker():
    g = parse_efg(POKER)
    assert g.players == ("Fred", "Alice") and g.comment == "One-card poker (Myerson 1991)"
    assert g.num_nodes == 11 and g.has_chance and not g.is_perfect_information and g.is_perfect_recall
    assert g.chance_infosets[0].exact_probabilities == (F(1, 2), F(1, 2))
    assert g.exact_payoffs[:, 0].tolist() == [2, 1, 1, -2, 1, -1]
    assert g.outcome_labels[4] == "Win"  # outcome 2 reused without its payoffs
    assert infosets_json(g) == [
        [{"number": 1, "label": "", "actions": ["Raise", "Fold"]}, {"number": 2, "label": "", "actions": ["Raise", "Fold"]}],
        [{"number": 1, "label": "", "actions": ["Meet", "Pass"]}]]


def test_decimals_are_exact_and_inner_outcomes_fold():
    text = '''EFG 2 R "t" { "A" "B" }
p "root" 1 1 "s" { "x" "y" } 1 "entry fee" { .25, -1e-1 }
t "" 2 "a" { 1.5, 2 }
t "" 0
'''
    g = parse_efg(text)
    assert g.exact_payoffs.tolist() == [[F(7, 4), F(19, 10)], [F(1, 4), F(-1, 10)]]


def test_later_infoset_member_may_omit_label_and_actions_and_numbers_keep_file_order():
    text = '''EFG 2 R "fig" { "1" "2" }
p "" 1 2 "" { "L" "R" } 0
p "" 2 3 "" { "A" "B" } 0
p "" 1 1 "late" { "l" "r" } 0
t "" 1 "" { 0 0 }
t "" 2 "" { 2 4 }
p "" 1 1 0
t "" 3 "" { 4 2 }
t "" 4 "" { 0 0 }
t "" 5 "" { 0 0 }
'''
    g = parse_efg(text)
    assert [s["number"] for s in infosets_json(g)[0]] == [1, 2]
    assert infosets_json(g)[0][0] == {"number": 1, "label": "late", "actions": ["l", "r"]}
    assert g.infosets[0].nodes == (2, 5)


def test_repeated_node_and_infoset_labels_are_accepted():
    text = '''EFG 2 R "dup" { "A" "B" }
p "same" 1 1 "h" { "x" "y" } 0
p "same" 2 1 "h" { "l" } 0
t "" 1 "o" { 1, 0 }
p "same" 2 2 "h" { "l" } 0
t "" 2 "o2" { 0, 1 }
'''
    g = parse_efg(text)
    assert g.node_labels.count("same") == 3 and [s.label for s in g.infosets] == ["h", "h", "h"]
    written = write_efg(g)
    assert '"same #2"' in written and '"h #2"' in written
    assert parse_efg(write_efg(g, gambit_labels=False)) == g


@pytest.mark.parametrize("body, where, message", [
    ('c "" 1 "" { "a" 1/2 "b" 1/3 } 0\nt "" 0\nt "" 0\n', ":4:1: node 1:", "sum to 5/6"),
    ('p "" 1 1 "" { "x" "y" } 0\np "" 2 1 "" { "l" "r" } 0\nt "" 0\nt "" 0\np "" 2 1 "" { "l" "m" } 0\nt "" 0\nt "" 0\n',
     ":8:1: node 5:", "has actions"),
    ('p "" 1 1 "" { "x" "y" } 0\nt "" 1 "o" { 1 2 }\nt "" 1 "o" { 1 3 }\n', ":6:6: node 3:", "outcome 1 is given payoffs"),
    ('p "" 3 1 "" { "x" } 0\nt "" 0\n', ":4:6: node 1:", "player number 3 out of range"),
    ('p "" 1 1 "" { "x" } 0\nt "" 0\nt "" 0\n', ":6:1: node 3:", "unreachable"),
    ('p "" 1 1 "" { "x" "y" } 0\nt "" 0\n', ":4:1: node 1:", "incomplete"),
    ('p "" 1 1 "" { "x" "y" } 0\nt "" 0\nt "" 1 "o" { 1 }\n', ":6:6: node 3:", "1 payoffs, expected 2"),
    ('p "" 1 1 "" { "x" "y" } 0\nt "" 0\nq "" 0\n', ":6:1: node 3:", "node type"),
    ('p "" 1 1 "" { "x" "y" } 0\nt "" 0\nt "" 7\n', ":6:6: node 3:", "outcome 7 is used before"),
    ('p "" 1 x "" { "x" } 0\nt "" 0\n', ":4:8: node 1:", "information set number"),
    ('p "" 1 1 "" { "x } 0\n', ":4:15:", "unterminated string"),
    ('c "" 1 "" { "a" 3/2 "b" -1/2 } 0\nt "" 0\nt "" 0\n', ":4:1: node 1:", r"\[0, 1\]"),
    ('p "" 1 1 "" { "x" } 0\nt "" 0 "o" { 1, 1 }\n', ":5:6: node 2:", "outcome 0"),
])
def test_bad_files_give_located_errors(body, where, message):
    text = 'EFG 2 R "bad" { "A" "B" }\n""\n\n' + body
    with pytest.raises(LocatedError, match=message) as info:
        parse_efg(text, "bad.efg")
    assert str(info.value).startswith("bad.efg" + where), str(info.value)


def test_bad_header():
    with pytest.raises(LocatedError, match="bad.nfg:1:1: header: expected 'EFG'"):
        parse_efg('NFG 1 R "x" { "A" }', "bad.nfg")
    with pytest.raises(LocatedError, match="version 2"):
        parse_efg('EFG 3 R "x" { "A" }')
    with pytest.raises(LocatedError, match="player labels must be unique"):
        parse_efg('EFG 2 R "x" { "A" "A" }\nt "" 0\n')


def test_read_and_save_files(tmp_path):
    path = tmp_path / "poker.efg"
    path.write_text(POKER)
    g = read_efg(path)
    save_efg(g, tmp_path / "copy.efg")
    assert read_efg(tmp_path / "copy.efg") == g
    with pytest.raises(LocatedError, match="cannot read"):
        read_efg(tmp_path / "missing.efg")


def test_float_payoffs_written_as_plain_decimals():
    g = ExtensiveGame.from_tree(decision("A", {"x": terminal(1e-7, 0.1), "y": terminal(2.5, 1)}), players=("A", "B"))
    text = write_efg(g)
    assert "0.0000001" in text and "e-" not in text
    back = parse_efg(text)
    assert np.allclose(back.payoffs, g.payoffs) and back.is_exact


@st.composite
def random_trees(draw):
    counter = [0]

    def node(depth):
        if depth <= 0 or draw(st.integers(0, 3)) == 0:  # "pair" steps down by 2: depth may reach -1
            return terminal(*[draw(st.sampled_from([0, 1, -2, "1/3", "2.5"])) for _ in range(2)],
                            label=draw(st.sampled_from(["", "end"])), outcome=draw(st.sampled_from(["", "o", 'q"x'])))
        kind = draw(st.sampled_from(["A", "B", "chance", "pair"]))
        if kind == "chance":
            return chance([("u", F(1, 3), node(depth - 1)), ("v", F(2, 3), node(depth - 1))],
                          payoffs=draw(st.sampled_from([None, (1, "1/2")])))
        if kind == "pair":
            counter[0] += 1
            label = f"b{counter[0]}"  # fixed before the subtrees draw their own labels
            kids = [decision("B", {"l": node(depth - 2), "r": node(depth - 2)}, infoset=label) for _ in "xy"]
            return decision("A", {"x": kids[0], "y": kids[1]})
        return decision(kind, {f"{kind}{i}": node(depth - 1) for i in range(draw(st.integers(1, 3)))})

    return ExtensiveGame.from_tree(node(4), players=("A", "B"), title=draw(st.sampled_from(["", "a \"quoted\" title"])))


@settings(max_examples=40, deadline=None)
@given(random_trees())
def test_write_read_round_trip(game):
    assert parse_efg(write_efg(game, gambit_labels=False)) == game
    again = parse_efg(write_efg(game))
    assert np.array_equal(again.exact_payoffs, game.exact_payoffs) and np.array_equal(again.parent, game.parent)


def test_written_files_load_in_pygambit():
    gbt = pytest.importorskip("pygambit")
    g = parse_efg(POKER)
    loaded = gbt.read_efg(io.StringIO(write_efg(g)))
    assert [getattr(p, "label", p) for p in loaded.players] == ["Fred", "Alice"]
    text = loaded.to_efg() if hasattr(loaded, "to_efg") else loaded.write(format="native")
    back = parse_efg(text)  # pygambit's own rendering of the game reads back to the same tree
    assert np.array_equal(back.exact_payoffs, g.exact_payoffs)
    assert back.exact_move_prob == g.exact_move_prob and np.array_equal(back.parent, g.parent)
