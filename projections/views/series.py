"""Recurring appointments as rows on both time axes: the series, and each change to an occurrence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projections.views.base import Cursor, db_time, hex_id
from projections.views.entries import Entry, typed

__all__ = ["SeriesView"]

DDL = (
    (
        "CREATE TABLE IF NOT EXISTS dl_series ("
        " id TEXT PRIMARY KEY, handle TEXT NOT NULL, text TEXT NOT NULL, cron TEXT NOT NULL, zone TEXT NOT NULL,"
        " starts_at TEXT NOT NULL, until TEXT, duration_minutes INTEGER, project_id TEXT,"
        " made_at TEXT NOT NULL, recorded_at TEXT NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS dl_series_handle ON dl_series (handle)",
    # kind: moved (occurrence_at -> starts_at) | cancelled (occurrence_at) | ended
    (
        "CREATE TABLE IF NOT EXISTS dl_series_changes ("
        " series_id TEXT NOT NULL, position BIGINT NOT NULL, kind TEXT NOT NULL, occurrence_at TEXT, starts_at TEXT,"
        " duration_minutes INTEGER, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (series_id, position))"
    ),
)


_HANDLED = ("SeriesScheduled", "SeriesOccurrenceMoved", "SeriesOccurrenceCancelled", "SeriesEnded")  # by name: events.series loads on the first


class SeriesView:
    """Recurring appointments and the changes to their occurrences."""

    name = "series"
    version = 1
    tables = ("dl_series", "dl_series_changes")
    ddl = DDL

    def apply(self, cur: Cursor, batch: Sequence[Entry]) -> None:
        handled = list(typed(batch, _HANDLED))
        if not handled:
            return
        from events.series import SeriesEnded, SeriesOccurrenceCancelled, SeriesOccurrenceMoved, SeriesScheduled

        changes: list[tuple[Any, ...]] = []
        for position, e in handled:
            times = (db_time(e.occurred_at), db_time(e.recorded_at))
            if isinstance(e, SeriesScheduled):
                cur.execute(
                    "INSERT INTO dl_series VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        e.originator_id.hex, e.originator_id.hex[:7], e.text, e.cron, e.zone, db_time(e.starts_at),
                        db_time(e.until), e.duration_minutes, hex_id(e.project_id), *times,
                    ),
                )
            elif isinstance(e, SeriesOccurrenceMoved):
                changes.append((e.originator_id.hex, position, "moved", db_time(e.occurrence_at), db_time(e.starts_at), e.duration_minutes, *times))
            elif isinstance(e, SeriesOccurrenceCancelled):
                changes.append((e.originator_id.hex, position, "cancelled", db_time(e.occurrence_at), None, None, *times))
            elif isinstance(e, SeriesEnded):
                changes.append((e.originator_id.hex, position, "ended", None, None, None, *times))
        cur.insert("dl_series_changes", changes)
