"""Reading readings and cached paper metadata from the read models (call ``catch_up`` first)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from projections.views.base import db_time

if TYPE_CHECKING:
    from engine.storage.database import Database
    from projections.views.base import Cursor

__all__ = ["ReadingRow", "cached_papers", "reading_versions", "readings"]


@dataclass(frozen=True, slots=True)
class ReadingRow:
    id: str
    arxiv_id: str | None
    title: str
    occurred_at: datetime
    version: int
    enriched_status: str | None


def readings(db: Database, *, since: datetime | None = None) -> list[ReadingRow]:
    """Every reading (that happened at or after ``since``), oldest first."""
    if not db.exists:
        return []
    sql = "SELECT id, arxiv_id, title, occurred_at, version, enriched_status FROM dl_readings"
    params: tuple[Any, ...] = ()
    if since is not None:
        sql += " WHERE occurred_at >= ?"
        params = (db_time(since),)
    with db.read() as cur:
        rows = cur.execute(sql + " ORDER BY occurred_at, id", params).fetchall()
    return [ReadingRow(r[0], r[1], r[2], datetime.fromisoformat(r[3]), int(r[4]), r[5]) for r in rows]


def cached_papers(db: Database, arxiv_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The latest metadata recorded for each of ``arxiv_ids`` that has any (ReadingEnriched's fields)."""
    wanted = sorted(set(arxiv_ids))
    if not wanted or not db.exists:
        return {}
    out: dict[str, dict[str, Any]] = {}
    with db.read() as cur:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for arxiv_id, metadata in cur.execute(f"SELECT arxiv_id, metadata FROM dl_papers WHERE arxiv_id IN ({marks})", chunk):
                out[arxiv_id] = json.loads(metadata)
    return out


def reading_versions(cur: Cursor, ids: Iterable[str]) -> dict[str, tuple[int, str | None]]:
    """(version, enrichment status) of each reading of ``ids``, read in the caller's transaction."""
    wanted = sorted(set(ids))
    out: dict[str, tuple[int, str | None]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for rid, version, status in cur.execute(f"SELECT id, version, enriched_status FROM dl_readings WHERE id IN ({marks})", chunk).fetchall():
            out[rid] = (int(version), status)
    return out
