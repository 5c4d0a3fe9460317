"""Readings and what arXiv said about their papers: the enrich command's worklist and cache.

``dl_readings`` has one row per reading (its id as the note gave it, its version, and the
status of its latest enrichment); ``dl_papers`` has one row per arXiv id: the latest metadata
fetched for it (any reading's), so a paper read twice is fetched once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from projections.views.base import Cursor, db_time
from projections.views.entries import Entry, typed

if TYPE_CHECKING:
    from events import LedgerEvent

__all__ = ["METADATA_FIELDS", "ReadingsView"]

DDL = (
    (
        "CREATE TABLE IF NOT EXISTS dl_readings ("
        " id TEXT PRIMARY KEY, arxiv_id TEXT, title TEXT NOT NULL, occurred_at TEXT NOT NULL,"
        " version INTEGER NOT NULL, enriched_status TEXT, enriched_at TEXT, position BIGINT NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS dl_readings_occurred ON dl_readings (occurred_at)",
    (
        "CREATE TABLE IF NOT EXISTS dl_papers ("
        " arxiv_id TEXT PRIMARY KEY, status TEXT NOT NULL, metadata TEXT NOT NULL, fetched_at TEXT NOT NULL,"
        " position BIGINT NOT NULL)"
    ),
)

# The fields of ReadingEnriched that describe the paper (not the event).
METADATA_FIELDS = (
    "arxiv_id", "status", "fetched_from", "title", "authors", "abstract", "categories", "primary_category",
    "published", "updated", "latest_version", "comment", "doi",
)


class ReadingsView:
    """Readings with their enrichment status, and the latest metadata per arXiv id."""

    name = "readings"
    version = 1
    tables = ("dl_readings", "dl_papers")
    ddl = DDL

    def apply(self, cur: Cursor, batch: Sequence[Entry]) -> None:
        for position, event in typed(batch, ("ReadingLogged", "ReadingEnriched")):  # events.reading loads on the first
            _apply(cur, position, event)


def _apply(cur: Cursor, position: int, e: LedgerEvent) -> None:
    from events.reading import ReadingEnriched, ReadingLogged

    if isinstance(e, ReadingLogged):
        cur.execute(
            "INSERT INTO dl_readings VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING",
            (e.originator_id.hex, e.arxiv_id, e.title, db_time(e.occurred_at), e.originator_version, None, None, position),
        )
    elif isinstance(e, ReadingEnriched):
        cur.execute(
            "UPDATE dl_readings SET version=?, enriched_status=?, enriched_at=?, position=? WHERE id=?",
            (e.originator_version, e.status, db_time(e.recorded_at), position, e.originator_id.hex),
        )
        metadata = json.dumps(e.model_dump(mode="json", include=set(METADATA_FIELDS)), ensure_ascii=False)
        cur.execute(
            "INSERT INTO dl_papers VALUES (?,?,?,?,?) ON CONFLICT (arxiv_id) DO UPDATE SET "
            "status=excluded.status, metadata=excluded.metadata, fetched_at=excluded.fetched_at, position=excluded.position",
            (e.arxiv_id, e.status, metadata, db_time(e.recorded_at), position),
        )
