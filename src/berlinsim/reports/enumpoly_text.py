"""What support enumeration (``enumpoly``) did, in words: completeness, supports, certificates.

``enumpoly`` looks at every support profile (each player's set of played actions), solves
that support's indifference equations exactly and keeps the solutions that are equilibria
(:mod:`berlinsim.solvers.enumpoly`). :func:`enumpoly_blocks` says how the search went (the
actions removed by dominance, how many supports were skipped and solved), whether the list
is complete, which supports had infinitely many solutions and what is known about each
(ruled out; holding a continuum; or unresolved, and why), and for each equilibrium with
irrational probabilities the polynomial whose root determines it.

Examples
--------
>>> import numpy as np
>>> from berlinsim.model.normal_form import NormalFormGame
>>> from berlinsim.reports.blocks import to_text
>>> from berlinsim.solvers.enumpoly import enumpoly_solve
>>> u = np.zeros((3, 2, 2, 2), dtype=int)
>>> for i in range(3):
...     u[i, 0, 0, 0], u[i, 1, 1, 1] = 2, 1            # 3-player coordination on A (2) or B (1)
>>> game = NormalFormGame.from_payoffs(u, actions=(("A", "B"),) * 3)
>>> print(to_text(enumpoly_blocks(enumpoly_solve(game))))
Support enumeration
-------------------
No action is strictly dominated. Of the 27 support profiles (each player's set of played
actions), 24 were skipped (an action in them is weakly dominated against the others' supports)
and 3 had their indifference equations solved exactly.
<BLANKLINE>
The list is complete: the game has exactly these 3 equilibria.
<BLANKLINE>
Equilibria with irrational probabilities (each certified exactly: t is the only root of its
polynomial in the interval given, and each probability is a polynomial in t):
<BLANKLINE>
  Equilibrium 2: t is the root of t^2 - 12t + 18 in (3599/2048, 7199/4096) (t ≈ 1.75736).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from berlinsim.model.enumeration import AlgebraicProfile, EnumpolyDetails, SupportReport
from berlinsim.model.normal_form import NormalFormGame
from berlinsim.reports.blocks import Block, Heading, Items, Para, Table
from berlinsim.reports.number_format import format_probability, format_value

__all__ = ["enumpoly_blocks", "is_enumpoly", "polynomial_text", "support_text"]

#: What each status of an infinite support means, in words.
STATUS_WORDS = {
    "excluded": "ruled out: no equilibrium has this support",
    "equilibria": "a continuum of equilibria, not listed",
    "unresolved": "undecided: equilibria may be missing",
}


def is_enumpoly(result: Any) -> bool:
    """Whether ``result`` carries support enumeration's details."""
    return isinstance(result.details, EnumpolyDetails)


def polynomial_text(coefficients: Sequence[Any], var: str = "t") -> str:
    """A polynomial given lowest degree first, highest power first: ``552t^2 - 8986t + 12399``.

    >>> polynomial_text((-1, 2, 1)), polynomial_text((Fraction(1, 2), -1)), polynomial_text(())
    ('t^2 + 2t - 1', '-t + 1/2', '0')
    """
    out = ""
    for power in reversed(range(len(coefficients))):
        c = coefficients[power]
        if c == 0:
            continue
        size = abs(c)
        body = var + (f"^{power}" if power > 1 else "") if power else ""
        number = format_probability(size) if isinstance(size, Fraction) else format_value(size)
        term = body if size == 1 and power else (f"({number})" if "/" in number and power else number) + body
        out += (("-" if c < 0 else "") + term) if not out else ((" - " if c < 0 else " + ") + term)
    return out or "0"


def support_text(game: NormalFormGame, support: Sequence[Sequence[int]]) -> str:
    """A support profile in the players' and actions' names: ``US {Firm}; UK {Hold, Quit}``."""
    return "; ".join(f"{p} {{{', '.join(game.actions[i][a] for a in s)}}}"
                     for i, (p, s) in enumerate(zip(game.players, support)))


