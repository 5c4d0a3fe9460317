"""Stored topics never change: every ledger and every JSONL backup names each event by its topic
``module:Class`` (``events.task:TaskCaptured``), and reading them back looks the class up by it.

The list below is written out by hand on purpose (made once from ``events.base.event_types()``
before the layering refactor): moving or renaming an event class changes its topic and makes every
ledger already written unreadable, so such a change must fail here, not in a user's ledger. A new
event class adds its topic to the list; nothing is ever taken out of it.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

import events
from events.base import LedgerEvent, event_types
from events.codec import UnknownEventError, decode, decode_state, encode, topic_of

# Every topic stored today, in sorted order (40: TaskFirstSeen, AppointmentFirstSeen and AppointmentRenamed joined the 37 of the layering work;
# 41: TaskPrioritized; 49: the Taskwarrior fields of events.task_details; 50: TaskSplit).
TOPICS: tuple[str, ...] = (
    "events.appointment:AppointmentCancelled",
    "events.appointment:AppointmentFirstSeen",
    "events.appointment:AppointmentMoved",
    "events.appointment:AppointmentRenamed",
    "events.appointment:AppointmentRestored",
    "events.appointment:AppointmentScheduled",
    "events.command:CommandUndone",
    "events.note:NoteRecorded",
    "events.project:ProjectArchived",
    "events.project:ProjectRenamed",
    "events.project:ProjectStarted",
    "events.reading:ReadingEnriched",
    "events.reading:ReadingLogged",
    "events.report:ReportDelivered",
    "events.report:ReportDeliveryFailed",
    "events.report:ReportProduced",
    "events.report:ReportScheduleEnded",
    "events.report:ReportScheduleWithdrawn",
    "events.report:ReportScheduled",
    "events.routine:OccurrenceDone",
    "events.routine:OccurrenceSkipped",
    "events.routine:RoutineChangeWithdrawn",
    "events.routine:RoutineDefined",
    "events.routine:RoutineEnded",
    "events.routine:RoutinePaused",
    "events.routine:RoutineRescheduled",
    "events.routine:RoutineResumed",
    "events.series:SeriesEnded",
    "events.series:SeriesOccurrenceCancelled",
    "events.series:SeriesOccurrenceMoved",
    "events.series:SeriesScheduled",
    "events.task:TaskCancelled",
    "events.task:TaskCaptured",
    "events.task:TaskCarried",
    "events.task:TaskCompleted",
    "events.task:TaskDueSet",
    "events.task:TaskFirstSeen",
    "events.task:TaskMoved",
    "events.task:TaskPrioritized",
    "events.task:TaskRenamed",
    "events.task:TaskReopened",
    "events.task:TaskSplit",
    "events.task:TaskTagged",
    "events.task:TaskUntagged",
    "events.task:TaskWithdrawn",
    "events.task_details:TaskAttributeSet",
    "events.task_details:TaskDependsSet",
    "events.task_details:TaskRecurrenceSet",
    "events.task_details:TaskScheduledSet",
    "events.task_details:TaskStarted",
    "events.task_details:TaskStopped",
    "events.task_details:TaskUntilSet",
    "events.task_details:TaskWaitSet",
)

# The fields each event has beyond the common ones (below), as they are stored: enough to decode.
OWN: dict[str, dict[str, Any]] = {
    "events.appointment:AppointmentCancelled": {},
    "events.appointment:AppointmentFirstSeen": {"text": "Dentist", "starts_at": "2026-04-23T14:00:00+02:00"},
    "events.appointment:AppointmentRenamed": {"text": "Dentist"},
    "events.appointment:AppointmentMoved": {"starts_at": "2026-04-25T09:00:00+02:00"},
    "events.appointment:AppointmentRestored": {},
    "events.appointment:AppointmentScheduled": {"text": "Dentist", "starts_at": "2026-04-28T10:00:00+02:00"},
    "events.command:CommandUndone": {"undone_command_id": "6f1c2a4e-0000-4000-8000-000000000002", "summary": "add Oops"},
    "events.note:NoteRecorded": {"text": "A typed note", "class_version": 2},
    "events.project:ProjectArchived": {},
    "events.project:ProjectRenamed": {"name": "Garden"},
    "events.project:ProjectStarted": {"name": "SBIRs"},
    "events.reading:ReadingEnriched": {"arxiv_id": "2401.00001", "status": "found", "fetched_from": "https://export.arxiv.org/api/query"},
    "events.reading:ReadingLogged": {"title": "A paper"},
    "events.report:ReportDelivered": {"period": "2026-W17", "url": "https://example.org/in", "status_code": 200, "attempts": 1},
    "events.report:ReportDeliveryFailed": {"period": "2026-W17", "url": "https://example.org/in", "reason": "timed out", "attempts": 3},
    "events.report:ReportProduced": {
        "period": "2026-W17", "first_day": "2026-04-20", "last_day": "2026-04-26", "due_at": "2026-04-27T08:00:00+02:00",
        "as_of": "2026-04-27T08:00:00+02:00", "known_at": "2026-04-27T08:00:00+02:00", "format": "md", "sha256": "0" * 64,
        "size": 1, "compared": "days", "class_version": 2,
    },
    "events.report:ReportScheduleEnded": {},
    "events.report:ReportScheduleWithdrawn": {"withdrawn_version": 1},
    "events.report:ReportScheduled": {"cron": "0 8 * * mon", "zone": "Europe/Berlin", "since": "2026-04-25T09:00:00+02:00"},
    "events.routine:OccurrenceDone": {"occurrence_at": "2026-04-25T00:00:00+02:00"},
    "events.routine:OccurrenceSkipped": {"occurrence_at": "2026-04-25T00:00:00+02:00"},
    "events.routine:RoutineChangeWithdrawn": {"withdrawn_version": 2},
    "events.routine:RoutineDefined": {"text": "Dishes", "cron": "@daily", "zone": "Europe/Berlin", "since": "2026-04-18T00:00:00+02:00"},
    "events.routine:RoutineEnded": {},
    "events.routine:RoutinePaused": {},
    "events.routine:RoutineRescheduled": {"cron": "0 8 * * mon", "since": "2026-04-25T09:00:00+02:00"},
    "events.routine:RoutineResumed": {},
    "events.series:SeriesEnded": {},
    "events.series:SeriesOccurrenceCancelled": {"occurrence_at": "2026-04-28T10:00:00+02:00"},
    "events.series:SeriesOccurrenceMoved": {"occurrence_at": "2026-04-28T10:00:00+02:00", "starts_at": "2026-04-28T11:00:00+02:00"},
    "events.series:SeriesScheduled": {"text": "Standup", "cron": "0 9 * * mon-fri", "zone": "Europe/Berlin", "starts_at": "2026-04-27T09:00:00+02:00"},
    "events.task:TaskCancelled": {},
    "events.task:TaskCaptured": {"text": "Water the tomatoes"},
    "events.task:TaskCarried": {"day": "2026-04-24"},
    "events.task:TaskCompleted": {},
    "events.task:TaskDueSet": {"due": None},
    "events.task:TaskFirstSeen": {"day": "2026-04-23", "text": "Water the tomatoes"},
    "events.task:TaskMoved": {"project_id": None},
    "events.task:TaskPrioritized": {"priority": "H"},
    "events.task:TaskRenamed": {"text": "Water the tomatoes"},
    "events.task:TaskReopened": {},
    "events.task:TaskSplit": {"day": "2026-04-24", "task_id": "6f1c2a4e-0000-4000-8000-000000000003"},
    "events.task:TaskTagged": {"tags": ["home"]},
    "events.task:TaskWithdrawn": {},
    "events.task_details:TaskAttributeSet": {"name": "estimate", "value": 3.0},
    "events.task_details:TaskDependsSet": {"depends": ["6f1c2a4e-0000-4000-8000-000000000002"]},
    "events.task_details:TaskRecurrenceSet": {"recur": "weekly", "mask": "-+"},
    "events.task_details:TaskScheduledSet": {"scheduled": "2026-04-25T09:00:00+02:00"},
    "events.task_details:TaskStarted": {},
    "events.task_details:TaskStopped": {},
    "events.task_details:TaskUntilSet": {"until": None},
    "events.task_details:TaskWaitSet": {"wait": "2026-04-25T09:00:00+02:00"},
    "events.task:TaskUntagged": {"tags": ["home"]},
}

COMMON: dict[str, Any] = {
    "occurred_at": "2026-04-25T09:00:00+02:00",
    "recorded_at": "2026-04-25T18:00:00+02:00",
    "source": {"kind": "cli"},
    "command_id": "6f1c2a4e-0000-4000-8000-000000000001",
}


def _classes() -> list[type[LedgerEvent]]:
    """Every event class the package exports."""
    found = [getattr(events, name) for name in events.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, LedgerEvent) and c is not LedgerEvent]


def test_the_codec_gives_every_event_class_its_pinned_topic() -> None:
    assert sorted(topic_of(cls) for cls in _classes()) == list(TOPICS)


def test_the_topics_a_ledger_is_read_by_are_exactly_the_pinned_ones() -> None:
    assert sorted(event_types()) == list(TOPICS)
    assert sorted(OWN) == list(TOPICS)


@pytest.mark.parametrize("topic", TOPICS)
def test_each_pinned_topic_decodes_to_its_class(topic: str) -> None:
    module, _, name = topic.partition(":")
    stored = json.dumps({**COMMON, **OWN[topic]}, separators=(",", ":")).encode()
    originator = uuid.UUID("6f1c2a4e-0000-4000-8000-000000000003")
    event = decode(topic, stored, originator, 2)
    assert (type(event).__module__, type(event).__name__) == (module, name)
    assert topic_of(type(event)) == topic
    assert (event.originator_id, event.originator_version) == (originator, 2)
    assert decode(topic, encode(event), originator, 2) == event  # and what it writes back decodes the same
    assert decode_state(topic, json.loads(stored))[0] is type(event)  # the views' path (no pydantic) too


def test_a_topic_under_another_module_is_not_read() -> None:
    """What a moved class would be stored as: today's code cannot read it (hence the pinned list)."""
    with pytest.raises(UnknownEventError):
        decode("dayledger.events.task:TaskCaptured", json.dumps({**COMMON, "text": "x"}), uuid.uuid4(), 1)


