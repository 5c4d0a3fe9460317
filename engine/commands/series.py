"""Recurring appointment commands, recorded through the ledger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from engine.commands.ledger import Ledger
from engine.rules import series as rules
from engine.rules.clock import zone_name
from engine.rules.lookup import resolve_preferring
from engine.rules.stamp import Stamp
from events.base import LedgerEvent

__all__ = ["cancel_occurrence", "end_series", "find_appointment", "move_occurrence", "schedule_series"]

Kind = Literal["appointment", "series"]


def schedule_series(
    ledger: Ledger,
    text: str,
    cron: str,
    starts_at: datetime,
    *,
    until: datetime | None = None,
    duration_minutes: int | None = None,
    project: str | None = None,
) -> str:
    """A recurring appointment; returns its id (hex)."""
    series_id = ledger.new_id()
    zone = zone_name(ledger.tz)

    def build(stamp: Stamp) -> list[LedgerEvent]:
        project_id, started = ledger.project_for(project, stamp)
        return started + rules.schedule(
            series_id, text, cron, starts_at, zone, stamp, until=until, duration_minutes=duration_minutes, project_id=project_id
        )

    ledger.record(build)
    return series_id.hex


def find_appointment(ledger: Ledger, ref: str) -> tuple[Kind, str]:
    """The appointment or recurring appointment ``ref`` names: live ones first, then any."""
    ledger.work.level()
    singles = ledger.views.appointment_refs(ledger.db, ledger.tz, ("scheduled", "cancelled"))
    series = ledger.views.series_refs(ledger.db)
    kinds: dict[str, Kind] = {c[0]: "appointment" for c in singles} | {c[0]: "series" for c in series}
    everything = singles + series
    found = resolve_preferring(
        ref, lambda: [c for c in everything if c[3] == "scheduled"], "scheduled appointment", lambda: everything, "appointment"
    )
    return kinds[found], found


def _change(ledger: Ledger, series_id: str, change: Callable[[rules.Series, Stamp], list[LedgerEvent]]) -> str:
    ledger.change(series_id, rules.series_from, change)
    return series_id


def move_occurrence(ledger: Ledger, series_id: str, occurrence_at: datetime, starts_at: datetime, *, duration_minutes: int | None = None) -> str:
    return _change(ledger, series_id, lambda s, st: rules.move_occurrence(s, occurrence_at, starts_at, st, duration_minutes=duration_minutes))


def cancel_occurrence(ledger: Ledger, series_id: str, occurrence_at: datetime, *, reason: str | None = None) -> str:
    return _change(ledger, series_id, lambda s, st: rules.cancel_occurrence(s, occurrence_at, st, reason))


def end_series(ledger: Ledger, series_id: str, *, reason: str | None = None) -> str:
    return _change(ledger, series_id, lambda s, st: rules.end(s, st, reason))
