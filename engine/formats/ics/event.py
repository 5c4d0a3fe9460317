"""One VEVENT or VTODO, read property by property; its errors name the file, line and UID."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from engine.formats.ics.zones import iana_zone, zone_text
from engine.rules.cron import zone_of
from engine.rules.days import day_start
from engine.rules.errors import InvalidInputError
from engine.rules.when import YEARS_READ, year_read

__all__ = ["CalendarComponent", "library_error_text"]

_USED = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "EXDATE", "RDATE", "DUE", "COMPLETED")


_VALUE = re.compile(r"^[A-Za-z0-9-]+(?:;[^:]*)?:", re.ASCII)


def _ical_text(value: Any) -> str:
    to_ical = getattr(value, "to_ical", None)
    if to_ical is None:
        return str(value)
    text = to_ical()
    return text.decode() if isinstance(text, bytes) else str(text)


class CalendarComponent:
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
                    f"read as {zone_text(self.tz)} time"
                )
            return value
        if getattr(value.tzinfo, "key", None) or value.tzinfo is UTC:
            return value
        name = getattr(value.tzinfo, "_tzid", None) or tzid
        iana = iana_zone(str(name)) if name else None
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


def library_error_text(error: BaseException) -> str:
    """A library's error in words, without its internals (object reprs, Python type names)."""
    text = " ".join(str(error).split())
    if not text or re.search(r"datetime\.|vBroken|instances of|object|<[a-z]", text) or len(text) > 160:
        return "the library cannot read it"
    return text