def _dominated(game: NormalFormGame, details: EnumpolyDetails) -> str:
    removed = [f"{game.players[i]}: " + ", ".join(game.actions[i][a] for a in acts)
               for i, acts in enumerate(details.dominated) if acts]
    if not removed:
        return "No action is strictly dominated."
    return "Removed first as strictly dominated (iteratively): " + "; ".join(removed) + "."


def _certificate(k: int, cert: AlgebraicProfile) -> str:
    lo, hi = cert.interval
    return (f"Equilibrium {k}: t is the root of {polynomial_text(cert.eliminant)} in "
            f"({format_probability(lo)}, {format_probability(hi)}) (t \u2248 {float(cert.root()):.6g}).")


def _infinite_blocks(game: NormalFormGame, reports: Sequence[SupportReport]) -> list[Block]:
    """A table of the supports and their status, then why, once per distinct reason."""
    table = Table(("#", "support", "what is known"),
                  tuple((str(k), support_text(game, r.support), STATUS_WORDS[r.status]) for k, r in enumerate(reports, 1)))
    reasons: dict[str, list[int]] = {}
    for k, r in enumerate(reports, 1):
        reasons.setdefault(r.reason, []).append(k)
    why = tuple(f"Support{'s' if len(ks) > 1 else ''} {', '.join(map(str, ks))}: {reason}." for reason, ks in reasons.items())
    return [table, Items(why)]


def enumpoly_blocks(result: Any, *, level: int = 2) -> list[Block]:
    """How ``enumpoly`` went, as blocks (see the module docstring); empty for other methods."""
    if not is_enumpoly(result):
        return []
    game, details = result.game, result.details
    if not isinstance(game, NormalFormGame):  # a tree solved in its reduced normal form: supports name its plans
        from berlinsim.model.reduced_normal_form import to_reduced_normal_form

        game = to_reduced_normal_form(game)[0]
    blocks: list[Block] = [
        Heading(level, "Support enumeration"),
        Para(f"{_dominated(game, details)} Of the {details.supports:,} support profiles (each player's set of "
             f"played actions), {details.pruned:,} were skipped (an action in them is weakly dominated against the "
             f"others' supports) and {details.solved:,} had their indifference equations solved exactly."),
    ]
    count = len(result.equilibria)
    missing = [r for r in details.infinite if not r.is_resolved]
    if not missing:
        blocks.append(Para(f"The list is complete: the game has exactly th{'is' if count == 1 else 'ese'} {count} "
                           f"equilibri{'um' if count == 1 else 'a'}."
                           + (" Supports whose equations have infinitely many solutions were each ruled out by a "
                              "certified linear program." if details.infinite else "")))
    else:
        unresolved = sum(r.status == "unresolved" for r in missing)
        continua = len(missing) - unresolved
        why = []
        if continua:
            why.append(f"{continua} support profile{'s hold' if continua > 1 else ' holds'} equilibria that are "
                       "not isolated (a continuum): they are not listed")
        if unresolved:
            why.append(f"{unresolved} support profile{'s' if unresolved > 1 else ''} could not be decided: their "
                       "equations have infinitely many solutions, and the linear test that rules such supports "
                       "out treats the others' profile as any distribution, not as independent mixes, so it "
                       "cannot rule them out for 3+ players; equilibria there (isolated or a continuum) may "
                       "be missing, except those where an unused action ties, which are solved for and listed")
        blocks.append(Para(f"The list is not complete: {'; '.join(why)}. The {count} listed "
                           f"equilibri{'um is' if count == 1 else 'a are'} each verified."))
    if details.infinite:
        blocks += [Para("Supports whose indifference equations have infinitely many solutions:"),
                   *_infinite_blocks(game, details.infinite)]
    irrational = [(k, c) for k, c in enumerate(details.certificates, 1) if c is not None]
    if irrational:
        blocks += [Para("Equilibria with irrational probabilities (each certified exactly: t is the only root of its "
                        "polynomial in the interval given, and each probability is a polynomial in t):"),
                   Items(tuple(_certificate(k, c) for k, c in irrational))]
    return blocks
