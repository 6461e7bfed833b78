"""Sweeps: batched results equal per-point solving (degenerate points included); axes, variants, executors."""

from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from berlinsim.analysis.sweep import parse_axis, sweep
from berlinsim.errors import BerlinsimError
from berlinsim.io.scenario_yaml import load_scenario
from berlinsim.scenarios.build import build_game
from berlinsim.scenarios.grid import evaluate_outcome_grid
from berlinsim.scenarios.values import resolve_values

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


def _load(stem):
    return load_scenario(next(SCENARIOS.glob(f"{stem}*.yaml")))


def _assert_same(a, b):
    assert a.regions == b.regions and a.labels == b.labels and a.supports == b.supports
    assert (a.region_index == b.region_index).all()
    assert (a.label_index == b.label_index).all() and (a.support_index == b.support_index).all()
    assert (a.num_equilibria == b.num_equilibria).all()
    assert (a.degenerate == b.degenerate).all()
    np.testing.assert_allclose(a.equilibrium_payoffs, b.equilibrium_payoffs, atol=1e-9)
    np.testing.assert_allclose(a.equilibrium_strategies, b.equilibrium_strategies, atol=1e-9)
    np.testing.assert_allclose(a.equilibrium_outcomes, b.equilibrium_outcomes, atol=1e-9)
    np.testing.assert_allclose(a.equilibrium_attributes, b.equilibrium_attributes, atol=1e-9)


def _random_axis(rng, scenario, name, count, special=()):
    p = scenario.parameter(name)
    low = float(p.low) if np.isfinite(float(p.low)) else -10.0
    high = float(p.high) if np.isfinite(float(p.high)) else 10.0
    values = [Fraction(str(round(v, 3))) for v in rng.uniform(low, high, size=count)]
    return sorted(set(values) | {Fraction(s) for s in special})


@pytest.mark.parametrize("stem, name, special", [
    ("06_two_dangers", "c_commit", ("2", "4", "6")),
    ("07_un_forum", "prep", ("3/4",)),
    ("03_british_readiness", "pi_uk", ("9/4",)),
    ("08_berlin_chicken", None, ()),
    ("04b_soviet_overture_hidden", "c_prep", ()),
])
def test_batched_equals_per_point_on_random_grids(stem, name, special):
    rng = np.random.default_rng(5)
    scenario = _load(stem)
    name = name or scenario.parameter_names[0]
    axis = {name: _random_axis(rng, scenario, name, 12, special)}
    fast, slow = sweep(scenario, axis), sweep(scenario, axis, batched=False)
    _assert_same(fast, slow)
    assert fast.batched.any() and not slow.batched.any()
    for value in special:  # degenerate points: batched vertex enumeration, the general solver's answer
        k = axis[name].index(Fraction(value))
        assert fast.num_equilibria[k] >= 2 and slow.degenerate[k]


def test_two_dimensional_random_grid():
    rng = np.random.default_rng(7)
    scenario = _load("06_two_dangers")
    axes = {"c_commit": _random_axis(rng, scenario, "c_commit", 5, ("4",)),
            "w_framing": _random_axis(rng, scenario, "w_framing", 4, ("4",))}
    fast, slow = sweep(scenario, axes), sweep(scenario, axes, batched=False)
    _assert_same(fast, slow)
    assert fast.shape == (6, 5)


def test_tree_sweep_and_thresholds_of_the_memo():
    scenario = _load("01_acheson_wait")
    axis = ["p_reasonable=0:1:21"]
    fast, slow = sweep(scenario, axis), sweep(scenario, axis, batched=False)
    _assert_same(fast, slow)
    assert fast.batched.all()
    # the para-3 reversal at p_reasonable = 252/457 ~ 0.551: wait below, initiate above
    labels = [fast.region_at(k)[0] for k in range(21)]
    assert labels[10].startswith("US: buildup_wait") and labels[12].startswith("US: buildup_initiate")
    assert fast.labels_at(10)[0].startswith("US: buildup_wait; USSR: (accept) / overture")  # off the path in ()
    exact = sweep(scenario, {"p_reasonable": [Fraction(252, 457)]})
    assert exact.num_equilibria[0] == 2 and not exact.batched[0]  # the tie goes to the general solver


