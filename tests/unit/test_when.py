"""engine.rules.when: the WHEN grammar, durations, DST handling and day bounds."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.rules.errors import InvalidInputError
from engine.rules.when import DAY_PARTS, When, parse_duration, parse_when

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Friday 2026-04-24, 10:15 CEST (+02:00).
NOW = datetime(2026, 4, 24, 10, 15, tzinfo=BERLIN)

# Days of the week around NOW.
SAT_18, SUN_19, MON_20, TUE_21, WED_22, THU_23 = (datetime(2026, 4, d) for d in range(18, 24))
FRI_17, FRI_24, FRI_01 = datetime(2026, 4, 17), datetime(2026, 4, 24), datetime(2026, 5, 1)
SAT_25, SUN_26, MON_27, TUE_28, WED_29, THU_30 = (datetime(2026, 4, d) for d in range(25, 31))


def at(day: datetime, hour: int, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute, second=second, microsecond=micro)


def parse(text: str, direction: str = "future", **kwargs: object) -> When:
    kwargs.setdefault("now", NOW)
    kwargs.setdefault("tz", BERLIN)
    return parse_when(text, direction=direction, **kwargs)  # type: ignore[arg-type]


def wall(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None, fold=0)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two aware datetimes (same-zone subtraction would give wall-clock time)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


# (text, direction, expected local wall time, has_time) with NOW = Fri 2026-04-24 10:15 Berlin.
CASES: list[tuple[str, str, datetime, bool]] = [
    # ISO 8601
    ("2026-04-28", "future", TUE_28, False),
    ("2026-04-28", "past", TUE_28, False),
    ("20260428", "future", TUE_28, False),
    ("2026-04-28T09:30", "future", at(TUE_28, 9, 30), True),
    ("2026-04-28 09:30", "future", at(TUE_28, 9, 30), True),
    ("2026-04-28t09:30", "future", at(TUE_28, 9, 30), True),
    ("2026-04-28 09:30:15", "future", at(TUE_28, 9, 30, 15), True),
    ("2026-04-28T09:30:15.5", "future", at(TUE_28, 9, 30, 15, 500000), True),
    ("2026-04-28T09:30+02:00", "future", at(TUE_28, 9, 30), True),
    ("2026-04-28T09:30+00:00", "future", at(TUE_28, 11, 30), True),
    ("2026-04-28T09:30-04:00", "future", at(TUE_28, 15, 30), True),
    ("2026-04-28T07:30Z", "future", at(TUE_28, 9, 30), True),
    ("2026-04-28 07:30z", "past", at(TUE_28, 9, 30), True),
    ("2026-04-27T23:30Z", "future", at(TUE_28, 1, 30), True),
    # now and named days
    ("now", "future", at(FRI_24, 10, 15), True),
    (" NOW ", "past", at(FRI_24, 10, 15), True),
    ("today", "future", FRI_24, False),
    ("  Today  ", "past", FRI_24, False),
    ("yesterday", "future", THU_23, False),
    ("tomorrow", "past", SAT_25, False),
    # bare weekdays, looking forward: today if it matches, else the next one
    ("fri", "future", FRI_24, False),
    ("friday", "future", FRI_24, False),
    ("sat", "future", SAT_25, False),
    ("sun", "future", SUN_26, False),
    ("mon", "future", MON_27, False),
    ("tue", "future", TUE_28, False),
    ("tues", "future", TUE_28, False),
    ("Tuesday", "future", TUE_28, False),
    ("wed", "future", WED_29, False),
    ("thu", "future", THU_30, False),
    ("thurs", "future", THU_30, False),
    ("THURSDAY", "future", THU_30, False),
    # bare weekdays, looking back: today if it matches, else the most recent one
    ("fri", "past", FRI_24, False),
    ("thu", "past", THU_23, False),
    ("wednesday", "past", WED_22, False),
    ("tue", "past", TUE_21, False),
    ("mon", "past", MON_20, False),
    ("sun", "past", SUN_19, False),
    ("sat", "past", SAT_18, False),
    # next/last: strictly after/before today, whatever the direction
    ("next fri", "future", FRI_01, False),
    ("next fri", "past", FRI_01, False),
    ("next sat", "future", SAT_25, False),
    ("next tue", "past", TUE_28, False),
    ("next thu", "future", THU_30, False),
    ("last fri", "past", FRI_17, False),
    ("last fri", "future", FRI_17, False),
    ("last thu", "future", THU_23, False),
    ("last tue", "future", TUE_21, False),
    ("last sat", "past", SAT_18, False),
    ("Next   Tuesday", "future", TUE_28, False),
    # a day and a time or part of the day
    ("yesterday 17:00", "future", at(THU_23, 17), True),
    ("tue 9am", "future", at(TUE_28, 9), True),
    ("tue 9am", "past", at(TUE_21, 9), True),
    ("tue 9:30pm", "future", at(TUE_28, 21, 30), True),
    ("Tue 9:30 PM", "future", at(TUE_28, 21, 30), True),
    ("tue 9 a.m.", "future", at(TUE_28, 9), True),
    ("tue 12am", "future", TUE_28, True),
    ("tue 12pm", "future", at(TUE_28, 12), True),
    ("2026-04-28 morning", "future", at(TUE_28, 9), True),
    ("2026-04-28 9:30", "future", at(TUE_28, 9, 30), True),
    ("2026-04-28 9pm", "past", at(TUE_28, 21), True),
    ("today noon", "future", at(FRI_24, 12), True),
    ("today at noon", "future", at(FRI_24, 12), True),
    ("friday evening", "future", at(FRI_24, 18), True),
    ("tomorrow afternoon", "future", at(SAT_25, 14), True),
    ("tomorrow night", "future", at(SAT_25, 21), True),
    ("next mon 8:30", "future", at(MON_27, 8, 30), True),
    ("last tue at 9 am", "future", at(TUE_21, 9), True),
    ("thurs 07:05:09", "past", at(THU_23, 7, 5, 9), True),
    # a time alone: that time today, even if it has passed
    ("17:00", "future", at(FRI_24, 17), True),
    ("9am", "future", at(FRI_24, 9), True),
    ("9am", "past", at(FRI_24, 9), True),
    ("9:05", "future", at(FRI_24, 9, 5), True),
    ("0:00", "future", FRI_24, True),
    ("23:59", "future", at(FRI_24, 23, 59), True),
    ("12am", "future", FRI_24, True),
    ("12:30am", "future", at(FRI_24, 0, 30), True),
    ("12pm", "future", at(FRI_24, 12), True),
    ("12:45 pm", "future", at(FRI_24, 12, 45), True),
    ("1pm", "future", at(FRI_24, 13), True),
    ("11:59pm", "future", at(FRI_24, 23, 59), True),
    # a part of the day alone: today at its hour
    ("morning", "future", at(FRI_24, 9), True),
    ("noon", "past", at(FRI_24, 12), True),
    ("afternoon", "future", at(FRI_24, 14), True),
    ("Evening", "future", at(FRI_24, 18), True),
    ("NIGHT", "future", at(FRI_24, 21), True),
    # relative to now
    ("in 3 days", "future", at(MON_27, 10, 15), True),
    ("in 1 day", "past", at(SAT_25, 10, 15), True),
    ("in 2 hours", "future", at(FRI_24, 12, 15), True),
    ("in 30 min", "future", at(FRI_24, 10, 45), True),
    ("in an hour", "future", at(FRI_24, 11, 15), True),
    ("in a week", "future", at(FRI_01, 10, 15), True),
    ("in 2h", "future", at(FRI_24, 12, 15), True),
    ("3 days ago", "future", at(TUE_21, 10, 15), True),
    ("2 weeks ago", "past", datetime(2026, 4, 10, 10, 15), True),
    ("a day ago", "past", at(THU_23, 10, 15), True),
    ("15 minutes ago", "past", at(FRI_24, 10), True),
    ("+2d", "future", at(SUN_26, 10, 15), True),
    ("-1w", "future", at(FRI_17, 10, 15), True),
    ("+90m", "future", at(FRI_24, 11, 45), True),
    ("- 1 h", "future", at(FRI_24, 9, 15), True),
    ("+1 day", "future", at(SAT_25, 10, 15), True),
    ("+0d", "future", at(FRI_24, 10, 15), True),
]


@pytest.mark.parametrize(("text", "direction", "expected", "has_time"), CASES)
def test_parse_when(text: str, direction: str, expected: datetime, has_time: bool) -> None:
    when = parse(text, direction)
    assert wall(when.moment) == expected
    assert when.moment == expected.replace(tzinfo=BERLIN)
    assert when.moment.tzinfo is BERLIN
    assert when.has_time is has_time


def test_day_alone_is_local_midnight() -> None:
    when = parse("tue")
    assert when.moment == when.start_of_day()
    assert when.moment.utcoffset() == timedelta(hours=2)


def test_now_is_read_in_the_ledger_zone() -> None:
    late_utc = datetime(2026, 4, 24, 23, 30, tzinfo=UTC)  # already Saturday 01:30 in Berlin
    assert wall(parse("today", now=late_utc).moment) == SAT_25
    assert wall(parse("now", now=late_utc).moment) == at(SAT_25, 1, 30)
    assert wall(parse("sat", "past", now=late_utc).moment) == SAT_25
    assert parse("now", now=late_utc).moment.tzinfo is BERLIN


def test_fixed_offset_zone() -> None:
    tz = timezone(timedelta(hours=-5))
    when = parse("tue 9am", tz=tz)
    assert when.moment == datetime(2026, 4, 28, 9, tzinfo=tz)
    assert when.moment.utcoffset() == timedelta(hours=-5)
    assert parse("2026-04-28T09:00Z", tz=tz).moment == datetime(2026, 4, 28, 4, tzinfo=tz)
    assert elapsed(when.start_of_day(), when.end_of_day()) == timedelta(hours=24)


def test_day_parts_can_be_overridden_and_extended() -> None:
    parts = {"Evening": 19, "Lunch  Break": 13}
    assert wall(parse("evening", day_parts=parts).moment) == at(FRI_24, 19)
    assert wall(parse("lunch break", day_parts=parts).moment) == at(FRI_24, 13)
    assert wall(parse("tue lunch break", day_parts=parts).moment) == at(TUE_28, 13)
    assert wall(parse("morning", day_parts=parts).moment) == at(FRI_24, 9)  # defaults kept
    assert DAY_PARTS == {"morning": 9, "noon": 12, "afternoon": 14, "evening": 18, "night": 21}


@pytest.mark.parametrize("parts", [{"late": 24}, {"early": -1}, {"   ": 9}])
def test_bad_day_parts_are_rejected(parts: dict[str, int]) -> None:
    with pytest.raises(InvalidInputError):
        parse("morning", day_parts=parts)


# --- daylight saving time -------------------------------------------------------------------

# (zone, text, expected wall time, expected UTC offset in hours)
DST_CASES: list[tuple[ZoneInfo, str, datetime, int]] = [
    # Berlin springs forward 2026-03-29 02:00 -> 03:00: 02:xx does not exist, moves forward.
    (BERLIN, "2026-03-29 02:30", datetime(2026, 3, 29, 3, 30), 2),
    (BERLIN, "2026-03-29 2:30am", datetime(2026, 3, 29, 3, 30), 2),
    (BERLIN, "2026-03-29T02:00", datetime(2026, 3, 29, 3, 0), 2),
    (BERLIN, "2026-03-29 01:59", datetime(2026, 3, 29, 1, 59), 1),
    (BERLIN, "2026-03-29", datetime(2026, 3, 29), 1),
    (BERLIN, "2026-03-29 morning", datetime(2026, 3, 29, 9), 2),
    # Berlin falls back 2026-10-25 03:00 -> 02:00: 02:xx happens twice, the first is meant.
    (BERLIN, "2026-10-25 02:30", datetime(2026, 10, 25, 2, 30), 2),
    (BERLIN, "2026-10-25 2:30am", datetime(2026, 10, 25, 2, 30), 2),
    (BERLIN, "2026-10-25 03:00", datetime(2026, 10, 25, 3, 0), 1),
    (BERLIN, "2026-10-25T00:30Z", datetime(2026, 10, 25, 2, 30), 2),
    (BERLIN, "2026-10-25T01:30Z", datetime(2026, 10, 25, 2, 30), 1),
    # New York springs forward 2026-03-08 02:00 -> 03:00 and falls back 2026-11-01 02:00 -> 01:00.
    (NEW_YORK, "2026-03-08 02:30", datetime(2026, 3, 8, 3, 30), -4),
    (NEW_YORK, "2026-03-08 2:15am", datetime(2026, 3, 8, 3, 15), -4),
    (NEW_YORK, "2026-03-08", datetime(2026, 3, 8), -5),
    (NEW_YORK, "2026-11-01 01:30", datetime(2026, 11, 1, 1, 30), -4),
    (NEW_YORK, "2026-11-01 1:30am", datetime(2026, 11, 1, 1, 30), -4),
    (NEW_YORK, "2026-11-01 02:00", datetime(2026, 11, 1, 2, 0), -5),
]


@pytest.mark.parametrize(("tz", "text", "expected", "offset"), DST_CASES)
def test_dst_gaps_and_folds(tz: ZoneInfo, text: str, expected: datetime, offset: int) -> None:
    moment = parse(text, tz=tz).moment
    assert wall(moment) == expected
    assert moment.utcoffset() == timedelta(hours=offset)
    assert moment.tzinfo is tz
    # the result is a real instant: it survives a round trip through UTC unchanged
    round_trip = moment.astimezone(UTC).astimezone(tz)
    assert (wall(round_trip), round_trip.utcoffset()) == (wall(moment), moment.utcoffset())


# (now, text, expected wall time, expected UTC offset in hours)
DST_RELATIVE_CASES: list[tuple[datetime, str, datetime, int]] = [
    # days keep the clock time; hours are elapsed time
    (datetime(2026, 3, 28, 10, tzinfo=BERLIN), "in 1 day", datetime(2026, 3, 29, 10), 2),
    (datetime(2026, 3, 28, 10, tzinfo=BERLIN), "in 24 hours", datetime(2026, 3, 29, 11), 2),
    (datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN), "in 1 hour", datetime(2026, 3, 29, 3, 30), 2),
    (datetime(2026, 3, 28, 2, 30, tzinfo=BERLIN), "+1d", datetime(2026, 3, 29, 3, 30), 2),
    (datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN), "in 1 hour", datetime(2026, 10, 25, 2, 30), 2),
    (datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN), "in 2 hours", datetime(2026, 10, 25, 2, 30), 1),
    (datetime(2026, 10, 26, 1, tzinfo=BERLIN), "1 day ago", datetime(2026, 10, 25, 1), 2),
    (datetime(2026, 10, 26, 1, tzinfo=BERLIN), "24 hours ago", datetime(2026, 10, 25, 2), 2),
    (datetime(2026, 3, 9, 9, tzinfo=NEW_YORK), "-1w", datetime(2026, 3, 2, 9), -5),
]


@pytest.mark.parametrize(("now", "text", "expected", "offset"), DST_RELATIVE_CASES)
def test_relative_across_dst(now: datetime, text: str, expected: datetime, offset: int) -> None:
    moment = parse(text, now=now, tz=now.tzinfo).moment
    assert wall(moment) == expected
    assert moment.utcoffset() == timedelta(hours=offset)


# (zone, day, hours in that day)
DAY_LENGTHS: list[tuple[ZoneInfo, str, int]] = [
    (BERLIN, "2026-03-29", 23),
    (BERLIN, "2026-10-25", 25),
    (BERLIN, "2026-04-24", 24),
    (NEW_YORK, "2026-03-08", 23),
    (NEW_YORK, "2026-11-01", 25),
    (NEW_YORK, "2026-07-04", 24),
]


@pytest.mark.parametrize(("tz", "day", "hours"), DAY_LENGTHS)
def test_day_bounds_on_dst_days(tz: ZoneInfo, day: str, hours: int) -> None:
    for text in (day, f"{day} 12:00", f"{day} 23:59", f"{day} 00:00"):
        when = parse(text, tz=tz)
        start, end = when.start_of_day(), when.end_of_day()
        assert wall(start) == datetime.fromisoformat(day)
        assert wall(end) == datetime.fromisoformat(day) + timedelta(days=1)
        assert start.tzinfo is tz and end.tzinfo is tz
        assert elapsed(start, end) == timedelta(hours=hours)
        assert start <= when.moment < end


def test_same_zone_subtraction_is_wall_clock_time() -> None:
    """A warning for callers: Python subtracts two datetimes sharing a tzinfo as wall times."""
    when = parse("2026-03-29", tz=BERLIN)
    assert when.end_of_day() - when.start_of_day() == timedelta(hours=24)
    assert elapsed(when.start_of_day(), when.end_of_day()) == timedelta(hours=23)


def test_day_whose_midnight_does_not_exist_starts_at_its_first_instant() -> None:
    sao_paulo = ZoneInfo("America/Sao_Paulo")  # 2018-11-04 00:00 -> 01:00
    when = parse("2018-11-04", tz=sao_paulo, now=datetime(2018, 11, 1, tzinfo=sao_paulo))
    assert wall(when.moment) == datetime(2018, 11, 4, 1)
    assert when.start_of_day() == when.moment
    assert elapsed(when.start_of_day(), when.end_of_day()) == timedelta(hours=23)
    previous = parse("2018-11-03 12:00", tz=sao_paulo, now=when.moment)
    assert previous.end_of_day() == when.start_of_day()


def test_when_needs_an_aware_moment() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        When(datetime(2026, 4, 24), False)


# --- errors ---------------------------------------------------------------------------------

BAD_WHENS = [
    "",
    "   ",
    "garbage",
    "tue tue",
    "next",
    "last",
    "next today",
    "next 9am",
    "this tue",
    "9am tue",
    "tuesday morning evening",
    "tue 9am 10am",
    "25:00",
    "24:00",
    "17:60",
    "17:5",
    "13pm",
    "0am",
    "9:75am",
    "yesterday 24:00",
    "2026-02-30",
    "2026-13-01",
    "2026-04-28T25:00",
    "2026-04-28T09:61",
    "2026-04-28 09:30 +02:00",
    "2026-4-28",
    "28.04.2026",
    "in 3 months",
    "in 3 fortnights",
    "in -3 days",
    "in days",
    "in 3",
    "+2",
    "ago",
    "99999999999 days ago",
    "in 999999999 weeks",
    "+9999999999999999999999999999999999999999m",
    "now now",
    "tue at",
    "at 9am",
    "tomorrow\x00",
    "٢٠٢٦-٠٤-٢٨",
]


@pytest.mark.parametrize("text", BAD_WHENS)
def test_bad_whens_raise_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInputError) as excinfo:
        parse(text)
    message = str(excinfo.value)
    assert repr(text) in message
    assert "\n" not in message
    assert excinfo.value.exit_code == 2


def test_unknown_text_gets_the_standard_hint() -> None:
    with pytest.raises(InvalidInputError) as excinfo:
        parse("whenever")
    assert str(excinfo.value) == (
        "cannot understand the date/time 'whenever'; "
        "try e.g. 2026-04-28, today, 'tue 9am', 'yesterday 17:00', 'dec 24', 'in 3 days'"
    )


def test_programming_errors_are_not_input_errors() -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_when("today", now=datetime(2026, 4, 24), tz=BERLIN)
    assert not isinstance(excinfo.value, InvalidInputError)
    with pytest.raises(ValueError) as excinfo:
        parse("today", direction="sideways")
    assert not isinstance(excinfo.value, InvalidInputError)


# --- durations ------------------------------------------------------------------------------

DURATIONS = [
    ("1h30m", timedelta(minutes=90)),
    ("90m", timedelta(minutes=90)),
    ("2h", timedelta(hours=2)),
    ("45 min", timedelta(minutes=45)),
    ("1:30", timedelta(minutes=90)),
    ("1h 30m", timedelta(minutes=90)),
    ("1 hour 30 minutes", timedelta(minutes=90)),
    ("1 hr", timedelta(hours=1)),
    ("2 hrs 5 mins", timedelta(hours=2, minutes=5)),
    ("1.5h", timedelta(minutes=90)),
    ("0.25 h", timedelta(minutes=15)),
    ("2d", timedelta(days=2)),
    ("1 day 2h", timedelta(days=1, hours=2)),
    ("0:45", timedelta(minutes=45)),
    ("10:05", timedelta(hours=10, minutes=5)),
    ("1:30:15", timedelta(hours=1, minutes=30, seconds=15)),
    ("  45 MIN ", timedelta(minutes=45)),
    ("1m", timedelta(minutes=1)),
    ("0h5m", timedelta(minutes=5)),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


BAD_DURATIONS = [
    "",
    "  ",
    "0m",
    "0h 0m",
    "0:00",
    "-30m",
    "- 1h",
    "garbage",
    "90",
    "1:60",
    "1:30:60",
    "30m 1h",
    "1h1h",
    "h",
    "1.h",
    ".5h",
    "1e3m",
    "1h 30",
    "1w",
    "99999999999h",
    "999999999d 24h",
    "1:30pm",
    "٩٠m",
]


@pytest.mark.parametrize("text", BAD_DURATIONS)
def test_bad_durations_raise_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInputError) as excinfo:
        parse_duration(text)
    assert repr(text) in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


# --- properties -----------------------------------------------------------------------------

ZONES = [BERLIN, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Pacific/Kiritimati"), UTC]
TOKENS = [
    "now", "today", "yesterday", "tomorrow", "next", "last", "at", "in", "ago", "a", "an",
    "tue", "thurs", "sunday", "morning", "noon", "night", "am", "pm", "9am", "12pm", "0:00",
    "23:59", "24:00", "9:30pm", "+", "-", "+2d", "-1w", "d", "h", "m", "min", "weeks", "days",
    "2026-04-28", "2026-02-30", "0001-01-01", "9999-12-31", "9999-12-31T23:59", "T", "Z",
    "2026-03-29T02:30", "2026-10-25 02:30", "+02:00", "1:30", "1h30m",
]
words = st.one_of(
    st.sampled_from(TOKENS),
    st.integers(min_value=0, max_value=10**12).map(str),
    st.text(alphabet="0123456789:+-.tzamph ", max_size=8),
)
grammar_like = st.lists(words, max_size=5).map(" ".join)
nows = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.sampled_from(ZONES)
)


def check_when(text: str, now: datetime, tz: ZoneInfo | timezone, direction: str) -> None:
    try:
        when = parse_when(text, now=now, tz=tz, direction=direction)  # type: ignore[arg-type]
    except InvalidInputError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(when.moment, datetime)
    assert when.moment.utcoffset() is not None
    assert when.moment.tzinfo == tz
    if not when.has_time:
        assert when.moment == when.start_of_day()


@settings(max_examples=500)
@given(text=st.text(), direction=st.sampled_from(["past", "future"]))
def test_any_text_gives_an_aware_moment_or_invalid_input(text: str, direction: str) -> None:
    check_when(text, NOW, BERLIN, direction)


@settings(max_examples=500)
@given(
    text=grammar_like,
    now=nows,
    tz=st.sampled_from(ZONES),
    direction=st.sampled_from(["past", "future"]),
)
def test_grammar_like_text_anywhere_in_time(
    text: str, now: datetime, tz: ZoneInfo | timezone, direction: str
) -> None:
    check_when(text, now, tz, direction)


@given(text=st.one_of(st.text(), st.text(alphabet="0123456789:.hmd inoursatey-", max_size=20)))
def test_any_text_gives_a_positive_duration_or_invalid_input(text: str) -> None:
    try:
        duration = parse_duration(text)
    except InvalidInputError:
        return
    assert duration > timedelta(0)


@given(
    day=st.dates(min_value=datetime(1900, 1, 1).date(), max_value=datetime(2100, 1, 1).date()),
    tz=st.sampled_from(ZONES),
)
def test_every_day_is_bounded_by_its_midnights(day: object, tz: ZoneInfo | timezone) -> None:
    when = parse_when(str(day), now=NOW, tz=tz)
    start, end = when.start_of_day(), when.end_of_day()
    assert when.has_time is False and start == when.moment
    assert timedelta(hours=22) <= elapsed(start, end) <= timedelta(hours=26)
    assert When(end, False).start_of_day() == end


def test_imports_only_the_standard_library() -> None:
    code = (
        "import sys; before = set(sys.modules); import engine.rules.when; "
        "print('\\n'.join(sorted(set(sys.modules) - before)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    foreign = [
        name
        for name in loaded
        if name.split(".")[0] not in sys.stdlib_module_names and name.split(".")[0] != "engine"
    ]
    assert foreign == []


@pytest.mark.parametrize(("text", "read"), [("1000-01-01", True), ("8999-12-31T23:59", True), ("0999-12-31", False), ("9000-01-01", False), ("9999-12-31", False), ("in 3000000 days", False)])
def test_dates_are_read_from_the_year_1000_to_8999(text: str, read: bool) -> None:
    if read:
        assert parse_when(text, now=NOW, tz=BERLIN).moment.year in (1000, 8999)
    else:
        with pytest.raises(InvalidInputError, match="out of range; dates are read from the year 1000 to 8999"):
            parse_when(text, now=NOW, tz=BERLIN)


# The words of the first minutes, with NOW = Fri 2026-04-24 10:15 Berlin.
MAY_01, APR_01, MAR_01, DEC_24_2026 = datetime(2026, 5, 1), datetime(2026, 4, 1), datetime(2026, 3, 1), datetime(2026, 12, 24)
MORE_WORDS: list[tuple[str, str, datetime, bool]] = [
    ("eod", "future", at(FRI_24, 23, 59), True),
    ("eow", "future", at(SUN_26, 23, 59), True),
    ("eom", "future", at(THU_30, 23, 59), True),
    ("tonight", "future", at(FRI_24, 21), True),
    ("this evening", "future", at(FRI_24, 18), True),
    ("this morning", "past", at(FRI_24, 9), True),
    ("next week", "future", MON_27, False),
    ("this week", "past", MON_20, False),
    ("last week", "past", datetime(2026, 4, 13), False),
    ("next month", "future", MAY_01, False),
    ("last month", "past", MAR_01, False),
    ("dec 24", "future", DEC_24_2026, False),
    ("24 December", "future", DEC_24_2026, False),
    ("December 24 3pm", "future", at(DEC_24_2026, 15), True),
    ("dec 24 at 15:00", "future", at(DEC_24_2026, 15), True),
    ("dec 24", "past", datetime(2025, 12, 24), False),  # looking back: the most recent one
    ("apr 24", "future", FRI_24, False),  # today counts
    ("april 1st 2027", "past", datetime(2027, 4, 1), False),
    ("12/24", "future", DEC_24_2026, False),
    ("12/24/25", "future", datetime(2025, 12, 24), False),
    ("1w", "future", at(FRI_01, 10, 15), True),
    ("1w", "past", at(FRI_17, 10, 15), True),  # looking back: a week ago
    ("2h", "future", at(FRI_24, 12, 15), True),
    ("today+3d", "future", MON_27, False),  # a day moved stays a day
    ("today + 3d", "future", MON_27, False),
    ("fri-1w", "past", FRI_17, False),
    ("now+2h", "future", at(FRI_24, 12, 15), True),
    ("now-30m", "past", at(FRI_24, 9, 45), True),
]


@pytest.mark.parametrize(("text", "direction", "expected", "has_time"), MORE_WORDS)
def test_more_date_words(text: str, direction: str, expected: datetime, has_time: bool) -> None:
    when = parse(text, direction)
    assert (wall(when.moment), when.has_time) == (expected, has_time)


def test_an_all_numeric_day_follows_the_date_order() -> None:
    assert wall(parse("24/12", date_order="DMY").moment) == DEC_24_2026
    assert wall(parse("12/24", date_order="mdy").moment) == DEC_24_2026
    with pytest.raises(InvalidInputError, match="no such date"):
        parse("24/12")  # month 24, read month first
    with pytest.raises(InvalidInputError, match="date order 'YMD'"):
        parse("12/24", date_order="YMD")


def test_a_sunday_week_start_moves_eow_and_next_week() -> None:
    assert wall(parse("eow", week_start="sun").moment) == at(SAT_25, 23, 59)
    assert wall(parse("next week", week_start="sun").moment) == SUN_26


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("tomorow", "tomorrow"), ("tomorow 9am", "tomorrow 9am"), ("nxt fridy", "next friday"), ("decmber 24", "december 24")],
)
def test_a_misspelled_word_names_the_near_one(typed: str, meant: str) -> None:
    with pytest.raises(InvalidInputError) as excinfo:
        parse(typed)
    assert str(excinfo.value) == f"cannot understand the date/time {typed!r}; did you mean {meant!r}?"
    parse(meant)  # and what it suggests is read


@pytest.mark.parametrize("text", ["feb 30", "13/01", "dec 32", "smarch 3", "today+3", "now+2x", "1x"])
def test_bad_new_words_are_refused(text: str) -> None:
    with pytest.raises(InvalidInputError):
        parse(text)
