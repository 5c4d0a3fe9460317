"""The one exception tree of dayledger.

DayledgerError                 base: a one-line message and an exit code
 +-- InvalidInputError (2)     the user typed something we cannot use: empty text, bad WHEN, bad cron
 +-- NotFoundError (3)         no task/appointment/project matches a handle or text
 +-- AmbiguousError (3)        several match; carries the candidates
 +-- RuleViolationError (4)    the command breaks a rule of the ledger: completing a cancelled task...
 +-- LedgerError (5)           the ledger cannot be used: foreign file, unreachable database
 +-- ConflictError (6)         concurrent writers kept conflicting after bounded retries
 |    +-- WriteConflict         one append lost to another writer (the unit of work retries it)
 +-- RemoteError (7)           a web service (arXiv, a blog) could not be reached or answered nonsense

The CLI turns these into one line on stderr and the exit code; anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousError",
    "ConflictError",
    "DayledgerError",
    "InvalidInputError",
    "LedgerError",
    "NotFoundError",
    "RemoteError",
    "RuleViolationError",
    "WriteConflict",
]


class DayledgerError(Exception):
    """Base of every error a user can cause; the message is one line."""

    exit_code: int = 1


class InvalidInputError(DayledgerError, ValueError):
    """Input that cannot be understood or is empty."""

    exit_code = 2


class NotFoundError(DayledgerError, LookupError):
    """Nothing in the ledger matches what was asked for."""

    exit_code = 3


class AmbiguousError(DayledgerError, LookupError):
    """More than one thing matches; nothing was changed."""

    exit_code = 3

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


class RuleViolationError(DayledgerError):
    """The command is well formed but the ledger's rules forbid it."""

    exit_code = 4


class LedgerError(DayledgerError):
    """The ledger itself cannot be opened or used."""

    exit_code = 5


class ConflictError(DayledgerError):
    """Concurrent changes kept conflicting after a bounded number of retries."""

    exit_code = 6


class WriteConflict(ConflictError):
    """One append lost to another writer: a stale version, or the write lock held too long.

    Raised by the event store, never by the library beneath it; the unit of work plans again
    and retries, and only when it gives up does the user see a ConflictError."""


class RemoteError(DayledgerError):
    """A web service could not be reached, kept failing, or answered something unreadable."""

    exit_code = 7
