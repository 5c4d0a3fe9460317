"""What a task, an appointment or a project was at each moment: pure folds over facts.

A fact is ``(position, type, occurred_at, recorded_at, data)`` with times as stored (UTC ISO text,
see ``projections.views.base.db_time``) and ``data`` the event's own fields (ids as hex). An aggregate's
business-time timeline folds its facts in the order things happened: by ``occurred_at``, then by
ledger position. A fact dated before the aggregate was created counts from its creation.

The timeline is a list of change points ``(valid_from, state)``; each state holds until the next
point (the last one until ``FAR``). Equal neighbours are merged, so the same facts always give
the same points whatever order they were learnt in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from projections.views.task_fold import SIGHTINGS, TASK_FIELDS, fold_task

__all__ = [
    "FAR",
    "KINDS",
    "Fact",
    "Kind",
    "Point",
    "State",
    "add_point",
    "apply_appointment",
    "apply_project",
    "kind_of",
    "span_class",
    "timeline",
    "without_done_day_sightings",
    "without_undone",
]

FAR = "9999-12-31T00:00:00.000000+00:00"  # "still valid" / "still known"
EVER = "0001-01-01T00:00:00.000000+00:00"  # "valid from the beginning" (Kind.since_ever)
MAX_CLASS = 32

Fact = tuple[int, str, str, str, dict[str, Any]]
State = tuple[Any, ...]
Point = tuple[str, State]
Apply = Callable[[State | None, str, str, str, dict[str, Any]], State | None]


def apply_appointment(state: State | None, kind: str, occurred: str, recorded: str, d: dict[str, Any]) -> State | None:
    """(text, starts_at, duration_minutes, status, project_id, task_id, scheduled_at)."""
    if kind in ("AppointmentScheduled", "AppointmentFirstSeen"):
        if state is not None:  # made again after an earlier list named it: it was made then already
            return state
        return (d["text"], d["starts_at"], d.get("duration_minutes"), "scheduled", d.get("project_id"), d.get("task_id"), occurred)
    if state is None:
        return None
    text, starts, minutes, status, project, task, scheduled = state
    if kind == "AppointmentMoved":
        starts, minutes = d["starts_at"], d.get("duration_minutes")
    elif kind == "AppointmentRenamed":
        text = d["text"]
    elif kind == "AppointmentCancelled":
        status = "cancelled"
    elif kind == "AppointmentRestored":
        status = "scheduled"
    else:
        return state
    return (text, starts, minutes, status, project, task, scheduled)


def apply_project(state: State | None, kind: str, occurred: str, recorded: str, d: dict[str, Any]) -> State | None:
    """(name, status)."""
    if kind == "ProjectStarted":
        return (d["name"], "active")
    if state is None:
        return None
    if kind == "ProjectRenamed":
        return (d["name"], state[1])
    if kind == "ProjectArchived":
        return (state[0], "archived")
    return state


class Kind:
    """One kind of aggregate kept on both time axes: its table, columns and fold."""

    def __init__(
        self, table: str, key: str, columns: Sequence[str], creator: str, apply: Apply, *, since_ever: bool = False, sightings: tuple[str, ...] = ()
    ) -> None:
        self.table, self.key, self.columns, self.creator, self.apply = table, key, tuple(columns), creator, apply
        # The events that may start a thing's history besides its creator: a task first seen on
        # an earlier day's list (TaskFirstSeen) starts there; its capture then counts as a carry.
        self.creators = (creator, *sightings)
        # A thing whose first state holds from the beginning of time, not from its creation: a
        # project is known by its first name at any moment a thing in it is (a task moved into
        # it back-dated before it was recorded shows its name then).
        self.since_ever = since_ever

    def first_point(self, occurred: str) -> str:
        """Where the timeline of a thing created at ``occurred`` begins."""
        return EVER if self.since_ever else occurred


KINDS: dict[str, Kind] = {
    "Task": Kind(
        "dl_task_versions", "task_id",
        TASK_FIELDS,
        "TaskCaptured", fold_task, sightings=("TaskFirstSeen",),
    ),
    "Appointment": Kind(
        "dl_appointment_versions", "appointment_id",
        ("text", "starts_at", "duration_minutes", "status", "project_id", "task_id", "scheduled_at"),
        "AppointmentScheduled", apply_appointment, sightings=("AppointmentFirstSeen",),
    ),
    "Project": Kind("dl_project_versions", "project_id", ("name", "status"), "ProjectStarted", apply_project, since_ever=True),
}


def kind_of(event_type: str) -> str | None:
    """The key in ``KINDS`` of the aggregate an event type (a class name) belongs to, if any."""
    return next((k for k in KINDS if event_type.startswith(k)), None)


def add_point(points: list[Point], at: str, state: State) -> None:
    """Record that from ``at`` (not before the last point) the aggregate is ``state``."""
    if points and points[-1][0] == at:
        points.pop()
    if points and points[-1][1] == state:
        return
    points.append((at, state))


def timeline(facts: Sequence[Fact], kind: Kind) -> list[Point]:
    """The change points of one aggregate's facts (given in ledger order)."""
    if not any(f[1] == kind.creator for f in facts):
        return []
    start = min(f[2] for f in facts if f[1] in kind.creators)
    if "TaskFirstSeen" in kind.creators:
        facts = without_done_day_sightings(facts, start)
    points: list[Point] = []
    state: State | None = None
    for position, type_, occurred, recorded, data in sorted(facts, key=lambda f: (max(f[2], start), f[0])):
        new = kind.apply(state, type_, occurred, recorded, data)
        if new is None:
            continue
        state = new
        add_point(points, max(occurred, start), new)
    if points and kind.since_ever:
        points[0] = (EVER, points[0][1])
    return points


def without_done_day_sightings(facts: Sequence[Fact], start: str) -> list[Fact]:
    """A task's facts less the sightings that neither began it nor carried it: a capture on the
    list where it is marked done (recorded before an earlier list was). In date order that line
    is the completion alone ("the completion says it was on the list"), not a carry, so the task
    folds the same whatever order its days were recorded in."""
    done_at = {f[2] for f in facts if f[1] == "TaskCompleted"}
    if not done_at:
        return list(facts)
    return [f for f in facts if not (f[1] in SIGHTINGS and f[2] != start and f[2] in done_at)]


UNDO = "CommandUndone"  # a pseudo-fact: refold the aggregate, an undo of it became known


def without_undone(facts: Sequence[tuple[Fact, str]], undos: Sequence[tuple[str, str]]) -> list[Fact]:
    """One aggregate's facts (with their command ids, in ledger order) as if every undone change
    had never happened: the engine's rule (``engine.rules.user_time.without_undone``), on facts."""
    from engine.rules.user_time import without_undone as rules_without_undone  # only now: it needs the events (pydantic)

    kept = rules_without_undone(facts, undos, command=lambda fc: fc[1], kind=lambda fc: fc[0][1], occurred=lambda fc: fc[0][2])
    return [f for f, _ in kept]


def span_class(valid_from: str, valid_to: str) -> int:
    """The duration class of a validity: c means at most 2**c minutes; ``MAX_CLASS + 1``: open-ended.

    Rows valid at T of class c started in ``(T - 2**c minutes, T]``, so "valid at T" is a few
    short index ranges (one per class) instead of a scan of everything that started before T."""
    if valid_to == FAR:
        return MAX_CLASS + 1
    minutes = (datetime.fromisoformat(valid_to) - datetime.fromisoformat(valid_from)).total_seconds() / 60
    return 0 if minutes <= 1 else min(MAX_CLASS, math.ceil(math.log2(minutes)))
