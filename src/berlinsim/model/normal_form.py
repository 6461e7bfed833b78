"""Normal-form (strategic) games of any number of players.

A game stores one payoff tensor per player, indexed by the full pure profile:
``payoffs[i][a_0, a_1, ..., a_{n-1}]`` is player ``i``'s payoff when player ``j``
plays action ``a_j``. Games are immutable and built only through the named
constructors below.

Examples
--------
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                   actions=(("C", "D"), ("C", "D")), title="Prisoner's dilemma")
>>> pd.num_players, pd.shape, pd.is_exact
(2, (2, 2), True)
>>> pd.payoff_of(("D", "C"))
(Fraction(5, 1), Fraction(0, 1))
>>> pd == NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                    actions=(("C", "D"), ("C", "D")), title="Prisoner's dilemma")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import prod
from typing import Any, Sequence

import numpy as np

from berlinsim.errors import GameError
from berlinsim.model._exact import exact_array, to_float_array, to_fraction
from berlinsim.model._scale import PayoffScale, exact_normalized, is_too_narrow, payoff_scale


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, slots=True, kw_only=True)
class NormalFormGame:
    """A finite game in strategic form.

    Attributes
    ----------
    players : tuple of str
        Player labels, unique.
    actions : tuple of tuple of str
        Each player's action labels, unique within a player.
    payoffs : numpy.ndarray
        Float payoffs, shape ``(num_players, *shape)``, read-only.
    exact_payoffs : numpy.ndarray or None
        The same payoffs as an object array of :class:`~fractions.Fraction` when every
        payoff was given exactly (integers, decimals, fractions); ``None`` otherwise. Float
        payoffs too narrow for float arithmetic (some player's payoffs spanning less than
        :data:`~berlinsim.model._scale.FLOAT_SPAN` of their magnitude) are taken exactly, as
        the binary fractions they are, and the game is solved exactly.
    title, comment : str
        Free text carried through files and output.
    """

    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray
    exact_payoffs: np.ndarray | None = None
    title: str = ""
    comment: str = ""
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        players = tuple(str(p) for p in self.players)
        actions = tuple(tuple(str(a) for a in acts) for acts in self.actions)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "actions", actions)
        if len(players) < 1:
            raise GameError("a game needs at least one player")
        if len(set(players)) != len(players):
            raise GameError(f"player labels must be unique, got {list(players)}")
        if len(actions) != len(players):
            raise GameError(f"{len(players)} players but {len(actions)} action lists")
        for p, acts in zip(players, actions):
            if not acts:
                raise GameError(f"player {p!r} has no actions")
            if len(set(acts)) != len(acts):
                dup = sorted({a for a in acts if acts.count(a) > 1})
                raise GameError(f"player {p!r} has duplicate action labels {dup}")
        shape = tuple(len(a) for a in actions)
        payoffs = np.asarray(self.payoffs, dtype=np.float64)
        if payoffs.shape != (len(players), *shape):
            raise GameError(
                f"payoff array has shape {payoffs.shape}, expected {(len(players), *shape)}"
            )
        if not np.all(np.isfinite(payoffs)):
            raise GameError("payoffs must be finite numbers")
        object.__setattr__(self, "payoffs", _readonly(payoffs))
        if self.exact_payoffs is None and is_too_narrow(payoffs):
            exact = np.empty(payoffs.shape, dtype=object)
            exact.flat[:] = [Fraction(v) for v in payoffs.flat]
            object.__setattr__(self, "exact_payoffs", exact)
        if self.exact_payoffs is not None:
            exact = np.asarray(self.exact_payoffs, dtype=object)
            if exact.shape != payoffs.shape:
                raise GameError("exact payoffs and float payoffs differ in shape")
            object.__setattr__(self, "exact_payoffs", _readonly(exact))

    def __eq__(self, other: object) -> bool:
        """Games are equal when labels, text and payoffs (exact ones too) are equal."""
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        same_exact = (self.exact_payoffs is None) == (other.exact_payoffs is None) and (
            self.exact_payoffs is None or bool(np.all(self.exact_payoffs == other.exact_payoffs))
        )
        return (
            self.players == other.players
            and self.actions == other.actions
            and self.title == other.title
            and self.comment == other.comment
            and np.array_equal(self.payoffs, other.payoffs)
            and same_exact
        )

    def __hash__(self) -> int:
        return hash((self.players, self.actions, self.title, self.payoffs.tobytes()))

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_payoffs(
        cls,
        payoffs: Any,
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
        comment: str = "",
    ) -> NormalFormGame:
        """A game from a payoff tensor of shape ``(num_players, n_0, ..., n_{k-1})``.

        Entries may be ints, Fractions, Decimals, numeric strings (exact) or floats.

        >>> g = NormalFormGame.from_payoffs([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
        >>> g.players, g.actions
        (('1', '2'), (('1', '2'), ('1', '2')))
        """
        try:
            exact = exact_array(payoffs)
            floats = to_float_array(payoffs) if exact is None else _fractions_to_float(exact)
        except (TypeError, ValueError) as exc:
            raise GameError(f"bad payoffs: {exc}") from None
        if floats.ndim < 2:
            raise GameError(
                f"a payoff tensor needs shape (players, actions...), got shape {floats.shape}"
            )
        n = floats.shape[0]
        if floats.ndim != n + 1:
            raise GameError(
                f"payoff tensor for {n} players must have {n + 1} dimensions, got {floats.ndim}"
            )
        if players is None:
            players = tuple(str(i + 1) for i in range(n))
        if actions is None:
            actions = tuple(tuple(str(j + 1) for j in range(k)) for k in floats.shape[1:])
        return cls(
            players=tuple(players),
            actions=tuple(tuple(a) for a in actions),
            payoffs=floats,
            exact_payoffs=exact,
            title=title,
            comment=comment,
        )

    @classmethod
    def from_bimatrix(
        cls,
        a: Any,
        b: Any,
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """A two-player game: ``a`` is the row player's matrix, ``b`` the column player's.

        >>> NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]]).shape
        (1, 2)
        """
        a_arr = np.asarray(a, dtype=object)
        b_arr = np.asarray(b, dtype=object)
        if a_arr.ndim != 2 or a_arr.shape != b_arr.shape:
            raise GameError(
                f"a bimatrix needs two matrices of one shape, got {a_arr.shape} and {b_arr.shape}"
            )
        return cls.from_payoffs(
            np.stack([a_arr, b_arr]), players=players, actions=actions, title=title
        )

    @classmethod
    def zero_sum(
        cls,
        a: Any,
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """A two-player zero-sum game from the row player's matrix.

        >>> NormalFormGame.zero_sum([[1, -1], [-1, 1]]).payoff_of((0, 1))
        (Fraction(-1, 1), Fraction(1, 1))
        """
        a_arr = np.asarray(a, dtype=object)
        try:
            b_arr = np.vectorize(_negate, otypes=[object])(a_arr) if a_arr.size else a_arr
        except (TypeError, ValueError) as exc:
            raise GameError(f"bad payoffs: {exc}") from None
        return cls.from_bimatrix(a_arr, b_arr, players=players, actions=actions, title=title)

    @classmethod
    def symmetric(
        cls,
        a: Any,
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[str] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """A symmetric two-player game: the row player gets ``a``, the column player ``a.T``.

        >>> chicken = NormalFormGame.symmetric([[0, -1], [1, -10]], actions=("Swerve", "Straight"))
        >>> chicken.payoff_of(("Straight", "Swerve"))
        (Fraction(1, 1), Fraction(-1, 1))
        """
        a_arr = np.asarray(a, dtype=object)
        if a_arr.ndim != 2 or a_arr.shape[0] != a_arr.shape[1]:
            raise GameError(f"a symmetric game needs a square matrix, got shape {a_arr.shape}")
        acts = None if actions is None else (tuple(actions), tuple(actions))
        return cls.from_bimatrix(a_arr, a_arr.T, players=players, actions=acts, title=title)

    # ----------------------------------------------------------------- properties
    @property
    def num_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(len(a) for a in self.actions)

    @property
    def num_cells(self) -> int:
        return prod(self.shape)

    @property
    def is_exact(self) -> bool:
        """True when every payoff is known exactly (rational)."""
        return self.exact_payoffs is not None

    @property
    def max_abs_payoff(self) -> float:
        return float(np.max(np.abs(self.payoffs))) if self.payoffs.size else 0.0

    @property
    def payoff_scale(self) -> PayoffScale:
        """Each player's lowest payoff and range, and the payoffs normalised by them (computed once).

        >>> g = NormalFormGame.from_bimatrix([[10**16, 10**16 + 3]], [[0, -6]])
        >>> g.payoff_scale.span, g.normalized_payoffs.tolist()
        ((Fraction(3, 1), Fraction(6, 1)), [[[0.0, 1.0]], [[1.0, 0.0]]])
        """
        scale = self._cache.get("scale")
        if scale is None:
            scale = self._cache["scale"] = payoff_scale(self.payoffs, self.exact_payoffs)
        return scale

    @property
    def normalized_payoffs(self) -> np.ndarray:
        """Float payoffs with each player's mapped onto ``[0, 1]``, exactly rounded when the game is exact."""
        return self.payoff_scale.normalized

    def normalized(self) -> NormalFormGame:
        """This game with each player's payoffs mapped onto ``[0, 1]`` (exactly, when the game is exact).

        It has the same equilibria; float solvers that need a game object run on it.

        >>> NormalFormGame.zero_sum([[5, 3], [1, 9]]).normalized().payoff_of((0, 0))
        (Fraction(1, 2), Fraction(1, 2))
        """
        game = self._cache.get("normalized")
        if game is None:
            scale = self.payoff_scale
            exact = None if self.exact_payoffs is None else exact_normalized(self.exact_payoffs, scale)
            game = NormalFormGame(players=self.players, actions=self.actions, payoffs=scale.normalized,
                                  exact_payoffs=exact, title=self.title, comment=self.comment)
            self._cache["normalized"] = game
        return game

    def is_constant_sum(self, tol: float = 0.0) -> bool:
        """True when the players' payoffs add to the same number in every cell."""
        if self.exact_payoffs is not None:
            totals = self.exact_payoffs.sum(axis=0)
            return bool(np.all(totals == totals.flat[0]))
        totals = self.payoffs.sum(axis=0)
        return bool(np.ptp(totals) <= tol)

    def action_index(self, player: int, action: str | int) -> int:
        """The 0-based index of ``action`` (a label or an index) of ``player``."""
        if isinstance(action, (int, np.integer)):
            if not 0 <= action < len(self.actions[player]):
                raise GameError(f"player {self.players[player]!r} has no action number {action}")
            return int(action)
        try:
            return self.actions[player].index(action)
        except ValueError:
            raise GameError(
                f"player {self.players[player]!r} has no action {action!r}; "
                f"actions are {list(self.actions[player])}"
            ) from None

    def player_index(self, player: str | int) -> int:
        if isinstance(player, (int, np.integer)):
            if not 0 <= player < self.num_players:
                raise GameError(f"no player number {player}")
            return int(player)
        try:
            return self.players.index(player)
        except ValueError:
            raise GameError(f"no player {player!r}; players are {list(self.players)}") from None

    def payoff_of(self, cell: Sequence[str | int]) -> tuple[Fraction | float, ...]:
        """Every player's payoff in one cell (exact when the game is exact)."""
        if len(cell) != self.num_players:
            raise GameError(f"a cell names one action per player ({self.num_players})")
        index = tuple(self.action_index(i, a) for i, a in enumerate(cell))
        if self.exact_payoffs is not None:
            return tuple(self.exact_payoffs[(i, *index)] for i in range(self.num_players))
        return tuple(float(self.payoffs[(i, *index)]) for i in range(self.num_players))

    def restrict(self, keep: Sequence[Sequence[int]]) -> NormalFormGame:
        """The subgame where player ``i`` keeps only the actions ``keep[i]`` (in that order)."""
        if len(keep) != self.num_players:
            raise GameError("restrict needs one list of actions per player")
        index = np.ix_(range(self.num_players), *[list(k) for k in keep])
        return NormalFormGame(
            players=self.players,
            actions=tuple(tuple(self.actions[i][j] for j in k) for i, k in enumerate(keep)),
            payoffs=self.payoffs[index],
            exact_payoffs=None if self.exact_payoffs is None else self.exact_payoffs[index],
            title=self.title,
            comment=self.comment,
        )


def _negate(v: Any) -> Any:
    if isinstance(v, str):
        f = to_fraction(v)
        return -f if f is not None else -float(v)
    return -v


def _fractions_to_float(exact: np.ndarray) -> np.ndarray:
    out = np.empty(exact.shape, dtype=np.float64)
    for index, v in enumerate(exact.flat):
        try:
            out.flat[index] = float(v)
        except OverflowError:
            raise ValueError("a payoff must be finite as a float (below about 1.8e308 in magnitude), got "
                             "one beyond that") from None
    return out
