"""What pins each equilibrium strategy down: the equations shown are real, the values are the equilibrium's.

Checked on scenario 06 (two dangers) across its regimes, on the tutorial's threshold case, on
Berlin chicken, on games of three players and on random small games with ties (hypothesis):
the equations shown are never identities, the derived values are the equilibrium's strategies,
and a stated free range holds the equilibrium's value, ends (exactly) in equilibria, and is
tight: a little beyond either end is no equilibrium.
"""

from __future__ import annotations

import re
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlinsim.analysis.derivation import derive, derive_run
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.profile import exact_regret
from berlinsim.reports import _explain_blocks as eb
from berlinsim.reports.explain_text import render_explanation
from berlinsim.scenarios.run import run_scenario
from berlinsim.solvers.auto import auto_solve
from berlinsim.solvers.enummixed import enummixed_solve

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
# docs/tutorial.md, step 9: my_plan.yaml (the template with the formulas option of step 7) at its
# threshold c_initiative = 3; rows program, wait, formulas; columns talk, press.
TUTORIAL = NormalFormGame.from_bimatrix(
    [[2, -1], [2, -2], [F(3, 2), F(-3, 2)]], [[0, -2], [F(1, 2), 2], [F(3, 2), 2]], players=("US", "USSR"),
    actions=(("program", "wait", "formulas"), ("talk", "press")), title="tutorial at c_initiative = 3")


def two_dangers(c_commit):
    run = run_scenario(load_scenario(SCENARIOS / "06_two_dangers.yaml"), overrides={"c_commit": c_commit})
    return run, derive_run(run)


def full(game, m, point):
    """The mixer's whole strategy from a point over its unknowns (0 elsewhere)."""
    k = game.players.index(m.mixer)
    values = dict(zip(m.actions, point))
    return k, tuple(values.get(a, F(0)) for a in game.actions[k])


def with_strategy(game, eq, m, point):
    k, mine = full(game, m, point)
    return tuple(mine if j == k else s for j, s in enumerate(eq.exact_strategies))


def is_equilibrium(game, profile):
    return all(p >= 0 for s in profile for p in s) and exact_regret(game, profile) == 0


def check(game, eq, m):
    """Every property a derivation of one player's strategy must have (exact games)."""
    k, mine = full(game, m, m.strategy)
    assert mine == eq.exact_strategies[k]  # the strategy shown is the equilibrium's, and it uses only the unknowns
    assert m.status in ("pinned", "free")
    for e in m.equations:  # an equation shown is never an identity
        assert any(c != 0 for c in e.coefficients)
        assert sum(c * p for c, p in zip(e.coefficients, m.strategy)) == 0
    for player, a, b in m.identities:
        i = next(x for x in m.incentives if x.player == player)
        assert i.used_rows[i.used.index(a)] == i.used_rows[i.used.index(b)]
    for b in m.bounds:
        assert sum(c * p for c, p in zip(b.coefficients, m.strategy)) >= 0
    if m.status == "pinned":
        assert tuple(a[0] for a in m.affine) == m.strategy and not m.free and not m.vertices
        return
    assert m.vertices
    for v in m.vertices:  # every end (corner) of the set, with the others' strategies, is an equilibrium
        assert is_equilibrium(game, with_strategy(game, eq, m, v.point))
    for c, (lo, hi) in enumerate(m.ranges):
        assert lo <= m.strategy[c] <= hi
    if len(m.free) == 1:
        f = m.free[0]
        lo, hi = m.interval
        assert (lo, hi) == (m.vertices[0].point[f], m.vertices[-1].point[f]) and lo <= m.strategy[f] <= hi
        at = lambda t: tuple(a[0] + a[1][0] * t for a in m.affine)  # noqa: E731
        assert is_equilibrium(game, with_strategy(game, eq, m, at((lo + hi) / 2)))
        assert at(m.strategy[f]) == m.strategy
        for t in (lo - F(1, 1000), hi + F(1, 1000)):  # the range is tight
            assert not is_equilibrium(game, with_strategy(game, eq, m, at(t)))
        for b in m.bounds:
            assert b.op in (">=", "<=", "always")
            if b.op == ">=":
                assert lo >= b.value
            elif b.op == "<=":
                assert hi <= b.value


def check_equations_shown(d):
    """In the blocks: no equation row is an identity, no zero term is written."""
    for block in eb.build(d):
        if not isinstance(block, eb.Math):
            continue
        for label, text in block.rows:
            assert re.search(r"(?<![\d./])0[a-z]", text) is None, text
            if "=>" in text or " = " not in text or label:
                continue
            left, right = text.split(" = ")
            assert any(evaluate(left, point) != evaluate(right, point) for point in (F(1, 3), F(2, 7))), text


