"""A VEVENT (or an occurrence of one) as one appointment: its key, id, start and length."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from engine.formats.ics.event import CalendarComponent
from engine.formats.ics.model import OWN_OCCURRENCE, CalendarEntry, appointment_id, utc_key
from engine.formats.ics.zones import at_fixed_offset

__all__ = ["entry_of"]


def entry_of(uid: str, occurrence: datetime | None, ev: CalendarComponent, start: datetime | None = None, minutes: int | None = None) -> CalendarEntry:
    """One appointment: a single event, or an occurrence of a recurring one keyed by its UTC start
    (an all-day one by its date, the same in every zone; ``former_id`` is the id the UTC start of
    that day in the user's zone gave it before)."""
    occ_key = former = None
    if occurrence is not None:
        occ_key = occurrence.astimezone(ev.tz).strftime("%Y%m%d") if ev.all_day else utc_key(occurrence)
        former = appointment_id(uid, utc_key(occurrence)) if ev.all_day else None
    key = uid if occ_key is None else f"{uid}|{occ_key}"
    begin: datetime | date = at_fixed_offset(ev.start if start is None else start)
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
    own = OWN_OCCURRENCE.fullmatch(uid)
    if own is None:
        return None
    return UUID(own.group(1)), datetime.strptime(own.group(2), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
