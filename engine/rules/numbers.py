"""Short task numbers: the small numbers open tasks get in listings, as Taskwarrior's ids.

Which words are numbers. A word of one to three digits (``1``, ``42``, ``007``) is a task number;
so is a list of them with ranges (``1-3,7``). Handles (7 hex digits) and id prefixes (4+ hex
digits) are never numbers, so a word of four or more digits keeps meaning an id prefix (or a
piece of text) as before. A bare word of 1-3 digits no longer finds a task by a piece of its
text: to find "Call 42", type more of its text.

How numbers are given. Every open task has a number, whatever a listing shows (a filtered listing
shows the same numbers as the full one): the open tasks in the order they were captured (the
order a listing shows them in within a project, so numbers rise down each project), then by id,
numbered from 1. A listing that prints numbers remembers the mapping it
showed (``engine.storage.seen_numbers``); until the next listing a number means what that listing
showed, so ``done 1`` then ``done 2`` tick off the tasks the user saw, and tasks opened since are
numbered after them. A number whose task is no longer open, or beyond what was shown, is refused
with what changed: never silently another task. With no listing remembered the current order
counts, and the first command that uses a number remembers it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from engine.rules.errors import InvalidInputError, NotFoundError, RuleViolationError

__all__ = ["Numbering", "is_number_word", "number_from", "number_words"]

_NUMBER = r"\d{1,3}"
_NUMBERS = re.compile(rf"^{_NUMBER}(?:-{_NUMBER})?(?:,{_NUMBER}(?:-{_NUMBER})?)*$")


def is_number_word(word: str) -> bool:
    """Whether ``word`` is a task number or a list of them (``3``, ``1-3,7``) rather than a handle or text."""
    return bool(_NUMBERS.match(word.strip()))


def number_words(word: str) -> list[int]:
    """The numbers ``word`` names, in the order written (``1-3,7`` -> 1, 2, 3, 7)."""
    out: list[int] = []
    for part in word.strip().split(","):
        low, _, high = part.partition("-")
        first, last = int(low), int(high or low)
        if last < first:
            raise InvalidInputError(f"range {part!r} in {word!r} runs backwards; write {last}-{first}")
        out.extend(range(first, last + 1))
    return out


def number_from(seen: Sequence[str] | None, task_id: str, before: Sequence[str]) -> int:
    """The number the open task ``task_id`` answers to, from the remembered listing ``seen`` and
    ``before``, the open tasks ahead of it in capture order (in any order): what
    ``Numbering(seen, open_ids).number_of(task_id)`` says, without the whole ordered list."""
    if seen is None:
        return len(before) + 1
    if task_id in seen:
        return seen.index(task_id) + 1
    return len(seen) + len(set(before).difference(seen)) + 1  # the ids in ``before`` are distinct


@dataclass(frozen=True)
class Numbering:
    """The numbers as they stand: ``seen`` the task ids in the order the last remembered listing
    numbered them (None: no listing remembered), ``open_ids`` the open tasks' ids in capture order."""

    seen: Sequence[str] | None
    open_ids: Sequence[str]

    @cached_property
    def _open(self) -> frozenset[str]:
        return frozenset(self.open_ids)

    @cached_property
    def _order(self) -> list[str]:
        if self.seen is None:
            return list(self.open_ids)
        known = set(self.seen)
        return [*self.seen, *(i for i in self.open_ids if i not in known)]

    def order(self) -> list[str]:
        """Task ids by number (index 0 is number 1): as remembered, then the tasks opened since.
        Entries of remembered tasks that are no longer open stay (their numbers are not reused)."""
        return list(self._order)

    def number_of(self, task_id: str) -> int | None:
        """The number ``task_id`` answers to now (None: it is not open); without building the
        whole order (``add`` asks it of a list of thousands)."""
        if self.seen is None:
            return self.open_ids.index(task_id) + 1 if task_id in self.open_ids else None
        if task_id not in self._open:
            return None
        if task_id in self.seen:
            return self.seen.index(task_id) + 1
        known = set(self.seen)
        since = [i for i in self.open_ids if i not in known]
        return len(self.seen) + since.index(task_id) + 1

    def resolve(self, number: int, describe: Callable[[str], str], *, closed_too: bool = False) -> str:
        """The id of the open task behind ``number``. ``describe(id)`` says what became of a
        remembered task that is no longer open (for the refusal). ``closed_too``: a command for
        closed tasks (``reopen 3`` right after ``done 3``) takes the task the listing showed even
        though it closed since: it is still the one the user saw."""
        order = self._order
        if number < 1 or number > len(order):
            shown = f"1-{len(order)}" if order else "none"
            raise NotFoundError(f"no task has number {number} (open tasks are numbered {shown}); list the tasks again")
        task_id = order[number - 1]
        if task_id not in self._open and not closed_too:
            raise RuleViolationError(f"number {number} was {describe(task_id)}; list the tasks again or use its handle {task_id[:7]}")
        return task_id
