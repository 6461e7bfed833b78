"""Scenarios at work: parameter values of a run (:mod:`.values`), the game built from a
scenario at those values (:mod:`.build`), and a solved run (:mod:`.run`).

Scenario files are read by :func:`berlinsim.io.scenario_yaml.load_scenario`; their format is
documented in ``docs/scenario-format.md``. Importing this package loads nothing heavy.
"""
