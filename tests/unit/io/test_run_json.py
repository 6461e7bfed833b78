"""berlinsim.io.run_json: a solved scenario as JSON."""

from __future__ import annotations


def test_a_run_s_json_marks_the_play_no_belief_justifies_as_its_text_does():
    """05 solved by spe: both equilibria rest on play no belief justifies (issue 12); the JSON names
    the same information sets as run's text, each equilibrium its own; pbe's run carries no mark."""
    from pathlib import Path

    from berlinsim.io.run_json import run_to_json
    from berlinsim.io.scenario_yaml import load_scenario
    from berlinsim.scenarios.run import run_scenario

    scenario = load_scenario(Path(__file__).parents[3] / "scenarios" / "05_khrushchev_type.yaml")
    run = run_scenario(scenario, method="spe")
    out = run_to_json(run)
    assert len(out["equilibria"]) == len(run.unjustified) == 2
    for eq, sets in zip(out["equilibria"], run.unjustified):
        assert sets and [m["infoset"] for m in eq["unjustified"]] == [run.game.infosets[h].label for h in sets]
        assert [m["player"] for m in eq["unjustified"]] == [run.game.players[run.game.infosets[h].player] for h in sets]
    assert all("unjustified" not in eq for eq in run_to_json(run_scenario(scenario))["equilibria"])
