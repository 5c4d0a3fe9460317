"""Taskwarrior files imported in any order keep one history: a file exported before a task's later
edits, imported after them, is older news for the present (its new annotations still count), and
its words, project, tags and due date hold as of the moments before the newer file's changes, as
date order has them: every record's ``modified`` time is kept with the task (an import key), so
the older file knows it is older and where the newer file's changes begin."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from engine.importers.tasks.recording import import_tasks
from engine.storage.database import open_database
from engine.storage.location import parse_location
from projections import reads
from projections.queries.as_of import moment, tasks_as_of
from tests.conftest import _pg_connect

UUID = "5a4ad9a5-7c1e-4c1b-9d2f-6f1d3a0b2c11"
OLDER = [{"uuid": UUID, "description": "Pay rent", "status": "pending", "entry": "20260301T090000Z", "modified": "20260302T090000Z",
          "project": "Home", "annotations": [{"entry": "20260302T090000Z", "description": "ask about the new account"}]}]
NEWER = [{"uuid": UUID, "description": "Pay the rent", "status": "completed", "entry": "20260301T090000Z", "modified": "20260305T090000Z",
          "end": "20260305T090000Z", "project": "Home", "tags": ["bills"]}]
MOMENTS = [datetime(2026, 3, d, 12, tzinfo=UTC) for d in (1, 2, 3, 4, 5, 6)]
NOW = datetime(2026, 4, 1, tzinfo=UTC)


def _write(folder: Path, name: str, records: list[dict[str, Any]]) -> str:
    path = folder / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


def _history(url: str) -> list[list[Any]]:
    db = open_database(parse_location(url), create=False)
    try:
        return [
            sorted((r.text, r.project, r.status, r.tags, r.created_at, r.completed_at) for r in tasks_as_of(db, UTC, moment(t, NOW), statuses=("open", "done", "cancelled")))
            for t in [*MOMENTS, NOW]
        ]
    finally:
        db.close()


def _events(url: str) -> int:
    db = open_database(parse_location(url), create=False)
    try:
        with db.read() as cur:
            return int(cur.execute(f"SELECT COUNT(*) FROM {db.events_table}").fetchone()[0])
    finally:
        db.close()


@pytest.fixture
def second_ledger(ledger_url: str, tmp_path: Path) -> Iterator[str]:
    """Another ledger on the same backend as ``ledger_url``."""
    if not ledger_url.startswith("postgresql:"):
        yield str(tmp_path / "other.sqlite")
        return
    schema = f"dl_test_{uuid.uuid4().hex[:12]}"
    yield f"{ledger_url.split('?')[0]}?schema={schema}"
    with _pg_connect() as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_an_older_export_imported_after_a_newer_one_changes_nothing(ledger_url: str, second_ledger: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAYLEDGER_NOW", NOW.isoformat())
    older, newer = _write(tmp_path, "older.json", OLDER), _write(tmp_path, "newer.json", NEWER)
    for path in (older, newer):
        import_tasks(parse_location(ledger_url), path, "taskwarrior", tz=UTC, views=reads)
    import_tasks(parse_location(second_ledger), newer, "taskwarrior", tz=UTC, views=reads)
    before = _events(second_ledger)
    report = import_tasks(parse_location(second_ledger), older, "taskwarrior", tz=UTC, views=reads)
    assert report.counts["changed"] == report.counts["reopened"] == 0
    assert report.counts["notes"] == 1  # its annotation is news all the same
    assert report.counts["earlier values"] == 1
    # the annotation; its words and tags from the entry on; the newer ones again from the newer file's change
    assert _events(second_ledger) == before + 1 + 2 + 2
    in_order, late = _history(ledger_url), _history(second_ledger)
    assert late == in_order  # as of every moment, and now
    assert in_order[0] == [("Pay rent", "Home", "open", (), datetime(2026, 3, 1, 9, tzinfo=UTC), None)]
    assert in_order[-1] == [("Pay the rent", "Home", "done", ("bills",), datetime(2026, 3, 1, 9, tzinfo=UTC), datetime(2026, 3, 5, 9, tzinfo=UTC))]
    again = _events(second_ledger)
    for path in (older, newer):
        import_tasks(parse_location(second_ledger), path, "taskwarrior", tz=UTC, views=reads)
    assert _events(second_ledger) == again  # nothing new either way


PENDING_NEWER = [{**NEWER[0], "status": "pending"}]
PENDING_NEWER[0].pop("end")


def test_an_older_export_of_a_still_open_task_does_not_bring_back_its_old_words(
    ledger_url: str, second_ledger: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newer record says nothing dated after the task's entry but its ``modified`` time: the
    older file must still know it is older (its words held before, not now)."""
    monkeypatch.setenv("DAYLEDGER_NOW", NOW.isoformat())
    older, newer = _write(tmp_path, "older.json", OLDER), _write(tmp_path, "newer.json", PENDING_NEWER)
    for path in (older, newer):
        import_tasks(parse_location(ledger_url), path, "taskwarrior", tz=UTC, views=reads)
    for path in (newer, older):
        import_tasks(parse_location(second_ledger), path, "taskwarrior", tz=UTC, views=reads)
    in_order, late = _history(ledger_url), _history(second_ledger)
    assert in_order[-1] == [("Pay the rent", "Home", "open", ("bills",), datetime(2026, 3, 1, 9, tzinfo=UTC), None)]
    assert late == in_order


OLDER_TODO = "2026-03-01 Pay rent +Home uuid:5a4ad9a5-7c1e-4c1b-9d2f-6f1d3a0b2c11\n"
NEWER_TODO = "x 2026-03-05 2026-03-01 Pay the rent +Home @bills uuid:5a4ad9a5-7c1e-4c1b-9d2f-6f1d3a0b2c11\n"


def _todo(folder: Path, name: str, text: str, written: datetime) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, (written.timestamp(), written.timestamp()))
    return str(path)


def test_todo_txt_copies_say_how_old_they_are_by_when_they_were_written(
    ledger_url: str, second_ledger: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A todo.txt says nothing of when its lines changed but the file's modification time: an
    older copy imported after a newer one is older news (before, it reopened the task in its
    old words, dated at the import), and its words hold before the newer copy's."""
    monkeypatch.setenv("DAYLEDGER_NOW", NOW.isoformat())
    older = _todo(tmp_path, "older.txt", OLDER_TODO, datetime(2026, 3, 2, 9, tzinfo=UTC))
    newer = _todo(tmp_path, "newer.txt", NEWER_TODO, datetime(2026, 3, 5, 18, tzinfo=UTC))
    for path in (older, newer):
        import_tasks(parse_location(ledger_url), path, "todotxt", tz=UTC, views=reads)
    for path in (newer, older):
        import_tasks(parse_location(second_ledger), path, "todotxt", tz=UTC, views=reads)
    in_order, late = _history(ledger_url), _history(second_ledger)
    assert in_order[0] == [("Pay rent", "Home", "open", (), datetime(2026, 3, 1, tzinfo=UTC), None)]
    assert in_order[-1] == [("Pay the rent", "Home", "done", ("bills",), datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 5, tzinfo=UTC))]
    assert late == in_order
