"""The ``claims`` section of a scenario file: read into values, problems reported as file:line:col: field."""

from __future__ import annotations

from fractions import Fraction

import pytest

from berlinsim.errors import InputErrors
from berlinsim.io.scenario_yaml import parse_scenario

GAME = """\
berlinsim: 1
id: toy
title: A toy
source: {document: memo, paragraphs: [1]}
parameters:
  c: {default: 1, range: [0, 3]}
attributes:
  go: {range: [0, 1]}
players:
  A: {payoff: go * (2 - c) + (1 - go) / 2}
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


def test_a_claims_section_is_read():
    s = parse_scenario(GAME + """\
claims:
  prior: {spread: 0.25, draws: 50, seed: 3, fixed: [c]}
  margins: [c]
  statements:
    - id: goes
      says: A goes while c is cheap.
      holds: the unique equilibrium has A go
    - id: stays
      says: Dear, A stays.
      variant: dear
      set: {c: 5/2}
      given: [c]
      holds: payoff(A) = 1/2
      in: README.md
""", path="toy.yaml")
    prior, (goes, stays) = s.claims.prior, s.claims.claims
    assert (prior.spread, prior.draws, prior.seed, prior.fixed) == (Fraction(1, 4), 50, 3, ("c",))
    assert s.claims.margins == ("c",)
    assert goes.id == "goes" and goes.variant is None and goes.values == ()
    assert (stays.variant, stays.values, stays.given, stays.where) == ("dear", (("c", Fraction(5, 2)),), ("c",),
                                                                        "README.md")


def test_a_scenario_without_claims_has_none():
    assert parse_scenario(GAME, path="toy.yaml").claims.claims == ()


def _errors(section: str) -> list[str]:
    with pytest.raises(InputErrors) as caught:
        parse_scenario(GAME + section, path="toy.yaml")
    return [str(e) for e in caught.value.errors]


def test_every_problem_is_located():
    errors = _errors("""\
claims:
  prior: {spread: 2, draws: 0}
  statements:
    - id: Goes
      says: x
      holds: the unique equilibrium has A run
    - id: b
      says: y
      variant: cheap
      holds: E(go) > > 0
    - id: b
      says: z
      holds: E(go) > 0
      set: {d: 1}
    - {id: c, says: w}
""")
    lines = GAME.count("\n")
    expected = [
        f"toy.yaml:{lines + 2}:19: claims.prior.spread: bad spread",
        f"toy.yaml:{lines + 2}:29: claims.prior.draws: bad draws",
        f"toy.yaml:{lines + 4}:11: claims.statements[0].id: bad claim id",
        f"toy.yaml:{lines + 6}:43: claims.statements[0].holds: unknown action of A 'run'",
        f"toy.yaml:{lines + 9}:16: claims.statements[1].variant: unknown variant 'cheap'",
        f"toy.yaml:{lines + 10}:22: claims.statements[1].holds: unexpected '>'",
        f"toy.yaml:{lines + 14}:13: claims.statements[2].set.d: unknown parameter 'd'",
        f"toy.yaml:{lines + 15}:7: claims.statements[3]: missing required key 'holds' of a claim",
    ]
    for want in expected:
        assert any(e.startswith(want) for e in errors), (want, errors)
