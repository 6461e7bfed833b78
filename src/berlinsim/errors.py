"""The one exception family of berlinsim.

Every error a user can cause (a bad file, a bad option, a game too large) is a
:class:`BerlinsimError`; the CLI prints it as one line and exits with code 2.
Anything else escaping is a bug.

Examples
--------
>>> print(LocatedError("scenarios/x.yaml", "players.USSR.actions", "duplicate action 'blockade'", line=14, column=7))
scenarios/x.yaml:14:7: players.USSR.actions: duplicate action 'blockade'
"""

from __future__ import annotations


class BerlinsimError(Exception):
    """Base class of every error caused by input or options rather than by a bug."""


class GameError(BerlinsimError):
    """A game (or profile) that is malformed or unsuitable for the request."""


class SolverError(BerlinsimError):
    """A solver cannot handle this game (wrong number of players, too large, ...)."""


class LocatedError(BerlinsimError):
    """An error at a place in a file, printed as ``path:line:col: key.path: message``.

    ``line`` and ``column`` are 1-based; either may be omitted.
    """

    def __init__(
        self,
        path: str,
        key: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = str(path)
        self.key = key
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class InputErrors(BerlinsimError):
    """Several located problems found in one file, reported together."""

    def __init__(self, errors: list[LocatedError] | tuple[LocatedError, ...]) -> None:
        self.errors = tuple(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
