"""Tests of the text report of extensive games: the tree, the equilibrium path, behaviour lists."""

from dataclasses import dataclass
from fractions import Fraction as F

from berlinsim.model.extensive import ExtensiveGame, chance, decision, terminal
from berlinsim.model.result import SolveResult, behavior_equilibrium_from
from berlinsim.reports.text import format_details, format_result
from berlinsim.reports.tree_text import format_behavior_equilibrium, format_tree

ENTRY = ExtensiveGame.from_tree(
    decision("Entrant", {"Out": terminal(0, 2),
                         "In": decision("Incumbent", {"Fight": terminal(-1, -1), "Accommodate": terminal(1, 1)})}),
    title="Entry deterrence",
)

# Chance picks the USSR's type; the USSR, knowing it, probes or not; the US answers without knowing the type.
TYPES = ExtensiveGame.from_tree(
    chance({
        "hard": (F(1, 3), decision("USSR", {"probe": decision("US", {"hold": terminal(1, -1), "yield": terminal(-1, 2)},
                                                             infoset="after probe"),
                                            "wait": terminal(0, 0)}, infoset="hard")),
        "soft": (F(2, 3), decision("USSR", {"probe": decision("US", {"hold": terminal(2, -2), "yield": terminal(-1, 1)},
                                                             infoset="after probe"),
                                            "wait": terminal(0, 0)}, infoset="soft")),
    }),
    title="Probe",
)


def test_tree_without_equilibrium_is_plain():
    text = format_tree(ENTRY)
    assert text.splitlines() == [
        "Entry deterrence",
        "2 players, 5 nodes (3 terminal), perfect information, exact payoffs",
        "",
        "Entrant",
        "  Out -> payoffs 0, 2",
        "  In -> Incumbent",
        "    Fight -> payoffs -1, -1",
        "    Accommodate -> payoffs 1, 1",
    ]


def test_mixed_behaviour_path_and_terminal_probabilities():
    eq = behavior_equilibrium_from(ENTRY, (((F(1, 2), F(1, 2)),), ((0, 1),)), exact=True)
    text = format_tree(ENTRY, eq)
    assert "  Out [1/2] => payoffs 0, 2   (reached with probability 1/2)" in text
    assert "    Fight -> payoffs -1, -1" in text
    assert "    Accommodate [1] => payoffs 1, 1   (reached with probability 1/2)" in text
    assert format_behavior_equilibrium(eq, ENTRY, 2) == [
        "  2. (nash, behaviour) Entrant: Out=1/2, In=1/2; Incumbent: Accommodate",
        "     payoffs: Entrant 0.5, Incumbent 1.5; regret 0.5",
    ]


def test_chance_and_information_sets_are_named():
    behavior = (((0, 1), (1, 0)), ((1, 0),))  # hard USSR waits, soft probes; US holds
    eq = behavior_equilibrium_from(TYPES, behavior, exact=True)
    text = format_tree(TYPES, eq)
    assert text.splitlines()[1] == "2 players, 11 nodes (6 terminal), imperfect information, chance moves, exact payoffs"
    assert "  hard [1/3] => USSR (information set hard)" in text
    assert "    wait [1] => payoffs 0, 0   (reached with probability 1/3)" in text
    assert "      hold [1] => payoffs 2, -2   (reached with probability 2/3)" in text
    assert "US (information set after probe)" in text
    line = format_behavior_equilibrium(eq, TYPES, 1)[0]
    assert line == "  1. (nash, pure) USSR: hard: wait / soft: probe; US: hold"


def test_large_trees_are_summarised():
    assert "(tree not shown: 5 nodes is more than 3)" in format_tree(ENTRY, max_nodes=3)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Step:
    node: int
    text: str


def test_result_report_for_a_tree_and_self_explaining_steps():
    eqs = tuple(behavior_equilibrium_from(ENTRY, b, exact=True) for b in ((((0, 1),), ((0, 1),)), (((1, 0),), ((1, 0),))))
    result = SolveResult(method="demo", game=ENTRY, equilibria=eqs, exact=True, complete=True,
                         details={"trace": (_Step(node=2, text="Incumbent accommodates"),)})
    text = format_result(result)
    assert "(the tree shows equilibrium 1)" in text
    assert "  1. (nash, pure) Entrant: In; Incumbent: Accommodate" in text
    assert "  2. (nash, pure) Entrant: Out; Incumbent: Fight" in text
    assert text.endswith("Details:\n  trace:\n    1. Incumbent accommodates")
    assert format_details({"steps": (_Step(node=1, text="x"),)}) == ["  steps:", "    1. x"]
