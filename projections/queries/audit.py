"""The audit trail: one thing's history, and the completion audit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from engine.rules.due import due_from_text, due_moment
from projections.queries.as_of import Moment, project_names, states_at
from projections.queries.facts import FactRow, fact_rows
from projections.views.task_fold import TASK_FIELDS
from projections.views.versions import KINDS

if TYPE_CHECKING:
    from engine.storage.database import Database

_PRIORITY = TASK_FIELDS.index("priority")

__all__ = ["Completion", "completions", "history", "history_in"]


def history(db: Database, m: Moment, thing_id: str) -> tuple[list[FactRow], dict[str | None, str | None]]:
    """Every change to a task or appointment (and notes and appointments about a task) that
    happened by T and was recorded by K, in the order they happened, undone ones and undos marked;
    and the project names at T."""
    with db.read() as cur:
        return history_in(cur, m, thing_id)


def history_in(cur: Any, m: Moment, thing_id: str) -> tuple[list[FactRow], dict[str | None, str | None]]:
    """``history`` within an open read (a command that reads more in the same snapshot)."""
    facts = fact_rows(cur, m, "f.originator_id = ? OR f.task_id = ?", (thing_id, thing_id), keep_undone=True)
    return facts, project_names(cur, m)


@dataclass(frozen=True)
class Completion:
    """A task done: when, after how long, carried how many times (as of T, known at K)."""

    id: str
    text: str
    project: str | None
    created_at: datetime
    completed_at: datetime
    carried: int
    source: str
    tags: tuple[str, ...] = ()
    due: datetime | None = None
    priority: str | None = None
    due_value: date | None = None  # a due day (``due`` is then its local start)
    status = "done"  # what a task filter asks of it

    @property
    def open_for_days(self) -> float:
        return (self.completed_at - self.created_at).total_seconds() / 86400

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "handle": self.id[:7],
            "text": self.text,
            "project": self.project,
            "created_at": self.created_at.isoformat(),
            "completed_at": self.completed_at.isoformat(),
            "open_days": round(self.open_for_days, 2),
            "carried": self.carried,
            "source": self.source,
            "tags": list(self.tags),
            "due": None if self.due is None else (self.due_value or self.due).isoformat(),
            "priority": self.priority,
        }


def completions(db: Database, tz: tzinfo, m: Moment, *, start: str, end: str) -> list[Completion]:
    """Tasks done at T whose completion happened in [start, end) (stored UTC text), oldest first."""
    with db.read() as cur:
        facts = fact_rows(cur, m, "f.type = 'TaskCompleted' AND f.occurred_at >= ? AND f.occurred_at < ?", (start, end), keep_undone=True)
        states = states_at(cur, KINDS["Task"], [f.originator_id for f in facts], m)
        names = project_names(cur, m)
    out: list[Completion] = []
    seen: set[str] = set()
    for f in facts:
        state = states.get(f.originator_id)
        # columns: TASK_FIELDS (text, project_id, status, due, tags, carried, captured_at, closed_at, ..., priority)
        if state is None or state[2] != "done" or state[7] != f.occurred_at or f.originator_id in seen:
            continue
        seen.add(f.originator_id)
        out.append(
            Completion(
                f.originator_id, state[0], names.get(state[1]), _local(state[6], tz), _local(f.occurred_at, tz), int(state[5]), f.source,
                tuple(json.loads(state[4])) if state[4] and state[4] != "[]" else (), None if state[3] is None else due_moment(due_from_text(state[3]), tz),  # type: ignore[arg-type]
                state[_PRIORITY], date.fromisoformat(state[3]) if state[3] and len(state[3]) == 10 else None,
            )
        )
    return out


def _local(value: str, tz: tzinfo) -> datetime:
    return datetime.fromisoformat(value).astimezone(tz)