def evaluate(expression, value):
    """One side of an equation shown (implicit products, fractions in parentheses), each variable at its own value."""
    def at(match):
        n = sum(ord(c) * 31 ** i for i, c in enumerate(match.group(0)))
        x = value ** 2 * (n % 97 + 1) + value * (n % 89) + F(n % 83, 101)
        return f"(F({x.numerator}, {x.denominator}))"
    python = re.sub(r"[a-z]\d*", at, expression)
    python = re.sub(r"(\d+\.\d+|\d+)/(\d+)", r"F('\1') / F('\2')", python)
    python = re.sub(r"(?<![\w'.])(\d+\.\d+)", r"F('\1')", python)
    python = re.sub(r"([\d')])\s*\(", r"\1*(", python)
    return eval(python, {"F": F})  # our own output, in a test


def check_all(game, result):
    d = derive(game, result)
    for view, eq in zip(d.equilibria, result.equilibria):
        assert len(view.mixes) == game.num_players
        for m in view.mixes:
            check(game, eq, m)
    check_equations_shown(d)
    return d


# ----------------------------------------------------------------------------- scenario 06
def test_06_at_c_commit_2_the_us_mix_is_free_and_the_ussr_hold_is_pinned_by_the_us_indifference():
    run, d = two_dangers(2)
    second, first = d.equilibria  # the canonical order lists the mix (S 1/3, P 2/3) before the pure (P, H)
    us, ussr = second.mixes
    assert (us.status, us.actions, us.equations, us.interval) == ("free", ("S", "P"), (), (0, F(1, 3)))
    assert [(b.action, b.op, b.value) for b in us.bounds if b.kind == "unused"] == [("PO", "<=", F(1, 3))]
    assert [v.equilibrium for v in us.vertices] == [2, 1]
    assert (ussr.status, ussr.actions, [a[0] for a in ussr.affine]) == ("pinned", ("PO", "H"), [0, 1])
    (equation,) = ussr.equations
    assert (equation.player, equation.left, equation.right, equation.coefficients) == ("US", "S", "P", (6, 0))
    assert first.mixes[0].vertices == us.vertices and first.mixes[1].actions == ("H",)
    text = " ".join(render_explanation(d).split())
    assert "0q1" not in text and "q1 = 1" not in text
    assert "-4q = 2q => q = 0, 1 - q = 1" in text
    assert "So p is free: every p in [0, 1/3] keeps H a best response for USSR" in text
    assert "US: the same conditions as in equilibrium 1 (every p in [0, 1/3] works); here p = 0." in text
    for view, eq in zip(d.equilibria, run.result.equilibria):
        for m in view.mixes:
            check(run.game, eq, m)
    check_equations_shown(d)


@pytest.mark.parametrize("c_commit, pinned", [(3, True), (5, True)])
def test_06_inside_its_mixed_regimes_every_mix_is_pinned(c_commit, pinned):
    run, d = two_dangers(c_commit)
    (view,) = d.equilibria
    assert [m.status for m in view.mixes] == ["pinned", "pinned"]
    for m, eq in zip(view.mixes, [run.result.equilibria[0]] * 2):
        check(run.game, eq, m)
        assert len(m.equations) == 1 and tuple(a[0] for a in m.affine) == m.strategy


def test_06_at_c_commit_4_both_mixed_equilibria_are_the_ends_of_one_segment():
    run, d = two_dangers(4)
    one, two = d.equilibria
    us = one.mixes[0]
    assert us.actions == ("S", "Fm", "P") and us.free == (0,) and us.interval == (0, F(1, 3))
    assert [(v.point, v.equilibrium) for v in us.vertices] == [((0, F(2, 3), F(1, 3)), 2), ((F(1, 3), 0, F(2, 3)), 1)]
    assert [m.status for m in two.mixes] == ["free", "pinned"]
    for view, eq in zip(d.equilibria, run.result.equilibria):
        for m in view.mixes:
            check(run.game, eq, m)
    text = " ".join(render_explanation(d).split())
    assert "=> p2 = 2/3 - 2p1, p3 = 1/3 + p1 No equation fixes p1; the inequalities bound it" in text
    assert "At p1 = 0 (equilibrium 2) US drops S. At p1 = 1/3 (equilibrium 1) US drops Fm." in text


