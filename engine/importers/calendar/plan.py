"""Planning an import of a calendar: its appointments -> the events that make the ledger say the same.

Pure: no files, no database, no clock. Uses the appointment and series rules (``engine.rules.appointment``,
``engine.rules.series``), so an import can do nothing a command could not.

- An appointment the ledger lacks is scheduled (made at CREATED, else DTSTAMP, else now, and never
  after it starts), and cancelled at once when the calendar says STATUS:CANCELLED.
- One the ledger has gets only what differs: moved (AppointmentMoved) to a new start or length,
  cancelled, or restored when the calendar has it on again, each dated at LAST-MODIFIED (else
  DTSTAMP, else now). A new title is reported, not recorded: the ledger cannot rename an
  appointment.
- A recurring appointment the ledger lacks is scheduled with its cron, then its moved and
  cancelled occurrences; one it has gets only the moves and cancellations it lacks (a changed rule
  is reported: the ledger cannot change a series' schedule), and is ended when the calendar
  cancels it whole.

Importing the same file twice therefore records nothing the second time. Every event carries the
calendar key and SEQUENCE in ``source.detail`` (``ics|DAY|UID|seq=N`` or ``ics|DAY|UID|OCCURRENCE|seq=N``);
a file whose SEQUENCE is lower than one imported before changes nothing of that appointment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from uuid import UUID

from engine.formats.ics import CalendarEntry, CalendarFile, CalendarSeries
from engine.rules import appointment as appts
from engine.rules import project as projects
from engine.rules import series as rules
from engine.rules.errors import DayledgerError, RuleViolationError
from engine.rules.stamp import Stamp
from engine.rules.text import clean_text, normal_name
from events import AppointmentRestored, LedgerEvent, Source
from events.series import SeriesOccurrenceCancelled, SeriesOccurrenceMoved

__all__ = ["CalendarPlan", "KnownCalendar", "plan_calendar"]


@dataclass
class KnownCalendar:
    """The ledger as an import of a calendar sees it."""

    appointments: dict[UUID, appts.Appointment]
    series: dict[UUID, rules.Series]  # those the file names, folded from their events
    projects: dict[str, UUID]  # normalised name -> id
    project_ids: set[UUID]
    other_ids: set[UUID]  # ids of tasks, series and projects: never an appointment's
    sequences: dict[UUID, int] = field(default_factory=dict)  # the highest SEQUENCE imported, by appointment


@dataclass
class CalendarPlan:
    """What an import adds: the events, in order, what they do, and what could not be done."""

    events: list[LedgerEvent] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # "FILE:LINE (UID x): why": nothing is recorded
    notes: list[str] = field(default_factory=list)  # what the ledger cannot say, recorded without it


StampAt = Callable[[datetime], Stamp]


def plan_calendar(
    cal: CalendarFile,
    known: KnownCalendar,
    *,
    file: str,
    sha256: str,
    tz: tzinfo,
    recorded_at: datetime,
    command_id: UUID,
) -> CalendarPlan:
    """The events that bring the calendar into a ledger holding ``known``.

    A VEVENT the rules refuse as input is reported in ``errors`` (the caller records nothing);
    a change the ledger cannot express is reported in ``notes`` and left out.
    """
    plan = CalendarPlan()
    state = _State(known, plan, file, sha256, recorded_at, command_id, tz)
    for s in cal.series:
        state.series(s)
    for e in cal.entries:
        state.entry(e)
    return plan


class _State:
    def __init__(self, known: KnownCalendar, plan: CalendarPlan, file: str, sha256: str, recorded_at: datetime, command_id: UUID, tz: tzinfo) -> None:
        self.known = known
        self.plan = plan
        self.file = file
        self.sha256 = sha256
        self.now = recorded_at
        self.command_id = command_id
        self.tz = tz
        self.seen: dict[UUID, str] = {}

    def _where(self, line: int, uid: str) -> str:
        return f"{self.file}:{line} (UID {uid})" if line else f"{self.file} (UID {uid})"

    def _stamper(self, line: int, key: str, day: appts.Start, sequence: int = 0) -> StampAt:
        source = Source(
            kind="import", file=self.file, sha256=self.sha256, line=line or None,
            detail=f"ics|{appts.start_moment(day, self.tz).date().isoformat()}|{key}|seq={sequence}",
        )
        return lambda when: Stamp(when, self.now, source, self.command_id)

    def _project(self, name: str | None, stamp: Stamp) -> UUID | None:
        if not name:
            return None
        norm = normal_name(name)
        found = self.known.projects.get(norm)
        if found is not None:
            return found
        for attempt in range(1, 100):
            candidate = projects.project_id_for(name if attempt == 1 else f"{name}#{attempt}")
            if candidate not in self.known.project_ids:
                break
        self.plan.events.extend(projects.start(name, stamp, candidate))
        self.known.projects[norm] = candidate
        self.known.project_ids.add(candidate)
        self.plan.counts["projects started"] += 1
        return candidate

    def _older(self, key_id: UUID, sequence: int, where: str, counts: Counter[str]) -> bool:
        """Whether the ledger has a later version of it (a higher SEQUENCE) than the file: its
        changes are left out (and the counts as they were before them)."""
        known = self.known.sequences.get(key_id, -1)
        if sequence >= known:
            return False
        self.plan.notes.append(f"{where}: SEQUENCE {sequence} is older than the {known} imported before; left as it is")
        self.plan.counts = counts
        self.plan.counts["unchanged"] += 1
        return True

    def _once(self, key_id: UUID, key: str, line: int, uid: str) -> bool:
        if key_id in self.seen:
            self.plan.errors.append(f"{self._where(line, uid)}: the same appointment as {self.seen[key_id]!r} in the file")
            return False
        self.seen[key_id] = key
        return True

    # -- single appointments -----------------------------------------------------------------

    def entry(self, e: CalendarEntry) -> None:
        where = self._where(e.line, e.uid)
        if e.former_id is not None and e.id not in self.known.appointments and e.former_id in self.known.appointments:
            e = replace(e, id=e.former_id)  # an all-day occurrence an earlier import keyed by its start
        if not self._once(e.id, e.key, e.line, e.uid):
            return
        if e.id in self.known.other_ids:
            self.plan.errors.append(f"{where}: its id {e.id} is something else in the ledger, not an appointment")
            return
        stamp_at = self._stamper(e.line, e.key, e.starts_at, e.sequence)
        if e.occurrence_of is not None and e.occurrence_of[0] in self.known.series:
            self._occurrence(e, stamp_at, where)
            return
        had = e.id in self.known.appointments
        counts = Counter(self.plan.counts)
        try:
            events = self._entry(e, stamp_at, where)
        except RuleViolationError as err:
            self.plan.notes.append(f"{where}: not recorded: {err}")
            return
        except DayledgerError as err:
            self.plan.errors.append(f"{where}: {err}")
            return
        if events and had and self._older(e.id, e.sequence, where, counts):
            return
        self.plan.events.extend(events)
        if not events and had:
            self.plan.counts["unchanged"] += 1

    def _entry(self, e: CalendarEntry, at: StampAt, where: str) -> list[LedgerEvent]:
        out: list[LedgerEvent] = []
        appt = self.known.appointments.get(e.id)
        if appt is None:
            if e.gone:
                return []
            made = min(e.made_at or self.now, appts.start_moment(e.starts_at, self.tz), self.now)
            project_id = self._project(e.project, at(made))
            out += appts.schedule(e.id, e.text, e.starts_at, at(made), duration_minutes=e.minutes, project_id=project_id)
            appt = appts.appointment_from(out[-1:])
            assert appt is not None
            self.plan.counts["new"] += 1
            if e.cancelled:
                out += appts.cancel(appt, at(max(made, min(e.changed_at or made, self.now))), "cancelled in the calendar")
                self.plan.counts["cancelled"] += 1
            self.known.appointments[e.id] = appt
            return out
        changed = max(min(e.changed_at or self.now, self.now), appt.scheduled_at)
        if e.cancelled or e.gone:
            if appt.status == "scheduled":
                out += appts.cancel(appt, at(changed), "cancelled in the calendar")
                self.plan.counts["cancelled"] += 1
            return out
        if appt.status == "cancelled":
            out.append(AppointmentRestored(**at(changed).fields(appt.id, appt.version + 1)))
            appt = replace(appt, version=appt.version + 1, status="scheduled")
            self.plan.counts["restored"] += 1
        if (type(e.starts_at) is not type(appt.starts_at) or e.starts_at != appt.starts_at or e.minutes != appt.duration_minutes) and not _same_days(e, appt):
            moved = appts.move(appt, e.starts_at, at(changed), duration_minutes=e.minutes)
            out += moved
            self.plan.counts["moved"] += 1
        if clean_text(e.text) != appt.text:
            self.plan.notes.append(f"{where}: titled {e.text!r} now, kept as {appt.text!r}: the ledger cannot rename an appointment")
        return out

    def _occurrence(self, e: CalendarEntry, at: StampAt, where: str) -> None:
        """One occurrence, as our export writes those of a cron no RRULE says, of a series the ledger has."""
        assert e.occurrence_of is not None
        series_id, occ = e.occurrence_of
        series = self.known.series[series_id]
        changed = max(min(e.changed_at or self.now, self.now), series.made_at)
        try:
            if e.cancelled or e.gone:
                events = [] if occ in series.cancelled else rules.cancel_occurrence(series, occ, at(changed), "cancelled in the calendar")
                kind = "occurrences cancelled"
            else:
                start = appts.start_moment(e.starts_at, self.tz)  # a recurring appointment's occurrences have times
                events = [] if series.moved.get(occ, occ) == start else rules.move_occurrence(series, occ, start, at(changed))
                kind = "occurrences moved"
        except DayledgerError as err:
            self.plan.notes.append(f"{where}: not recorded: {err}")
            return
        self.plan.events.extend(events)
        self.plan.counts[kind if events else "unchanged"] += 1
        self.known.series[series_id] = _fold(series, events)

    # -- recurring appointments --------------------------------------------------------------

    def series(self, s: CalendarSeries) -> None:
        where = self._where(s.line, s.uid)
        if not self._once(s.id, s.key, s.line, s.uid):
            return
        if s.id in self.known.appointments:
            self.plan.errors.append(f"{where}: a single appointment in the ledger, recurring in the file")
            return
        counts = Counter(self.plan.counts)
        self.plan.notes.extend(s.notes)
        at = self._stamper(s.line, s.key, s.starts_at, s.sequence)
        out: list[LedgerEvent] = []
        try:
            series = self.known.series.get(s.id)
            if series is None:
                made = min([s.made_at or self.now, s.starts_at, self.now, *(start for start, _ in s.moved.values())])
                project_id = self._project(s.project, at(made))
                out += rules.schedule(
                    s.id, s.text, s.cron, s.starts_at, s.zone, at(made),
                    until=s.until, duration_minutes=s.minutes, project_id=project_id,
                )
                series = rules.series_from(out[-1:])
                assert series is not None
                self.plan.counts["recurring new"] += 1
            elif (series.cron, series.zone, series.starts_at, series.until, series.duration_minutes, series.text) != (
                s.cron, s.zone, s.starts_at, s.until, s.minutes, s.text
            ):
                self.plan.notes.append(
                    f"{where}: its rule, start, length or title changed; kept as {series.label} was made"
                    " (the ledger cannot change a recurring appointment's schedule: end it and import again)"
                )
            out += self._exceptions(s, series, at, where)
        except DayledgerError as err:
            self.plan.errors.append(f"{where}: {err}")
            return
        if out and s.id in self.known.series and self._older(s.id, s.sequence, where, counts):
            return
        self.plan.events.extend(out)
        if not out:
            self.plan.counts["unchanged"] += 1

    def _exceptions(self, s: CalendarSeries, series: rules.Series, at: StampAt, where: str) -> list[LedgerEvent]:
        out: list[LedgerEvent] = []
        changed = max(min(s.changed_at or self.now, self.now), series.made_at)
        for occ, (start, minutes) in sorted(s.moved.items()):
            if occ in s.cancelled or occ in series.cancelled or series.moved.get(occ) == start:
                continue
            try:
                events = rules.move_occurrence(series, occ, start, at(max(changed, series.made_at)), duration_minutes=minutes)
            except DayledgerError as err:
                self.plan.notes.append(f"{where}: not recorded: {err}")
                continue
            out += events
            series = _fold(series, events)
            self.plan.counts["occurrences moved"] += 1
        for occ in sorted(s.cancelled - series.cancelled):
            try:
                events = rules.cancel_occurrence(series, occ, at(changed), "cancelled in the calendar")
            except DayledgerError as err:
                self.plan.notes.append(f"{where}: not recorded: {err}")
                continue
            out += events
            series = _fold(series, events)
            self.plan.counts["occurrences cancelled"] += 1
        if s.ended and series.ended_at is None:
            ended_at = s.starts_at if not self.known.series.get(s.id) else changed
            out += rules.end(series, at(ended_at), "cancelled in the calendar")
            self.plan.counts["recurring ended"] += 1
        return out


def _same_days(e: CalendarEntry, appt: appts.Appointment) -> bool:
    """Whether an all-day event is on the days an appointment that imports before this release made
    already has. The file gives a date, the same day in every zone; such an appointment was made
    from the start of that day in the zone of an earlier import: any start of that day (UTC-12 to
    UTC+14, on a quarter hour) with as many days is the same appointment, so an import in another
    zone does not move it (nor turn it into a date: it stays as it was recorded)."""
    if e.day is None or e.minutes is None or appt.duration_minutes is None or not isinstance(appt.starts_at, datetime):
        return False
    offset = datetime.combine(e.day, time(), UTC) - appt.starts_at.astimezone(UTC)
    return (
        timedelta(hours=-12) <= offset <= timedelta(hours=14)
        and offset % timedelta(minutes=15) == timedelta()
        and round(appt.duration_minutes / 1440) == round(e.minutes / 1440)
    )


def _fold(series: rules.Series, events: list[LedgerEvent]) -> rules.Series:
    """The series after more of its events."""
    for e in events:
        if isinstance(e, SeriesOccurrenceMoved):
            moved = {**series.moved, e.occurrence_at.astimezone(UTC): e.starts_at}
            series = replace(series, version=e.originator_version, moved=moved)
        elif isinstance(e, SeriesOccurrenceCancelled):
            cancelled = series.cancelled | {e.occurrence_at.astimezone(UTC)}
            series = replace(series, version=e.originator_version, cancelled=cancelled)
    return series
