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

Times: a DATE is an all-day event, kept as its date (the same day in every zone) for its whole
days (DTEND - DTSTART in days; a DTEND equal to DTSTART, as Google's and calendarlabs' holiday
calendars write, or none, is one day);
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
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
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
    starts_at: datetime | date  # a date: all day (``minutes`` its days times 1440)
    minutes: int | None
    cancelled: bool = False
    gone: bool = False
    made_at: datetime | None = None  # CREATED, else DTSTAMP
    changed_at: datetime | None = None  # LAST-MODIFIED, else DTSTAMP
    project: str | None = None
    occurrence_of: tuple[UUID, datetime] | None = None  # our export's occurrence of a recurring appointment
    sequence: int = 0
    day: date | None = None  # an all-day event's first day (a date in the file: the same day in every zone)
    former_id: UUID | None = None  # an all-day occurrence's id as imports before keyed it (by its UTC start)


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


@dataclass(frozen=True)
class CalendarTodo:
    """A VTODO as the calendar has it: a task (``due`` a date when the file gives no time)."""

    uid: str
    line: int
    text: str
    status: str  # open | done | cancelled
    made_at: datetime | None
    changed_at: datetime | None
    completed_at: datetime | None
    due: datetime | date | None
    priority: str | None  # H, M or L
    tags: tuple[str, ...]
    project: str | None


@dataclass
class CalendarFile:
    """What a calendar file holds for the ledger."""

    entries: list[CalendarEntry] = field(default_factory=list)
    series: list[CalendarSeries] = field(default_factory=list)
    todos: list[CalendarTodo] = field(default_factory=list)
    vevents: int = 0
    expanded: int = 0  # VEVENTs whose rule was expanded into occurrences
    skipped: int = 0  # VEVENTs and VTODOs that could not be read (each named in ``notes``)
    notes: list[str] = field(default_factory=list)  # "FILE:LINE (UID x): what was skipped or assumed, and why"


def appointment_id(uid: str, occurrence: str | None = None) -> UUID:
    """The stable id of the appointment (or series) a UID, or a UID and an occurrence, names."""
    if occurrence is None:
        own = _OWN_UID.fullmatch(uid)
        if own:
            return UUID(own.group(1))
        return uuid5(NAMESPACE, uid)
    return uuid5(NAMESPACE, f"{uid}|{occurrence}")


_USED = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "EXDATE", "RDATE", "DUE", "COMPLETED")
_VALUE = re.compile(r"^[A-Za-z0-9-]+(?:;[^:]*)?:", re.ASCII)


