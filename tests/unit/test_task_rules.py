"""The rules of tasks and appointments, as pure functions over folded state."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from engine.rules import appointment, task
from engine.rules.errors import InvalidInputError, RuleViolationError
from engine.rules.stamp import Stamp
from events import Source, TaskCompleted, TaskMoved, TaskRenamed, TaskTagged

T0 = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)


def stamp(hours: float = 0) -> Stamp:
    moment = T0 + timedelta(hours=hours)
    return Stamp(moment, moment, Source(kind="test"), uuid.uuid4())


def captured(**kwargs: object) -> task.Task:
    t = task.task_from(task.capture(uuid.uuid4(), "Bills", stamp(), **kwargs))  # type: ignore[arg-type]
    assert t is not None
    return t


def test_capture_cleans_text_and_tags() -> None:
    t = captured(tags=["+home", "#money", "home"])
    assert (t.text, t.tags, t.status, t.version) == ("Bills", ("home", "money"), "open", 1)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        task.capture(uuid.uuid4(), text, stamp())


def test_tag_with_space_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="one word"):
        task.capture(uuid.uuid4(), "x", stamp(), tags=["two words"])


def test_complete_then_reopen_then_cancel_folds_to_each_state() -> None:
    t = captured()
    events = task.complete(t, stamp(1))
    assert isinstance(events[0], TaskCompleted) and events[0].originator_version == 2
    done = task.task_from([*task.capture(t.id, "Bills", stamp()), *events])
    assert done is not None and done.status == "done" and done.closed_at == T0 + timedelta(hours=1)
    with pytest.raises(RuleViolationError, match="already done"):
        task.complete(done, stamp(2))
    with pytest.raises(RuleViolationError, match="not open"):
        task.cancel(done, stamp(2))
    reopened = task.task_from([*task.capture(t.id, "Bills", stamp()), *events, *task.reopen(done, stamp(2))])
    assert reopened is not None and reopened.status == "open" and reopened.closed_at is None
    with pytest.raises(RuleViolationError, match="already open"):
        task.reopen(reopened, stamp(3))


def test_a_cancelled_task_cannot_be_completed() -> None:
    t = captured()
    cancelled = task.task_from([*task.capture(t.id, "Bills", stamp()), *task.cancel(t, stamp(1))])
    assert cancelled is not None
    with pytest.raises(RuleViolationError, match="was cancelled"):
        task.complete(cancelled, stamp(2))


def test_nothing_happens_to_a_task_before_it_was_captured() -> None:
    with pytest.raises(RuleViolationError, match="captured later"):
        task.complete(captured(), stamp(-1))


def test_edit_records_one_event_per_change_with_consecutive_versions() -> None:
    t = captured(tags=["home"])
    project = uuid.uuid4()
    events = task.edit(t, stamp(1), text="Pay bills", project_id=project, add_tags=["money", "home"])
    assert [type(e) for e in events] == [TaskRenamed, TaskMoved, TaskTagged]
    assert [e.originator_version for e in events] == [2, 3, 4]
    assert events[2].tags == ("money",)  # type: ignore[attr-defined]
    with pytest.raises(InvalidInputError, match="nothing to change"):
        task.edit(t, stamp(1), text="Bills", remove_tags=["absent"])


def test_an_appointment_cannot_move_to_before_it_was_made_or_after_cancelling() -> None:
    appt_id = uuid.uuid4()
    made = appointment.schedule(appt_id, "Bike shop", T0 + timedelta(days=4), stamp())
    a = appointment.appointment_from(made)
    assert a is not None
    with pytest.raises(RuleViolationError, match="before it was made"):
        appointment.move(a, T0 - timedelta(hours=1), stamp(1))
    moved = appointment.move(a, T0 + timedelta(days=5), stamp(1), duration_minutes=60)
    a2 = appointment.appointment_from([*made, *moved])
    assert a2 is not None and a2.starts_at == T0 + timedelta(days=5) and a2.duration_minutes == 60
    a3 = appointment.appointment_from([*made, *moved, *appointment.cancel(a2, stamp(2))])
    assert a3 is not None and a3.status == "cancelled"
    with pytest.raises(RuleViolationError, match="cancelled"):
        appointment.move(a3, T0 + timedelta(days=6), stamp(3))
    with pytest.raises(RuleViolationError, match="already cancelled"):
        appointment.cancel(a3, stamp(3))


@pytest.mark.parametrize(("typed", "level"), [("H", "H"), ("m", "M"), (" l ", "L"), ("-", None)])
def test_a_priority_is_read_in_any_case_and_dash_is_none(typed: str, level: str | None) -> None:
    assert task.priority_from(typed) == level


@pytest.mark.parametrize("typed", ["", "X", "high", "HH", "1"])
def test_a_priority_outside_h_m_l_names_the_value(typed: str) -> None:
    with pytest.raises(InvalidInputError, match=f"--priority {typed!r} is not a priority"):
        task.priority_from(typed)


def test_a_priority_changes_as_its_own_event_and_the_same_one_again_is_nothing_to_change() -> None:
    t = captured(priority="H")
    assert (t.priority, t.version) == ("H", 2)  # the capture, then its priority, in one command
    events = task.edit(t, stamp(1), priority="L", text="Pay bills")
    assert [type(e).__name__ for e in events] == ["TaskRenamed", "TaskPrioritized"]
    changed = task.task_from(events, t)
    assert changed is not None and changed.priority == "L"
    with pytest.raises(InvalidInputError, match="nothing to change"):
        task.edit(changed, stamp(2), priority="L")
    removed = task.task_from(task.edit(changed, stamp(2), priority=None), changed)
    assert removed is not None and removed.priority is None