def test_the_package_table_names_each_class_where_it_is_defined() -> None:
    import importlib

    from events import _PLACES
    from events.base import EVENT_MODULES

    assert sorted(events.__all__) == sorted(_PLACES)
    defined = {name: module for module in ("events.base", *EVENT_MODULES) for name in importlib.import_module(module).__all__}
    defined = {name: module for name, module in defined.items() if name in ("LedgerEvent", "Source") or module != "events.base"}
    assert _PLACES == defined


def test_a_topic_outside_the_event_modules_imports_nothing() -> None:
    import sys

    from events.base import event_type

    assert event_type("json.tool:main") is None and "json.tool" not in sys.modules
    assert event_type("events.task:NoSuchEvent") is None


def test_a_class_loads_its_own_module_alone_and_a_stored_topic_its_module() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from events import TaskCaptured\n"
        "assert 'events.task' in sys.modules and 'events.routine' not in sys.modules, sorted(sys.modules)\n"
        "from events.codec import decode\n"
        "e = decode('events.routine:RoutineEnded', b'{\"occurred_at\":\"2026-04-25T09:00:00+02:00\",\"recorded_at\":\"2026-04-25T09:00:00+02:00\","
        "\"source\":{\"kind\":\"cli\"},\"command_id\":\"6f1c2a4e-0000-4000-8000-000000000001\"}', '6f1c2a4e-0000-4000-8000-000000000002', 2)\n"
        "assert type(e).__name__ == 'RoutineEnded' and 'events.routine' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
