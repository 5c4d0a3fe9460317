"""Which imported facts the ledger already holds: one row per import key, and which files.

Every event an import records carries a deterministic key in ``source.detail``
(``note|2026-04-24|do a big ride today ...|1``, ``task|2026-04-24|sbirs|re map and ...|1``);
this view indexes those keys with the event's aggregate, so an import can skip what is
recorded and find the task a line was already matched to. Keys start with their kind and
the note's day (``kind|YYYY-MM-DD|...``).

It also keeps, for each file an import recorded anything from, the sha256 of its bytes and
the day its keys name. A note is recorded all at once (all of its events or none), so a note
whose exact bytes are here for its day has nothing more to say: importing it again plans
nothing (``recorded_note_files``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from projections.views.base import Cursor

if TYPE_CHECKING:
    from engine.storage.database import Database
    from projections.views.entries import Entry

__all__ = ["ImportKeysView", "KeyRow", "TaskRow", "import_state_rows", "recorded_note_files", "task_list_texts"]

DDL = (
    (
        "CREATE TABLE IF NOT EXISTS dl_import_keys ("
        " key TEXT PRIMARY KEY, kind TEXT NOT NULL, day TEXT NOT NULL, originator_id TEXT NOT NULL,"
        " position BIGINT NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS dl_import_keys_day ON dl_import_keys (day)",
    "CREATE INDEX IF NOT EXISTS dl_import_keys_originator ON dl_import_keys (originator_id)",
    "CREATE TABLE IF NOT EXISTS dl_import_files (sha256 TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (sha256, day))",
)


class ImportKeysView:
    """Import keys -> the aggregate whose event recorded them."""

    name = "import_keys"
    version = 2
    tables = ("dl_import_keys", "dl_import_files")
    ddl = DDL

    def apply(self, cur: Cursor, batch: Sequence[Entry]) -> None:
        rows: dict[str, tuple[str, str, str, str, int]] = {}  # by key: the first event that recorded it
        files: set[tuple[str, str]] = set()
        for e in batch:
            detail = e.source_detail
            if e.source_kind != "import" or not detail or detail.count("|") < 2:
                continue
            kind, day, _ = detail.split("|", 2)
            rows.setdefault(detail, (detail, kind, day, e.originator, e.position))
            if e.source_sha256:
                files.add((e.source_sha256, day))
        cur.insert("dl_import_keys", list(rows.values()), columns=("key", "kind", "day", "originator_id", "position"), skip_existing=True)
        cur.insert("dl_import_files", sorted(files), columns=("sha256", "day"), skip_existing=True)
        for e in batch:
            if e.type == "TaskSplit":  # the task's lines from that day on are the new task's
                cur.execute(
                    "UPDATE dl_import_keys SET originator_id = ? WHERE originator_id = ? AND day >= ? AND kind IN ('task', 'done')",
                    (e.fields["task_id"], e.originator, e.fields["day"]),
                )


def recorded_note_files(db: Database) -> set[tuple[str, str]]:
    """(sha256, ISO day) of every file an import recorded facts of that day from. Call ``catch_up`` first."""
    with db.read() as cur:
        return {(sha, day) for sha, day in cur.execute("SELECT sha256, day FROM dl_import_files").fetchall()}


KeyRow = tuple[str, str]  # (key, originator id hex)
# (id hex, handle, text, project id hex | None, status, captured_at, closed_at, version, due, tags (JSON), priority, details (JSON))
TaskRow = tuple[str, str, str, str | None, str, str, str | None, int, str | None, str, str | None, str | None]


def import_state_rows(db: Database, first_day: date, last_day: date) -> dict[str, list[Any]]:
    """What an import of notes dated ``first_day``..``last_day`` needs to know, read in one snapshot:

    - ``projects``: (id, name, norm_name) of every project;
    - ``handles``: every task and appointment handle in use;
    - ``tasks``: tasks open now or closed on or after ``first_day`` (the only ones a line of
      those days can be), as TaskRow;
    - ``keys``: import keys of those days, and every key of those tasks (the texts they were
      seen as);
    - ``appointments``: (id, task_id, starts_at, status, version, text, scheduled_at) of
      appointments linked to those tasks.
    Call ``catch_up`` first.
    """
    since = (first_day - timedelta(days=2)).isoformat()  # closed_at is UTC: a margin for any zone
    task_filter = "status = 'open' OR (closed_at >= ? AND status <> 'withdrawn')"  # an undone capture is no task a line can be
    with db.read() as cur:
        out: dict[str, list[Any]] = {}
        out["projects"] = cur.execute("SELECT id, name, norm_name FROM dl_projects").fetchall()
        out["handles"] = [
            r[0] for r in cur.execute("SELECT handle FROM dl_tasks UNION ALL SELECT handle FROM dl_appointments").fetchall()
        ]
        out["tasks"] = cur.execute(
            "SELECT id, handle, text, project_id, status, captured_at, closed_at, version, due, tags, priority, details FROM dl_tasks "
            f"WHERE {task_filter}",
            (since,),
        ).fetchall()
        out["keys"] = cur.execute(
            "SELECT key, originator_id FROM dl_import_keys WHERE day BETWEEN ? AND ? "
            f"OR (kind IN ('task', 'done') AND originator_id IN (SELECT id FROM dl_tasks WHERE {task_filter}))",
            (since, last_day.isoformat(), since),
        ).fetchall()
        out["appointments"] = cur.execute(
            "SELECT id, task_id, starts_at, status, version, text, scheduled_at FROM dl_appointments "
            f"WHERE task_id IN (SELECT id FROM dl_tasks WHERE {task_filter})",
            (since,),
        ).fetchall()
    return out


def task_list_texts(db: Database, task_id: str) -> list[tuple[str, str]]:
    """(occurred_at, text) of each list that gave the task its words: its capture, its first
    sightings on earlier lists and the carries that say their words, in ledger order."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT occurred_at, data FROM dl_facts WHERE originator_id = ? AND type IN ('TaskCaptured', 'TaskFirstSeen', 'TaskCarried') ORDER BY position",
            (task_id,),
        ).fetchall()
    return [(at, text) for at, data in rows if (text := json.loads(data).get("text"))]
