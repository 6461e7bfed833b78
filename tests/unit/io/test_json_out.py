"""Tests of the JSON contract of results: keys, order, exact strings, generic details."""

import json
from dataclasses import dataclass
from fractions import Fraction as F

import numpy as np

from berlinsim.io.json_out import equilibrium_to_json, result_to_json, result_to_json_text, to_jsonable
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.model.result import SolveResult, equilibrium_from
from berlinsim.solvers import solve

MP = NormalFormGame.zero_sum([[1, -1], [-1, 1]], actions=(("H", "T"), ("H", "T")), title="Matching pennies")
HALF = (F(1, 2), F(1, 2))


def mp_result(**extra) -> SolveResult:
    eq = equilibrium_from(MP, (HALF, HALF), exact=True)
    return SolveResult(method="handmade", game=MP, equilibria=(eq,), exact=True, complete=True, **extra)


def test_contract_keys_types_and_order():
    out = result_to_json(mp_result())
    assert list(out)[:3] == ["game", "method", "equilibria"]
    assert out["game"] == {
        "title": "Matching pennies",
        "form": "normal",
        "players": ["1", "2"],
        "strategies": [["H", "T"], ["H", "T"]],
        "exact_payoffs": True,
    }
    assert out["method"] == "handmade"
    (eq,) = out["equilibria"]
    assert list(eq)[:3] == ["strategies", "payoffs", "regret"]
    assert eq["strategies"] == [[0.5, 0.5], [0.5, 0.5]]
    assert eq["payoffs"] == [0.0, 0.0]
    assert isinstance(eq["regret"], float) and eq["regret"] == 0.0
    assert eq["strategies_exact"] == [["1/2", "1/2"], ["1/2", "1/2"]]
    assert eq["payoffs_exact"] == ["0", "0"] and eq["regret_exact"] == "0"
    assert eq["support"] == [["H", "T"], ["H", "T"]]
    assert [k for k in out if k not in ("game", "method", "equilibria")] == [
        "exact", "complete", "degenerate", "tolerance", "parameters", "notes", "schema_version",
    ]


def test_text_is_strict_deterministic_json_and_records_the_source():
    text = result_to_json_text(mp_result(notes=("a note",)), source="games/mp.nfg")
    assert text == result_to_json_text(mp_result(notes=("a note",)), source="games/mp.nfg")
    data = json.loads(text)
    assert data["source"] == "games/mp.nfg" and data["notes"] == ["a note"]


def test_float_games_have_no_exact_strings():
    g = NormalFormGame.from_bimatrix([[0.5, 0.0], [0.0, 1.5]], [[1.5, 0.0], [0.0, 0.5]])
    out = result_to_json(solve(g, "pure"))
    assert out["game"]["exact_payoffs"] is False and out["exact"] is False
    assert len(out["equilibria"]) == 2
    assert all("strategies_exact" not in eq for eq in out["equilibria"])
    assert out["equilibria"][0]["payoffs"] == [0.5, 1.5]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Inner:
    value: F
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class _Details:
    inner: _Inner
    path: np.ndarray
    pairs: tuple
    bad: float
    reduced: NormalFormGame


def test_details_serialise_generically_with_exact_twins():
    details = _Details(
        inner=_Inner(value=F(-7, 3), label="x"),
        path=np.array([[0.25, 0.75]]),
        pairs=(("a", F(1, 2)), ("b", None)),
        bad=float("nan"),
        reduced=MP.restrict(((0,), (0, 1))),
    )
    out = result_to_json(mp_result(details=details, parameters=(("tol", np.float64(1e-9)), ("n", np.int64(3)))))
    d = out["details"]
    assert d["inner"] == {"value": -7 / 3, "value_exact": "-7/3", "label": "x"}
    assert d["path"] == [[0.25, 0.75]]
    assert d["pairs"] == [["a", 0.5], ["b", None]] and d["pairs_exact"] == [["a", "1/2"], ["b", None]]
    assert d["bad"] is None
    assert d["reduced"]["strategies"] == [["H"], ["H", "T"]]
    assert out["parameters"] == {"tol": 1e-9, "n": 3}
    json.dumps(out, allow_nan=False)