def test_between_two_variants():
    scenario = _load("02_kennedy")
    a, b = scenario.variant_names[:2] if len(scenario.variant_names) >= 2 else pytest.skip("needs two variants")
    fast = sweep(scenario, "t=0:1:6", between=(a, b))
    slow = sweep(scenario, "t=0:1:6", between=(a, b), batched=False)
    _assert_same(fast, slow)
    assert fast.between == (a, b) and fast.fixed == ()
    low = resolve_values(scenario, a)
    start = build_game(scenario, low)
    assert fast.equilibrium_payoffs[0, 0].tolist() == pytest.approx(
        sweep(scenario, {scenario.parameter_names[0]: [low[scenario.parameter_names[0]]]}, variant=a)
        .equilibrium_payoffs[0, 0].tolist())
    assert start.game is not None


def test_methods_without_a_batched_path_and_executors():
    scenario = _load("03_british_readiness")
    axis = {"pi_uk": [0, 1, 2, 3]}
    base = sweep(scenario, axis, method="lh", batched=False)
    with ThreadPoolExecutor(max_workers=2) as pool:
        pooled = sweep(scenario, axis, method="lh", executor=pool)
    _assert_same(base, pooled)
    calls = []
    pure = sweep(scenario, axis, method="pure", progress=lambda done, total: calls.append((done, total)))
    _assert_same(pure, sweep(scenario, axis, method="pure", batched=False))
    assert calls[-1] == (4, 4) and pure.method == "pure"


def test_process_workers():
    scenario = _load("06_two_dangers")
    axis = {"c_commit": [Fraction(k, 4) for k in range(0, 33)] * 1}
    from berlinsim.analysis import sweep as module
    old = module.CHUNK
    module.CHUNK = 4
    try:
        multi = sweep(scenario, axis, workers=2, batched=False)
    finally:
        module.CHUNK = old
    _assert_same(multi, sweep(scenario, axis))


def test_parse_axis_and_errors():
    assert parse_axis("p=0:1:3") == ("p", (Fraction(0), Fraction(1, 2), Fraction(1)))
    assert parse_axis("p=0.3:0.3:1") == ("p", (Fraction(3, 10),))
    for bad in ("p", "p=0:1", "p=0:1:x", "p=0:1:1", "p=0:1:0"):
        with pytest.raises(BerlinsimError):
            parse_axis(bad)
    scenario = _load("06_two_dangers")
    with pytest.raises(BerlinsimError, match="unknown parameter"):
        sweep(scenario, "c_comit=0:1:3")
    with pytest.raises(BerlinsimError, match="1 or 2"):
        sweep(scenario, ["c_commit=0:1:3", "w_framing=0:1:3", "c_ratchet=0:1:3"])
    with pytest.raises(BerlinsimError, match="needs the axis t"):
        sweep(scenario, "c_commit=0:1:3", between=("a", "b"))


def test_outcome_grid_matches_built_games():
    scenario = _load("01_acheson_wait")
    values = [Fraction(1, 10), Fraction(7, 10)]
    payoffs, attributes, chance = evaluate_outcome_grid(scenario, {"p_reasonable": [float(v) for v in values]})
    for k, v in enumerate(values):
        built = build_game(scenario, resolve_values(scenario, overrides={"p_reasonable": v}))
        np.testing.assert_allclose(payoffs[k], built.game.payoffs)
        np.testing.assert_allclose(attributes[k], built.outcome_attributes)
        chance_nodes = np.flatnonzero(built.game.kind == 2)
        for c, node in zip(chance, chance_nodes):
            np.testing.assert_allclose(c[k], built.game.chance_infosets[int(built.game.infoset[node])].probabilities)


def test_fast_labels_equal_equilibrium_label():
    from berlinsim.analysis._sweep_labels import groups, label_ids
    from berlinsim.analysis._sweep_points import layout
    from berlinsim.model.identity import equilibrium_label, support_label

    rng = np.random.default_rng(3)
    # values at a rounding half of the third decimal (0.0625, 0.0005) and just off it included
    choices = [0.0, 1.0, 1 / 3, 2 / 3, 0.25, 0.0004, 0.0625, 0.0005, 0.0015, 0.3335, 0.0625 + 1e-12, 1e-9, 2e-9, 4e-7]
    for stem in ("01_acheson_wait", "06_two_dangers", "03_british_readiness", "05_khrushchev"):
        scenario = _load(stem)
        lay = layout(scenario, resolve_values(scenario))
        sets = groups(lay.columns)
        rows, reach = [], []
        for _ in range(60):
            rows.append(rng.choice(choices, size=len(lay.columns)))
            reach.append(rng.random(len(sets)) < 0.7 if lay.kind == "tree" else np.ones(len(sets), dtype=bool))
        rows, reach = np.array(rows + rows[:5]), np.array(reach + reach[:5])
        labels, ids, supports, support_ids = label_ids(lay.columns, lay.players, rows, reach)
        assert labels == sorted(set(labels)) and supports == sorted(set(supports))
        for row, flags, k, j in zip(rows, reach, ids, support_ids):
            per_column = np.zeros(len(lay.columns), dtype=bool)
            for (_, members), flag in zip(sets, flags):
                per_column[members] = flag
            assert labels[k] == equilibrium_label(lay.players, lay.columns, row, per_column)
            assert supports[j] == support_label(lay.players, lay.columns, row, per_column)


