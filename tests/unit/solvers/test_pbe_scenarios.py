"""The shipped tree scenarios solved with pbe (reference answers of the domain notes, section 5).

05 (Khrushchev's type): spe lists every Nash equilibrium of the reduced normal form, including
"offer the generous deal now, supported by sweetening after a rejection that never happens";
pbe keeps only the separating equilibrium of the teaching note (state the program, hold after a
rejection; US 2.4), and with a weak framing stake (variant weak_framing) the generous offer now
(US 0.5). 08d (Bayesian chicken): the Soviet information set is always reached, so every Nash
equilibrium is perfect Bayesian: three at mu = 0.05, deterrence alone above mu = 0.1.
"""

from fractions import Fraction as F
from pathlib import Path

import pytest

from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.model import behavior as bh
from berlinsim.scenarios.build import build_game
from berlinsim.scenarios.values import resolve_values
from berlinsim.solvers.pbe import pbe_solve
from berlinsim.solvers.spe import spe_solve

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
TREES = [p for p in sorted(SCENARIOS.glob("*.yaml")) if "type: tree" in p.read_text()]


def built(name, variant=None, **values):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    return build_game(scenario, resolve_values(scenario, variant, {k: str(v) for k, v in values.items()}))


@pytest.mark.parametrize("path", TREES, ids=lambda p: p.stem)
def test_every_tree_scenario_solves_with_beliefs_everywhere(path):
    scenario = load_scenario(path)
    game = build_game(scenario, resolve_values(scenario, None, {})).game
    result = pbe_solve(game)
    assert result.equilibria and result.exact
    for eq in result.equilibria:
        assert bh.exact_regret(game, eq.exact_behavior) == 0
        assert [[b.infoset for b in player] for player in eq.beliefs] == [list(s) for s in game.player_infosets]
    assert all(result.details.sequential)


def test_khrushchev_type_keeps_only_the_credible_separating_equilibrium():
    b = built("05_khrushchev_type")
    game = b.game
    nash = spe_solve(game)
    assert len(nash.equilibria) == 2          # one of them offers G now on the strength of sweetening later
    (eq,) = pbe_solve(game).equilibria
    assert eq.exact_payoffs[0] == F(12, 5)    # US 2.4 (teaching note)
    offer, after_rejection, after_nothing = (eq.exact_behavior[0][j] for j in range(3))
    assert offer == (1, 0, 0) and after_rejection == (1, 0)          # state R; hold after a rejection
    # after a rejection the US knows it faces the hardliner; after its own silence (off the path) the prior stays
    beliefs = {game.infosets[bel.infoset].label: bel for bel in eq.beliefs[0]}
    assert beliefs["after_rejection"].source == "path" and beliefs["after_rejection"].exact_belief == (0, 1)
    assert beliefs["after_nothing"].source == "plan"
    assert beliefs["after_nothing"].exact_belief == (F(1, 5), F(4, 5))


def test_khrushchev_type_weak_framing_offers_the_generous_deal_now():
    result = pbe_solve(built("05_khrushchev_type", "weak_framing").game)
    assert {eq.exact_payoffs[0] for eq in result.equilibria} == {F(1, 2)}


def test_bayesian_chicken_every_nash_equilibrium_is_perfect_bayesian():
    game = built("08d_berlin_chicken_bayesian").game
    pbe, nash = pbe_solve(game), spe_solve(game)
    assert pbe.complete and len(pbe.equilibria) == 3
    assert {eq.exact_behavior for eq in pbe.equilibria} == {eq.exact_behavior for eq in nash.equilibria}
    (deterrence,) = pbe_solve(built("08d_berlin_chicken_bayesian", mu="1/5").game).equilibria
    assert deterrence.exact_behavior[1] == ((1, 0),)   # the USSR backs down