def test_06_at_c_commit_6_formulas_against_the_peace_offensive_is_one_end_of_a_segment():
    run, d = two_dangers(6)
    trap, mixed = d.equilibria  # the canonical order lists the pure trap (Fm, PO) first
    us, ussr = mixed.mixes
    assert us.interval == (F(2, 3), 1) and [v.equilibrium for v in us.vertices] == [2, 1]
    assert ussr.status == "pinned" and ussr.equations[0].coefficients == (0, -3)
    for view, eq in zip(d.equilibria, run.result.equilibria):
        for m in view.mixes:
            check(run.game, eq, m)


def test_tutorial_threshold_derives_the_us_mix_3_7_as_the_end_of_its_range():
    result = enummixed_solve(TUTORIAL)
    d = check_all(TUTORIAL, result)
    mixed = next(e for e in d.equilibria if e.kind == "mixed")
    us, ussr = mixed.mixes
    assert us.strategy == (F(3, 7), F(4, 7)) and us.interval == (F(3, 7), 1)
    (press,) = [b for b in us.bounds if b.kind == "unused"]
    assert (press.player, press.used, press.action, press.op, press.value) == ("USSR", "talk", "press", ">=", F(3, 7))
    assert ussr.status == "pinned" and tuple(a[0] for a in ussr.affine) == (1, 0)
    text = " ".join(render_explanation(d).split())
    assert "2q1 = 2q1" not in text
    assert "USSR talk vs press 0.5 - 0.5p >= 2 - 4p => p >= 3/7 => 3/7 <= p <= 1" in text
    assert "At p = 3/7 (equilibrium" in text and "USSR is indifferent between talk and press too" in text
    assert "-1 + 3q = -2 + 4q => q = 1, 1 - q = 0" in text


def test_berlin_chicken_mixed_equilibrium_is_pinned_from_both_sides():
    run = run_scenario(load_scenario(SCENARIOS / "08_berlin_chicken.yaml"))
    d = derive_run(run)
    for view, eq in zip(d.equilibria, run.result.equilibria):
        for m in view.mixes:
            check(run.game, eq, m)
        if view.kind == "pure":
            assert all(m.status == "pinned" and len(m.actions) == 1 for m in view.mixes)
        else:
            assert [(m.mixer, m.status, len(m.equations)) for m in view.mixes] == [("US", "pinned", 1),
                                                                                  ("USSR", "pinned", 1)]
    check_equations_shown(d)


def test_a_polygon_of_mixes_is_listed_by_its_corners():
    # the column player holds L whatever the row player does, and the rows tie against L
    game = NormalFormGame.from_bimatrix([[1, 0], [1, 2], [1, 1]], [[1, 0], [1, 0], [1, 0]], players=("R", "C"),
                                        actions=(("a", "b", "c"), ("L", "M")))
    result = enummixed_solve(game)
    d = check_all(game, result)
    row = d.equilibria[0].mixes[0]
    assert row.status == "free" and len(row.free) == 2 and len(row.vertices) == 3
    assert {v.point for v in row.vertices} == {(1, 0, 0), (0, 1, 0), (0, 0, 1)}
    assert "form a polygon with these corners" in " ".join(render_explanation(d).split())


def test_three_players_derive_each_strategy_with_the_others_held():
    # matching pennies between A and B; C prefers y whatever they do
    u1 = [[[1, 1], [-1, -1]], [[-1, -1], [1, 1]]]
    u2 = [[[-1, -1], [1, 1]], [[1, 1], [-1, -1]]]
    u3 = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]]
    game = NormalFormGame.from_payoffs([u1, u2, u3], players=("A", "B", "C"), actions=(("H", "T"), ("H", "T"), ("x", "y")))
    result = auto_solve(game)
    d = check_all(game, result)
    a, b, c = d.equilibria[0].mixes
    assert (a.status, b.status, c.status) == ("pinned", "pinned", "pinned")
    assert c.actions == ("y",) and tuple(x[0] for x in a.affine) == (F(1, 2), F(1, 2))
    assert [i.player for i in a.incentives] == ["B", "C"] and [e.player for e in a.equations] == ["B"]
    # the text shows the support's own (polynomial) indifference equations instead, found by enumpoly
    text = " ".join(render_explanation(d).split())
    assert "Support enumeration: the indifference equations" in text and "Support A {H, T}; B {H, T}; C {y}" in text


# ----------------------------------------------------------------------------- properties
small = st.integers(-2, 2)  # few values: ties (degenerate games) are common


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_random_small_games_with_ties_are_derived_honestly(rows, cols, data):
    a = [[data.draw(small) for _ in range(cols)] for _ in range(rows)]
    b = [[data.draw(small) for _ in range(cols)] for _ in range(rows)]
    game = NormalFormGame.from_bimatrix(a, b)
    check_all(game, enummixed_solve(game))
