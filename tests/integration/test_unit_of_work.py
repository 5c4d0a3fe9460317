"""The unit of work: one retry loop for every writer, our errors only, the views level after a write."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from engine.commands.unit_of_work import UnitOfWork
from engine.rules.errors import ConflictError, WriteConflict
from engine.storage.database import open_database
from engine.storage.location import SqliteLocation
from events import Source, TaskCaptured
from projections import reads
from projections.queries.current import task_refs

AT = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)


def _captured(task_id: uuid.UUID, version: int, text: str) -> TaskCaptured:
    return TaskCaptured(
        originator_id=task_id, originator_version=version, occurred_at=AT, recorded_at=AT,
        source=Source(kind="cli"), command_id=uuid.uuid4(), text=text,
    )


def test_an_attempt_that_keeps_losing_gives_up_with_our_conflict_error_after_the_bound(tmp_path: Path) -> None:
    location = SqliteLocation(tmp_path / "ledger.sqlite")
    task_id = uuid.uuid4()
    tries = 0
    with UnitOfWork(location, reads) as work:
        work.append([_captured(task_id, 1, "first")])

        def attempt() -> None:
            nonlocal tries
            tries += 1
            work.append([_captured(task_id, 1, "again")])  # version 1 is taken: a real conflict each time

        with pytest.raises(ConflictError, match=r"^notes\.txt: gave up after 3 attempts: other writers kept changing the same tasks$") as raised:
            work.retry(attempt, attempts=3, where="notes.txt: ", what="tasks")
    assert tries == 3
    assert not isinstance(raised.value, WriteConflict)  # the user sees the give-up, exit 6
    assert raised.value.exit_code == 6


def test_an_attempt_that_wins_on_a_later_try_is_recorded_once_and_the_views_are_level_after(tmp_path: Path) -> None:
    location = SqliteLocation(tmp_path / "ledger.sqlite")
    task_id = uuid.uuid4()
    versions = iter((1, 1, 2))
    with UnitOfWork(location, reads) as work:
        work.append([_captured(task_id, 1, "first")])
        work.retry(lambda: work.append([_captured(uuid.uuid4() if next(versions) == 2 else task_id, 1, "second")]))
    db = open_database(location, create=False)
    try:
        with db.read() as cur:
            assert cur.execute(f"SELECT COUNT(*) FROM {db.events_table}").fetchone()[0] == 2
        # closing the unit levelled the views: no catch-up needed to see both tasks
        assert sorted(text for _, _, text, _ in task_refs(db, ("open",))) == ["first", "second"]
    finally:
        db.close()
