"""The short numbers a task listing prints, and remembering them for the commands that follow.

A listing numbers every open task afresh (capture order, ``engine.rules.numbers``) whatever it
shows, and remembers that mapping for the ledger (``engine.storage.seen_numbers``), so ``done 2``
means the task the user just saw as 2 until the next listing.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from engine.storage import seen_numbers

if TYPE_CHECKING:
    from engine.storage.database import Database
    from engine.storage.location import LedgerLocation

__all__ = ["Shown", "number_of_new", "numbered_task", "show_numbers"]


class Shown:
    """The numbers one listing shows: by task id (``--json``) and by handle (the text listing)."""

    __slots__ = ("_ids",)

    def __init__(self, ids: list[str]) -> None:
        self._ids = ids

    @property
    def by_id(self) -> dict[str, int]:
        return {task_id: n for n, task_id in enumerate(self._ids, 1)}

    @property
    def by_handle(self) -> dict[str, str]:
        handles = [task_id[:7] for task_id in self._ids]  # a task's handle is its id's first 7 digits
        return dict(zip(handles, map(str, range(1, len(handles) + 1)), strict=True))


def show_numbers(db: Database, location: LedgerLocation) -> Shown:
    """Number the open tasks afresh and remember it: what a listing that prints numbers does."""
    from projections.queries.numbers import open_task_ids

    ids = open_task_ids(db)
    seen_numbers.remember(location, ids)
    return Shown(ids)


def number_of_new(db: Database, location: LedgerLocation, task_id: str) -> int | None:
    """The number a task answers to now (None: not open): after the remembered listing's numbers,
    or in the current order when none is remembered."""
    from engine.rules.numbers import number_from
    from projections.queries.numbers import open_before

    before = open_before(db, task_id)
    return None if before is None else number_from(seen_numbers.recall(location), task_id, before)


def numbered_task(db: Database, location: LedgerLocation, tz: tzinfo, word: str) -> str | None:
    """The id of the task ``word`` names when it is a number (as the last listing showed it, like
    the writing commands), None when it is not one: for reads that take a task (``history``)."""
    from engine.rules.numbers import Numbering, is_number_word, number_words
    from projections.queries.numbers import open_task_ids, task_fate

    if not is_number_word(word):
        return None
    numbers = number_words(word)
    if len(numbers) != 1:
        from engine.rules.errors import InvalidInputError

        raise InvalidInputError(f"{word!r} names {len(numbers)} tasks; this command takes one")
    numbering = Numbering(seen_numbers.recall(location), open_task_ids(db))
    return numbering.resolve(numbers[0], lambda i: task_fate(db, i, tz))
