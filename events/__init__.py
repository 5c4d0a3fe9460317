"""The ledger's schema: every fact dayledger keeps, as a frozen, versioned pydantic model.

Events are past-tense facts. Each carries two times: ``occurred_at`` (when it happened in the
user's life, which the user may give) and ``recorded_at`` (when the ledger recorded it), plus
its ``source`` (the command line, an import of file X line N, ...). ``codec`` turns them into
stored bytes and back, upcasting older versions on the way in.

This is the first layer: events <- engine <- projections <- cli. It imports only the standard
library and pydantic, never the rest of dayledger, and every other layer may import it. A class
never moves to another module and is never renamed. Its topic ``module:Class``
(``events.task:TaskCaptured``) is stored with each event in every ledger and backup, and
``tests/unit/test_topics.py`` pins every topic. A changed shape raises ``class_version`` and adds
an upcast (``events.base.LedgerEvent``).

The classes load when first named (``from events import TaskCaptured`` imports ``events.task``
alone, ``events.base.event_type`` a stored topic's module): each model class costs its building,
and a write names a few of the forty-odd.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from events.appointment import (
        AppointmentCancelled,
        AppointmentFirstSeen,
        AppointmentMoved,
        AppointmentRenamed,
        AppointmentRestored,
        AppointmentScheduled,
    )
    from events.base import LedgerEvent, Source
    from events.command import CommandUndone
    from events.note import NoteRecorded
    from events.project import ProjectArchived, ProjectRenamed, ProjectStarted
    from events.reading import ReadingEnriched, ReadingLogged
    from events.report import (
        ReportDelivered,
        ReportDeliveryFailed,
        ReportProduced,
        ReportScheduled,
        ReportScheduleEnded,
        ReportScheduleWithdrawn,
    )
    from events.routine import (
        OccurrenceDone,
        OccurrenceSkipped,
        RoutineChangeWithdrawn,
        RoutineDefined,
        RoutineEnded,
        RoutinePaused,
        RoutineRescheduled,
        RoutineResumed,
    )
    from events.series import SeriesEnded, SeriesOccurrenceCancelled, SeriesOccurrenceMoved, SeriesScheduled
    from events.task import (
        TaskCancelled,
        TaskCaptured,
        TaskCarried,
        TaskCompleted,
        TaskDueSet,
        TaskFirstSeen,
        TaskMoved,
        TaskPrioritized,
        TaskRenamed,
        TaskReopened,
        TaskSplit,
        TaskTagged,
        TaskUntagged,
        TaskWithdrawn,
    )
    from events.task_details import (
        TaskAttributeSet,
        TaskDependsSet,
        TaskRecurrenceSet,
        TaskScheduledSet,
        TaskStarted,
        TaskStopped,
        TaskUntilSet,
        TaskWaitSet,
    )

_PLACES: dict[str, str] = {
    "AppointmentCancelled": "events.appointment",
    "AppointmentFirstSeen": "events.appointment",
    "AppointmentMoved": "events.appointment",
    "AppointmentRenamed": "events.appointment",
    "AppointmentRestored": "events.appointment",
    "AppointmentScheduled": "events.appointment",
    "CommandUndone": "events.command",
    "LedgerEvent": "events.base",
    "NoteRecorded": "events.note",
    "OccurrenceDone": "events.routine",
    "OccurrenceSkipped": "events.routine",
    "ProjectArchived": "events.project",
    "ProjectRenamed": "events.project",
    "ProjectStarted": "events.project",
    "ReadingEnriched": "events.reading",
    "ReadingLogged": "events.reading",
    "ReportDelivered": "events.report",
    "ReportDeliveryFailed": "events.report",
    "ReportProduced": "events.report",
    "ReportScheduleEnded": "events.report",
    "ReportScheduleWithdrawn": "events.report",
    "ReportScheduled": "events.report",
    "RoutineChangeWithdrawn": "events.routine",
    "RoutineDefined": "events.routine",
    "RoutineEnded": "events.routine",
    "RoutinePaused": "events.routine",
    "RoutineRescheduled": "events.routine",
    "RoutineResumed": "events.routine",
    "SeriesEnded": "events.series",
    "SeriesOccurrenceCancelled": "events.series",
    "SeriesOccurrenceMoved": "events.series",
    "SeriesScheduled": "events.series",
    "Source": "events.base",
    "TaskCancelled": "events.task",
    "TaskCaptured": "events.task",
    "TaskCarried": "events.task",
    "TaskCompleted": "events.task",
    "TaskDueSet": "events.task",
    "TaskFirstSeen": "events.task",
    "TaskMoved": "events.task",
    "TaskPrioritized": "events.task",
    "TaskRenamed": "events.task",
    "TaskReopened": "events.task",
    "TaskSplit": "events.task",
    "TaskTagged": "events.task",
    "TaskUntagged": "events.task",
    "TaskWithdrawn": "events.task",
    "TaskAttributeSet": "events.task_details",
    "TaskDependsSet": "events.task_details",
    "TaskRecurrenceSet": "events.task_details",
    "TaskScheduledSet": "events.task_details",
    "TaskStarted": "events.task_details",
    "TaskStopped": "events.task_details",
    "TaskUntilSet": "events.task_details",
    "TaskWaitSet": "events.task_details",
}
"""Where each name of the package is defined (``tests/unit/test_topics.py`` checks it against the modules)."""

__all__ = [
    "AppointmentCancelled",
    "AppointmentFirstSeen",
    "AppointmentMoved",
    "AppointmentRenamed",
    "AppointmentRestored",
    "AppointmentScheduled",
    "CommandUndone",
    "LedgerEvent",
    "NoteRecorded",
    "OccurrenceDone",
    "OccurrenceSkipped",
    "ProjectArchived",
    "ProjectRenamed",
    "ProjectStarted",
    "ReadingEnriched",
    "ReadingLogged",
    "ReportDelivered",
    "ReportDeliveryFailed",
    "ReportProduced",
    "ReportScheduleEnded",
    "ReportScheduleWithdrawn",
    "ReportScheduled",
    "RoutineChangeWithdrawn",
    "RoutineDefined",
    "RoutineEnded",
    "RoutinePaused",
    "RoutineRescheduled",
    "RoutineResumed",
    "SeriesEnded",
    "SeriesOccurrenceCancelled",
    "SeriesOccurrenceMoved",
    "SeriesScheduled",
    "Source",
    "TaskAttributeSet",
    "TaskCancelled",
    "TaskCaptured",
    "TaskCarried",
    "TaskCompleted",
    "TaskDependsSet",
    "TaskDueSet",
    "TaskFirstSeen",
    "TaskMoved",
    "TaskPrioritized",
    "TaskRecurrenceSet",
    "TaskRenamed",
    "TaskReopened",
    "TaskScheduledSet",
    "TaskSplit",
    "TaskStarted",
    "TaskStopped",
    "TaskTagged",
    "TaskUntagged",
    "TaskUntilSet",
    "TaskWaitSet",
    "TaskWithdrawn",
]


def __getattr__(name: str) -> Any:
    """A class of the schema, its module imported on first use."""
    place = _PLACES.get(name)
    if place is None:
        raise AttributeError(f"module 'events' has no attribute {name!r}")
    value = getattr(importlib.import_module(place), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PLACES))
