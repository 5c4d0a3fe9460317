"""Time travel on a real ledger (SQLite and PostgreSQL): the issue's scenarios, through the engine."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from engine.commands.ledger import Ledger
from engine.rules.errors import NotFoundError, RuleViolationError
from engine.storage.location import parse_location
from events import Source
from projections import reads
from projections.queries.as_of import appointments_as_of, moment, tasks_as_of
from projections.queries.audit import completions, history
from projections.queries.changes import diff, project_timeline
from projections.queries.day import daily_summary

TZ = ZoneInfo("Europe/Berlin")
ALL = ("open", "done", "cancelled")
EVER = ("0001-01-01T00:00:00.000000+00:00", "9999-12-31T00:00:00.000000+00:00")


def at(day: int, hour: int = 9) -> datetime:
    """A moment in the week of Monday 2026-04-20."""
    return datetime(2026, 4, day, hour, tzinfo=TZ)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Sets the recording clock: ``clock(moment)``."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setenv("DAYLEDGER_NOW", moment.isoformat())

    yield set_now


@pytest.fixture
def ledger(ledger_url: str, clock: object) -> Iterator[Ledger]:
    clock(at(20, 8))  # type: ignore[operator]
    led = Ledger(parse_location(ledger_url), tz=TZ, views=reads)
    yield led
    led.close()


def open_tasks(led: Ledger, when: datetime, known: datetime | None = None) -> list[tuple[str, str | None, str]]:
    return [(t.text, t.project, t.status) for t in tasks_as_of(led.db, TZ, moment(when, known), statuses=ALL)]


def test_task_captured_monday_in_a_moved_wednesday_to_b_done_friday(ledger: Ledger, clock: object) -> None:
    clock(at(20))  # type: ignore[operator]
    task = ledger.add_task("Write the report", project="A")
    clock(at(22))  # type: ignore[operator]
    ledger.edit_task(task[:7], project="B")
    clock(at(24))  # type: ignore[operator]
    ledger.complete_task(task[:7])
    clock(at(27))  # type: ignore[operator]
    assert open_tasks(ledger, at(21)) == [("Write the report", "A", "open")]  # Tuesday
    assert open_tasks(ledger, at(23)) == [("Write the report", "B", "open")]  # Thursday
    saturday = moment(at(25), None)
    assert tasks_as_of(ledger.db, TZ, saturday) == []
    [done] = completions(ledger.db, TZ, saturday, start=EVER[0], end=EVER[1])
    assert (done.text, done.project, done.completed_at, done.created_at) == ("Write the report", "B", at(24), at(20))
    assert completions(ledger.db, TZ, moment(at(23), None), start=EVER[0], end=EVER[1]) == []
    timeline_a = project_timeline(ledger.db, moment(None, None), "A", start=EVER[0], end=EVER[1])
    assert timeline_a is not None and [f.type for f in timeline_a.facts] == ["ProjectStarted", "TaskCaptured", "TaskMoved"]
    timeline_b = project_timeline(ledger.db, moment(None, None), "B", start=EVER[0], end=EVER[1])
    assert timeline_b is not None and [f.type for f in timeline_b.facts] == ["ProjectStarted", "TaskMoved", "TaskCompleted"]
    kinds = [(c.kind, c.before, c.after) for c in diff(ledger.db, TZ, moment(at(21), None), moment(at(25), None))]
    assert kinds == [("moved", "A", "B"), ("completed", "open", "done")]


def test_an_appointment_moved_twice(ledger: Ledger, clock: object) -> None:
    clock(at(20))  # type: ignore[operator]
    appt = ledger.schedule_appointment("Dentist", at(28, 10))
    clock(at(21))  # type: ignore[operator]
    ledger.move_appointment(appt[:7], at(29, 10))
    clock(at(23))  # type: ignore[operator]
    ledger.move_appointment(appt[:7], at(30, 11))

    def starts(when: datetime) -> list[datetime]:
        return [a.starts_at for a in appointments_as_of(ledger.db, TZ, moment(when, None))]

    assert starts(at(20, 12)) == [at(28, 10)]
    assert starts(at(22)) == [at(29, 10)]
    assert starts(at(24)) == [at(30, 11)]
    assert starts(at(20, 8)) == []
    days = {d: [a.text for a in daily_summary(ledger.db, TZ, at(d).date(), moment(at(22), None)).appointments] for d in (28, 29, 30)}
    assert days == {28: [], 29: ["Dentist"], 30: []}
    facts, _ = history(ledger.db, moment(None, None), appt)
    assert [f.type for f in facts] == ["AppointmentScheduled", "AppointmentMoved", "AppointmentMoved"]


def test_a_history_recorded_late_differs_between_as_of_and_known_at(ledger: Ledger, clock: object) -> None:
    clock(at(27))  # recorded on the 27th, about the 20th..22nd (like an import of old notes)
    task = ledger.add_task("Fix the bike", project="Garden", at=at(20))
    ledger.edit_task(task[:7], text="Fix the bike brakes", at=at(21))
    ledger.complete_task(task[:7], at=at(22))
    # As of the 21st, with everything recorded since: it was open, already renamed.
    assert open_tasks(ledger, at(21, 12)) == [("Fix the bike brakes", "Garden", "open")]
    # Known at the 25th: the ledger knew nothing of it then, whatever the moment.
    assert open_tasks(ledger, at(21, 12), known=at(25)) == []
    assert open_tasks(ledger, at(26), known=at(25)) == []
    # Both axes at the 27th: done.
    assert open_tasks(ledger, at(27, 12), known=at(27, 12)) == [("Fix the bike brakes", "Garden", "done")]
    day = daily_summary(ledger.db, TZ, at(22).date(), moment(None, None))
    assert [t["text"] for t in day.tasks["completed"]] == ["Fix the bike brakes"]
    assert daily_summary(ledger.db, TZ, at(22).date(), moment(None, at(25))).tasks["completed"] == []


def test_a_change_recorded_later_but_dated_earlier_rewrites_only_the_timeline_after_it(ledger: Ledger, clock: object) -> None:
    clock(at(20))  # type: ignore[operator]
    task = ledger.add_task("Plan trip", project="A")
    clock(at(23))  # type: ignore[operator]
    ledger.edit_task(task[:7], project="C")
    clock(at(25))  # on Saturday, the user says it had moved to B on Tuesday
    ledger.edit_task(task[:7], project="B", at=at(21))
    clock(at(26))  # type: ignore[operator]
    assert [open_tasks(ledger, at(d, 12))[0][1] for d in (20, 21, 22, 23, 24)] == ["A", "B", "B", "C", "C"]
    # As of now the business order decides (B on Tuesday, then C on Thursday); the present-state
    # list follows recording order, where the move to B came last.
    assert open_tasks(ledger, at(26))[0][1] == "C"
    # What the ledger said on Friday about Wednesday, and about Friday itself:
    assert open_tasks(ledger, at(22), known=at(24))[0][1] == "A"
    assert open_tasks(ledger, at(24), known=at(24))[0][1] == "C"


def test_undo_reverts_the_last_command_and_history_keeps_both(ledger: Ledger, clock: object) -> None:
    clock(at(20))  # type: ignore[operator]
    task = ledger.add_task("Call mum", project="Home")
    clock(at(21))  # type: ignore[operator]
    ledger.complete_task(task[:7])
    appt = ledger.schedule_appointment("Haircut", at(28, 10))
    ledger.cancel_appointment(appt[:7])
    clock(at(22))  # type: ignore[operator]
    assert "cancelled -> scheduled" in ledger.undo().lines[0]
    assert [a.text for a in appointments_as_of(ledger.db, TZ, moment(None, None))] == ["Haircut"]
    assert "scheduled -> cancelled" in ledger.undo().lines[0]
    assert "done -> open" in ledger.undo().lines[0]
    assert open_tasks(ledger, at(22)) == [("Call mum", "Home", "open")]
    # The completion never took effect as of any moment, but was known in between.
    assert open_tasks(ledger, at(21, 12)) == [("Call mum", "Home", "open")]
    assert open_tasks(ledger, at(21, 12), known=at(21, 12)) == [("Call mum", "Home", "done")]
    facts, _ = history(ledger.db, moment(None, None), task)
    assert [(f.type, f.mark) for f in facts] == [("TaskCaptured", None), ("TaskCompleted", "undone"), ("TaskReopened", "undo")]
    assert "captured -> withdrawn" in ledger.undo().lines[0]
    assert open_tasks(ledger, at(22)) == []  # an undone capture is no cancelled task (issue 20)
    with pytest.raises(NotFoundError):
        ledger.undo()


def test_undo_withdraws_a_note_and_history_keeps_it(ledger: Ledger, clock: object) -> None:
    [note] = ledger.record_note("A thought to take back")
    today = at(20, 8).astimezone(TZ).date()
    assert [n["text"] for n in daily_summary(ledger.db, TZ, today, moment(None, None)).notes] == ["A thought to take back"]
    reverted = ledger.undo()
    assert reverted.lines == [f"note {note.originator_id.hex[:7]} 'A thought to take back': withdrawn"]
    assert daily_summary(ledger.db, TZ, today, moment(None, None)).notes == []
    facts, _ = history(ledger.db, moment(None, None), note.originator_id.hex)
    assert [(f.type, f.mark) for f in facts] == [("NoteRecorded", "undone")]
    with pytest.raises(NotFoundError):
        ledger.undo()


def test_undo_refuses_an_imported_note_and_changes_nothing(ledger: Ledger, clock: object) -> None:
    importer = Ledger(ledger.location, tz=TZ, views=reads, source=Source(kind="import", file="notes/2026-04-20.txt", line=3))
    try:
        importer.record_note("From the file")
    finally:
        importer.close()
    with pytest.raises(RuleViolationError, match="notes/2026-04-20.txt belong to the file"):
        ledger.undo()
    today = at(20, 8).astimezone(TZ).date()
    assert [n["text"] for n in daily_summary(ledger.db, TZ, today, moment(None, None)).notes] == ["From the file"]
