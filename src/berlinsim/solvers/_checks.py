"""Checks shared by the solvers: player counts and size limits, raised as clear errors."""

from __future__ import annotations

from berlinsim.errors import SolverError
from berlinsim.model.normal_form import NormalFormGame

#: Largest number of payoff entries (cells x players) a solver will enumerate.
from berlinsim.limits import MAX_TABLE_ENTRIES as MAX_ENTRIES  # noqa: E402


def require_players(game: NormalFormGame, count: int, method: str) -> None:
    """Refuse a game whose number of players is not ``count``."""
    if game.num_players != count:
        raise SolverError(
            f"method {method!r} needs a {count}-player game, got {game.num_players} players"
        )


def require_size(game: NormalFormGame, method: str, limit: int = MAX_ENTRIES) -> None:
    """Refuse a game too large to enumerate with ``method``."""
    entries = game.num_cells * game.num_players
    if entries > limit:
        shape = "x".join(str(n) for n in game.shape)
        raise SolverError(
            f"game of shape {shape} has {entries:,} payoff entries; method {method!r} "
            f"enumerates at most {limit:,}"
        )
