"""The reduced normal form at its limits: deep trees, early refusal, exact payoffs at any magnitude."""

from fractions import Fraction as F
from itertools import product

import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.errors import GameError
from berlinsim.limits import DEFAULT
from berlinsim.model import behavior as bh
from berlinsim.model import reduced_normal_form as rnf
from berlinsim.model.extensive import DECISION, TERMINAL, ExtensiveGame, NodeRecord, chance, decision, terminal


def chain(depth: int, players: int = 1) -> ExtensiveGame:
    """Players take turns to stop (payoff: the move number, to the mover) or go on."""
    records = []
    for k in range(depth):
        records.append(NodeRecord(kind=DECISION, player=k % players, infoset=k, actions=("stop", "go")))
        records.append(NodeRecord(kind=TERMINAL, payoffs=tuple(k if p == k % players else 0 for p in range(players))))
    records.append(NodeRecord(kind=TERMINAL, payoffs=(depth,) * players))
    return ExtensiveGame.from_records(players=[f"P{p}" for p in range(players)], records=records)


def test_a_chain_far_deeper_than_python_recursion_is_built():
    nf, smap = rnf.to_reduced_normal_form(chain(1050))  # the recursive enumeration stopped at 1000 levels
    assert nf.shape == (1051,)
    # reduced strategy "go k times, then stop" pays k; "always go" pays 1050
    assert sorted(int(x) for x in nf.exact_payoffs[0]) == list(range(1051))
    assert all(sum(1 for a in s if a >= 0) == min(s.count(1) + 1, 1050) for s in smap.choices[0])


def test_too_many_cells_are_refused_before_any_strategy_is_built(monkeypatch):
    class NoProduct:
        @staticmethod
        def product(*args, **kwargs):
            raise AssertionError("a strategy was built")

    monkeypatch.setattr(rnf, "itertools", NoProduct)
    with pytest.raises(GameError, match=r"would have shape 1001x1001, 1,002,001 cells; expected at most "
                                        r"1,000,000 cells \(limit max_cells, see docs/limits.md\)"):
        rnf.to_reduced_normal_form(chain(2000, players=2))


def test_strategies_and_tables_are_limited():
    game = chain(30, players=2)
    with pytest.raises(GameError, match=r"player 'P0' has 16 reduced strategies; expected at most 15 strategies per "
                                        r"player \(limit max_strategies"):
        rnf.to_reduced_normal_form(game, limits=DEFAULT.raised(max_strategies=15))
    with pytest.raises(GameError, match=r"needs a 496-entry table for player 'P0' \(16 strategies\); expected at "
                                        r"most 495 entries \(limit max_incidence_entries"):
        rnf.to_reduced_normal_form(game, limits=DEFAULT.raised(max_incidence_entries=495))
    assert rnf.to_reduced_normal_form(game)[0].shape == (16, 16)


@st.composite
def trees(draw, depth=3):
    """Small random trees of two players with chance, some information sets shared, huge or tiny payoffs."""
    scale = draw(st.sampled_from([1, 10**15, F(1, 10**12)]))

    def node(d):
        kind = draw(st.sampled_from(["t", "p", "c"])) if d > 0 else "t"
        if kind == "t":
            return terminal(*(scale * draw(st.integers(-9, 9)) for _ in range(2)))
        if kind == "c":
            return chance({"h": ("1/3", node(d - 1)), "t": ("2/3", node(d - 1))})
        player = draw(st.sampled_from(["A", "B"]))
        return decision(player, {a: node(d - 1) for a in ("x", "y")})

    return ExtensiveGame.from_tree(decision("A", {"l": node(depth), "r": node(depth)}), players=("A", "B"))


@settings(max_examples=40, deadline=None)
@given(trees())
def test_exact_payoffs_equal_the_pure_profiles_at_any_magnitude(game):
    nf, smap = rnf.to_reduced_normal_form(game)
    for cells in product(*[range(n) for n in nf.shape]):
        profile = tuple(tuple(tuple(int(a == max(c, 0)) for a in range(game.infosets[h].num_actions))
                              for h, c in zip(game.player_infosets[p], smap.choices[p][cells[p]]))
                        for p in range(game.num_players))
        assert tuple(nf.exact_payoffs[(slice(None), *cells)]) == bh.exact_expected_payoffs(game, profile)
