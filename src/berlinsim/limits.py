"""Every limit of berlinsim, stated once: numbers read from files and the sizes of games.

Work that cannot finish in reasonable time or memory is refused *before* it starts,
with a message that names the limit. Two kinds of limits live here:

- :class:`Limits`: the limits a user may raise (or lower). The readers of Gambit files
  (:func:`berlinsim.io.nfg.read_nfg`, :func:`berlinsim.io.efg.read_efg`), the reduced
  normal form (:func:`berlinsim.model.reduced_normal_form.to_reduced_normal_form`) and
  solve dispatch (:func:`berlinsim.solvers.solve`, :func:`berlinsim.solvers.solver_for`)
  take a ``limits=`` argument; :data:`DEFAULT` is used when it is left out.
- :data:`FIXED`: constants of the algorithms themselves (pivot counts, subset counts,
  when a solver switches method). They are stated here so that every number is in one
  place, but they are not options.

``docs/limits.md`` is generated from this module (:func:`markdown`); a test keeps the two equal.

Examples
--------
>>> DEFAULT.max_cells
1000000
>>> bigger = DEFAULT.raised(max_cells=4_000_000)
>>> bigger.max_cells, bigger.max_nodes == DEFAULT.max_nodes
(4000000, True)
>>> print(bigger.at_most("max_cells"))
at most 4,000,000 (limit max_cells, see docs/limits.md)
>>> DEFAULT.raised(max_players=100)
Traceback (most recent call last):
...
berlinsim.errors.BerlinsimError: limit max_players must be a whole number from 1 to 60, got 100
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from dataclasses import dataclass, field
from typing import Any, Mapping

from berlinsim.errors import BerlinsimError

#: Where every message about a limit sends the reader.
DOCS = "docs/limits.md"


# ----------------------------------------------------------------------------- fixed constants
#: Largest McMullen bound on the vertices of a best-response polytope that 'enummixed' accepts
#: by default (its option ``max_vertices``).
MAX_VERTICES = 5_000_000
#: Pivots allowed on one Lemke-Howson path before giving up (the lexicographic rule cannot cycle).
MAX_PIVOTS = 100_000
#: Constraint subsets the fallback vertex enumeration tries when Qhull fails.
MAX_SUBSETS = 200_000
#: Constraint subsets solved exactly when labels of vertices are recomputed.
MAX_EXACT_SUBSETS = 5_000
#: Payoff entries (cells x players) a table solver enumerates at all.
MAX_TABLE_ENTRIES = 50_000_000
#: Equations (sequences plus information sets of both players) of the sequence-form LCP.
MAX_LCP_EQUATIONS = 3000
#: Actions x terminals of the dense kernels of the agent-form QRE.
MAX_AGENT_QRE_ENTRIES = 20_000_000
#: Combinations of continuation values tried at one chance node or subgame by 'spe'.
MAX_SPE_COMBINATIONS = 100_000
#: A subgame's reduced normal form above this many cells is solved by 'lcp' inside 'spe'.
SPE_ENUMERATED_CELLS = 150
#: A subgame of three or more movers above this many cells is solved by 'agent_qre' inside 'spe'.
SPE_QRE_CELLS = 10_000
#: Pure strategies of a player without perfect recall enumerated for a best response.
MAX_PURE_STRATEGIES = 100_000


def _limit(default: int, what: str, protects: str, *, ceiling: int | None = None) -> Any:
    return field(default=default, metadata={"what": what, "protects": protects, "ceiling": ceiling})


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """The adjustable limits; every field is a whole number at least 1 (some have a ceiling).

    Build a variant with :meth:`raised` (keyword arguments) or :meth:`from_options`
    (names as a command line would spell them, ``max-cells`` or ``max_cells``).
    """

    # --- numbers in .nfg / .efg files
    max_file_bytes: int = _limit(
        100_000_000, "bytes in one .nfg, .efg or scenario .yaml file",
        "memory: the whole text is held while it is read")
    max_number_digits: int = _limit(
        400, "digits written in one number (numerator and denominator together)",
        "time of exact arithmetic; Python refuses to convert integers of more than 4300 digits",
        ceiling=4000)
    max_exponent: int = _limit(
        300, "decimal magnitude of a number: its absolute value must be below 10^max_exponent, "
        "and at least 10^-max_exponent unless it is 0",
        "exact arithmetic on huge powers of ten (1e999999999 would never finish); "
        "every payoff must also be a finite float",
        ceiling=307)
    max_denominator_digits: int = _limit(
        1000, "digits of the least common denominator of all numbers in one file",
        "exact solvers work with the payoffs times their common denominator")
    # --- scenario files and sweeps
    max_scenario_values: int = _limit(
        100_000, "values (numbers, texts, lists, mappings) in one scenario .yaml file, aliases expanded; "
        "counted before the file is interpreted (a matrix scenario needs about 6 per cell: a larger table is "
        "better written as an .nfg file, which max_cells governs)",
        "time and memory of reading a scenario: every value is kept with its place in the file")
    max_samples: int = _limit(
        1_000_000, "draws of a Monte Carlo sweep (sweep --sample, robustness: -n N)",
        "memory: every draw's parameters and equilibria are kept")
    # --- sizes of games (files and reduced normal forms)
    max_players: int = _limit(
        32, "players of a game read from a file or solved by any method",
        "a table has one dimension per player (numpy allows 64)",
        ceiling=60)
    max_strategies: int = _limit(
        1_000_000, "strategies (actions) of one player in a table, and reduced strategies "
        "of one player in a tree's reduced normal form", "memory of labels and strategy lists")
    max_cells: int = _limit(
        1_000_000, "cells (pure profiles) of a table: an .nfg file, a reduced normal form, "
        "a two-player sequence-form payoff matrix; every table method checks it",
        "memory (every cell holds one exact and one float payoff per player) and time")
    max_incidence_entries: int = _limit(
        4_000_000, "entries of the tables behind a tree's reduced normal form, per player: strategies x "
        "their own actions; without perfect recall, (strategies or terminals, whichever is more) x all actions",
        "memory of the reduced normal form's computation")
    max_nodes: int = _limit(
        100_000, "nodes of a tree read from an .efg file or solved by any tree method",
        "memory and time of building and solving the tree")
    max_depth: int = _limit(
        10_000, "depth of a tree (moves from the root to the deepest node), read from an .efg file or "
        "solved by any tree method",
        "time: many algorithms take one step per level of the tree")
    # --- sizes per method, checked when a solver is dispatched
    max_enummixed_work: int = _limit(
        200_000_000, "vertex enumeration (methods 'enummixed', and 'auto' for 2 players): "
        "McMullen's bound on the vertices of each best-response polytope times its dimension squared, "
        "summed over both", "time and memory of vertex enumeration, which grow exponentially")
    max_lh_work: int = _limit(
        100_000, "Lemke-Howson work (method 'lh'): paths followed (one per starting label, or 1 with "
        "--option label=N) x cells", "time: exact pivots on the whole table along every path")
    max_qre_entries: int = _limit(
        50_000, "payoff entries (cells x players) of a game solved by 'qre' (and 'auto' for 3 or more "
        "players)", "time: every step of the path evaluates every payoff")
    max_stackelberg_cells: int = _limit(
        10_000, "cells of a game solved by 'stackelberg'", "time: one linear program per leader action")
    max_dominance_cells: int = _limit(
        250_000, "cells of a game solved by 'dominance'", "time: one linear program per action and round")
    max_lp_cells: int = _limit(
        40_000, "cells of a game solved by 'lp'", "time of the linear program and its exact check")
    max_spe_actions: int = _limit(
        1_000, "actions at one node of a tree solved by 'spe'",
        "time and memory: backward induction compares every pair of actions at a node")
    max_lcp_equations: int = _limit(
        1_000, "equations of the sequence-form LCP (method 'lcp'): sequences plus information sets of both "
        "players", "time: exact pivots on a dense tableau of that size", ceiling=MAX_LCP_EQUATIONS)
    max_agent_qre_entries: int = _limit(
        100_000, "actions x terminals of a tree solved by 'agent_qre'",
        "time: every step of the path evaluates every action at every terminal",
        ceiling=MAX_AGENT_QRE_ENTRIES)

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            ceiling = f.metadata["ceiling"]
            if isinstance(value, bool) or not isinstance(value, int) or value < 1 or (
                ceiling is not None and value > ceiling
            ):
                span = f"from 1 to {ceiling:,}" if ceiling is not None else "at least 1"
                raise BerlinsimError(f"limit {f.name} must be a whole number {span}, got {value!r}")

    def raised(self, **changes: int) -> Limits:
        """A copy with some limits changed (raised or lowered); unknown names are refused."""
        unknown = sorted(set(changes) - set(names()))
        if unknown:
            raise BerlinsimError(f"unknown limit {unknown[0]!r}; the limits are {', '.join(names())}")
        return dataclasses.replace(self, **changes)

    def from_options(self, options: Mapping[str, Any]) -> Limits:
        """A copy with limits given as text, e.g. ``{"max-cells": "4000000"}`` (from a command line).

        >>> DEFAULT.from_options({"max-cells": "4_000_000"}).max_cells
        4000000
        """
        changes: dict[str, int] = {}
        for key, text in options.items():
            name = str(key).strip().lstrip("-").replace("-", "_")
            try:
                changes[name] = int(str(text).strip())
            except ValueError:
                raise BerlinsimError(f"limit {name} must be a whole number, got {text!r}") from None
        return self.raised(**changes)

    def at_most(self, name: str, unit: str = "") -> str:
        """``"at most N UNIT (limit NAME, see docs/limits.md)"``, the phrase every refusal uses."""
        unit = f" {unit}" if unit else ""
        return f"at most {getattr(self, name):,}{unit} (limit {name}, see {DOCS})"


#: The limits used when no ``limits=`` is given.
DEFAULT = Limits()


def names() -> tuple[str, ...]:
    """The names of the adjustable limits, in the order of :class:`Limits`."""
    return tuple(f.name for f in dataclasses.fields(Limits))


def digits(n: int) -> int:
    """The number of decimal digits of ``n`` (at least 1), without writing it out.

    Python refuses to convert an integer of more than 4300 digits to text; sizes and
    denominators in messages can be larger.

    >>> digits(0), digits(999), digits(1000), digits(-10**5000)
    (1, 3, 4, 5001)
    """
    n = abs(n)
    count = max(1, int(n.bit_length() * 0.30102999566398))  # log10(2): within one of the true count
    while 10**count <= n:
        count += 1
    while count > 1 and 10 ** (count - 1) > n:
        count -= 1
    return count


def number_problem(text: str, limits: Limits = DEFAULT) -> str | None:
    """Why the number written ``text`` (a YAML number, a ``--set`` value) is refused, or None.

    Checked before the text is converted. NaN is refused (YAML's ``.inf`` is left to the place
    it is used: a range may be unbounded); the digits and the decimal magnitude are bounded by
    ``limits`` (``max_number_digits``, ``max_exponent``) as in Gambit files, so ``1e400`` is refused rather than read as infinity
    and ``1e-400`` rather than as 0. ``text`` must already be a number in ASCII digits
    (``[+-]digits[.digits][e[+-]digits]``, or YAML's ``.inf``, ``.nan``, ``0x``, ``0o``).

    >>> number_problem("0.25") is None, number_problem(".nan")
    (True, 'not a number: .nan (expected a number such as 0.3 or 1/3)')
    >>> number_problem("1e400")
    'the number 1e400 is too large: expected a number below 10^300 in absolute value (limit max_exponent, see docs/limits.md)'
    """
    low = text.lower().lstrip("+-")
    if low == ".nan":
        return f"not a number: {text} (expected a number such as 0.3 or 1/3)"
    if low == ".inf":  # YAML's infinity: allowed where it means something (an unbounded range), refused elsewhere
        return None
    mantissa = low[2:] if low[:2] in ("0x", "0o") else low.partition("e")[0]
    count = len(mantissa.replace(".", ""))
    if count > limits.max_number_digits:
        return f"the number has {count:,} digits; expected {limits.at_most('max_number_digits', 'digits')}"
    value = Decimal(int(low, 0)) if low[:2] in ("0x", "0o") else Decimal(text)  # the exponent stays symbolic
    if value == 0:
        return None
    decade = value.adjusted()  # floor(log10 |value|)
    top, where = limits.max_exponent, f"(limit max_exponent, see {DOCS})"
    shown = text if len(text) <= 30 else text[:24] + "..."
    if decade >= top:
        return f"the number {shown} is too large: expected a number below 10^{top} in absolute value {where}"
    if decade < -top:
        return f"the number {shown} is too small: expected 0 or at least 10^-{top} in absolute value {where}"
    return None



@dataclass(frozen=True, slots=True, kw_only=True)
class Fixed:
    """A constant of an algorithm: its name in the code, value, meaning and where it is used."""

    name: str
    value: int
    what: str
    where: str


#: The fixed constants, for the documentation.
FIXED: tuple[Fixed, ...] = (
    Fixed(name="MAX_VERTICES", value=MAX_VERTICES, where="enummixed",
          what="default of the option max_vertices: McMullen's bound on the vertices of a best-response "
          "polytope (raise it with --option max_vertices=N)"),
    Fixed(name="MAX_PIVOTS", value=MAX_PIVOTS, where="lh", what="pivots on one Lemke-Howson path"),
    Fixed(name="MAX_SUBSETS", value=MAX_SUBSETS, where="enummixed",
          what="constraint subsets tried when Qhull fails"),
    Fixed(name="MAX_EXACT_SUBSETS", value=MAX_EXACT_SUBSETS, where="enummixed",
          what="constraint subsets solved exactly to recompute the labels of vertices"),
    Fixed(name="MAX_TABLE_ENTRIES", value=MAX_TABLE_ENTRIES, where="table methods",
          what="payoff entries (cells x players) any table solver enumerates"),
    Fixed(name="MAX_LCP_EQUATIONS", value=MAX_LCP_EQUATIONS, where="lcp",
          what="equations of the sequence-form LCP (sequences plus information sets)"),
    Fixed(name="MAX_AGENT_QRE_ENTRIES", value=MAX_AGENT_QRE_ENTRIES, where="agent_qre",
          what="actions x terminals of the agent-form QRE"),
    Fixed(name="MAX_SPE_COMBINATIONS", value=MAX_SPE_COMBINATIONS, where="spe",
          what="combinations of continuation values at one chance node or subgame"),
    Fixed(name="SPE_ENUMERATED_CELLS", value=SPE_ENUMERATED_CELLS, where="spe",
          what="cells of a two-player subgame's reduced normal form above which 'lcp' solves it "
          "(one equilibrium instead of all)"),
    Fixed(name="SPE_QRE_CELLS", value=SPE_QRE_CELLS, where="spe",
          what="cells of a subgame of three or more movers above which 'agent_qre' solves it"),
    Fixed(name="MAX_PURE_STRATEGIES", value=MAX_PURE_STRATEGIES, where="regret of tree profiles",
          what="pure strategies of a player without perfect recall enumerated for a best response"),
)


def markdown() -> str:
    """The two tables of ``docs/limits.md`` (adjustable limits, then fixed constants)."""
    lines = ["| limit | default | what it counts | what it protects |", "|---|---|---|---|"]
    for f in dataclasses.fields(Limits):
        ceiling = f.metadata["ceiling"]
        default = f"{f.default:,}" + (f" (at most {ceiling:,})" if ceiling is not None else "")
        lines.append(f"| `{f.name}` | {default} | {f.metadata['what']} | {f.metadata['protects']} |")
    lines += ["", "| constant | value | used by | what it counts |", "|---|---|---|---|"]
    lines += [f"| `{c.name}` | {c.value:,} | {c.where} | {c.what} |" for c in FIXED]
    return "\n".join(lines) + "\n"
