"""The calendar sweep: for every calendar under tests/data/ics, the appointments dayledger reads
(single ones, expanded occurrences and the occurrences of its recurring appointments) over a year
are those ``recurring-ical-events`` finds, in Europe/Berlin and in America/Los_Angeles.

The year is the calendar year of each file's first event. A cancelled event or occurrence is in
neither. Where the two are meant to differ, the table says why and the test checks that difference."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from engine.formats.ics import CalendarFile, read_calendar
from engine.rules.all_day import start_moment
from engine.rules.cron import Rule, Schedule, iter_occurrences, zone_of
from engine.rules.days import day_start

DATA = Path(__file__).parent.parent / "data" / "ics"
CALENDARS = sorted(p.name for p in DATA.glob("*.ics"))
ZONES = ("Europe/Berlin", "America/Los_Angeles")

# recurring-ical-events cannot read these at all (it raises); dayledger reads the rest, with a note.
THEY_REFUSE = {
    "icalendar-created_calendar_with_unicode_fields.ics": "an event without DTSTART",
    "icaljs-google_birthday.ics": "RDATE 20131210Z",
    "khal-invalid_tzoffset.ics": "TZOFFSETFROM:+5328 in a VTIMEZONE",
    "khal-non_dst_error.ics": "an alarm's TRIGGER:PT-2H",
}
# Read differently on purpose: the file's VTIMEZONE for "New Zealand Standard Time" has European
# offsets; dayledger maps the Windows name to Pacific/Auckland (13:00 NZDT), as khal's test expects.
WINDOWS = "khal-tz_windows_format.ics"

Occurrence = tuple[datetime, str]


def _ours(cal: CalendarFile, lo: datetime, hi: datetime) -> set[Occurrence]:
    # an all-day event is its date: compared where that day begins in the zone, as theirs is
    found = {(start_moment(e.starts_at, lo.tzinfo).astimezone(UTC), e.text) for e in cal.entries if not (e.gone or e.cancelled)}  # type: ignore[arg-type]
    for s in cal.series:
        if s.ended:
            continue
        schedule = Schedule((Rule(s.cron, s.starts_at),), ends_at=s.until)
        for occ in iter_occurrences(schedule, s.starts_at, zone_of(s.zone), hi):
            if occ not in s.cancelled:
                found.add((s.moved.get(occ, (occ, None))[0].astimezone(UTC), s.text))
    return {o for o in found if lo <= o[0] < hi}


def _theirs(data: str, tz: ZoneInfo, lo: datetime, hi: datetime) -> set[Occurrence]:
    found = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for ev in recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(lo, hi):
            if str(ev.get("STATUS", "")).upper() == "CANCELLED":
                continue
            start = ev.decoded("DTSTART")
            start = start if isinstance(start, datetime) else day_start(start, tz)
            start = start if start.tzinfo else start.replace(tzinfo=tz)
            summary, place = (" ".join(str(ev.get(p, "")).split()) for p in ("SUMMARY", "LOCATION"))
            summary = summary or "(no title)"
            found.add((start.astimezone(UTC), f"{summary} @ {place}" if place else summary))
    return {o for o in found if lo <= o[0] < hi}


def _first_year(data: str, tz: ZoneInfo) -> int | None:
    """The year of the file's first DTSTART that can be read (in ``tz`` for a floating time)."""
    years = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for line in data.splitlines():
            if line.upper().startswith("BEGIN:VTIMEZONE"):
                zone = True
            elif line.upper().startswith("END:VTIMEZONE"):
                zone = False
            elif line.upper().startswith("DTSTART") and not locals().get("zone"):
                digits = line.rpartition(":")[2].strip()[:4]
                if digits.isdigit():
                    years.append(int(digits))
    return min(years) if years else None


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("name", CALENDARS)
def test_dayledger_reads_the_occurrences_recurring_ical_events_finds(name: str, zone: str) -> None:
    tz = ZoneInfo(zone)
    data = (DATA / name).read_text(encoding="utf-8")
    year = _first_year(data, tz)
    if year is None:
        assert read_calendar(data, name, tz, expand_until=datetime(1000, 1, 2, tzinfo=UTC)).todos, f"{name}: no event and no task"
        return
    lo, hi = day_start(date(year, 1, 1), tz), day_start(date(year + 1, 1, 1), tz)
    cal = read_calendar(data, name, tz, expand_until=hi)
    ours = _ours(cal, lo, hi)
    assert ours or cal.notes or cal.todos, f"{name}: nothing in {year}, and nothing said"
    if name in THEY_REFUSE:
        with pytest.raises(Exception):  # noqa: B017 - it raises several kinds; if it learns to read the file, compare it
            _theirs(data, tz, lo, hi)
        assert cal.notes, f"{name}: what dayledger skipped ({THEY_REFUSE[name]}) is not said"
        return
    theirs = _theirs(data, tz, lo, hi)
    if name == WINDOWS:
        assert ours == {(datetime(2019, 11, 20, 13, tzinfo=ZoneInfo("Pacific/Auckland")).astimezone(UTC), "Event with Windows TZ name")}
        assert ours != theirs
        return
    assert sorted(ours) == sorted(theirs)
