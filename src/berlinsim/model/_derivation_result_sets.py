"""Correlated equilibria and support systems explained: value objects (private part of :mod:`berlinsim.model.derivation_result`).

A correlated equilibrium is explained by its obedience inequalities, linear in the
probabilities ``p1, p2, ...`` of the table's cells (:class:`CorrelatedView`): for a player told
an action, what obeying earns summed over the cells where she is told it, against what a
switch earns there; a listed distribution is a vertex where enough of them *bind* (hold with
equality). An equilibrium of three or more players found by support enumeration is explained
by its support's indifference equations (:class:`SupportSystemView`): polynomial in the
probabilities of the other players' actions, one equation per pair of actions a player uses.
Import these classes from :mod:`berlinsim.model.derivation_result`.

Examples
--------
>>> from fractions import Fraction as F
>>> line = ObedienceLine(player="US", told="Swerve", deviation="Straight", obey=((0, F(6)), (1, F(2))),
...                      deviate=((0, F(7)), (1, F(0))))
>>> line.difference
((0, Fraction(-1, 1)), (1, Fraction(2, 1)))
"""

from __future__ import annotations

from dataclasses import dataclass

from berlinsim.model._derivation_result_tree import Number


@dataclass(frozen=True, slots=True, kw_only=True)
class ObedienceLine:
    """One obedience inequality: ``sum obey >= sum deviate`` over the cells where ``player`` is told ``told``.

    ``obey`` and ``deviate`` are ``(cell index, payoff)`` pairs: the payoff of obeying, and of
    switching to ``deviation``, in that cell. ``told`` is ``None`` for a coarse constraint (every
    cell counts; the switch is a commitment made before the draw).
    """

    player: str
    told: str | None
    deviation: str
    obey: tuple[tuple[int, Number], ...]
    deviate: tuple[tuple[int, Number], ...]

    @property
    def difference(self) -> tuple[tuple[int, Number], ...]:
        """``(cell, obey - deviate)``: the inequality is ``sum difference * p >= 0``."""
        switch = dict(self.deviate)
        return tuple((c, u - switch.get(c, 0)) for c, u in self.obey)


@dataclass(frozen=True, slots=True, kw_only=True)
class DistributionLine:
    """One listed (coarse) correlated equilibrium and the constraints that bind at it.

    ``probabilities`` has one entry per cell of the table (0 off the support); ``binding`` holds
    the indices into :attr:`CorrelatedView.constraints` that hold with equality (those of a
recommendation that is never made, ``0 >= 0``, left out). ``is_vertex``:
    whether those equalities, the cells of probability 0 and the probabilities' sum leave this
    distribution alone (``None`` when not decided exactly).
    """

    number: int
    roles: tuple[str, ...]
    probabilities: tuple[Number, ...]
    payoffs: tuple[Number, ...]
    binding: tuple[int, ...]
    is_vertex: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrelatedView:
    """The correlated-equilibrium polytope's inequalities and the listed distributions.

    ``cells[k]`` names the table's ``k``-th cell (row-major) by its actions; ``welfare[k]`` is
    the total payoff there. ``vertices`` is True when the listed distributions are all the
    polytope's vertices.
    """

    coarse: bool
    cells: tuple[tuple[str, ...], ...]
    welfare: tuple[Number, ...]
    constraints: tuple[ObedienceLine, ...]
    distributions: tuple[DistributionLine, ...]
    vertices: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class PayoffPolynomial:
    """A player's expected payoff from one action, as a polynomial in the others' probabilities.

    ``terms`` are ``(coefficient, monomial)`` pairs; a monomial is a tuple of variable names
    (repeated for powers; ``()`` is the constant term).
    """

    player: str
    action: str
    terms: tuple[tuple[Number, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SupportSystemView:
    """The indifference equations of one support profile and what solving them gave.

    Attributes
    ----------
    support : tuple of tuple of str
        Each player's actions played.
    variables : tuple of (name, player, action)
        The unknowns: ``name`` is the probability that ``player`` plays ``action``; each
        player's first action in the support gets one minus the rest.
    payoffs : tuple of PayoffPolynomial
        The expected payoff of every action in the support of every player who mixes.
    equations : tuple of (int, int)
        Pairs of indices into ``payoffs`` that must be equal (same player).
    equilibria : tuple of int
        The (1-based) numbers of the listed equilibria with this support.
    values : tuple of tuple of (name, Number)
        For each of them, the unknowns' values (floats when irrational).
    status : str
        ``"solved"``, or for infinitely many solutions the :class:`SupportReport` status.
    reason : str
        For infinitely many solutions: how the status was decided.
    eliminants : tuple of tuple of int
        For each of them: ``()`` when rational, else the polynomial (lowest degree first) whose
        root fixes it.
    """

    support: tuple[tuple[str, ...], ...]
    variables: tuple[tuple[str, str, str], ...]
    payoffs: tuple[PayoffPolynomial, ...]
    equations: tuple[tuple[int, int], ...]
    equilibria: tuple[int, ...] = ()
    values: tuple[tuple[tuple[str, Number], ...], ...] = ()
    status: str = "solved"
    reason: str = ""
    eliminants: tuple[tuple[int, ...], ...] = ()