def test_to_jsonable_basics():
    assert to_jsonable({"k": (np.bool_(True), -0.0, {1, 2})}) == {"k": [True, 0.0, [1, 2]]}
    assert to_jsonable(np.array([F(1, 3)], dtype=object), exact=True) == ["1/3"]
    assert equilibrium_to_json({"not": "an equilibrium"}) == {"not": "an equilibrium"}


def test_real_solver_output_is_valid_json():
    for method in ("pure",):
        data = json.loads(result_to_json_text(solve(MP, method)))
        assert data["method"] == method


def test_extensive_games_follow_the_tree_contract():
    from berlinsim.model.extensive import ExtensiveGame, decision, terminal
    from berlinsim.model.result import behavior_equilibrium_from

    g = ExtensiveGame.from_tree(
        decision("Entrant", {"Out": terminal(0, 2),
                             "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}),
        title="Entry",
    )
    eq = behavior_equilibrium_from(g, (((F(1, 3), F(2, 3)),), ((0, 1),)), exact=True)
    out = result_to_json(SolveResult(method="m", game=g, equilibria=(eq,), exact=True, complete=False))
    assert out["game"]["form"] == "extensive" and out["game"]["players"] == ["Entrant", "Incumbent"]
    assert out["game"]["infosets"] == [
        [{"number": 1, "label": "", "actions": ["Out", "In"]}],
        [{"number": 1, "label": "", "actions": ["Fight", "Accommodate"]}],
    ]
    (e,) = out["equilibria"]
    assert list(e)[:3] == ["behavior", "payoffs", "regret"]
    assert e["behavior"] == [[[1 / 3, 2 / 3]], [[0.0, 1.0]]]
    assert e["behavior_exact"] == [[["1/3", "2/3"]], [["0", "1"]]]
    assert e["payoffs_exact"] == ["2/3", "4/3"] and e["terminal_distribution"][0] == 1 / 3
    json.dumps(out, allow_nan=False)


def test_pbe_equilibria_carry_beliefs_and_signalling_verdicts():
    """Beer-quiche (Cho and Kreps 1987) solved by pbe: beliefs per player and information set, IC and D1."""
    from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal

    def sender(weak):
        def reply(m):
            own = int((m == "quiche") == weak)
            return decision("Receiver", {"duel": terminal(own, int(weak)), "not": terminal(own + 2, int(not weak))},
                            infoset=m)
        return decision("Sender", {"beer": reply("beer"), "quiche": reply("quiche")}, infoset="weak" if weak else "strong")

    game = ExtensiveGame.from_tree(chance({"weak": (F(1, 10), sender(True)), "strong": (F(9, 10), sender(False))}))
    result = solve(game, "pbe")
    out = json.loads(result_to_json_text(result))
    for e, eq in zip(out["equilibria"], result.equilibria):
        assert [len(p) for p in e["beliefs"]] == [2, 2]           # per player, per information set
        beer, quiche = e["beliefs"][1]
        assert (beer["infoset"], beer["label"], quiche["label"]) == (1, "beer", "quiche")
        assert beer["nodes"] == list(eq.beliefs[1][0].nodes) and len(beer["belief"]) == 2
        assert {beer["source"], quiche["source"]} == {"path", "free"}
        free = quiche if quiche["source"] == "free" else beer
        assert free["belief_exact"] in [[a, b] for a in ("3/4", "1/2") for b in ("1/4", "1/2")]
        assert all(len(point) == 2 for point in free["range_exact"])
        assert e["intuitive_criterion"] is eq.signalling.intuitive_criterion
        assert e["d1"] is eq.signalling.d1
        (test,) = e["signalling_tests"]
        assert test["message"] in ("beer", "quiche") and "dominated" in test
    assert sorted(e["intuitive_criterion"] for e in out["equilibria"]) == [False, False, True, True]
    # equilibria of other methods carry neither key
    spe = result_to_json(solve(game, "spe"))
    assert all("beliefs" not in e and "intuitive_criterion" not in e for e in spe["equilibria"])

