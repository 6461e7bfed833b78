"""Claims evaluated on tiny games with known answers; the verdict rule; the prior's share."""

from __future__ import annotations

from fractions import Fraction

import pytest

from berlinsim.analysis.claims import Point, evaluate
from berlinsim.analysis.claims_check import Margin, check_claims, prior_points, verdict
from berlinsim.io.claim_grammar import parse_condition
from berlinsim.io.scenario_yaml import parse_scenario
from berlinsim.model.claim import Claim, Prior

# A goes (2 - c) or stays (1/2): goes for c < 3/2, stays above; B has nothing to choose.
TOY = """\
berlinsim: 1
id: toy
title: A toy
source: {document: memo, paragraphs: [1]}
parameters:
  c: {default: 1, range: [0, 3]}
  k: {default: 1, range: [0, 2]}
attributes:
  go: {range: [0, 1]}
players:
  A: {payoff: go * (2 - c) + (1 - go) / 2 + 0 * k}
  B: {payoff: 0}
game:
  type: matrix
  actions: {A: [go, stay], B: [x]}
  cells:
    - {actions: [go, x], attributes: {go: 1}}
    - {actions: [stay, x]}
variants:
  dear: {set: {c: 2}}
"""

# Cardinal Chicken (w = 10, l = 10, c_war = 100): three equilibria, the mixed one firm with 1/10.
CHICKEN = """\
berlinsim: 1
id: chicken
title: Chicken
source: {document: memo, paragraphs: [8]}
parameters:
  c_war: {default: 100, range: [20, 1000]}
attributes:
  war: {range: [0, 1]}
  win: {range: [-1, 1]}
players:
  US: {payoff: 10 * win - c_war * war}
  USSR: {payoff: -10 * win - c_war * war}
game:
  type: matrix
  actions: {US: [Yield, Firm], USSR: [Back, Press]}
  cells:
    - {actions: [Yield, Back]}
    - {actions: [Yield, Press], attributes: {win: -1}}
    - {actions: [Firm, Back], attributes: {win: 1}}
    - {actions: [Firm, Press], attributes: {war: 1}}
"""

# A moves first (in or out); after in, B fights (-1 each) or accommodates (A 2, B 1); out gives (0, 2).
ENTRY = """\
berlinsim: 1
id: entry
title: Entry
source: {document: memo, paragraphs: [4]}
parameters:
  gain: {default: 2, range: [-5, 5]}
players:
  A: {payoff: a}
  B: {payoff: b}
attributes:
  a: {range: [-5, 5]}
  b: {range: [-5, 5]}
game:
  type: tree
  root: start
  nodes:
    start: {player: A, actions: {in: {next: answer}, out: {next: stay_out}}}
    answer: {player: B, actions: {fight: {next: war}, accommodate: {next: peace}}}
    war: {outcome: {label: war, attributes: {a: -1, b: -1}}}
    peace: {outcome: {label: peace, attributes: {a: gain, b: 1}}}
    stay_out: {outcome: {label: out, attributes: {a: 0, b: 2}}}
"""


def claim(text, **settings):
    return Claim(id="c", statement="s", text=text, condition=parse_condition(text), **settings)


@pytest.fixture(scope="module")
def toy():
    return parse_scenario(TOY, path="toy.yaml")


@pytest.fixture(scope="module")
def chicken():
    return parse_scenario(CHICKEN, path="chicken.yaml")


@pytest.fixture(scope="module")
def entry():
    return parse_scenario(ENTRY, path="entry.yaml")


@pytest.mark.parametrize("text, holds", [
    ("the unique equilibrium has US Firm, USSR Back", False),
    ("some equilibrium has US Firm, USSR Back", True),
    ("some equilibrium has US mixes Yield and Firm, USSR mixes Back and Press", True),
    ("every equilibrium has US Firm", False),
    ("no equilibrium has US Firm, USSR Press", True),
    ("count = 3", True),
    ("some: prob(US, Firm) = 1/10", True),
    ("some: E(war) = 1/100", True),
    ("some: payoff(US) = -1", True),
    ("payoff(US) >= -10", True),  # every equilibrium: 10, -1, -10
    ("payoff(US) > -10", False),
])
def test_chicken_conditions(chicken, text, holds):
    assert evaluate(chicken, claim(text)).holds is holds