def _iana(name: str) -> str | None:
    """The IANA zone a TZID names: itself, its Windows name in the CLDR mapping icalendar ships
    (``W. Europe Standard Time``), or the IANA name at the end of a "globally unique" TZID
    (``/freeassociation.sourceforge.net/Tzfile/Europe/Berlin``, as Evolution and Thunderbird write)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    cleaned = name.strip().strip("/")
    parts = cleaned.split("/")
    for candidate in (WINDOWS_TO_OLSON.get(cleaned), *("/".join(parts[i:]) for i in range(len(parts)))):
        if not candidate or candidate.upper() == "UTC" or "/" not in candidate:
            continue
        try:
            ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
        return candidate
    return None


def _ical_text(value: Any) -> str:
    to_ical = getattr(value, "to_ical", None)
    if to_ical is None:
        return str(value)
    text = to_ical()
    return text.decode() if isinstance(text, bytes) else str(text)


def _zone_text(tz: tzinfo) -> str:
    return str(getattr(tz, "key", None) or tz)


def _fixed(moment: datetime) -> datetime:
    """The same moment at its own fixed offset: Python never finds a time in the repeated hour of
    a zone equal to one in another zone (PEP 495), so a stored time is compared at its offset."""
    offset = moment.utcoffset()
    return moment if offset is None else moment.astimezone(timezone(offset) if offset else UTC)


class _Event:
    """One VEVENT (or VTODO) with the helpers that read its properties, errors naming file, line and UID."""

    def __init__(self, component: Any, line: int, name: str, tz: tzinfo, lines: list[str] | None = None, notes: list[str] | None = None) -> None:
        self.c = component
        self.name = name
        self.line = line
        self.tz = tz
        self.lines = lines or []
        self.notes = notes if notes is not None else []
        self.uid = str(component.get("UID") or "").strip()
        self.where = f"{name}:{line} (UID {self.uid})" if self.uid else f"{name}:{line}"
        bad = {str(prop).upper() for prop, _ in getattr(component, "errors", [])}
        for prop in _USED:
            if prop in bad:
                raise InvalidInputError(f"{self._at(prop)}: {prop} {self._raw(prop)!r} cannot be read")
        if component.name == "VEVENT" and "DTSTART" not in component:
            raise InvalidInputError(f"{self.where}: the event has no DTSTART")
        if isinstance(component.get("DTSTART"), list):
            raise InvalidInputError(f"{self.where}: the event has {len(component['DTSTART'])} DTSTART lines; it may have one")

    def unused(self) -> list[str]:
        """Notes for the values it has that cannot be read and that dayledger does not use (an alarm's, an unknown property's)."""
        out = []
        bad = sorted({str(prop).upper() for prop, _ in getattr(self.c, "errors", [])} - set(_USED))
        for prop in bad:
            if prop in ("NONE", ""):  # a line the library could not split into a name and a value
                out.append(f"{self.where}: a line of it cannot be read; dayledger does not use it, skipped")
            else:
                out.append(f"{self._at(prop)}: {prop} {self._raw(prop)!r} cannot be read; dayledger does not use it, skipped")
        for sub in self.c.subcomponents:
            for prop, _ in getattr(sub, "errors", []):
                out.append(f"{self.where}: {sub.name} {str(prop).upper()} cannot be read; dayledger does not use {sub.name}, skipped")
        return out

    def _line_of(self, prop: str) -> int | None:
        """The line of the file where the property is (the event's own lines only)."""
        if not self.line or not self.lines:
            return None
        for n in range(self.line, len(self.lines)):
            text = self.lines[n]
            if text.upper().startswith(f"END:{self.c.name}"):
                return None
            head = re.split(r"[;:]", text, maxsplit=1)[0].strip().upper()
            if head == prop.upper():
                return n + 1
        return None

    def _at(self, prop: str) -> str:
        line = self._line_of(prop)
        return f"{self.name}:{line} (UID {self.uid})" if line and self.uid else f"{self.name}:{line}" if line else self.where

    def _raw(self, prop: str) -> str:
        """The value as the file writes it (never the library's own objects)."""
        line = self._line_of(prop)
        if line is not None:
            text = self.lines[line - 1]
            match = _VALUE.match(text)
            value = text[match.end():] if match else text
            for more in self.lines[line:]:  # folded continuation lines
                if not more.startswith((" ", "\t")):
                    break
                value += more[1:]
            return value.strip()
        value = self.c.get(prop)
        items = value if isinstance(value, list) else [value]
        return ",".join(_ical_text(v) for v in items)

    def _named(self, value: Any, prop: str) -> Any:
        """A time in the IANA zone its TZID names (a Windows or vendor name too); a TZID nothing
        knows is read in the user's zone, with a note."""
        if not isinstance(value, datetime):
            return value
        params = getattr(self.c.get(prop), "params", {}) if not isinstance(self.c.get(prop), list) else {}
        tzid = params.get("TZID") if params else None
        if value.tzinfo is None:
            if tzid:
                self.notes.append(
                    f"{self._at(prop)}: TZID {tzid!r} is no time zone dayledger knows and the file has no VTIMEZONE for it; "
                    f"read as {_zone_text(self.tz)} time"
                )
            return value
        if getattr(value.tzinfo, "key", None) or value.tzinfo is UTC:
            return value
        name = getattr(value.tzinfo, "_tzid", None) or tzid
        iana = _iana(str(name)) if name else None
        return value.replace(tzinfo=zone_of(iana)) if iana else value

    def value(self, prop: str) -> Any:
        try:
            return self._named(self.c.decoded(prop), prop)
        except InvalidInputError:
            raise
        except Exception:  # noqa: BLE001 - icalendar raises many kinds for a bad value
            raise InvalidInputError(f"{self._at(prop)}: {prop} {self._raw(prop)!r} is not a date or time") from None

    def moment(self, value: Any, zone: tzinfo | None = None) -> datetime:
        """An aware time: a date is the start of that day, a floating time in the user's zone."""
        here = zone or self.tz
        if isinstance(value, date) and not year_read(value.year):
            raise InvalidInputError(f"{self.where}: {value.isoformat()} is out of range; {YEARS_READ}")
        if isinstance(value, datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=here)
        if isinstance(value, date):
            return day_start(value, here)
        raise InvalidInputError(f"{self.where}: {self._raw('DTSTART')!r} is not a date or time")

    @property
    def start_value(self) -> Any:
        return self.value("DTSTART")

    @property
    def start(self) -> datetime:
        return self._bounds()[0]

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start_value, datetime)

    def days(self) -> int:
        """An all-day event's length in whole days: DTEND - DTSTART, DURATION (a part of a day
        counts as one), else one; at least one (a DTEND on or before DTSTART, as Google's and
        calendarlabs' holiday calendars write, is one day)."""
        first = self.start_value
        if "DTEND" in self.c:
            end = self.value("DTEND")
            if isinstance(end, datetime):
                raise InvalidInputError(f"{self._at('DTEND')}: DTSTART and DTEND are not both dates or both times")
            return max(1, (end - first).days)
        if "DURATION" in self.c:
            length = self.value("DURATION")
            if not isinstance(length, timedelta):
                raise InvalidInputError(f"{self._at('DURATION')}: DURATION {self._raw('DURATION')!r} is not a duration")
            return max(1, length.days + (1 if length.seconds else 0))
        return 1

    def minutes(self) -> int | None:
        """The length: DTEND - DTSTART, DURATION, a day for an all-day event (also when its DTEND is
        its DTSTART, as Google's holiday calendars write), else none."""
        begin, end = self._bounds()
        if end is None:
            return None
        minutes = int((end - begin).total_seconds() // 60)
        return minutes if minutes > 0 else None

    def _bounds(self) -> tuple[datetime, datetime | None]:
        """Start and end; an end before the start is read the other way round (as other calendar
        programs do), with a note."""
        begin = self.moment(self.start_value)
        raw = self.start_value
        if "DTEND" in self.c:
            end_value = self.value("DTEND")
            if isinstance(end_value, datetime) != isinstance(raw, datetime):
                raise InvalidInputError(f"{self._at('DTEND')}: DTSTART and DTEND are not both dates or both times")
            end = self.moment(end_value)
        elif "DURATION" in self.c:
            length = self.value("DURATION")
            if not isinstance(length, timedelta):
                raise InvalidInputError(f"{self._at('DURATION')}: DURATION {self._raw('DURATION')!r} is not a duration")
            try:
                end = day_start(begin.date() + timedelta(days=length.days), self.tz) if self.all_day and not length.seconds else begin + length
            except OverflowError:
                raise InvalidInputError(f"{self.where}: DURATION {self._raw('DURATION')!r} is out of range; {YEARS_READ}") from None
        elif self.all_day:
            end = begin
        else:
            return begin, None
        if self.all_day and end <= begin:
            return begin, day_start(begin.astimezone(self.tz).date() + timedelta(days=1), self.tz)
        if end < begin and "DTEND" in self.c:
            self.notes.append(
                f"{self.where}: it ends ({self._raw('DTEND')}) before it starts ({self._raw('DTSTART')}); read as from {self._raw('DTEND')} "
                f"to {self._raw('DTSTART')}, as other calendar programs do"
            )
            return end, begin
        return begin, end

    @property
    def cancelled(self) -> bool:
        return str(self.c.get("STATUS", "")).strip().upper() == "CANCELLED"

    @property
    def text(self) -> str:
        summary = " ".join(str(self.c.get("SUMMARY", "")).split()) or "(no title)"
        location = " ".join(str(self.c.get("LOCATION", "")).split())
        return f"{summary} @ {location}" if location else summary

    @property
    def categories(self) -> tuple[str, ...]:
        value = self.c.get("CATEGORIES")
        found: list[str] = []
        for item in value if isinstance(value, list) else [value] if value is not None else []:
            for cat in getattr(item, "cats", [item]):
                if str(cat).strip():
                    found.append(str(cat).strip())
        return tuple(dict.fromkeys(found))

    @property
    def project(self) -> str | None:
        return next(iter(self.categories), None)

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
                v = self._named(v, prop)
                if not isinstance(v, datetime) and isinstance(v, date) and not self.all_day:
                    v = datetime.combine(v, wall)
                found.append(self.moment(v, zone))
        return found


def _utc_key(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def read_calendar(data: str, name: str, tz: tzinfo, *, expand_until: datetime) -> CalendarFile:
    """The appointments and tasks of an iCalendar text.

    One event that cannot be read is skipped with a note naming its line and UID (``notes``),
    and the rest is read; only a file that is not iCalendar, or whose every event is broken,
    raises InvalidInputError. The library's warnings become notes too, never output of their own."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = _read(data, name, tz, expand_until)
    for said in dict.fromkeys(" ".join(str(w.message).split()) for w in caught if not issubclass(w.category, ResourceWarning)):
        out.notes.append(f"{name}: {said}")
    out.notes = list(dict.fromkeys(out.notes))
    return out


def _components(data: str, name: str, notes: list[str]) -> Any:
    import icalendar

    text = data.lstrip("\ufeff")
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise InvalidInputError(f"{name}:1: not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
    try:
        cals = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as e:  # noqa: BLE001 - the library's parse errors have no common base
        cleaned = _without_broken_parts(text, name, notes)
        try:
            cals = icalendar.Calendar.from_ical(cleaned, multiple=True) if cleaned != text else None
        except Exception:  # noqa: BLE001
            cals = None
        if cals is None:
            raise InvalidInputError(f"{name}: not an iCalendar file: {_said(e)}") from None
    if not cals:
        raise InvalidInputError(f"{name}: not an iCalendar file: it has no VCALENDAR")
    import x_wr_timezone

    out = []
    for cal in cals:
        try:  # floating times are in the calendar's X-WR-TIMEZONE (Google's and Apple's exports)
            out.append(x_wr_timezone.to_standard(cal))
        except Exception:  # noqa: BLE001 - an X-WR-TIMEZONE no zone database knows: the times stay as written
            out.append(cal)
    return out


_SKIPPABLE = ("VALARM", "VTIMEZONE")


def _without_broken_parts(text: str, name: str, notes: list[str]) -> str:
    """The text without the alarms and zone definitions the library cannot read (dayledger uses no
    alarm, and reads a zone by its name when its definition is broken), each named in a note."""
    import icalendar

    lines = text.splitlines()
    keep = [True] * len(lines)
    begin: tuple[str, int] | None = None
    for n, line in enumerate(lines):
        head = line.strip().upper()
        if begin is None and head.removeprefix("BEGIN:") in _SKIPPABLE and head.startswith("BEGIN:"):
            begin = (head.removeprefix("BEGIN:"), n)
        elif begin is not None and head == f"END:{begin[0]}":
            kind, first = begin
            begin = None
            block = "\n".join(lines[first : n + 1]) + "\n"
            try:
                icalendar.Component.from_ical(block)
            except Exception as e:  # noqa: BLE001 - the library's parse errors have no common base
                for i in range(first, n + 1):
                    keep[i] = False
                what = "an alarm, which dayledger does not use" if kind == "VALARM" else "a time zone's rules; its times are read by the zone's name"
                notes.append(f"{name}:{first + 1}: {kind} cannot be read ({_said(e)}): {what}, skipped")
    return "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept) + "\n"


def _said(error: BaseException) -> str:
    """A library's error in words, without its internals (object reprs, Python type names)."""
    text = " ".join(str(error).split())
    if not text or re.search(r"datetime\.|vBroken|instances of|object|<[a-z]", text) or len(text) > 160:
        return "the library cannot read it"
    return text


def _read(data: str, name: str, tz: tzinfo, expand_until: datetime) -> CalendarFile:
    notes: list[str] = []
    cals = _components(data, name, notes)
    raw_lines = data.lstrip("\ufeff").splitlines()
    starts: dict[str, list[int]] = {"VEVENT": [], "VTODO": []}
    for n, text in enumerate(raw_lines, 1):
        kind = text.strip().upper().removeprefix("BEGIN:")
        if kind in starts and text.strip().upper().startswith("BEGIN:"):
            starts[kind].append(n)
    components = {kind: [c for cal in cals for c in cal.walk(kind)] for kind in starts}
    for kind, found in components.items():
        if len(starts[kind]) != len(found):
            starts[kind] = [0] * len(found)
    out = CalendarFile(vevents=len(components["VEVENT"]), notes=notes)
    broken: list[str] = []

    def skip(err: InvalidInputError) -> None:
        broken.append(str(err))
        out.notes.append(f"{err}; skipped")
        out.skipped += 1

    by_uid: dict[str, tuple[_Event | None, list[_Event]]] = {}
    for component, line in zip(components["VEVENT"], starts["VEVENT"], strict=True):
        try:
            ev = _Event(component, line, name, tz, raw_lines, out.notes)
            ev.start  # noqa: B018 - read now, so a bad DTSTART names its own VEVENT
        except InvalidInputError as err:
            skip(err)
            continue
        out.notes.extend(ev.unused())
        uid = ev.uid or f"{ev._raw('DTSTART')}|{ev.text}"
        master, overrides = by_uid.setdefault(uid, (None, []))
        if "RECURRENCE-ID" in component:
            overrides.append(ev)
        elif master is not None:
            kept, dropped = (ev, master) if _version(ev) >= _version(master) else (master, ev)
            out.notes.append(
                f"{dropped.where}: an older version (SEQUENCE {dropped.sequence}) of the event at line {kept.line} "
                f"(SEQUENCE {kept.sequence}); the latest is imported"
            )
            by_uid[uid] = (kept, overrides)
        else:
            by_uid[uid] = (ev, overrides)
    timezones = [vtz for cal in cals for vtz in cal.walk("VTIMEZONE")]
    for uid, (master, overrides) in by_uid.items():
        try:
            _group(out, uid, master, _latest(overrides, out.notes), timezones, tz, expand_until)
        except InvalidInputError as err:
            skip(err)
    for component, line in zip(components["VTODO"], starts["VTODO"], strict=True):
        try:
            out.todos.append(_todo(_Event(component, line, name, tz, raw_lines, out.notes)))
        except InvalidInputError as err:
            skip(err)
    if broken and not (out.entries or out.series or out.todos):
        more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
        raise InvalidInputError(f"{broken[0]}{more}; nothing in the file could be read")
    return out


def _version(ev: _Event) -> tuple[int, datetime]:
    """Which of two versions of one event is the later: SEQUENCE, then LAST-MODIFIED (or DTSTAMP)."""
    return ev.sequence, ev.changed_at or datetime.min.replace(tzinfo=UTC)


def _latest(overrides: list[_Event], notes: list[str]) -> list[_Event]:
    """The moved occurrences, one version of each (the latest)."""
    kept: dict[str, _Event] = {}
    for ev in overrides:
        key = _utc_key(ev.moment(ev.value("RECURRENCE-ID")))
        other = kept.get(key)
        if other is not None:
            newer, older = (ev, other) if _version(ev) >= _version(other) else (other, ev)
            notes.append(f"{older.where}: an older version (SEQUENCE {older.sequence}) of the occurrence at line {newer.line}; the latest is imported")
            ev = newer
        kept[key] = ev
    return list(kept.values())


def _group(out: CalendarFile, uid: str, master: _Event | None, overrides: list[_Event], timezones: list[Any], tz: tzinfo, until: datetime) -> None:
    """The appointments one UID makes: one, a recurring one, or the occurrences of its rule."""
    if master is not None and ("RRULE" in master.c or "RDATE" in master.c):
        _check_counts(master)
        _say_rule_before_start(master, out.notes)
        series = _series(uid, master, overrides, tz)
        if series is not None:
            out.series.append(series)
        else:
            out.expanded += 1
            out.entries.extend(_expand(uid, master, overrides, timezones, tz, until))
        return
    if master is not None:
        out.entries.append(_entry(uid, None, master))
    for ev in overrides:
        out.entries.append(_entry(uid, ev.moment(ev.value("RECURRENCE-ID")), ev))


_TODO_STATUS = {"COMPLETED": "done", "CANCELLED": "cancelled"}
_PROJECT = "X-DAYLEDGER-PROJECT"  # the task's project, as our export writes it (CATEGORIES are its tags)
_PRIORITY = {"H": 1, "M": 5, "L": 9}


def _say_rule_before_start(master: _Event, notes: list[str]) -> None:
    """A note for an RRULE whose UNTIL is before its DTSTART (no occurrence but, per RFC 5545, maybe the first)."""
    rules = master.c.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        for last in rule.get("UNTIL", []):
            if not year_read(last.year):
                continue  # later than dates are read (UNTIL=99991231): no end
            end = master.moment(last) if isinstance(last, datetime) else day_start(last + timedelta(days=1), master.tz)
            if end <= master.start:
                notes.append(f"{master._at('RRULE')}: its RRULE ends (UNTIL {last.isoformat()}) before it starts ({master.start.isoformat()})")


def _todo(ev: _Event) -> CalendarTodo:
    """A VTODO as a task: SUMMARY, STATUS, DUE (a date stays a date), COMPLETED, PRIORITY (1-4 high,
    5 medium, 6-9 low), CATEGORIES as tags (the first also its project when it is our own export's)."""
    due = ev.value("DUE") if "DUE" in ev.c else None
    if isinstance(due, datetime):
        due = ev.moment(due)
    completed = ev.value("COMPLETED") if "COMPLETED" in ev.c else None
    status = _TODO_STATUS.get(str(ev.c.get("STATUS", "")).strip().upper(), "done" if completed else "open")
    try:
        level = int(str(ev.c.get("PRIORITY", 0)))
    except ValueError:
        level = 0
    priority = "H" if 1 <= level <= 4 else "M" if level == 5 else "L" if 6 <= level <= 9 else None
    project = _one_line(ev.c.get(_PROJECT)) or None
    return CalendarTodo(
        uid=ev.uid, line=ev.line, text=_one_line(ev.c.get("SUMMARY")) or "(no title)", status=status,
        made_at=ev.made_at, changed_at=ev.changed_at, completed_at=ev.moment(completed, UTC) if completed is not None else None,
        due=due, priority=priority, tags=tuple(c for c in ev.categories if c != project), project=project,
    )


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())


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
    """One appointment: a single event, or an occurrence of a recurring one keyed by its UTC start
    (an all-day one by its date, the same in every zone; ``former_id`` is the id the UTC start of
    that day in the user's zone gave it before)."""
    occ_key = former = None
    if occurrence is not None:
        occ_key = occurrence.astimezone(ev.tz).strftime("%Y%m%d") if ev.all_day else _utc_key(occurrence)
        former = appointment_id(uid, _utc_key(occurrence)) if ev.all_day else None
    key = uid if occ_key is None else f"{uid}|{occ_key}"
    begin: datetime | date = _fixed(ev.start if start is None else start)
    length = ev.minutes() if minutes is None and start is None else minutes
    if ev.all_day:  # a date, the same day in every zone, for whole days
        begin = begin.astimezone(ev.tz).date()  # type: ignore[union-attr]
        length = None if length is None and start is not None else ev.days() * 1440
    return CalendarEntry(
        key=key,
        former_id=former,
        id=appointment_id(uid, occ_key),
        uid=uid,
        line=ev.line,
        text=ev.text,
        starts_at=begin,
        minutes=length,
        cancelled=ev.cancelled,
        made_at=ev.made_at,
        changed_at=ev.changed_at,
        project=ev.project,
        occurrence_of=_own_occurrence(uid) if occurrence is None else None,
        sequence=ev.sequence,
        day=begin if isinstance(begin, date) and not isinstance(begin, datetime) else None,
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
        rule = master._raw("RRULE") if "RRULE" in master.c else master._raw("RDATE")
        raise InvalidInputError(f"{master.where}: cannot expand its recurrence {rule!r}: {_said(e)}") from None
    out: list[CalendarEntry] = []
    seen: set[str] = set()
    for occ in found:
        rid = master.moment(occ.decoded("RECURRENCE-ID")) if "RECURRENCE-ID" in occ else master.moment(occ.decoded("DTSTART"))
        if _utc_key(rid) in seen:  # later occurrences a RANGE=THISANDFUTURE change made carry its RECURRENCE-ID: keyed by their start
            rid = master.moment(occ.decoded("DTSTART"))
        seen.add(_utc_key(rid))
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
            moved[utc] = (_fixed(begin), length)
    return CalendarSeries(
        key=uid,
        id=appointment_id(uid),
        uid=uid,
        line=master.line,
        text=master.text,
        cron=cron,
        zone=zone,
        starts_at=_fixed(start),
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
    starts_at: datetime | date  # a date: all day (``duration_minutes`` its days times 1440), written VALUE=DATE
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
    tags: tuple[str, ...] = ()
    priority: str | None = None  # H, M or L


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


def _event(uid: str, summary: str, start: datetime | date, minutes: int | None, stamp: datetime, sequence: int, **extra: Any) -> Any:
    from icalendar import Event

    e = Event()
    e.add("uid", uid)
    e.add("summary", summary)
    if not isinstance(start, datetime):  # all day: DTSTART;VALUE=DATE, DTEND the day after its last
        e.add("dtstart", start)
        e.add("dtend", start + timedelta(days=max(1, (minutes or 1440) // 1440)))
    else:
        if start.replace(fold=1 - start.fold).utcoffset() != start.utcoffset():  # the repeated hour: a wall time would lose which one
            start = start.astimezone(UTC)
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
        if not lo <= (a.starts_at if isinstance(a.starts_at, datetime) else day_start(a.starts_at, lo.tzinfo or UTC)) < hi:
            continue  # an all-day one where its day begins in the window's zone
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
        if t.project or t.tags:  # the project first, as before; X-DAYLEDGER-PROJECT says which it is
            todo.add("categories", [c for c in (t.project, *t.tags) if c])
        if t.project:
            todo.add(_PROJECT, t.project)
        if t.priority in _PRIORITY:
            todo.add("priority", _PRIORITY[t.priority])
        cal.add_component(todo)
    cal.add_missing_timezones()
    return cal.to_ical()
