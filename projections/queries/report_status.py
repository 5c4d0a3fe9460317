"""Where scheduled reports stand: each schedule with its next fire and the reports it owes, and each
report produced with its delivery (call ``catch_up`` first). Read from the view alone."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from engine.rules.report_due import next_due, owed
from projections.queries.report_schedules import (
    ReportRun,
    ScheduleRow,
    report_runs,
    schedule_rows,
)

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["report_status"]


def _iso(moment: datetime | None, tz: tzinfo) -> str | None:
    return None if moment is None else moment.astimezone(tz).isoformat()


def _schedule(row: ScheduleRow, runs: list[ReportRun], now: datetime, tz: tzinfo) -> dict[str, Any]:
    mine = [r for r in runs if r.schedule_id == row.id]
    waiting = [] if row.ended_at is not None else owed(row.fires, row.zone, row.period, row.week_start, {r.period: r.due_at for r in mine}, now)
    return {
        "id": row.id,
        "handle": row.handle,
        "status": row.status,
        "cron": row.cron,
        "zone": row.zone,
        "period": row.period,
        "week_start": row.week_start,
        "format": row.format,
        "to": row.to_dir,
        "post": row.post_url,
        "headers": sorted(row.headers),  # names only: values may be secrets
        "header_env": row.header_env,
        "since": _iso(row.since, tz),
        "ended_at": _iso(row.ended_at, tz),
        "next_due": _iso(next_due(row.fires, row.zone, now), tz),
        "due_now": [d.name for d in waiting],  # due and not produced: the next run-due makes them
        "produced": len(mine),
        "undelivered": sum(1 for r in mine if r.delivery in ("pending", "failed")),
    }


def _run(run: ReportRun, handles: dict[str, str], tz: tzinfo) -> dict[str, Any]:
    return {
        "schedule": handles.get(run.schedule_id),
        "schedule_id": run.schedule_id,
        "period": run.period,
        "first_day": run.first_day.isoformat(),
        "last_day": run.last_day.isoformat(),
        "due_at": _iso(run.due_at, tz),
        "produced_at": _iso(run.produced_at, tz),
        "known_at": _iso(run.known_at, tz),
        "format": run.format,
        "file": run.file,
        "sha256": run.sha256,
        "size": run.size,
        "delivery": {
            "state": run.delivery,
            "attempts": run.attempts,
            "tries": run.tries,
            "status_code": run.status_code,
            "last_error": run.last_error,
            "last_tried_at": _iso(run.last_tried_at, tz),
            "delivered_at": _iso(run.delivered_at, tz),
        },
    }


def report_status(db: Database, *, now: datetime, tz: tzinfo, include_ended: bool = True) -> dict[str, Any]:
    """{"schedules": [...], "reports": [...]}, JSON-ready, times in ``tz``."""
    rows = schedule_rows(db, include_ended=include_ended)
    runs = report_runs(db)
    handles = {r.id: r.handle for r in rows}
    return {
        "schedules": [_schedule(r, runs, now, tz) for r in rows],
        "reports": [_run(r, handles, tz) for r in runs if r.schedule_id in handles],
    }
