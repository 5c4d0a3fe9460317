"""Reading report schedules and their reports from the view (call ``catch_up`` first)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from engine.rules.cron import Rule, Schedule

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["ReportRun", "ScheduleRow", "report_runs", "schedule_refs", "schedule_rows"]


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


@dataclass(frozen=True)
class ScheduleRow:
    """A report schedule as the view holds it."""

    id: str
    handle: str
    cron: str
    zone: str
    since: datetime
    period: str
    week_start: str
    format: str
    to_dir: str | None
    post_url: str | None
    headers: dict[str, str]
    header_env: dict[str, str]
    made_at: datetime
    ended_at: datetime | None

    @property
    def fires(self) -> Schedule:
        return Schedule((Rule(self.cron, self.since),), ends_at=self.ended_at)

    @property
    def status(self) -> str:
        return "active" if self.ended_at is None else "ended"

    @property
    def target(self) -> str:
        """Where its reports go, in words: ``DIR``, ``URL`` or ``DIR and URL``."""
        return " and ".join(t for t in (self.to_dir, self.post_url) if t)


@dataclass(frozen=True)
class ReportRun:
    """A report a schedule produced, and where its delivery stands."""

    schedule_id: str
    period: str
    first_day: date
    last_day: date
    due_at: datetime
    format: str
    file: str | None
    sha256: str
    size: int
    known_at: datetime
    produced_at: datetime
    delivery: str  # none | pending | failed | delivered
    attempts: int  # HTTP requests made, over every run
    tries: int  # runs that tried to deliver it
    status_code: int | None
    last_error: str | None
    last_tried_at: datetime | None
    delivered_at: datetime | None


def _schedule(row: Any) -> ScheduleRow:
    return ScheduleRow(
        row[0], row[1], row[2], row[3], datetime.fromisoformat(row[4]), row[5], row[6], row[7], row[8], row[9],
        json.loads(row[10]), json.loads(row[11]), datetime.fromisoformat(row[12]), _time(row[13]),
    )


def schedule_rows(db: Database, *, include_ended: bool = True, ids: list[str] | None = None) -> list[ScheduleRow]:
    """Schedules, oldest first."""
    sql = (
        "SELECT id, handle, cron, zone, since, period, week_start, format, to_dir, post_url, headers, header_env, made_at, ended_at"
        " FROM dl_report_schedules"
    )
    with db.read() as cur:
        rows = [_schedule(r) for r in cur.execute(sql + " ORDER BY made_at, id").fetchall()]
    return [r for r in rows if (include_ended or r.ended_at is None) and (ids is None or r.id in ids)]


def schedule_refs(db: Database, *, include_ended: bool = False) -> list[tuple[str, str, str, str]]:
    """(id, handle, words, status) of schedules, for looking one up by handle or by its cron."""
    return [(r.id, r.handle, f"{r.cron} {r.period} {r.target}", r.status) for r in schedule_rows(db, include_ended=include_ended)]


def report_runs(db: Database, schedule_id: str | None = None) -> list[ReportRun]:
    """Produced reports (of one schedule, or all), oldest due first."""
    sql = (
        "SELECT schedule_id, period, first_day, last_day, due_at, format, file, sha256, size, known_at, produced_at, delivery,"
        " attempts, tries, status_code, last_error, last_tried_at, delivered_at FROM dl_report_runs"
    )
    params: tuple[Any, ...] = ()
    if schedule_id is not None:
        sql += " WHERE schedule_id = ?"
        params = (schedule_id,)
    with db.read() as cur:
        rows = cur.execute(sql + " ORDER BY due_at, schedule_id", params).fetchall()
    return [
        ReportRun(
            r[0], r[1], date.fromisoformat(r[2]), date.fromisoformat(r[3]), datetime.fromisoformat(r[4]), r[5], r[6], r[7], int(r[8]),
            datetime.fromisoformat(r[9]), datetime.fromisoformat(r[10]), r[11], int(r[12]), int(r[13]), r[14], r[15], _time(r[16]),
            _time(r[17]),
        )
        for r in rows
    ]