def test_unique_rows_equals_numpy():
    from berlinsim.analysis._sweep_labels import unique_ints, unique_rows

    rng = np.random.default_rng(11)
    for shape in ((50, 3), (40, 1), (30, 6)):
        rows = rng.integers(0, 3, size=shape).astype(float) / 3
        ints = rng.integers(-2, 1200, size=shape) // rng.integers(1, 400, size=shape)
        for unique, data in ((unique_rows, rows), (unique_ints, ints)):
            got, expected = unique(data), np.unique(data, axis=0, return_index=True, return_inverse=True)
            np.testing.assert_array_equal(got[0], expected[0])
            np.testing.assert_array_equal(got[1], expected[1])
            np.testing.assert_array_equal(got[2], expected[2].ravel())


@pytest.mark.parametrize("stem, name", [("03_british_readiness", "pi_uk"), ("01_acheson_wait", "r_spiral")])
def test_outcome_grid_payoffs_equal_payoff_grid(stem, name):
    from berlinsim.scenarios.grid import evaluate_payoff_grid

    scenario = _load(stem)
    grid = {name: np.linspace(0, 0.1, 7)[:, None], scenario.parameter_names[0]: np.linspace(0, 1, 3)[None, :]}
    payoffs, attributes, _ = evaluate_outcome_grid(scenario, grid)
    np.testing.assert_array_equal(payoffs, evaluate_payoff_grid(scenario, grid))
    assert attributes.shape[:2] == (7, 3)


def _matrix_scenario(rows, cols, cells):
    from berlinsim.io.scenario_yaml import parse_scenario

    lines = [f"    - {{actions: [{r}, {c}], payoffs: {{A: {pa}, B: {pb}}}}}" for (r, c), (pa, pb) in cells.items()]
    return parse_scenario(f"""
berlinsim: 1
id: ties
title: Ties on the grid
source: {{document: memo, paragraphs: [2]}}
parameters: {{a: {{default: 1, range: [-4, 4]}}, b: {{default: 1, range: [-4, 4]}}}}
players: {{A: {{}}, B: {{}}}}
game:
  type: matrix
  actions: {{A: [{', '.join(rows)}], B: [{', '.join(cols)}]}}
  cells:
""" + "\n".join(lines) + "\nsolve: {method: enummixed}\n", path="ties.yaml")


def test_degenerate_grid_points_batched_equal_per_point():
    # ties at many grid points (a = 1, b = 1, a = b, ...) and a row that is all zeros
    cells = {("x", "l"): ("a", 1), ("x", "c"): (1, "b"), ("x", "r"): (0, 1),
             ("y", "l"): (1, "a - b"), ("y", "c"): ("b", 0), ("y", "r"): (1, 1),
             ("z", "l"): (0, 0), ("z", "c"): (0, 0), ("z", "r"): (0, 0)}
    scenario = _matrix_scenario(("x", "y", "z"), ("l", "c", "r"), cells)
    values = [Fraction(v) for v in ("-1", "0", "1/2", "1", "2")]
    fast = sweep(scenario, {"a": values, "b": values})
    slow = sweep(scenario, {"a": values, "b": values}, batched=False)
    _assert_same(fast, slow)
    assert fast.batched.all() and slow.degenerate.sum() >= 10


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(2, 2), (2, 3), (3, 3), (3, 4), (4, 4), (1, 3)]))
def test_random_formulas_with_ties_batched_equal_per_point(seed, shape):
    rng = np.random.default_rng(seed)
    rows, cols = [f"r{i}" for i in range(shape[0])], [f"c{j}" for j in range(shape[1])]

    def formula():
        c0, c1 = (int(v) for v in rng.integers(-2, 3, size=2))
        return f"{c0} + {c1} * a" if c1 else str(c0)

    cells = {(r, c): (formula(), formula()) for r in rows for c in cols}
    scenario = _matrix_scenario(rows, cols, cells)
    values = [Fraction(v) for v in ("-2", "-1", "0", "1/2", "1", "3/2", "2")]
    fast, slow = sweep(scenario, {"a": values}), sweep(scenario, {"a": values}, batched=False)
    _assert_same(fast, slow)


