"""One history whatever the order of recording: back-dated commands are checked in the user's
time, and the current views always equal the views as of now. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from engine.commands.ledger import Ledger
from engine.rules.errors import RuleViolationError
from engine.storage.location import parse_location
from projections import reads
from projections.queries.as_of import appointments_as_of, moment, tasks_as_of
from projections.queries.current import appointments, list_tasks

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
ALL = ("open", "done", "cancelled")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture
def led(ledger_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Ledger]:
    monkeypatch.setenv("DAYLEDGER_NOW", NOW.isoformat())
    book = Ledger(parse_location(ledger_url), tz=TZ, views=reads)
    try:
        yield book
    finally:
        book.close()


def present(led: Ledger) -> dict[str, Any]:
    return {r.text: (r.status, r.project) for r in list_tasks(led.db, TZ, statuses=ALL)}


def as_of_now(led: Ledger) -> dict[str, Any]:
    return {r.text: (r.status, r.project) for r in tasks_as_of(led.db, TZ, moment(NOW, NOW), statuses=ALL)}


def test_a_reopen_dated_when_the_task_was_open_is_refused_naming_the_later_completion(led: Ledger) -> None:
    led.add_task("Beta task", at=at("2026-03-01 10:00"))
    led.complete_task("beta", at=at("2026-03-05 10:00"))
    with pytest.raises(RuleViolationError) as refused:
        led.reopen_task("beta", at=at("2026-03-04 10:00"))
    assert str(refused.value).startswith("as of Wed 2026-03-04 10:00 task ")
    assert str(refused.value).endswith("'Beta task' was open; it was done on Thu 2026-03-05 10:00")
    assert present(led) == as_of_now(led) == {"Beta task": ("done", None)}


def test_a_completion_dated_before_an_earlier_recorded_one_is_refused(led: Ledger) -> None:
    led.add_task("Gamma task", at=at("2026-03-01 10:00"))
    led.complete_task("gamma", at=at("2026-03-05 10:00"))
    led.reopen_task("gamma", at=at("2026-03-06 10:00"))
    with pytest.raises(RuleViolationError, match=r"as of Tue 2026-03-03 10:00 task \w+ 'Gamma task' would be done; it was done on Thu 2026-03-05 10:00, which needs it open$"):
        led.complete_task("gamma", at=at("2026-03-03 10:00"))
    assert present(led) == as_of_now(led) == {"Gamma task": ("open", None)}


def test_the_same_change_a_moment_earlier_in_the_same_minute_is_refused_as_already_made(led: Ledger) -> None:
    """Two ``done`` commands racing on one task: the loser's moment may fall a few seconds before
    the winner's. To the user both are the same minute: it was already done."""
    led.add_task("Delta task", at=at("2026-03-01 10:00"))
    led.complete_task("delta", at=at("2026-03-05 18:46:40"))
    with pytest.raises(RuleViolationError, match=r"^task \w+ 'Delta task' is already done: it was done on Thu 2026-03-05 18:46$"):
        led.complete_task("delta", at=at("2026-03-05 18:46:10"))
    led.reopen_task("delta", at=at("2026-03-06 09:00"))
    led.cancel_task("delta", at=at("2026-03-06 09:00:30"))
    with pytest.raises(RuleViolationError, match=r"^task \w+ 'Delta task' is already cancelled: it was cancelled on Fri 2026-03-06 09:00$"):
        led.cancel_task("delta", at=at("2026-03-06 09:00:05"))
    with pytest.raises(RuleViolationError, match=r"would be done; it was cancelled on Fri 2026-03-06 09:00, which needs it open$"):
        led.complete_task("delta", at=at("2026-03-06 09:00:05"))  # another change: the full story
    assert present(led) == as_of_now(led) == {"Delta task": ("cancelled", None)}


def test_a_change_is_checked_against_the_task_as_it_was_then(led: Ledger) -> None:
    led.add_task("Delta task", at=at("2026-03-01 10:00"))
    led.complete_task("delta", at=at("2026-03-05 10:00"))
    led.reopen_task("delta", at=at("2026-03-06 10:00"))
    led.cancel_task("delta", at=at("2026-03-07 10:00"))
    # open between the 6th and the 7th in the user's life, though cancelled as last recorded
    with pytest.raises(RuleViolationError, match="it was cancelled on Sat 2026-03-07 10:00"):
        led.reopen_task("delta", at=at("2026-03-06 12:00"))
    assert present(led) == as_of_now(led) == {"Delta task": ("cancelled", None)}


def test_back_dated_renames_and_moves_give_the_same_present_as_the_timeline(led: Ledger) -> None:
    led.add_task("Alpha", at=at("2026-03-01 10:00"))
    led.edit_task("alpha", text="Alpha two", project="P1", at=at("2026-03-05 10:00"))
    led.edit_task("alpha two", text="Alpha one", project="P2", at=at("2026-03-03 10:00"))
    assert present(led) == as_of_now(led) == {"Alpha two": ("open", "P1")}


def test_a_project_first_used_before_it_was_recorded_is_shown_from_then(led: Ledger) -> None:
    led.add_task("First", at=at("2026-03-01 10:00"))
    led.add_task("Second", at=at("2026-03-01 10:00"))
    led.edit_task("first", project="P2", at=at("2026-03-25 10:00"))
    led.edit_task("second", project="P2", at=at("2026-03-10 10:00"))
    then = {r.text: r.project for r in tasks_as_of(led.db, TZ, moment(at("2026-03-22 00:00"), NOW), statuses=ALL)}
    assert then == {"First": None, "Second": "P2"}


def test_back_dated_appointment_changes_are_checked_and_shown_in_the_users_time(led: Ledger) -> None:
    led.schedule_appointment("Dentist", at("2026-03-20 10:00"), at=at("2026-03-01 10:00"))
    led.cancel_appointment("dentist", at=at("2026-03-05 10:00"))
    with pytest.raises(RuleViolationError, match="'Dentist' was cancelled; schedule a new one instead$"):
        led.move_appointment("dentist", at("2026-03-21 10:00"), at=at("2026-03-06 10:00"))
    with pytest.raises(RuleViolationError, match="would be cancelled; it was cancelled on Thu 2026-03-05 10:00, which needs it scheduled$"):
        led.cancel_appointment("dentist", at=at("2026-03-04 10:00"))
    led.move_appointment("dentist", at("2026-03-21 10:00"), at=at("2026-03-04 10:00"))
    now = {a.text: (a.status, a.starts_at) for a in appointments(led.db, TZ, statuses=("scheduled", "cancelled"))}
    then = {a.text: (a.status, a.starts_at) for a in appointments_as_of(led.db, TZ, moment(NOW, NOW), statuses=("scheduled", "cancelled"))}
    assert now == then == {"Dentist": ("cancelled", at("2026-03-21 10:00"))}
