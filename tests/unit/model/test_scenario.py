"""Scenario value objects: invariants, look-ups with did-you-mean, immutability."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from berlinsim.errors import BerlinsimError
from berlinsim.model.expression import Name, Number
from berlinsim.model.scenario import (
    Action,
    Attribute,
    Cell,
    ChanceNode,
    DecisionNode,
    MatrixSpec,
    OutcomeNode,
    Parameter,
    PlayerSpec,
    Scenario,
    ScenarioTree,
    Variant,
    suggest,
)


def tree() -> ScenarioTree:
    return ScenarioTree(root="nature", nodes=(
        ChanceNode(id="nature", outcomes=(("r", Name(name="p"), "us"), ("h", Number(value=Fraction(1, 2)), "end"))),
        DecisionNode(id="us", player=0, actions=((Action(label="go"), "end2"),)),
        OutcomeNode(id="end"),
        OutcomeNode(id="end2", label="done", attributes=(("war", Number(value=1)),)),
    ))


def scenario(game=None) -> Scenario:
    return Scenario(
        path="s.yaml", id="s", title="S",
        parameters=(Parameter(name="p", default=Fraction(1, 2), low=Fraction(0), high=Fraction(1)),
                    Parameter(name="c_war", default=Fraction(100))),
        attributes=(Attribute(name="war", low=Fraction(0), high=Fraction(1)),),
        players=(PlayerSpec(name="US", payoff=Name(name="p")),),
        game=game if game is not None else tree(),
        variants=(Variant(name="acheson", values=(("p", Fraction(0)),)),
                  Variant(name="mid", between=("acheson", "acheson", Fraction(1, 2)))),
        method="spe")


def test_parameter_range_and_default():
    p = Parameter(name="p", default=Fraction(1, 5), low=Fraction(0), high=Fraction(1))
    assert p.contains(0) and p.contains(1) and not p.contains(Fraction(11, 10))
    unbounded = Parameter(name="c", default=Fraction(-7))
    assert unbounded.contains(-10 ** 9) and unbounded.low == float("-inf")
    with pytest.raises(ValueError, match="outside"):
        Parameter(name="p", default=Fraction(2), low=Fraction(0), high=Fraction(1))


def test_value_objects_are_frozen():
    p = Parameter(name="p", default=Fraction(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.default = Fraction(2)  # type: ignore[misc]
    assert Attribute(name="war").default == 0


def test_matrix_cells_must_be_complete_and_row_major():
    actions = ((Action(label="U"), Action(label="D")), (Action(label="L"), Action(label="R")))
    cells = tuple(Cell(actions=(i, j)) for i in range(2) for j in range(2))
    spec = MatrixSpec(actions=actions, cells=cells)
    assert spec.shape == (2, 2) and spec.action_labels == (("U", "D"), ("L", "R"))
    with pytest.raises(ValueError, match="needs 4 cells"):
        MatrixSpec(actions=actions, cells=cells[:3])
    with pytest.raises(ValueError, match="row-major"):
        MatrixSpec(actions=actions, cells=(cells[1], cells[0], cells[2], cells[3]))


def test_tree_lookups():
    t = tree()
    assert t.node("us").player == 0 and t.successors("nature") == ("us", "end") and t.successors("end") == ()
    with pytest.raises(BerlinsimError, match="unknown node 'nature_'; did you mean 'nature'"):
        t.node("nature_")
    with pytest.raises(ValueError, match="unique"):
        ScenarioTree(root="a", nodes=(OutcomeNode(id="a"), OutcomeNode(id="a")))
    with pytest.raises(ValueError, match="root"):
        ScenarioTree(root="b", nodes=(OutcomeNode(id="a"),))


def test_scenario_helpers():
    s = scenario()
    assert s.kind == "tree" and s.shape is None and s.player_names == ("US",)
    assert s.parameter_names == ("p", "c_war") and s.attribute_names == ("war",)
    assert s.variant_names == ("acheson", "mid") and s.defaults() == {"p": Fraction(1, 2), "c_war": 100}
    assert s.parameter("c_war").default == 100 and s.attribute("war").high == 1
    assert s.variant("mid").between == ("acheson", "acheson", Fraction(1, 2))
    with pytest.raises(BerlinsimError, match="unknown parameter 'c_wr'; did you mean 'c_war'"):
        s.parameter("c_wr")
    with pytest.raises(BerlinsimError, match=r"unknown variant 'zzz' \(known: acheson, mid\)"):
        s.variant("zzz")
    with pytest.raises(BerlinsimError, match="unknown attribute 'peace'"):
        s.attribute("peace")


def test_variant_is_values_or_between():
    with pytest.raises(ValueError, match="both"):
        Variant(name="x", values=(("p", Fraction(1)),), between=("a", "b", Fraction(1, 2)))


def test_suggest():
    assert suggest("P_REASONABLE", ["p_reasonable"]) == "; did you mean 'p_reasonable'?"
    assert suggest("zzz", ["p_reasonable"]) == ""
