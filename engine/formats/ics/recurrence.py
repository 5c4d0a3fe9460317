"""Recurring VEVENTs: a rule a cron can say becomes a recurring appointment, any other is expanded."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from engine.formats.ics.entries import entry_of
from engine.formats.ics.event import CalendarComponent, library_error_text
from engine.formats.ics.model import CalendarEntry, CalendarSeries, appointment_id, utc_key
from engine.formats.ics.zones import at_fixed_offset
from engine.rules.clock import zone_name
from engine.rules.cron import Rule, Schedule, iter_occurrences, occurrences, zone_of
from engine.rules.days import day_start
from engine.rules.errors import InvalidInputError
from engine.rules.when import year_read

__all__ = ["MAX_OCCURRENCES", "check_counts", "expand", "say_rule_before_start", "series_of"]


_CRON_DAYS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}


_RULE_PARTS = {"FREQ", "BYDAY", "BYMONTHDAY", "BYMONTH", "UNTIL", "COUNT", "INTERVAL", "WKST"}


def say_rule_before_start(master: CalendarComponent, notes: list[str]) -> None:
    """A note for an RRULE whose UNTIL is before its DTSTART (no occurrence but, per RFC 5545, maybe the first)."""
    rules = master.c.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        for last in rule.get("UNTIL", []):
            if not year_read(last.year):
                continue  # later than dates are read (UNTIL=99991231): no end
            end = master.moment(last) if isinstance(last, datetime) else day_start(last + timedelta(days=1), master.tz)
            if end <= master.start:
                notes.append(f"{master._at('RRULE')}: its RRULE ends (UNTIL {last.isoformat()}) before it starts ({master.start.isoformat()})")


def check_counts(master: CalendarComponent) -> None:
    """An RRULE's INTERVAL and COUNT must be whole numbers from 1 (INTERVAL=0 would never advance:
    the expansion would run forever)."""
    rules = master.c.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        for part in ("INTERVAL", "COUNT"):
            for value in rule.get(part, []):
                if not isinstance(value, int) or value < 1:
                    raise InvalidInputError(f"{master.where}: RRULE {part}={value} must be a whole number from 1")


MAX_OCCURRENCES = 10_000  # per expanded rule: an appointment every hour for a year fits, one every two minutes does not


def expand(uid: str, master: CalendarComponent, overrides: list[CalendarComponent], timezones: list[Any], tz: tzinfo, until: datetime) -> list[CalendarEntry]:
    """Every occurrence up to ``until``, each an appointment of its own."""
    import icalendar
    import recurring_ical_events

    sub = icalendar.Calendar()
    for vtz in timezones:
        sub.add_component(vtz)
    sub.add_component(master.c)
    for ev in overrides:
        sub.add_component(ev.c)
    lines = {utc_key(ev.moment(ev.value("RECURRENCE-ID"))): ev for ev in overrides}
    start = master.start
    try:
        found = []
        for occ in recurring_ical_events.of(sub).after(start - timedelta(days=1)):  # lazily: a rule may make millions
            if master.moment(occ.decoded("DTSTART")) >= until:
                break
            found.append(occ)
            if len(found) > MAX_OCCURRENCES:
                raise InvalidInputError(
                    f"{master.where}: its RRULE makes more than {MAX_OCCURRENCES:,} occurrences before {until.date().isoformat()}, "
                    "more than a calendar of appointments holds; give an earlier --expand-until, or a rule with fewer"
                )
    except InvalidInputError:
        raise
    except Exception as e:  # noqa: BLE001 - the library's errors for a bad rule have no common base
        rule = master._raw("RRULE") if "RRULE" in master.c else master._raw("RDATE")
        raise InvalidInputError(f"{master.where}: cannot expand its recurrence {rule!r}: {library_error_text(e)}") from None
    out: list[CalendarEntry] = []
    seen: set[str] = set()
    for occ in found:
        rid = master.moment(occ.decoded("RECURRENCE-ID")) if "RECURRENCE-ID" in occ else master.moment(occ.decoded("DTSTART"))
        if utc_key(rid) in seen:  # later occurrences a RANGE=THISANDFUTURE change made carry its RECURRENCE-ID: keyed by their start
            rid = master.moment(occ.decoded("DTSTART"))
        seen.add(utc_key(rid))
        source = lines.get(utc_key(rid), master)
        view = CalendarComponent(occ, source.line, master.name, tz)
        out.append(entry_of(uid, rid, view, view.start, view.minutes()))
    zone = master.start_value.tzinfo if isinstance(master.start_value, datetime) and master.start_value.tzinfo else tz
    for gone in master.dates("EXDATE", zone, master.start.astimezone(zone).time()):
        out.append(replace(entry_of(uid, gone, master, gone, None), gone=True))
    return out


def _zone(master: CalendarComponent, tz: tzinfo) -> str | None:
    value = master.start_value
    if not isinstance(value, datetime) or value.tzinfo is None:
        return zone_name(tz)
    key = getattr(value.tzinfo, "key", None)
    if key:
        return str(key)
    if value.tzinfo is UTC or str(value.tzinfo).upper() == "UTC":
        return "UTC"
    return None


def _cron(rule: Any, wall: datetime) -> str | None:
    """The cron expression that says the same as the RRULE from this start, or None."""
    if set(rule) - _RULE_PARTS or rule.get("INTERVAL", [1])[0] != 1 or wall.second or wall.microsecond:
        return None
    freq = (rule.get("FREQ") or [""])[0]
    byday = [str(d).upper() for d in rule.get("BYDAY", [])]
    bymonthday = [int(d) for d in rule.get("BYMONTHDAY", [])]
    bymonth = [int(m) for m in rule.get("BYMONTH", [])]
    if any(d not in _CRON_DAYS for d in byday) or any(d < 1 for d in bymonthday):
        return None
    days = ",".join(str(_CRON_DAYS[d]) for d in sorted(byday, key=lambda d: _CRON_DAYS[d]))
    at = f"{wall.minute} {wall.hour}"
    if freq == "DAILY" and not bymonthday and not bymonth:
        return f"{at} * * {days or '*'}"
    if freq == "WEEKLY" and not bymonthday and not bymonth:
        return f"{at} * * {days or (wall.isoweekday() % 7)}"
    if freq == "MONTHLY" and not byday and not bymonth and len(bymonthday) <= 1:
        return f"{at} {bymonthday[0] if bymonthday else wall.day} * *"
    if freq == "YEARLY" and not byday and len(bymonthday) <= 1 and len(bymonth) <= 1:
        return f"{at} {bymonthday[0] if bymonthday else wall.day} {bymonth[0] if bymonth else wall.month} *"
    return None


def series_of(uid: str, master: CalendarComponent, overrides: list[CalendarComponent], tz: tzinfo) -> CalendarSeries | None:
    """The recurring appointment the VEVENT and its moved instances are, when a cron can say it."""
    rules = master.c.get("RRULE")
    if "RDATE" in master.c or isinstance(rules, list) or rules is None:
        return None
    if any(str(ev.c["RECURRENCE-ID"].params.get("RANGE", "")).upper() == "THISANDFUTURE" for ev in overrides):
        return None  # the change holds for every later occurrence: expanded, each as the calendar has it
    if any(ev.text != master.text for ev in overrides if not ev.cancelled):
        return None  # a recurring appointment has one title: expanded, so the moved one keeps its own
    zone = _zone(master, tz)
    if zone is None:
        return None
    here = zone_of(zone)
    start = master.start
    wall = start.astimezone(here)
    cron = _cron(rules, wall)
    if cron is None:
        return None
    schedule = Schedule((Rule(cron, start),))
    first = next(iter_occurrences(schedule, start, here, start + timedelta(days=400)), None)
    if first != start.astimezone(UTC):
        return None  # DTSTART is not one of the rule's times: RFC 5545 counts it anyway, a cron cannot
    until: datetime | None = None
    if "UNTIL" in rules and year_read(rules["UNTIL"][0].year):  # later (UNTIL=99991231): no end
        last = rules["UNTIL"][0]
        until = day_start(last + timedelta(days=1), here) if not isinstance(last, datetime) else master.moment(last, here) + timedelta(seconds=1)
    if "COUNT" in rules:
        count = int(rules["COUNT"][0])
        times = list(zip(range(count), iter_occurrences(schedule, start, here), strict=False))
        if not times:
            return None
        until = min(until or times[-1][1] + timedelta(seconds=1), times[-1][1] + timedelta(seconds=1))
    if until is not None and until <= start:
        return None
    schedule = Schedule((Rule(cron, start),), ends_at=until)

    def is_occurrence(moment: datetime) -> bool:
        utc = moment.astimezone(UTC)
        return bool(occurrences(schedule, utc, utc + timedelta(microseconds=1), here))

    minutes = master.minutes()
    cancelled = {d.astimezone(UTC) for d in master.dates("EXDATE", here, wall.time()) if is_occurrence(d)}
    moved: dict[datetime, tuple[datetime, int | None]] = {}
    notes: list[str] = []
    for ev in overrides:
        rid = ev.value("RECURRENCE-ID")
        if not isinstance(rid, datetime) and not master.all_day:
            rid = datetime.combine(rid, wall.time())
        occ = ev.moment(rid, here)
        if not is_occurrence(occ):
            return None  # an instance the rule does not make: expand instead
        utc = occ.astimezone(UTC)
        if ev.cancelled:
            cancelled.add(utc)
            continue
        begin, length = ev.start, ev.minutes()
        if (begin, length) != (occ, minutes):
            moved[utc] = (at_fixed_offset(begin), length)
    return CalendarSeries(
        key=uid,
        id=appointment_id(uid),
        uid=uid,
        line=master.line,
        text=master.text,
        cron=cron,
        zone=zone,
        starts_at=at_fixed_offset(start),
        until=until,
        minutes=minutes,
        cancelled=frozenset(cancelled),
        moved=moved,
        ended=master.cancelled,
        made_at=master.made_at,
        changed_at=master.changed_at,
        project=master.project,
        notes=tuple(notes),
        sequence=max([master.sequence, *(ev.sequence for ev in overrides)]),
    )
