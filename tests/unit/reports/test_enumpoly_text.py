"""Support enumeration in words: completeness, skipped and solved supports, unresolved ones and why."""

from fractions import Fraction as F

import numpy as np

from berlinsim.model.enumeration import AlgebraicProfile
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.blocks import to_markdown, to_text
from berlinsim.reports.enumpoly_text import enumpoly_blocks, polynomial_text, support_text
from berlinsim.reports.text import format_result
from berlinsim.solvers.enummixed import enummixed_solve
from berlinsim.solvers.enumpoly import enumpoly_solve


def flat(text: str) -> str:
    return " ".join(text.split())


def test_polynomial_text() -> None:
    assert polynomial_text((12399, -8986, 552)) == "552t^2 - 8986t + 12399"
    assert polynomial_text((0, F(-1, 3), 0, 1), "x") == "x^3 - (1/3)x"


def test_complete_nondegenerate_game() -> None:
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    r = enumpoly_solve(bos)
    text = flat(to_text(enumpoly_blocks(r)))
    assert "The list is complete: the game has exactly these 3 equilibria." in text
    d = r.details
    assert f"Of the {d.supports} support profiles" in text and f"{d.pruned} were skipped" in text
    assert f"{d.solved} had their indifference equations solved exactly" in text
    assert enumpoly_blocks(enummixed_solve(bos)) == []


def test_unresolved_supports_named_with_their_reason() -> None:
    # players 1 and 2 coordinate; player 3's payoff is constant: whenever 1 and 2 are pure, 3 mixes freely
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[0, 0, 0, :], u[0, 1, 1, :] = 1, 1
    u[1, 0, 0, :], u[1, 1, 1, :] = 1, 1
    game = NormalFormGame.from_payoffs(u, players=("US", "UK", "France"), actions=(("a", "b"), ("c", "d"), ("e", "f")))
    r = enumpoly_solve(game)
    assert not r.complete
    text = flat(to_text(enumpoly_blocks(r)))
    assert "The list is not complete:" in text
    for report in r.details.infinite:  # every support with infinitely many solutions is named, with its reason
        assert support_text(game, report.support) in text
        assert flat(report.reason) in text  # why, once per reason
    assert text.count("US {a}; UK {c}; France {e, f}") == 1
    assert "US {a}; UK {c}; France {e, f}" in text
    md = to_markdown(enumpoly_blocks(r))
    assert "| # | support | what is known |" in md


def test_irrational_equilibrium_certificate_is_its_own() -> None:
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for i in range(3):
        u[i, 0, 0, 0], u[i, 1, 1, 1] = 2, 1
    r = enumpoly_solve(NormalFormGame.from_payoffs(u))
    text = flat(format_result(r))
    (k, cert), = [(k, c) for k, c in enumerate(r.details.certificates, 1) if c is not None]
    assert isinstance(cert, AlgebraicProfile)
    lo, hi = cert.interval
    assert f"Equilibrium {k}: t is the root of {polynomial_text(cert.eliminant)} in ({lo}, {hi})" in text
    # the equilibrium shown with number k has the probabilities this certificate determines
    assert np.allclose(r.equilibria[k - 1].strategies, cert.approximate())
    assert "Support enumeration" in text and "Details:" not in text



def test_a_three_player_tree_solved_by_enumpoly_names_its_supports_by_plans() -> None:
    """Selten's horse goes to enumpoly through its reduced normal form; the report names the supports
    it could not decide by that table's plans (it raised AttributeError on the tree, which has no
    ``actions``), and the notes say the tree was solved as a table."""
    from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    from berlinsim.scenarios.run import solve_built

    def three(payoffs_l, payoffs_r):
        return decision("P3", {"L": terminal(*payoffs_l), "R": terminal(*payoffs_r)}, infoset="p3")

    horse = ExtensiveGame.from_tree(decision("P1", {
        "C": decision("P2", {"c": terminal(1, 1, 1), "d": three((4, 4, 0), (1, 1, 1))}),
        "D": three((3, 3, 2), (0, 0, 0))}), players=("P1", "P2", "P3"))
    result = solve_built(horse, "enumpoly")
    text = to_text(enumpoly_blocks(result))
    assert "Support enumeration" in text and "P3 {L" in text  # a support named by the table's plans
    assert any("reduced normal form" in note for note in result.notes)
    for eq in result.equilibria:  # the equilibria are the tree's, checked on the tree
        assert eq.regret <= 1e-9
