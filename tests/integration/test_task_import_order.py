"""Taskwarrior files imported in any order keep one present: a file exported before a task's later
edits, imported after them, is older news and changes nothing (its new annotations still count).

What it cannot give back is the task's earlier words as of the days before the newer file's
changes: the newer file, imported first, captured the task at its entry time in the words it has
now, and says nothing of when they changed."""

from __future__ import annotations

import json
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
    assert _events(second_ledger) == before + 1
    in_order, late = _history(ledger_url), _history(second_ledger)
    assert late[-3:] == in_order[-3:]  # from the newer file's changes on, and now: the same
    assert late[0] == [("Pay the rent", "Home", "open", ("bills",), datetime(2026, 3, 1, 9, tzinfo=UTC), None)]  # see the docstring
    assert in_order[-1] == [("Pay the rent", "Home", "done", ("bills",), datetime(2026, 3, 1, 9, tzinfo=UTC), datetime(2026, 3, 5, 9, tzinfo=UTC))]
