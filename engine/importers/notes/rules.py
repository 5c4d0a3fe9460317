"""The user's rules for carry-over identity (engine.importers.notes.matching): the score a task line needs
to be an open task, and the pairs of texts said to be the same task or never the same.

Kept apart from the matching itself, which needs the ledger's events: an import that finds
every note recorded already never loads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.rules.errors import InvalidInputError
from engine.rules.text import normal_words

__all__ = ["DEFAULT_THRESHOLD", "MatchRules"]

DEFAULT_THRESHOLD = 0.8


@dataclass(frozen=True)
class MatchRules:
    threshold: float = DEFAULT_THRESHOLD
    same: tuple[tuple[str, str], ...] = ()
    separate: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise InvalidInputError(f"the match threshold must be above 0 and at most 1, not {self.threshold}")
        object.__setattr__(self, "same", tuple(_pair(a, b) for a, b in self.same))
        object.__setattr__(self, "separate", tuple(_pair(a, b) for a, b in self.separate))

    def override(self, a: str, b: str) -> str | None:
        """"same" or "separate" when the user said so for these normalised texts."""
        pair = _pair(a, b)
        if pair in self.separate:
            return "separate"
        if pair in self.same or a == b:
            return "same" if a != b else None
        return None


def _pair(a: str, b: str) -> tuple[str, str]:
    x, y = normal_words(a), normal_words(b)
    return (x, y) if x <= y else (y, x)
