"""iCalendar (RFC 5545, with the icalendar library), both ways: reading a file into appointments to
import, and writing appointments (and, optionally, open tasks) as one.

Pure: no database, no clock (``now`` and the zone are given). Read, each VEVENT is one of:

- a single appointment (no RRULE): its UID is its key;
- a recurring appointment (a ``CalendarSeries``) when its RRULE says what a cron can say: FREQ
  DAILY, WEEKLY (on weekdays), MONTHLY (on one day of the month) or YEARLY (on one date), every
  period (no INTERVAL), at the time of day of DTSTART, until UNTIL or for COUNT occurrences,
  starting on an occurrence, without RDATE. EXDATE cancels an occurrence, a VEVENT with the
  same UID and a RECURRENCE-ID moves (or, STATUS:CANCELLED, cancels) one. This is exactly what
  ``export --format ics`` writes for a recurring appointment, so it comes back as one;
- otherwise its occurrences up to ``expand_until`` (recurring_ical_events applies RRULE, RDATE,
  EXDATE and the moved instances), each an appointment keyed ``UID|occurrence start (UTC)``.

Times: a DATE is an all-day event (from the start of that day in the user's zone, for its days);
a floating time is read in the user's zone; TZID times in their zone (the VTIMEZONE, or the IANA or
Windows name); UTC as UTC. DTEND or DURATION gives the length; without either an event has none.
The summary (and `` @ LOCATION`` when there is one) is the appointment's text, the first CATEGORY
its project. Ids are stable: ``<uuid>@dayledger`` (our own export) keeps that uuid, any other key
maps to a uuid5 of it, so importing the same file again finds the same appointments.

Written (``write_calendar``): each appointment keeps a stable UID (its id), ``SEQUENCE`` counts its
changes, a cancelled one is ``STATUS:CANCELLED``. A recurring appointment whose cron maps to an
RRULE (``cron_to_rrule``: daily, weekly on some days, monthly on a day, yearly on a date, at one
time of day) is one VEVENT with ``RRULE``, ``EXDATE`` for cancelled occurrences and a
``RECURRENCE-ID`` VEVENT for each moved one; any other cron is written as its occurrences in the
window, each a VEVENT of its own. Open tasks, when given, are VTODOs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from uuid import UUID, uuid5

from engine.rules.clock import zone_name
from engine.rules.cron import (
    ALIASES,
    Rule,
    Schedule,
    iter_occurrences,
    occurrences,
    zone_of,
)
from engine.rules.days import day_start
from engine.rules.errors import InvalidInputError
from engine.rules.when import YEARS_READ, year_read

__all__ = [
    "NAMESPACE",
    "PRODID",
    "CalendarEntry",
    "CalendarFile",
    "CalendarSeries",
    "ExportedAppointment",
    "ExportedSeries",
    "ExportedTodo",
    "cron_to_rrule",
    "read_calendar",
    "write_calendar",
]

NAMESPACE = UUID("5c1d2e8a-7b3f-4c9e-8d21-3a6f0e9b7c44")
_OWN_UID = re.compile(r"([0-9a-f]{32}|[0-9a-f-]{36})@dayledger", re.IGNORECASE)
_OWN_OCCURRENCE = re.compile(r"([0-9a-f]{32})-(\d{8}T\d{6}Z)@dayledger", re.IGNORECASE)
_CRON_DAYS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}
_RULE_PARTS = {"FREQ", "BYDAY", "BYMONTHDAY", "BYMONTH", "UNTIL", "COUNT", "INTERVAL", "WKST"}


@dataclass(frozen=True)
class CalendarEntry:
    """One appointment as the calendar has it (``gone``: an EXDATE of an expanded occurrence)."""

    key: str
    id: UUID
    uid: str
    line: int
    text: str
    starts_at: datetime
    minutes: int | None
    cancelled: bool = False
    gone: bool = False
    made_at: datetime | None = None  # CREATED, else DTSTAMP
    changed_at: datetime | None = None  # LAST-MODIFIED, else DTSTAMP
    project: str | None = None
    occurrence_of: tuple[UUID, datetime] | None = None  # our export's occurrence of a recurring appointment
    sequence: int = 0


@dataclass(frozen=True)
class CalendarSeries:
    """A recurring VEVENT whose rule a cron can say, with its cancelled and moved occurrences (UTC)."""

    key: str
    id: UUID
    uid: str
    line: int
    text: str
    cron: str
    zone: str
    starts_at: datetime
    until: datetime | None
    minutes: int | None
    cancelled: frozenset[datetime] = frozenset()
    moved: dict[datetime, tuple[datetime, int | None]] = field(default_factory=dict)
    ended: bool = False  # the whole series is STATUS:CANCELLED
    made_at: datetime | None = None
    changed_at: datetime | None = None
    project: str | None = None
    notes: tuple[str, ...] = ()
    sequence: int = 0


@dataclass
class CalendarFile:
    """What a calendar file holds for the ledger."""

    entries: list[CalendarEntry] = field(default_factory=list)
    series: list[CalendarSeries] = field(default_factory=list)
    vevents: int = 0
    expanded: int = 0  # VEVENTs whose rule was expanded into occurrences


def appointment_id(uid: str, occurrence: str | None = None) -> UUID:
    """The stable id of the appointment (or series) a UID, or a UID and an occurrence, names."""
    if occurrence is None:
        own = _OWN_UID.fullmatch(uid)
        if own:
            return UUID(own.group(1))
        return uuid5(NAMESPACE, uid)
    return uuid5(NAMESPACE, f"{uid}|{occurrence}")


class _Event:
    """One VEVENT with the helpers that read its properties, errors naming file, line and UID."""

    def __init__(self, component: Any, line: int, name: str, tz: tzinfo) -> None:
        self.c = component
        self.name = name
        self.line = line
        self.tz = tz
        self.uid = str(component.get("UID") or "").strip()
        self.where = f"{name}:{line} (UID {self.uid})" if self.uid else f"{name}:{line}"
        bad = {str(prop).upper() for prop, _ in getattr(component, "errors", [])}
        for prop in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "EXDATE", "RDATE"):
            if prop in bad:
                raise InvalidInputError(f"{self.where}: {prop} {self._raw(prop)!r} cannot be read")
        if "DTSTART" not in component:
            raise InvalidInputError(f"{self.where}: the event has no DTSTART")

    def _raw(self, prop: str) -> str:
        value = self.c.get(prop)
        to_ical = getattr(value, "to_ical", None)
        return to_ical().decode() if to_ical else str(value)

    def value(self, prop: str) -> Any:
        try:
            return self.c.decoded(prop)
        except Exception:  # noqa: BLE001 - icalendar raises many kinds for a bad value
            raise InvalidInputError(f"{self.where}: {prop} {self._raw(prop)!r} is not a date or time") from None

    def moment(self, value: Any, zone: tzinfo | None = None) -> datetime:
        """An aware time: a date is the start of that day, a floating time in the user's zone."""
        here = zone or self.tz
        if isinstance(value, date) and not year_read(value.year):
            raise InvalidInputError(f"{self.where}: {value.isoformat()} is out of range; {YEARS_READ}")
        if isinstance(value, datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=here)
        if isinstance(value, date):
            return day_start(value, here)
        raise InvalidInputError(f"{self.where}: {value!r} is not a date or time")

    @property
    def start_value(self) -> Any:
        return self.value("DTSTART")

    @property
    def start(self) -> datetime:
        return self.moment(self.start_value)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start_value, datetime)

    def minutes(self) -> int | None:
        """The length: DTEND - DTSTART, DURATION, a day for an all-day event, else none."""
        begin = self.start
        raw = self.start_value
        if "DTEND" in self.c:
            end_value = self.value("DTEND")
            if isinstance(end_value, datetime) != isinstance(raw, datetime):
                raise InvalidInputError(f"{self.where}: DTSTART and DTEND are not both dates or both times")
            end = self.moment(end_value)
        elif "DURATION" in self.c:
            length = self.value("DURATION")
            if not isinstance(length, timedelta):
                raise InvalidInputError(f"{self.where}: DURATION {self._raw('DURATION')!r} is not a duration")
            try:
                end = day_start(begin.date() + timedelta(days=length.days), self.tz) if self.all_day and not length.seconds else begin + length
            except OverflowError:
                raise InvalidInputError(f"{self.where}: DURATION {self._raw('DURATION')!r} is out of range; {YEARS_READ}") from None
        elif self.all_day:
            end = day_start(begin.astimezone(self.tz).date() + timedelta(days=1), self.tz)
        else:
            return None
        minutes = int((end - begin).total_seconds() // 60)
        return minutes if minutes > 0 else None

    @property
    def cancelled(self) -> bool:
        return str(self.c.get("STATUS", "")).strip().upper() == "CANCELLED"

    @property
    def text(self) -> str:
        summary = " ".join(str(self.c.get("SUMMARY", "")).split()) or "(no title)"
        location = " ".join(str(self.c.get("LOCATION", "")).split())
        return f"{summary} @ {location}" if location else summary

    @property
    def project(self) -> str | None:
        value = self.c.get("CATEGORIES")
        for item in value if isinstance(value, list) else [value] if value is not None else []:
            for cat in getattr(item, "cats", [item]):
                if str(cat).strip():
                    return str(cat).strip()
        return None

    def _stamp(self, *props: str) -> datetime | None:
        for prop in props:
            value = self.c.get(prop)
            dt = getattr(value, "dt", None)  # a bad CREATED or DTSTAMP only loses the date
            if isinstance(dt, date):
                return self.moment(dt, UTC)
        return None

    @property
    def sequence(self) -> int:
        try:
            return int(str(self.c.get("SEQUENCE", 0)))
        except ValueError:
            return 0

    @property
    def made_at(self) -> datetime | None:
        return self._stamp("CREATED", "DTSTAMP")

    @property
    def changed_at(self) -> datetime | None:
        return self._stamp("LAST-MODIFIED", "DTSTAMP")

    def dates(self, prop: str, zone: tzinfo, wall: time) -> list[datetime]:
        """EXDATE or RDATE values, aware (a date at the wall-clock time of the start)."""
        found: list[datetime] = []
        value = self.c.get(prop)
        for item in value if isinstance(value, list) else [value] if value is not None else []:
            for d in getattr(item, "dts", []):
                v = d.dt
                if isinstance(v, tuple):  # a PERIOD
                    v = v[0]
                if not isinstance(v, datetime) and isinstance(v, date) and not self.all_day:
                    v = datetime.combine(v, wall)
                found.append(self.moment(v, zone))
        return found


def _utc_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def read_calendar(data: str, name: str, tz: tzinfo, *, expand_until: datetime) -> CalendarFile:
    """The appointments of an iCalendar text. Raises InvalidInputError naming ``name``, the line
    of the VEVENT and its UID for anything that cannot be read."""
    import icalendar

    if not data.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise InvalidInputError(f"{name}:1: not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as e:  # noqa: BLE001 - the library's parse errors have no common base
        raise InvalidInputError(f"{name}: not an iCalendar file: {' '.join(str(e).split())}") from None
    lines = [n for n, text in enumerate(data.splitlines(), 1) if text.strip().upper() == "BEGIN:VEVENT"]
    components = [c for c in cal.walk("VEVENT")]
    if len(lines) != len(components):
        lines = [0] * len(components)
    out = CalendarFile(vevents=len(components))
    by_uid: dict[str, tuple[_Event | None, list[_Event]]] = {}
    for component, line in zip(components, lines, strict=True):
        ev = _Event(component, line, name, tz)
        ev.start  # noqa: B018 - read now, so a bad DTSTART names its own VEVENT
        uid = ev.uid or f"{ev._raw('DTSTART')}|{ev.text}"
        master, overrides = by_uid.setdefault(uid, (None, []))
        if "RECURRENCE-ID" in component:
            overrides.append(ev)
        elif master is not None:
            raise InvalidInputError(f"{ev.where}: a second event with the UID of line {master.line}")
        else:
            by_uid[uid] = (ev, overrides)
    timezones = list(cal.walk("VTIMEZONE"))
    for uid, (master, overrides) in by_uid.items():
        if master is not None and ("RRULE" in master.c or "RDATE" in master.c):
            _check_counts(master)
            series = _series(uid, master, overrides, tz)
            if series is not None:
                out.series.append(series)
            else:
                out.expanded += 1
                out.entries.extend(_expand(uid, master, overrides, timezones, tz, expand_until))
            continue
        if master is not None:
            out.entries.append(_entry(uid, None, master))
        for ev in overrides:
            out.entries.append(_entry(uid, ev.moment(ev.value("RECURRENCE-ID")), ev))
    return out


def _check_counts(master: _Event) -> None:
    """An RRULE's INTERVAL and COUNT must be whole numbers from 1 (INTERVAL=0 would never advance:
    the expansion would run forever)."""
    rules = master.c.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        for part in ("INTERVAL", "COUNT"):
            for value in rule.get(part, []):
                if not isinstance(value, int) or value < 1:
                    raise InvalidInputError(f"{master.where}: RRULE {part}={value} must be a whole number from 1")


def _entry(uid: str, occurrence: datetime | None, ev: _Event, start: datetime | None = None, minutes: int | None = None) -> CalendarEntry:
    key = uid if occurrence is None else f"{uid}|{_utc_key(occurrence)}"
    begin = ev.start if start is None else start
    return CalendarEntry(
        key=key,
        id=appointment_id(uid, None if occurrence is None else _utc_key(occurrence)),
        uid=uid,
        line=ev.line,
        text=ev.text,
        starts_at=begin,
        minutes=ev.minutes() if minutes is None and start is None else minutes,
        cancelled=ev.cancelled,
        made_at=ev.made_at,
        changed_at=ev.changed_at,
        project=ev.project,
        occurrence_of=_own_occurrence(uid) if occurrence is None else None,
        sequence=ev.sequence,
    )


def _own_occurrence(uid: str) -> tuple[UUID, datetime] | None:
    """(series id, occurrence) of a UID our export gave one occurrence of a recurring appointment."""
    own = _OWN_OCCURRENCE.fullmatch(uid)
    if own is None:
        return None
    return UUID(own.group(1)), datetime.strptime(own.group(2), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


MAX_OCCURRENCES = 10_000  # per expanded rule: an appointment every hour for a year fits, one every two minutes does not


def _expand(uid: str, master: _Event, overrides: list[_Event], timezones: list[Any], tz: tzinfo, until: datetime) -> list[CalendarEntry]:
    """Every occurrence up to ``until``, each an appointment of its own."""
    import icalendar
    import recurring_ical_events

    sub = icalendar.Calendar()
    for vtz in timezones:
        sub.add_component(vtz)
    sub.add_component(master.c)
    for ev in overrides:
        sub.add_component(ev.c)
    lines = {_utc_key(ev.moment(ev.value("RECURRENCE-ID"))): ev for ev in overrides}
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
        raise InvalidInputError(f"{master.where}: cannot expand its RRULE: {' '.join(str(e).split())}") from None
    out: list[CalendarEntry] = []
    for occ in found:
        rid = master.moment(occ.decoded("RECURRENCE-ID")) if "RECURRENCE-ID" in occ else master.moment(occ.decoded("DTSTART"))
        source = lines.get(_utc_key(rid), master)
        view = _Event(occ, source.line, master.name, tz)
        out.append(_entry(uid, rid, view, view.start, view.minutes()))
    zone = master.start_value.tzinfo if isinstance(master.start_value, datetime) and master.start_value.tzinfo else tz
    for gone in master.dates("EXDATE", zone, master.start.astimezone(zone).time()):
        out.append(replace(_entry(uid, gone, master, gone, None), gone=True))
    return out


def _zone(master: _Event, tz: tzinfo) -> str | None:
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


def _series(uid: str, master: _Event, overrides: list[_Event], tz: tzinfo) -> CalendarSeries | None:
    """The recurring appointment the VEVENT and its moved instances are, when a cron can say it."""
    rules = master.c.get("RRULE")
    if "RDATE" in master.c or isinstance(rules, list) or rules is None:
        return None
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
            moved[utc] = (begin, length)
        if ev.text != master.text:
            notes.append(f"{ev.where}: the occurrence of {occ.astimezone(here):%Y-%m-%d %H:%M} is titled {ev.text!r}; a recurring appointment has one title, {master.text!r}")
    return CalendarSeries(
        key=uid,
        id=appointment_id(uid),
        uid=uid,
        line=master.line,
        text=master.text,
        cron=cron,
        zone=zone,
        starts_at=start,
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


# -- writing ---------------------------------------------------------------------------------

PRODID = "-//dayledger//dayledger//EN"
_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
_NAMES = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}


@dataclass(frozen=True)
class ExportedAppointment:
    """A single appointment as the calendar writes it (times aware; ``sequence``: its changes)."""

    id: str
    text: str
    starts_at: datetime
    duration_minutes: int | None
    status: str  # scheduled | cancelled
    project: str | None
    created_at: datetime
    sequence: int


@dataclass(frozen=True)
class ExportedSeries:
    """A recurring appointment as the calendar writes it (``sequence``: its changes)."""

    id: str
    text: str
    cron: str
    zone: str
    starts_at: datetime
    schedule: Schedule
    duration_minutes: int | None
    project: str | None
    moved: dict[datetime, tuple[datetime, int | None]]  # occurrence -> (new start, new length)
    cancelled: frozenset[datetime]
    sequence: int


@dataclass(frozen=True)
class ExportedTodo:
    """An open task as the calendar writes it."""

    id: str
    text: str
    recorded_at: datetime
    created_at: datetime
    due: datetime | date | None  # a date: due that day (written DUE;VALUE=DATE)
    project: str | None


def _weekdays(field: str) -> list[str] | None:
    days: list[int] = []
    for part in field.split(","):
        bounds = part.split("-")
        try:
            values = [_NAMES[b] if b in _NAMES else int(b) % 7 for b in bounds]
        except (KeyError, ValueError):
            return None
        if len(values) == 1:
            days.append(values[0])
        elif len(values) == 2 and values[0] <= values[1]:
            days.extend(range(values[0], values[1] + 1))
        else:
            return None
    return [_DAYS[d] for d in sorted(set(days))]


def cron_to_rrule(cron: str) -> dict[str, Any] | None:
    """The RRULE a cron expression means, or None when iCalendar cannot say it simply."""
    fields = ALIASES.get(cron, cron).split()
    if len(fields) != 5:
        return None
    minute, hour, dom, month, dow = fields
    if not (minute.isdigit() and hour.isdigit()):
        return None
    if dom == "*" and month == "*" and dow == "*":
        return {"freq": "daily"}
    if dom == "*" and month == "*":
        days = _weekdays(dow)
        return {"freq": "weekly", "byday": days} if days else None
    if dom.isdigit() and month == "*" and dow == "*":
        return {"freq": "monthly", "bymonthday": [int(dom)]}
    if dom.isdigit() and month.isdigit() and dow == "*":
        return {"freq": "yearly", "bymonth": [int(month)], "bymonthday": [int(dom)]}
    return None


def _event(uid: str, summary: str, start: datetime, minutes: int | None, stamp: datetime, sequence: int, **extra: Any) -> Any:
    from icalendar import Event

    e = Event()
    e.add("uid", uid)
    e.add("summary", summary)
    e.add("dtstart", start)
    e.add("dtend", start + timedelta(minutes=minutes or 60))
    e.add("dtstamp", stamp.astimezone(UTC))
    e.add("sequence", sequence)
    for name, value in extra.items():
        e.add(name.replace("_", "-"), value)
    return e


def write_calendar(
    appointments: Iterable[ExportedAppointment],
    series: Iterable[ExportedSeries],
    todos: Iterable[ExportedTodo] = (),
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    now: datetime,
) -> bytes:
    """The iCalendar file: appointments starting in [start, end) (all when not given), the
    recurring ones (expanded no later than a year after ``now`` when no RRULE says them), then
    the tasks as VTODOs."""
    from icalendar import Calendar, Todo

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    lo = start or datetime.min.replace(tzinfo=UTC)
    hi = end or datetime.max.replace(tzinfo=UTC)
    for a in appointments:
        if not lo <= a.starts_at < hi:
            continue
        extra: dict[str, Any] = {"status": "CANCELLED" if a.status == "cancelled" else "CONFIRMED"}
        if a.project:
            extra["categories"] = [a.project]
        cal.add_component(_event(f"{a.id}@dayledger", a.text, a.starts_at, a.duration_minutes, a.created_at, a.sequence, **extra))
    for s in series:
        zone = zone_of(s.zone)
        sequence = s.sequence
        rule = cron_to_rrule(s.cron)
        stamp = s.starts_at
        if rule is not None:
            first = next(iter_occurrences(s.schedule, s.starts_at, zone), None)
            if first is None:
                continue
            ends = s.schedule.ends_at
            if ends is not None:
                rule = {**rule, "until": ends.astimezone(UTC) - timedelta(seconds=1)}
            extra = {"rrule": rule}
            if s.project:
                extra["categories"] = [s.project]
            master = _event(f"{s.id}@dayledger", s.text, first.astimezone(zone), s.duration_minutes, stamp, sequence, **extra)
            for occ in sorted(s.cancelled):
                master.add("exdate", occ.astimezone(zone))
            cal.add_component(master)
            for occ, (moved_to, minutes) in sorted(s.moved.items()):
                if occ in s.cancelled:
                    continue
                cal.add_component(
                    _event(f"{s.id}@dayledger", s.text, moved_to.astimezone(zone), minutes, stamp, sequence, recurrence_id=occ.astimezone(zone))
                )
            continue
        window_lo = max(lo, s.starts_at)
        window_hi = min(hi, now + timedelta(days=366))
        for occ in iter_occurrences(s.schedule, window_lo, zone, window_hi):
            moved = s.moved.get(occ)
            begin, minutes = moved if moved else (occ, s.duration_minutes)
            status = "CANCELLED" if occ in s.cancelled else "CONFIRMED"
            uid = f"{s.id}-{occ.strftime('%Y%m%dT%H%M%SZ')}@dayledger"
            cal.add_component(_event(uid, s.text, begin.astimezone(zone), minutes, stamp, sequence, status=status))
    for t in todos:
        todo = Todo()
        todo.add("uid", f"{t.id}@dayledger")
        todo.add("summary", t.text)
        todo.add("dtstamp", t.recorded_at.astimezone(UTC))
        todo.add("created", t.created_at.astimezone(UTC))
        todo.add("status", "NEEDS-ACTION")
        if t.due is not None:
            todo.add("due", t.due)
        if t.project:
            todo.add("categories", [t.project])
        cal.add_component(todo)
    cal.add_missing_timezones()
    return cal.to_ical()
