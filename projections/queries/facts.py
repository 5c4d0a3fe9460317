"""Reading facts (one per event) for days, timelines, histories and audits (call ``catch_up`` first).

A fact is visible at (T, K) when it happened by T and was recorded by K. Undo is a command whose
events compensate an earlier command's: reports that show what happened leave out both the undone
command and its undo (once the undo is known); histories show both, marked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import TYPE_CHECKING, Any

from projections.queries.as_of import Moment
from projections.views.task_fold import TASK_FIELDS

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["NOT_UNDONE", "FactRow", "began", "fact_rows", "last_command", "passed_over_facts", "undo_marks", "with_names"]

# A WHERE condition on dl_facts: leave out the facts of commands an undo reverted (whenever the
# undo was recorded: for "now", not for a moment K before it; fact_rows handles K).
NOT_UNDONE = "command_id NOT IN (SELECT undone_command_id FROM dl_undone)"

_COLUMNS = "position, originator_id, version, command_id, type, occurred_at, recorded_at, project_id, task_id, source, data"


@dataclass(frozen=True)
class FactRow:
    """One event as the reports see it; times are stored UTC text."""

    position: int
    originator_id: str
    version: int
    command_id: str
    type: str
    occurred_at: str
    recorded_at: str
    project_id: str | None
    task_id: str | None
    source: str
    data: dict[str, Any] = field(hash=False, compare=False)
    mark: str | None = None  # "undone" (a later undo reverted it) | "undo" (it reverts an earlier command)

    def occurred(self, tz: tzinfo) -> datetime:
        return datetime.fromisoformat(self.occurred_at).astimezone(tz)

    def recorded(self, tz: tzinfo) -> datetime:
        return datetime.fromisoformat(self.recorded_at).astimezone(tz)

    def day_only(self, tz: tzinfo) -> bool:
        """Whether only the day is known: the fact names its day (a todo.txt date, a list's carry),
        or a daily note dates what it says by its day (imported facts at local midnight), not by the hour."""
        return isinstance(self.data.get("day"), str) or (self.source.startswith("import ") and self.occurred(tz).time() == time(0))

    def day(self, tz: tzinfo) -> date:
        """The day it happened: the one the fact names (the same in every zone: a todo.txt date
        imported elsewhere is still that date), else the day of its time where ``tz`` is."""
        named = self.data.get("day")
        return date.fromisoformat(named) if isinstance(named, str) else self.occurred(tz).date()

    def to_json(self, tz: tzinfo, names: Mapping[str | None, str | None] | None = None) -> dict[str, Any]:
        """The fact for scripts; with ``names`` (project id -> name), its data also names the
        project and the task it holds the ids of (see ``with_names``)."""
        data = {k: (_local(v, tz) if _is_time(k, v) else v) for k, v in self.data.items()}
        if names is not None:
            data = with_names(data, names)
        return {
            "position": self.position,
            "type": self.type,
            "id": self.originator_id,
            "handle": self.originator_id[:7],
            "occurred_at": self.occurred(tz).isoformat(),
            "day_only": self.day_only(tz),
            "recorded_at": self.recorded(tz).isoformat(),
            "source": self.source,
            "command_id": self.command_id,
            "mark": self.mark,
            "data": data,
        }


def with_names(data: dict[str, Any], names: Mapping[str | None, str | None]) -> dict[str, Any]:
    """``data`` (changed in place, and returned) with a ``project`` (its name in ``names``) when
    it holds a ``project_id`` and a ``task_handle`` when it holds a ``task_id``, so that a script
    needs no second lookup. Ids may be hex or dashed (the raw stream's); a task's handle is the
    first 7 digits of its id. Added at the end: no copy per event of a long stream."""
    if "project_id" in data:
        pid = data["project_id"]
        data["project"] = names.get(pid.replace("-", "") if pid else None)
    if "task_id" in data:
        tid = data["task_id"]
        data["task_handle"] = tid.replace("-", "")[:7] if tid else None
    return data


def _is_time(key: str, value: Any) -> bool:
    return isinstance(value, str) and (key.endswith("_at") or key in ("due", "since")) and len(value) == 32


def _local(value: str, tz: tzinfo) -> str:
    return datetime.fromisoformat(value).astimezone(tz).isoformat()


def undo_marks(cur: Any, m: Moment) -> dict[str, str]:
    """command id -> "undone" or "undo", for undos recorded by K."""
    marks: dict[str, str] = {}
    rows = cur.execute(
        "SELECT u.command_id, u.undone_command_id FROM dl_undone u JOIN dl_facts f ON f.position = u.position WHERE f.recorded_at <= ?",
        (m.k,),
    ).fetchall()
    for undo, undone in rows:
        marks[undo] = "undo"
        marks[undone] = "undone"
    return marks


def fact_rows(cur: Any, m: Moment, where: str, params: tuple[Any, ...] = (), *, keep_undone: bool = False, order: str = "occurred_at, position") -> list[FactRow]:
    """Facts matching ``where`` (SQL on dl_facts, alias f) that happened by T and were recorded by K.
    Without ``keep_undone``, undone commands and their undos are left out."""
    rows = cur.execute(
        f"SELECT {_COLUMNS} FROM dl_facts f WHERE ({where}) AND f.occurred_at <= ? AND f.recorded_at <= ? ORDER BY {order}",
        (*params, m.t, m.k),
    ).fetchall()
    marks = undo_marks(cur, m) if rows else {}
    out = []
    for r in rows:
        mark = marks.get(r[3])
        if mark is not None and not keep_undone:
            continue
        out.append(FactRow(int(r[0]), r[1], int(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], json.loads(r[10]), mark))
    return out


def began(fact: FactRow, task_state: tuple[Any, ...]) -> bool:
    """Whether a sighting of a task (its capture, or its first sighting on an earlier list) is the
    one its history begins with, given the task's state (``TASK_FIELDS``) as of the same moment:
    a capture recorded after an earlier list showed the task is a carry, like any later sighting."""
    return bool(task_state[TASK_FIELDS.index("captured_at")] == fact.occurred_at)


def passed_over_facts(facts: Sequence[FactRow]) -> set[int]:
    """Positions of the task facts among ``facts`` (a task's history) that its fold passes over:
    sightings, carries and completions after it was closed (``views.task_fold.passed_over``), which
    a later list imported before an earlier day's done mark left (see TaskSplit)."""
    from projections.views.task_fold import passed_over

    status: dict[str, tuple[str, str | None]] = {}
    out: set[int] = set()
    for f in sorted(facts, key=lambda f: (f.occurred_at, f.position)):
        if f.mark is not None or not f.type.startswith("Task"):
            continue
        now, closed = status.get(f.originator_id, ("open", None))
        if passed_over(f.type, f.occurred_at, now, closed):
            out.add(f.position)
        elif f.type in ("TaskCompleted", "TaskCancelled", "TaskWithdrawn"):
            status[f.originator_id] = ("closed", f.occurred_at)
        elif f.type == "TaskReopened":
            status[f.originator_id] = ("open", None)
    return out


def last_command(db: Database) -> tuple[str, list[FactRow]] | None:
    """The newest command that is neither undone nor an undo: its id and its facts (ledger order).
    What scheduled reports record of themselves (produced, delivered, failed) is not undone, so a
    ``report run-due`` from cron never stands between the user and their last change; ``report
    schedule`` and ``report unschedule`` are the user's, and are."""
    from projections.queries.as_of import moment

    m = moment(None, None)
    with db.read() as cur:
        row = cur.execute(
            "SELECT command_id FROM dl_facts WHERE type NOT IN (?, ?, ?) AND command_id NOT IN (SELECT command_id FROM dl_undone) "
            f"AND {NOT_UNDONE} ORDER BY position DESC LIMIT 1",
            ("ReportProduced", "ReportDelivered", "ReportDeliveryFailed"),
        ).fetchone()
        if row is None:
            return None
        return row[0], fact_rows(cur, m, "f.command_id = ?", (row[0],), keep_undone=True, order="position")
