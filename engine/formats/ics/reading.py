"""Reading an iCalendar text into appointments, recurring appointments and tasks (``read_calendar``)."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, tzinfo
from typing import Any

from engine.formats.ics.entries import entry_of
from engine.formats.ics.event import CalendarComponent, library_error_text
from engine.formats.ics.model import CalendarFile, utc_key
from engine.formats.ics.recurrence import check_counts, expand, say_rule_before_start, series_of
from engine.formats.ics.vtodo import todo_of
from engine.rules.errors import InvalidInputError

__all__ = ["read_calendar"]


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
            raise InvalidInputError(f"{name}: not an iCalendar file: {library_error_text(e)}") from None
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
                notes.append(f"{name}:{first + 1}: {kind} cannot be read ({library_error_text(e)}): {what}, skipped")
    return "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept) + "\n"


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

    by_uid: dict[str, tuple[CalendarComponent | None, list[CalendarComponent]]] = {}
    for component, line in zip(components["VEVENT"], starts["VEVENT"], strict=True):
        try:
            ev = CalendarComponent(component, line, name, tz, raw_lines, out.notes)
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
            out.todos.append(todo_of(CalendarComponent(component, line, name, tz, raw_lines, out.notes)))
        except InvalidInputError as err:
            skip(err)
    if broken and not (out.entries or out.series or out.todos):
        more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
        raise InvalidInputError(f"{broken[0]}{more}; nothing in the file could be read")
    return out


def _version(ev: CalendarComponent) -> tuple[int, datetime]:
    """Which of two versions of one event is the later: SEQUENCE, then LAST-MODIFIED (or DTSTAMP)."""
    return ev.sequence, ev.changed_at or datetime.min.replace(tzinfo=UTC)


def _latest(overrides: list[CalendarComponent], notes: list[str]) -> list[CalendarComponent]:
    """The moved occurrences, one version of each (the latest)."""
    kept: dict[str, CalendarComponent] = {}
    for ev in overrides:
        key = utc_key(ev.moment(ev.value("RECURRENCE-ID")))
        other = kept.get(key)
        if other is not None:
            newer, older = (ev, other) if _version(ev) >= _version(other) else (other, ev)
            notes.append(f"{older.where}: an older version (SEQUENCE {older.sequence}) of the occurrence at line {newer.line}; the latest is imported")
            ev = newer
        kept[key] = ev
    return list(kept.values())


def _group(out: CalendarFile, uid: str, master: CalendarComponent | None, overrides: list[CalendarComponent], timezones: list[Any], tz: tzinfo, until: datetime) -> None:
    """The appointments one UID makes: one, a recurring one, or the occurrences of its rule."""
    if master is not None and ("RRULE" in master.c or "RDATE" in master.c):
        check_counts(master)
        say_rule_before_start(master, out.notes)
        series = series_of(uid, master, overrides, tz)
        if series is not None:
            out.series.append(series)
        else:
            out.expanded += 1
            out.entries.extend(expand(uid, master, overrides, timezones, tz, until))
        return
    if master is not None:
        out.entries.append(entry_of(uid, None, master))
    for ev in overrides:
        out.entries.append(entry_of(uid, ev.moment(ev.value("RECURRENCE-ID")), ev))
