"""What happened in a project (its timeline), and what changed between two moments (a diff)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from engine.rules.text import normal_name
from projections.queries.as_of import Moment, project_names, states_at
from projections.queries.current import find_project_in
from projections.queries.facts import FactRow, fact_rows, passed_over_facts
from projections.views.task_fold import TASK_FIELDS, passed_over
from projections.views.versions import KINDS

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["Change", "ProjectTimeline", "diff", "project_timeline"]

_IN_PROJECT = (
    "f.project_id = ? OR EXISTS (SELECT 1 FROM {table} v WHERE v.{key} = f.originator_id AND v.project_id = ? "
    "AND v.valid_from <= f.occurred_at AND f.occurred_at <= v.valid_to AND v.known_from <= ? AND v.known_to > ?)"
)


@dataclass
class ProjectTimeline:
    """A project's facts in the order they happened, with each task's text as of T."""

    project_id: str
    name: str
    facts: list[FactRow]
    texts: dict[str, str]
    names: dict[str | None, str | None]


def project_timeline(db: Database, m: Moment, project: str, *, start: str, end: str) -> ProjectTimeline | None:
    """Everything that happened in ``project`` (named as at T, or as now) in [start, end): its own
    events, and the events of tasks and appointments while they belonged to it (a move shows in both)."""
    with db.read() as cur:
        names = project_names(cur, m)
        norm = normal_name(project)
        pid = next((i for i, n in names.items() if n and normal_name(n) == norm), None)
        if pid is None:
            found = find_project_in(cur, project)
            if found is None:
                return None
            pid = found.id
        where = (
            "f.occurred_at >= ? AND f.occurred_at < ? AND ("
            + _IN_PROJECT.format(table="dl_task_versions", key="task_id")
            + " OR "
            + _IN_PROJECT.format(table="dl_appointment_versions", key="appointment_id").removeprefix("f.project_id = ? OR ")
            + ")"
        )
        facts = fact_rows(cur, m, where, (start, end, pid, pid, m.k, m.k, pid, m.k, m.k))
        tasks = states_at(cur, KINDS["Task"], [f.originator_id for f in facts if f.type.startswith("Task")], m)
        appts = states_at(cur, KINDS["Appointment"], [f.originator_id for f in facts if f.type.startswith("Appointment")], m)
    texts = {i: s[0] for i, s in {**tasks, **appts}.items()}
    facts = [f for f in facts if not (f.originator_id in tasks and passed_over(f.type, f.occurred_at, tasks[f.originator_id][2], tasks[f.originator_id][7]))]
    return ProjectTimeline(pid, names.get(pid) or project, facts, texts, names)


@dataclass(frozen=True)
class Change:
    """One difference between two moments: ``kind`` is captured, completed, cancelled, reopened,
    moved, renamed, rescheduled, retagged, reprioritized (tasks); scheduled, moved, cancelled, restored
    (appointments). ``project`` is the name of the project the thing is in at the later moment (at the
    earlier one if it no longer exists then)."""

    what: str  # task | appointment
    kind: str
    id: str
    text: str
    before: Any = None
    after: Any = None
    project: str | None = None
    at: str | None = None  # when it happened, in the user's zone (ISO 8601): the fact that made it

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what, "kind": self.kind, "id": self.id, "handle": self.id[:7], "text": self.text, "project": self.project,
            "from": self.before, "to": self.after, "at": self.at,
        }


def diff(db: Database, tz: tzinfo, first: Moment, second: Moment) -> list[Change]:
    """What differs between the world at the earlier and the later moment (each as known at its K): only things that
    something happened to in between are compared, so a long ledger costs nothing more."""
    lo, hi = first, second = sorted((first, second), key=lambda x: x.t)
    with db.read() as cur:
        facts = fact_rows(cur, hi, "f.occurred_at > ?", (lo.t,), keep_undone=True)
        tasks = {f.originator_id for f in facts if f.type.startswith("Task")}
        appts = {f.originator_id for f in facts if f.type.startswith("Appointment")}
        names_a, names_b = project_names(cur, first), project_names(cur, second)
        out = _task_changes(states_at(cur, KINDS["Task"], tasks, first), states_at(cur, KINDS["Task"], tasks, second), names_a, names_b, tz)
        out += _appointment_changes(
            states_at(cur, KINDS["Appointment"], appts, first), states_at(cur, KINDS["Appointment"], appts, second), names_a, names_b, tz
        )
    return _in_time_order(out, facts, tz)


# The facts that make each kind of change; a capture is its first, any other change its latest.
_MADE_BY: dict[str, tuple[str, ...]] = {
    "captured": ("TaskCaptured", "TaskFirstSeen"), "completed": ("TaskCompleted",), "cancelled": ("TaskCancelled", "AppointmentCancelled"),
    "reopened": ("TaskReopened",), "renamed": ("TaskRenamed", "AppointmentRenamed"), "moved": ("TaskMoved", "AppointmentMoved"),
    "rescheduled": ("TaskDueSet",), "retagged": ("TaskTagged", "TaskUntagged"), "scheduled": ("AppointmentScheduled", "AppointmentFirstSeen"),
    "restored": ("AppointmentRestored",), "reprioritized": ("TaskPrioritized",),
}


def _in_time_order(changes: list[Change], facts: list[Any], tz: tzinfo) -> list[Change]:
    """``changes`` each dated by the fact that made it (else the thing's latest fact in between), earliest first."""
    by_thing: dict[str, list[Any]] = {}
    after_closed = passed_over_facts(facts)  # a closed task's later sightings and completions made no change
    for f in facts:
        if f.mark is None and f.position not in after_closed:
            by_thing.setdefault(f.originator_id, []).append(f)
    dated = []
    for index, change in enumerate(changes):
        own = by_thing.get(change.id, [])
        made = [f for f in own if f.type in _MADE_BY.get(change.kind, ())] or own
        fact = (made[0] if change.kind in ("captured", "scheduled") else made[-1]) if made else None
        at = None if fact is None else datetime.fromisoformat(fact.occurred_at).astimezone(tz).isoformat()
        dated.append((fact.occurred_at if fact else "~", index, replace(change, at=at)))
    return [change for _, _, change in sorted(dated)]


def _local(value: str | None, tz: tzinfo) -> str | None:
    return None if value is None else datetime.fromisoformat(value).astimezone(tz).isoformat()


_PRIORITY = TASK_FIELDS.index("priority")
_STATUS = {("open", "done"): "completed", ("open", "cancelled"): "cancelled", ("done", "open"): "reopened",
           ("cancelled", "open"): "reopened", ("done", "cancelled"): "cancelled", ("cancelled", "done"): "completed"}


def _task_changes(a: dict[str, tuple[Any, ...]], b: dict[str, tuple[Any, ...]], names_a: dict[Any, Any], names_b: dict[Any, Any], tz: tzinfo) -> list[Change]:
    out: list[Change] = []
    a, b = _not_withdrawn(a), _not_withdrawn(b)  # an undone capture: as if never captured
    for tid in sorted(a.keys() | b.keys(), key=lambda i: ((b.get(i) or a[i])[6], i)):
        old, new = a.get(tid), b.get(tid)
        if new is None:
            assert old is not None
            out.append(Change("task", "uncaptured", tid, old[0], project=names_a.get(old[1])))
            continue
        text, project = new[0], names_b.get(new[1])
        if old is None:
            out.append(Change("task", "captured", tid, text, None, project, project))
            old = (new[0], new[1], "open", new[3], new[4], *new[5:])
        if old[0] != new[0]:
            out.append(Change("task", "renamed", tid, text, old[0], new[0], project))
        if old[1] != new[1]:
            out.append(Change("task", "moved", tid, text, names_a.get(old[1]), project, project))
        if old[3] != new[3]:
            out.append(Change("task", "rescheduled", tid, text, _local(old[3], tz), _local(new[3], tz), project))
        if old[4] != new[4]:
            out.append(Change("task", "retagged", tid, text, json.loads(old[4]), json.loads(new[4]), project))
        if old[_PRIORITY] != new[_PRIORITY]:
            out.append(Change("task", "reprioritized", tid, text, old[_PRIORITY], new[_PRIORITY], project))
        if old[2] != new[2]:
            out.append(Change("task", _STATUS[(old[2], new[2])], tid, text, old[2], new[2], project))
    return out


def _not_withdrawn(states: dict[str, tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    return {tid: s for tid, s in states.items() if s[2] != "withdrawn"}


def _appointment_changes(
    a: dict[str, tuple[Any, ...]], b: dict[str, tuple[Any, ...]], names_a: dict[Any, Any], names_b: dict[Any, Any], tz: tzinfo
) -> list[Change]:
    out: list[Change] = []
    for aid in sorted(a.keys() | b.keys()):
        old, new = a.get(aid), b.get(aid)
        if new is None:
            assert old is not None
            out.append(Change("appointment", "unscheduled", aid, old[0], project=names_a.get(old[4])))
            continue
        project = names_b.get(new[4])
        if old is None:
            out.append(Change("appointment", "scheduled", aid, new[0], None, _local(new[1], tz), project))
            if new[3] == "cancelled":
                out.append(Change("appointment", "cancelled", aid, new[0], project=project))
            continue
        if old[1] != new[1] or old[2] != new[2]:
            out.append(Change("appointment", "moved", aid, new[0], _local(old[1], tz), _local(new[1], tz), project))
        if old[3] != new[3]:
            out.append(Change("appointment", "cancelled" if new[3] == "cancelled" else "restored", aid, new[0], project=project))
    return out