def test_canonical_order_equals_lexsort_of_rounded_vectors():
    from berlinsim.analysis._sweep_points import canonical_order

    rng = np.random.default_rng(1)
    for _ in range(200):
        n, width, columns = (int(v) for v in (rng.integers(1, 40), rng.integers(1, 6), rng.integers(1, 8)))
        vec = rng.choice([0.0, 1.0, 0.5, 1 / 3, 2 / 3, 0.25, np.nan, 1e-10, 0.3333333334], size=(n, width, columns))
        count = rng.integers(0, width + 1, size=n)
        padding = np.arange(width)[None, :] >= count[:, None]
        vec[padding] = np.nan  # as the sweep pads
        key = np.round(-np.nan_to_num(vec), 9)
        expected = np.lexsort(tuple(key[..., c] for c in reversed(range(columns))) + (padding,), axis=-1)
        np.testing.assert_array_equal(canonical_order(vec, count), expected)


def test_ties_too_close_to_call_go_to_the_general_solver():
    # an exact tie at a = 0 (decided in batch); differences of a few 1e-9 elsewhere (left to the exact solver)
    cells = {("x", "l"): ("1 + a / 1000000000", 1), ("x", "r"): (0, 0), ("y", "l"): (1, 0), ("y", "r"): (0, 1)}
    scenario = _matrix_scenario(("x", "y"), ("l", "r"), cells)
    values = [Fraction(0), Fraction(1), Fraction(-2), Fraction(4)]
    fast, slow = sweep(scenario, {"a": values}), sweep(scenario, {"a": values}, batched=False)
    _assert_same(fast, slow)
    assert fast.batched.tolist() == [True, False, False, False] and fast.degenerate[0]


def test_equilibria_said_to_be_ordered_are_in_canonical_order():
    from berlinsim.analysis._sweep_points import canonical_order
    from berlinsim.solvers.batched_matrix import batched_equilibria

    rng = np.random.default_rng(8)
    a, b = rng.integers(-3, 4, size=(2, 4000, 2, 2)).astype(float) + rng.normal(scale=1e-3, size=(2, 4000, 2, 2))
    found = batched_equilibria(a, b)
    assert found.ordered is not None and found.ordered.sum() > 3000
    vec = np.concatenate([found.x, found.y], axis=2)
    vec[np.arange(vec.shape[1])[None, :] >= found.count[:, None]] = np.nan
    order = canonical_order(vec, found.count)
    assert (order[found.ordered] == np.arange(vec.shape[1])).all()


def test_equilibria_with_one_label_are_numbered_and_one_support_makes_one_region_entry():
    from berlinsim.analysis._sweep_points import assemble, empty, layout

    scenario = _load("03_british_readiness")
    base = resolve_values(scenario)
    lay = layout(scenario, base)
    solved = empty(lay, 2, 2)
    solved["count"][:] = 2
    row = np.zeros(len(lay.columns))
    row[[0, len(lay.columns) - 1]] = 1.0
    solved["vec"][0] = [row, row + 1e-12]  # two equilibria that print alike
    other = np.zeros(len(lay.columns))
    other[[1, len(lay.columns) - 2]] = 1.0  # the US's second action, the UK's first
    solved["vec"][1] = [row, other]
    solved["reach"][:] = True
    solved["pay"][:] = 0.0
    result = assemble(scenario, lay, solved, [("pi_uk", (0, 1))], (2,), variant=None, between=None, base=base,
                      method="enummixed")
    first, second = result.labels_at(0)
    assert second == first + " #2"  # labels at one point are distinct
    assert len(result.region_at(0)) == 1 and len(result.region_at(1)) == 2


def test_sweep_equals_run_at_every_point_every_equilibrium():
    """Every equilibrium of the sweep (batched and per point) is the one run_scenario lists at that point, in
    the same place, with the same label and numbers (the cross-output test in tests/cli covers every scenario)."""
    from berlinsim.scenarios.run import point_equilibria, run_scenario

    for stem, axis in (("08_berlin_chicken", "c_war=10:200:5"), ("08d_berlin_chicken", "mu=0:0.2:5"),
                       ("01_acheson_wait", "p_reasonable=0:1:5")):
        scenario = _load(stem)
        name, values = parse_axis(axis)
        for batched in (True, False):
            result = sweep(scenario, axis, batched=batched)
            for k, v in enumerate(values):
                expected = point_equilibria(run_scenario(scenario, overrides={name: v}))
                got = result.point_at(k)
                assert got.labels == expected.labels and got.supports == expected.supports
                for field in ("payoffs", "strategies", "outcomes", "attributes"):
                    np.testing.assert_allclose(getattr(got, field), getattr(expected, field), atol=1e-9)
