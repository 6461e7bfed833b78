"""The grammar of claims' conditions: what reads, what does not and where it says so."""

from __future__ import annotations

from fractions import Fraction

import pytest

from berlinsim.io.claim_grammar import ConditionError, Names, check_names, parse_condition
from berlinsim.model.claim import At, BinOp, Comparison, Neg, Num, Play, PlayCondition, Quantity, Slope

NAMES = Names(actions={"US": frozenset({"Firm", "Yield"}), "USSR": frozenset({"Back", "Press"})},
              attributes=frozenset({"war"}), parameters=frozenset({"c_war"}), variants=frozenset({"ordinal"}))


@pytest.mark.parametrize("quantifier", ["unique", "some", "every", "no"])
def test_play_conditions_read_each_quantifier(quantifier):
    text = f"the {quantifier} equilibrium has US Firm, USSR mixes Back and Press"
    assert parse_condition(text) == PlayCondition(quantifier=quantifier, plays=(
        Play(player="US", actions=("Firm",)), Play(player="USSR", actions=("Back", "Press"))))


def test_comparisons_keep_precedence_and_exact_numbers():
    c = parse_condition("some: 1 - 2 * E(war) @ ordinal >= -0.25")
    assert isinstance(c, Comparison) and c.some and c.op == ">="
    assert c.left == BinOp(op="-", left=Num(value=Fraction(1)),
                           right=BinOp(op="*", left=Num(value=Fraction(2)),
                                       right=At(operand=Quantity(kind="E", name="war"), variant="ordinal")))
    assert c.right == Neg(operand=Num(value=Fraction(1, 4)))


def test_quantities_of_every_kind():
    c = parse_condition('slope(payoff(US | US Firm), c_war) + prob(USSR, Press) + P("war") + count ~= 0')
    terms = []
    node = c.left
    while isinstance(node, BinOp):
        terms.append(node.right)
        node = node.left
    terms.append(node)
    assert terms[-1] == Slope(operand=Quantity(kind="payoff", player="US", given="Firm"), parameter="c_war")
    assert Quantity(kind="prob", player="USSR", name="Press") in terms
    assert Quantity(kind="P", name="war") in terms and Quantity(kind="count") in terms


@pytest.mark.parametrize("text, column", [
    ("E(war) >> 0", 9),             # an operator where a term belongs
    ("E(war) 0", 8),                # no comparison
    ("payoff(US | USSR Back) > 0", 13),  # a forced move of another player
    ("war > 0", 1),                 # not a quantity
    ("E(war) > 0 $", 12),           # a stray character
    ("the unique equilibrium has US", 28),  # a move without an action
])
def test_syntax_errors_say_where(text, column):
    with pytest.raises(ConditionError) as caught:
        parse_condition(text)
    assert caught.value.offset + 1 == column, str(caught.value)


@pytest.mark.parametrize("text, word", [
    ("the unique equilibrium has UK Firm", "UK"),
    ("some equilibrium has US Back", "Back"),
    ("E(peace) > 0", "peace"),
    ("E(war) @ cardinal > 0", "cardinal"),
    ("slope(E(war), w) < 0", "w"),
])
def test_unknown_names_are_located(text, word):
    with pytest.raises(ConditionError) as caught:
        check_names(text, parse_condition(text), NAMES)
    assert f"'{word}'" in str(caught.value)
    assert text[caught.value.offset:].startswith(word)
