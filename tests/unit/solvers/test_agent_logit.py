"""The agent-form logit homotopy: its Jacobian is the derivative of its ``H``."""

from fractions import Fraction as F

import numpy as np

from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.solvers._agent_logit import AgentLogitSystem


def test_jacobian_matches_finite_differences():
    g = chance({"a": (F(1, 3), decision("1", {"x": decision("2", {"l": terminal(3, 1), "r": terminal(0, 2)}, infoset="I"),
                                              "y": terminal(1, 1)}, infoset="J")),
                "b": (F(2, 3), decision("1", {"x": decision("2", {"l": terminal(-1, 0), "r": terminal(2, -2)}, infoset="I"),
                                              "y": terminal(0, 3)}, infoset="K"))})
    game = ExtensiveGame.from_tree(g, players=("1", "2"))
    system = AgentLogitSystem(game, game.payoffs)
    rng = np.random.default_rng(0)
    x = np.append(np.log(rng.uniform(0.2, 0.8, game.num_actions)), 1.7)
    jac = system.jacobian(x).copy()
    eps = 1e-6
    for k in range(len(x)):
        step = np.zeros_like(x)
        step[k] = eps
        numeric = (system.h(x + step) - system.h(x - step)) / (2 * eps)
        np.testing.assert_allclose(jac[:, k], numeric, atol=1e-7)
