"""Carry-over identity and import planning, pure: no files, no database."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from difflib import SequenceMatcher
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.formats.notes.parser import parse_note
from engine.importers.notes.keys import key
from engine.importers.notes.matching import MatchRules, _quick_ratio, _score, _signature, _task_signature, match_lines, similarity
from engine.importers.notes.plan import PlanOptions, plan_note
from engine.importers.notes.state import ImportState, KnownTask
from engine.rules.errors import InvalidInputError
from engine.rules.text import normal_words
from events import AppointmentMoved, AppointmentScheduled, TaskCaptured, TaskCarried, TaskCompleted

TZ = ZoneInfo("Europe/Berlin")


def known(text: str, first: date, *, closed: date | None = None, project: str = "") -> KnownTask:
    task = KnownTask(
        id=uuid.uuid4(), version=1, text=text, project=project, project_id=None, status="done" if closed else "open",
        first_day=first, closed_day=closed, captured_at=datetime(first.year, first.month, first.day, tzinfo=UTC),
    )
    task.seen(normal_words(text), first)
    return task


def test_normal_words_ignore_case_spacing_and_punctuation() -> None:
    assert normal_words("  Re-map  the NARRATIVES!") == "re map the narratives"
    assert normal_words("---") == "---"
    assert key("task", date(2026, 4, 24), "", "bills", n=2) == "task|2026-04-24||bills|2"


def test_drifting_words_match_and_different_tasks_do_not() -> None:
    assert similarity("continue filling out permissions spreadsheet", "continue filling permissions spreadsheet") > 0.9
    assert similarity("call mom", "call dad") < 0.8
    task = known("Continue filling out permissions spreadsheet", date(2026, 4, 20))
    other = known("Email Dana about the garage door quote", date(2026, 4, 20))
    lines = [(3, normal_words("Continue filling permissions spreadsheet")), (4, "call the plumber")]
    decided = match_lines(lines, [task, other], date(2026, 4, 21), MatchRules())
    assert decided[3].task_id == task.id and decided[3].rule == "similar"
    assert decided[4].task_id is None and decided[4].rule == "new"


def test_a_chore_done_before_is_not_a_candidate_but_one_done_that_day_is() -> None:
    dishes = known("Dishes", date(2026, 4, 20), closed=date(2026, 4, 20))
    assert match_lines([(1, "dishes")], [dishes], date(2026, 4, 21), MatchRules())[1].task_id is None
    assert match_lines([(1, "dishes")], [dishes], date(2026, 4, 20), MatchRules())[1].task_id == dishes.id


def test_each_task_takes_one_line_and_the_best_pair_wins() -> None:
    a = known("Write the grant report", date(2026, 4, 20))
    b = known("Write the grant report draft", date(2026, 4, 20))
    lines = [(1, "write the grant report draft"), (2, "write the grant report")]
    decided = match_lines(lines, [a, b], date(2026, 4, 21), MatchRules())
    assert (decided[1].task_id, decided[2].task_id) == (b.id, a.id)


def test_overrides_and_threshold() -> None:
    task = known("Draft the grant budget", date(2026, 4, 20))
    day = date(2026, 4, 21)
    assert match_lines([(1, "draft grant budget")], [task], day, MatchRules())[1].task_id == task.id
    veto = MatchRules(separate=(("Draft the grant budget", "draft grant budget"),))
    assert match_lines([(1, "draft grant budget")], [task], day, veto)[1].rule == "new (--separate)"
    same = MatchRules(same=(("budget for the grant", "DRAFT THE GRANT BUDGET"),))
    assert match_lines([(1, "budget for the grant")], [task], day, same)[1].rule == "same (--same)"
    assert match_lines([(1, "draft grant budget")], [task], day, MatchRules(threshold=0.99))[1].task_id is None
    with pytest.raises(InvalidInputError):
        MatchRules(threshold=0)


def plan(text: str, state: ImportState, **options: object):
    note = parse_note(text, name="n.txt")
    return plan_note(
        note, state, PlanOptions(tz=TZ, **options), file="n.txt", sha256="0" * 64,  # type: ignore[arg-type]
        recorded_at=datetime(2026, 5, 1, tzinfo=UTC), command_id=uuid.uuid4(),
    )


def test_plan_is_pure_and_folding_it_makes_the_same_note_add_nothing() -> None:
    state = ImportState(TZ)
    text = "Phil 4.24.2026\n\nA free line\n\nTasks\n  • Bills – done\n  • Bike – Appointment for Tuesday morning\n      ◦ a link\n"
    first = plan(text, state)
    assert plan(text, state).facts == first.facts  # planning changed nothing
    assert [type(e).__name__ for e in first.events] == [
        "NoteRecorded", "TaskCaptured", "TaskCompleted", "TaskCaptured", "AppointmentScheduled", "NoteRecorded",
    ]
    assert all(e.occurred_at == datetime(2026, 4, 24, tzinfo=TZ) for e in first.events)
    [appt] = [e for e in first.events if isinstance(e, AppointmentScheduled)]
    assert appt.starts_at == datetime(2026, 4, 28, 9, tzinfo=TZ)
    [bike] = [e for e in first.events if isinstance(e, TaskCaptured) and e.text == "Bike"]
    assert appt.task_id == bike.originator_id
    assert first.events[-1].task_id == bike.originator_id  # type: ignore[attr-defined]
    state.fold(first.events)
    assert plan(text, state).events == []


def test_morning_hour_is_configurable_and_a_new_time_moves_the_appointment() -> None:
    state = ImportState(TZ)
    first = plan("Phil 4.24.2026\n\nTasks\n  • Bike – Appointment for Tuesday morning\n", state, day_parts={"morning": 8})
    [appt] = [e for e in first.events if isinstance(e, AppointmentScheduled)]
    assert appt.starts_at == datetime(2026, 4, 28, 8, tzinfo=TZ)
    state.fold(first.events)
    same = plan("Phil 4.25.2026\n\nTasks\n  • Bike – Appointment for Tuesday morning\n", state, day_parts={"morning": 8})
    assert [type(e) for e in same.events] == [TaskCarried]
    moved = plan("Phil 4.25.2026\n\nTasks\n  • Bike – Appointment for Wednesday 10:00\n", state)
    assert [type(e) for e in moved.events] == [TaskCarried, AppointmentMoved]


def test_unclear_appointment_time_is_kept_and_listed() -> None:
    out = plan("Phil 4.24.2026\n\nTasks\n  • Vet – Appointment for whenever they call\n", ImportState(TZ))
    assert [line for line, _, _ in out.unclear] == [4]
    assert any(getattr(e, "text", "") == "Appointment for whenever they call" for e in out.events)


def test_carried_then_done_lands_on_one_task() -> None:
    state = ImportState(TZ)
    days = [
        "Phil 4.20.2026\n\nTasks\n  • Continue filling out permissions spreadsheet\n",
        "Phil 4.21.2026\n\nTasks\n  • Continue filling permissions spreadsheet\n",
        "Phil 4.22.2026\n\nTasks\n  • Continue filling permissions spreadsheet\n",
        "Phil 4.23.2026\n\nTasks\n  • Continue filling out permissions spreadsheet – done\n",
    ]
    events = []
    for text in days:
        planned = plan(text, state)
        state.fold(planned.events)
        events += planned.events
    assert [type(e) for e in events] == [TaskCaptured, TaskCarried, TaskCarried, TaskCompleted]
    assert len({e.originator_id for e in events}) == 1
    assert [e.originator_version for e in events] == [1, 2, 3, 4]


# The shortcuts matching takes must not change a score or a decision: checked against difflib.
_VOCABULARY = ["a", "of", "fix", "the", "bike", "call", "dana", "quote", "garage", "door", "email", "budget", "tax", "(12)", "x"]
_WORDS = st.lists(st.sampled_from(_VOCABULARY), max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcde (1)", max_size=30), st.text(alphabet="abcde (1)", max_size=30))
def test_quick_ratio_is_difflibs(a: str, b: str) -> None:
    assert _quick_ratio(a, b) == SequenceMatcher(None, a, b, autojunk=False).quick_ratio()


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.lists(_WORDS, min_size=1, max_size=4))
def test_a_task_skipped_by_its_words_scores_zero_on_every_variant(line: str, variants: list[str]) -> None:
    task = known(variants[0] or "x", date(2026, 4, 20))
    for words in variants[1:]:
        task.seen(words, date(2026, 4, 21))
    signature, count = _signature(line)
    telling, fewest = _task_signature(task)
    # A task seen in the line's very words is never scored: match_lines's first pass takes it.
    if line not in task.variants and signature.isdisjoint(telling) and (count > 2 or fewest > 2):
        assert _score(line, task, MatchRules())[0] == 0.0
