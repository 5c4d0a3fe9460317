"""Reading calendars: which recurrences become a recurring appointment (a cron) and which are expanded."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.formats.ics import cron_to_rrule, read_calendar

BERLIN = ZoneInfo("Europe/Berlin")
UNTIL = datetime(2027, 1, 1, tzinfo=UTC)


def _cal(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\n{e}\nEND:VEVENT\n" for e in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{body}END:VCALENDAR\n"


@pytest.mark.parametrize(
    ("cron", "start"),
    [
        ("30 9 * * *", "20260406T093000"),
        ("30 9 * * 1,2,3,4,5", "20260406T093000"),
        ("0 18 * * 0,3", "20260408T180000"),
        ("0 9 31 * *", "20260531T090000"),
        ("0 9 24 12 *", "20261224T090000"),
    ],
)
def test_what_our_export_writes_for_a_cron_reads_back_as_that_cron(cron: str, start: str) -> None:
    import icalendar

    rule = icalendar.vRecur({k.upper(): v for k, v in (cron_to_rrule(cron) or {}).items()}).to_ical().decode()
    cal = read_calendar(_cal(f"UID:r\nDTSTART;TZID=Europe/Berlin:{start}\nRRULE:{rule}\nSUMMARY:R"), "c.ics", BERLIN, expand_until=UNTIL)
    [series] = cal.series
    assert (series.cron, series.zone, series.until) == (cron, "Europe/Berlin", None) and not cal.entries


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",  # every other week
        "FREQ=MONTHLY;BYDAY=1MO",  # the first Monday
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1",  # the last Monday
        "FREQ=WEEKLY;BYDAY=TU",  # DTSTART (a Monday) is not one of its days, but RFC 5545 counts it
        "FREQ=HOURLY;COUNT=3",
    ],
)
def test_rules_no_cron_says_are_expanded(rule: str) -> None:
    cal = read_calendar(_cal(f"UID:x\nDTSTART;TZID=Europe/Berlin:20260406T093000\nRRULE:{rule}\nSUMMARY:X"), "c.ics", BERLIN, expand_until=UNTIL)
    assert not cal.series and cal.expanded == 1 and cal.entries
    assert cal.entries[0].starts_at == datetime(2026, 4, 6, 9, 30, tzinfo=BERLIN)
    assert len({e.id for e in cal.entries}) == len(cal.entries)  # each occurrence its own key


def test_count_and_until_end_the_series_after_their_last_occurrence() -> None:
    cal = read_calendar(
        _cal(
            "UID:c\nDTSTART:20260406T070000Z\nRRULE:FREQ=DAILY;COUNT=3\nSUMMARY:C",
            "UID:u\nDTSTART;VALUE=DATE:20260406\nRRULE:FREQ=WEEKLY;UNTIL=20260420\nSUMMARY:U",
        ),
        "c.ics", BERLIN, expand_until=UNTIL,
    )
    count, until = sorted(cal.series, key=lambda s: s.uid)
    assert (count.cron, count.zone, count.until) == ("0 7 * * *", "UTC", datetime(2026, 4, 8, 7, 0, 1, tzinfo=UTC))
    assert (until.cron, until.minutes, until.until) == ("0 0 * * 1", 24 * 60, datetime(2026, 4, 21, tzinfo=BERLIN))


def test_a_uid_of_our_own_export_keeps_its_id_and_others_get_a_stable_one() -> None:
    text = _cal("UID:3f2c1e0a9b8d4c7e8f6a5b4c3d2e1f00@dayledger\nDTSTART:20260406T070000Z\nSUMMARY:A", "UID:elsewhere\nDTSTART:20260406T070000Z\nSUMMARY:B")
    first = read_calendar(text, "c.ics", BERLIN, expand_until=UNTIL).entries
    assert first[0].id.hex == "3f2c1e0a9b8d4c7e8f6a5b4c3d2e1f00"
    assert [e.id for e in read_calendar(text, "other.ics", BERLIN, expand_until=UNTIL).entries] == [e.id for e in first]


def test_two_versions_of_one_uid_take_the_later_sequence_and_say_which_was_left() -> None:
    text = _cal("UID:same\nSEQUENCE:2\nDTSTART:20260406T070000Z\nSUMMARY:A", "UID:same\nSEQUENCE:1\nDTSTART:20260407T070000Z\nSUMMARY:B")
    cal = read_calendar(text, "c.ics", BERLIN, expand_until=UNTIL)
    assert [(e.text, e.starts_at, e.sequence) for e in cal.entries] == [("A", datetime(2026, 4, 6, 7, tzinfo=UTC), 2)]
    assert cal.notes == ["c.ics:10 (UID same): an older version (SEQUENCE 1) of the event at line 4 (SEQUENCE 2); the latest is imported"]


def test_an_all_day_occurrence_is_keyed_by_its_date_and_keeps_the_id_earlier_imports_gave_it() -> None:
    import uuid

    from engine.formats.ics import appointment_id
    from engine.importers.calendar.plan import KnownCalendar, plan_calendar
    from engine.rules.appointment import Appointment

    text = _cal("UID:bday\nDTSTART;VALUE=DATE:20260406\nRRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=2\nSUMMARY:B")
    la = ZoneInfo("America/Los_Angeles")
    berlin_entries = read_calendar(text, "c.ics", BERLIN, expand_until=UNTIL).entries
    la_entries = read_calendar(text, "c.ics", la, expand_until=UNTIL).entries
    assert [e.id for e in berlin_entries] == [e.id for e in la_entries] == [appointment_id("bday", d) for d in ("20260406", "20260420")]
    assert [e.day for e in la_entries] == [date(2026, 4, 6), date(2026, 4, 20)]
    # A ledger that imported it before this change, in Berlin, knows the occurrences by their UTC start there: imported again there, they are the same.
    old = {
        appointment_id("bday", key): Appointment(appointment_id("bday", key), 1, "B", start, 1440, "scheduled", start)
        for key, start in (("20260405T220000Z", datetime(2026, 4, 6, tzinfo=BERLIN)), ("20260419T220000Z", datetime(2026, 4, 20, tzinfo=BERLIN)))
    }
    plan = plan_calendar(
        read_calendar(text, "c.ics", BERLIN, expand_until=UNTIL), KnownCalendar(old, {}, {}, set(), set()),
        file="c.ics", sha256="0", tz=BERLIN, recorded_at=datetime(2026, 4, 1, tzinfo=UTC), command_id=uuid.uuid4(),
    )
    assert (plan.events, plan.counts["unchanged"]) == ([], 2)
