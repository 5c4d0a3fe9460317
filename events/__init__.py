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
"""

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
    "TaskCancelled",
    "TaskCaptured",
    "TaskCarried",
    "TaskCompleted",
    "TaskDueSet",
    "TaskFirstSeen",
    "TaskMoved",
    "TaskPrioritized",
    "TaskRenamed",
    "TaskReopened",
    "TaskSplit",
    "TaskTagged",
    "TaskUntagged",
    "TaskWithdrawn",
]
