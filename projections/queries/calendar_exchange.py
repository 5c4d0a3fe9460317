"""Appointments as a calendar import sees them (call ``catch_up`` first)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from engine.rules.appointment import Appointment, start_from_text

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["KnownAppointments", "known_appointments"]


@dataclass
class KnownAppointments:
    """Every appointment as it is now, the ids of recurring ones and of everything else, and projects."""

    appointments: dict[UUID, Appointment]
    series_ids: set[UUID]
    projects: dict[str, UUID]  # normalised name -> id (the active project first)
    project_ids: set[UUID]
    task_ids: set[UUID]
    sequences: dict[UUID, int]  # the highest SEQUENCE a calendar import recorded, by appointment


def known_appointments(db: Database) -> KnownAppointments:
    """One snapshot of the appointments, recurring appointments, tasks and projects."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT id, version, text, starts_at, duration_minutes, status, scheduled_at FROM dl_appointments"
        ).fetchall()
        series = cur.execute("SELECT id FROM dl_series").fetchall()
        tasks = cur.execute("SELECT id FROM dl_tasks").fetchall()
        keys = cur.execute("SELECT key, originator_id FROM dl_import_keys WHERE kind = 'ics'").fetchall()
        projects = cur.execute(
            "SELECT id, norm_name FROM dl_projects ORDER BY status='archived' DESC, started_at DESC"
        ).fetchall()
    return KnownAppointments(
        appointments={
            UUID(r[0]): Appointment(
                UUID(r[0]), int(r[1]), r[2], start_from_text(r[3]), r[4], r[5], datetime.fromisoformat(r[6])
            )
            for r in rows
        },
        series_ids={UUID(r[0]) for r in series},
        projects={norm: UUID(pid) for pid, norm in projects},
        project_ids={UUID(pid) for pid, _ in projects},
        task_ids={UUID(r[0]) for r in tasks},
        sequences=_sequences(keys),
    )


def _sequences(keys: list[tuple[str, str]]) -> dict[UUID, int]:
    out: dict[UUID, int] = {}
    for key, originator in keys:
        _, _, seq = key.rpartition("|seq=")
        if seq.isdigit():
            oid = UUID(originator)
            out[oid] = max(out.get(oid, 0), int(seq))
    return out
