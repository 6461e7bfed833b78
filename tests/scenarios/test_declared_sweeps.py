"""The sweeps the shipped scenarios declare (``sweeps:``): every quantity they draw exists, and every region
they name is a region of that sweep (a label that no longer matches, after a change of the labels or of
the game, would silently fall back to the raw label)."""

from pathlib import Path

import pytest

from berlinsim.analysis.figure_data import choose, quantities
from berlinsim.analysis.sweep import sweep
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.reports.sweep_text import support_label

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))
#: Solved by agent QRE at every point (minutes for the declared 31 x 31 map): left to the gallery itself.
SLOW = {"khrushchev_type"}


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_quantities_and_regions_a_scenario_names_exist(path):
    scenario = load_scenario(path)
    named, seen = set(), set()
    for key in scenario.sweeps:
        assert len(choose(key.y, quantities(scenario, between=key.between))) == len(key.y), key.name
        named |= {label for label, _ in key.regions}
        if not key.regions or scenario.id in SLOW:
            continue
        result = sweep(scenario, {a.parameter: a.values() for a in key.axes}, between=key.between)
        for region in result.regions:
            parts = list(dict.fromkeys(support_label(label) for label in region))
            seen |= set(parts) | {" | ".join(parts)}
    if scenario.id not in SLOW:
        assert named <= seen, f"{path.name}: regions named that no declared sweep has: {sorted(named - seen)}"
