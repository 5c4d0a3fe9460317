"""The rules of all-day appointments: a date, whole days, and 'not before it was made' for a day."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.rules import appointment
from engine.rules.errors import InvalidInputError, RuleViolationError
from engine.rules.stamp import Stamp
from events import Source


def _stamp(moment: datetime) -> Stamp:
    return Stamp(moment, moment, Source(kind="test"), uuid.uuid4())


def _made(starts: date | datetime, at: datetime, minutes: int | None = None) -> appointment.Appointment:
    found = appointment.appointment_from(appointment.schedule(uuid.uuid4(), "Conference", starts, _stamp(at), duration_minutes=minutes))
    assert found is not None
    return found


def test_a_day_is_stored_as_a_date_for_whole_days() -> None:
    appt = _made(date(2026, 12, 11), datetime(2026, 12, 1, tzinfo=UTC))
    assert (appt.starts_at, appt.duration_minutes, appt.all_day) == (date(2026, 12, 11), 1440, True)  # one day when none is given
    assert appointment.start_moment(appt.starts_at, ZoneInfo("America/Los_Angeles")) == datetime(2026, 12, 11, tzinfo=ZoneInfo("America/Los_Angeles"))
    with pytest.raises(InvalidInputError, match="lasts whole days, not 45 minutes"):
        _made(date(2026, 12, 11), datetime(2026, 12, 1, tzinfo=UTC), 45)


def test_a_day_is_in_the_past_only_once_it_has_ended_everywhere() -> None:
    made = datetime(2026, 12, 11, 9, tzinfo=UTC)  # Friday, but still Thursday at UTC-12 (until 12:00 UTC)
    appt = _made(datetime(2026, 12, 20, 10, tzinfo=UTC), made)
    assert appointment.move(appt, date(2026, 12, 11), _stamp(made))  # still Friday where it is earliest
    assert appointment.move(appt, date(2026, 12, 10), _stamp(made))  # Thursday still, somewhere
    with pytest.raises(RuleViolationError, match="2026-12-09 \\(all day\\): that is before it was made"):
        appointment.move(appt, date(2026, 12, 9), _stamp(made))


def test_moving_keeps_the_days_and_a_time_drops_them() -> None:
    at = datetime(2026, 12, 1, tzinfo=UTC)
    appt = _made(date(2026, 12, 11), at, 3 * 1440)
    [to_day] = appointment.move(appt, date(2026, 12, 14), _stamp(at))
    assert (to_day.starts_at, to_day.duration_minutes) == (date(2026, 12, 14), 3 * 1440)  # type: ignore[attr-defined]
    [to_time] = appointment.move(appt, datetime(2026, 12, 14, 9, tzinfo=UTC), _stamp(at))
    assert to_time.duration_minutes is None  # type: ignore[attr-defined]
    with pytest.raises(RuleViolationError, match="already at 2026-12-11 \\(all day\\)"):
        appointment.move(appt, date(2026, 12, 11), _stamp(at))
    # a timed appointment at midnight UTC and the date of that day are not the same start
    timed = _made(datetime(2026, 12, 11, tzinfo=UTC), at)
    assert appointment.move(timed, date(2026, 12, 11), _stamp(at))
