"""``explain`` for correlated equilibria and for support enumeration with 3+ players (private helper of :mod:`._explain_blocks`).

:func:`correlated_blocks` writes the obedience inequalities in the cells' probabilities
``p1, p2, ...`` and, for each listed distribution, the ones that bind there;
:func:`support_blocks` writes each support profile's indifference equations, polynomial in
the other players' probabilities, and what solving them gave.

Examples
--------
>>> from berlinsim.analysis.derivation import derive
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.reports.blocks import to_text
>>> from berlinsim.solvers.correlated import correlated_solve
>>> chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=("A", "B"),
...                                        actions=(("C", "D"), ("C", "D")))
>>> blocks = correlated_blocks(derive(chicken, correlated_solve(chicken)))
>>> [row for b in blocks if isinstance(b, Math) for row in b.rows][0]
('A told C, not D', '6p1 + 2p2 >= 7p1  =>  -p1 + 2p2 >= 0')
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from berlinsim.model.derivation_result import Derivation, ObedienceLine, PayoffPolynomial, SupportSystemView
from berlinsim.reports._explain_math import Math, expression
from berlinsim.reports.blocks import Heading, Items, Para, Table
from berlinsim.reports.number_format import format_probability, format_value

__all__ = ["correlated_blocks", "monomial_text", "polynomial", "support_blocks"]

#: Status of an unsettled support, in words.
_STATUS = {"unresolved": "could not be decided: equilibria with this support may exist and are not listed",
           "equilibria": "holds equilibria that are not isolated (a continuum): they are not listed"}


def _label(line: ObedienceLine) -> str:
    if line.told is None:
        return f"{line.player}, not committing to {line.deviation}"
    return f"{line.player} told {line.told}, not {line.deviation}"


def _linear(terms: Sequence[tuple[int, Any]]) -> str:
    return expression([(c, f"p{k + 1}") for k, c in terms])


def _inequality(line: ObedienceLine) -> str:
    return f"{_linear(line.obey)} >= {_linear(line.deviate)}  =>  {_linear(line.difference)} >= 0"


def _probabilities(p: Sequence[Any]) -> str:
    return ", ".join(f"p{k + 1} = {format_probability(q)}" for k, q in enumerate(p))


def correlated_blocks(d: Derivation) -> list[Any]:
    """The obedience inequalities and, per listed distribution, the ones that bind."""
    view = d.correlated
    if view is None:
        return []
    kind = "coarse correlated" if view.coarse else "correlated"
    blocks: list[Any] = [
        Heading(2, f"5. {kind.capitalize()} equilibria: the obedience inequalities"),
        Para("A mediator draws a cell of the table and tells each player privately only her own action. Name the "
             "probability of each cell:"),
        Table(("probability", *d.players), tuple((f"p{k + 1}", *cell) for k, cell in enumerate(view.cells))),
    ]
    if view.coarse:
        blocks.append(Para("The probabilities are at least 0 and sum to 1. Before the draw each player compares "
                           "following the mediator with committing to one action whatever she is told; following "
                           "must earn at least as much (expected payoffs over all cells):"))
    else:
        blocks.append(Para("The probabilities are at least 0 and sum to 1. Told an action, a player compares obeying "
                           "with each switch over the cells where she is told it; multiplied by the probability of "
                           "being told it, the condition is linear in the probabilities (on the left what obeying "
                           "earns, on the right what the switch earns):"))
    blocks.append(Math(tuple((_label(line), _inequality(line)) for line in view.constraints)))
    blocks += [Para("Each inequality cuts the set of distributions by a half-space, so the "
                    f"{kind} equilibria form a polytope. Its total payoff, which the welfare-maximising one maximises:"),
               Math((("total", _linear(tuple(enumerate(view.welfare)))),))]
    for line in view.distributions:
        roles = ", ".join(r for r in line.roles if r != "vertex") or "vertex"
        payoffs = ", ".join(f"{p} {format_value(u)}" for p, u in zip(d.players, line.payoffs))
        binding = [_label(view.constraints[k]) for k in line.binding]
        zeros = [f"p{k + 1}" for k, q in enumerate(line.probabilities) if q == 0]
        tight = binding + ([f"{', '.join(zeros)} = 0 (never drawn)"] if zeros else [])
        blocks += [Heading(3, f"Distribution {line.number} ({roles})"),
                   Para(f"{_probabilities(line.probabilities)}. Expected payoffs: {payoffs}.")]
        if binding:
            blocks += [Para("These inequalities bind (hold with equality: the player is just indifferent between "
                            "obeying and the switch):"), Items(tuple(tight))]
        else:
            blocks.append(Para("No obedience inequality binds: every player strictly prefers to obey"
                               + (f"; {tight[0]}." if tight else ".")))
        if line.is_vertex:
            blocks.append(Para("With the probabilities summing to 1 these equalities leave only this distribution: "
                               "it is a vertex of the polytope. Every other inequality of a recommendation that is made holds "
                               "with room to spare."))
    return blocks


def monomial_text(names: Sequence[str]) -> str:
    """``("q", "q", "r")`` as ``q^2r``.

    >>> monomial_text(("q", "q", "r")), monomial_text(())
    ('q^2r', '')
    """
    counts = Counter(names)
    return "".join(n + (f"^{k}" if k > 1 else "") for n, k in sorted(counts.items()))


def polynomial(terms: Sequence[tuple[Any, tuple[str, ...]]]) -> str:
    """A payoff polynomial: ``3qr - 2q + 1``."""
    constant = sum((c for c, m in terms if not m), 0)
    return expression([(c, monomial_text(m)) for c, m in terms if m], constant)


def _payoff_row(p: PayoffPolynomial) -> tuple[str, str]:
    return (f"{p.player} {p.action}", polynomial(p.terms))


def _system(s: SupportSystemView, players: Sequence[str]) -> list[Any]:
    title = "; ".join(f"{p} {{{', '.join(a)}}}" for p, a in zip(players, s.support))
    unknowns = ", ".join(f"{n} = P({p} plays {a})" for n, p, a in s.variables)
    blocks: list[Any] = [Heading(3, f"Support {title}"),
                         Para(f"Unknowns: {unknowns}; each player's first action gets one minus the rest. Each "
                              "mixing player's expected payoff from each action she uses:"),
                         Math(tuple(_payoff_row(p) for p in s.payoffs)),
                         Para("She must be indifferent among them:"),
                         Math(tuple((f"{s.payoffs[a].player}", f"{polynomial(s.payoffs[a].terms)} = "
                                     f"{polynomial(s.payoffs[b].terms)}") for a, b in s.equations))]
    if s.status != "solved":
        blocks.append(Para(f"These equations have infinitely many solutions. This support {_STATUS[s.status]}: "
                           f"{s.reason}."))
        return blocks
    for number, values, eliminant in zip(s.equilibria, s.values, s.eliminants):
        found = ", ".join(f"{n} = {format_probability(v)}" for n, v in values)
        if eliminant:
            blocks.append(Para(f"Solved exactly, as an algebraic point: equilibrium {number} has {found} (rounded). "
                               "Eliminating all unknowns but one leaves a polynomial of degree "
                               f"{len(eliminant) - 1} with integer coefficients, and an interval with rational ends "
                               "holding just one of its roots fixes the solution; every probability is positive and "
                               "no unused action pays more, decided exactly."))
        else:
            blocks.append(Para(f"Solved exactly: equilibrium {number} has {found}; every probability is positive and "
                               "no unused action pays more."))
    return blocks


def support_blocks(d: Derivation) -> list[Any]:
    """Each support profile's indifference equations (3+ players, support enumeration)."""
    if not d.supports:
        return []
    blocks: list[Any] = [
        Heading(2, "6. Support enumeration: the indifference equations"),
        Para("With three or more players a player's payoff from an action is a sum over the others' actions of the "
             "payoff times the product of their probabilities, so the conditions that make her indifferent are "
             "polynomial equations, one system per support profile (each player's set of played actions). Pure "
             "equilibria need none. The supports of the listed mixed equilibria, and those left undecided:"),
    ]
    for s in d.supports:
        blocks += _system(s, d.players)
    return blocks