def test_a_variant_and_set_values_are_the_claims_settings(toy):
    assert evaluate(toy, claim("the unique equilibrium has A stay", variant="dear")).holds
    assert evaluate(toy, claim("the unique equilibrium has A go", values=(("c", Fraction(1, 2)),),
                               variant="dear")).holds
    # the same point, read at another variant: 1 (go at c = 1) against 1/2 (stay at c = 2)
    assert evaluate(toy, claim("payoff(A) - payoff(A) @ dear = 1/2")).holds


def test_forced_moves_and_slopes_in_a_tree(entry):
    # B accommodates (1 > -1); A enters (gain 2 > 0)
    assert evaluate(entry, claim("the unique equilibrium has A in, B accommodate")).holds
    assert evaluate(entry, claim("payoff(A | A out) = 0")).holds
    assert evaluate(entry, claim("payoff(B | B fight) = -1")).holds
    assert evaluate(entry, claim("slope(payoff(A | A in) - payoff(A | A out), gain) = 1")).holds
    # at gain -1 A stays out: its payoff no longer moves with gain
    out = Point(shift=(("gain", Fraction(-3)),))
    assert evaluate(entry, claim("the unique equilibrium has A out"), out).holds
    assert evaluate(entry, claim("slope(payoff(A), gain) = 0"), out).holds
    assert evaluate(entry, claim('P("out") = 1'), out).holds


def test_approximately_equal_is_about_three_digits(toy):
    assert evaluate(toy, claim("payoff(A) ~= 1.004")).holds
    assert not evaluate(toy, claim("payoff(A) ~= 1.01")).holds


def test_a_claim_that_fails_says_why(chicken):
    result = evaluate(chicken, claim("the unique equilibrium has US Firm, USSR Back"))
    assert not result.holds and "3 equilibrium outcome(s)" in result.why


@pytest.mark.parametrize("share, turn, given, expected", [
    (1.0, None, (), "robust"),
    (0.89, None, (), "fragile"),
    (1.0, Fraction(105, 100), (), "fragile"),  # turns 5% away
    (1.0, Fraction(105, 100), ("c",), "robust"),  # ... but the claim is about that side of c
    (1.0, Fraction(115, 100), (), "robust"),
])
def test_the_verdict_rule(share, turn, given, expected):
    margin = Margin(parameter="c", value=Fraction(1), low=Fraction(1, 2), high=Fraction(3, 2),
                    threshold=None if turn is None else float(turn), turn=None if turn is None else float(turn))
    assert verdict(True, share, (margin,), given) == expected
    assert verdict(False, share, (margin,), given) == "false"


def test_check_finds_the_exact_turn_and_the_share(toy):
    # A goes for c < 3/2: at c = 1 the claim turns 50% away; a ±50% prior keeps c in [1/2, 3/2]
    s = parse_scenario(TOY + """\
claims:
  prior: {draws: 300, seed: 7}
  statements:
    - {id: goes, says: A goes, holds: the unique equilibrium has A go}
    - {id: dear, says: A stays when dear, variant: dear, given: [c], holds: the unique equilibrium has A stay}
    - {id: value, says: A gets 1, holds: payoff(A) = 1}
    - {id: wrong, says: A stays, holds: the unique equilibrium has A stay}
""", path="toy.yaml")
    goes, dear, value, wrong = check_claims(s)
    (margin,) = [m for m in goes.margins if m.parameter == "c"]
    assert margin.threshold == 1.5 and margin.turn == 1.5  # a tie at 3/2, the end of the prior's interval
    assert goes.share == 1.0 and goes.verdict == "robust"
    assert dear.share == 1.0 and dear.verdict == "robust"  # c held at 2
    assert value.verdict == "robust" and value.draws == 0  # a value claim: reproduced, no prior
    assert wrong.verdict == "false"


def test_prior_points_stay_in_the_spread_and_depend_only_on_the_seed(toy):
    prior = Prior(spread=Fraction(1, 4), draws=50, seed=11, fixed=("k",))
    points = prior_points(toy, prior)
    assert points == prior_points(toy, prior)
    for p in points:
        factors = dict(p.factors)
        assert set(factors) == {"c"} and Fraction(3, 4) <= factors["c"] <= Fraction(5, 4)
