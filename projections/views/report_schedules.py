"""Scheduled reports as rows: each schedule, and each report it produced with its delivery so far.

Read by ``report status`` (without loading any aggregate) and by ``report run-due`` to find the
schedules; whether a report is due or delivered is decided on the schedule's own events.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from projections.views.base import Cursor, db_time
from projections.views.entries import Entry, typed

__all__ = ["ReportSchedulesView"]

DDL = (
    ("CREATE TABLE IF NOT EXISTS dl_report_schedules ("
    " id TEXT PRIMARY KEY, handle TEXT NOT NULL, cron TEXT NOT NULL, zone TEXT NOT NULL, since TEXT NOT NULL,"
    " period TEXT NOT NULL, week_start TEXT NOT NULL, format TEXT NOT NULL, to_dir TEXT, post_url TEXT,"
    " headers TEXT NOT NULL, header_env TEXT NOT NULL, made_at TEXT NOT NULL, recorded_at TEXT NOT NULL, ended_at TEXT)"),
    "CREATE INDEX IF NOT EXISTS dl_report_schedules_handle ON dl_report_schedules (handle)",
    # delivery: none (nowhere to post) | pending (not tried yet) | failed (tried, will be again) | delivered
    ("CREATE TABLE IF NOT EXISTS dl_report_runs ("
    " schedule_id TEXT NOT NULL, period TEXT NOT NULL, first_day TEXT NOT NULL, last_day TEXT NOT NULL,"
    " due_at TEXT NOT NULL, format TEXT NOT NULL, file TEXT, sha256 TEXT NOT NULL, size BIGINT NOT NULL,"
    " known_at TEXT NOT NULL, produced_at TEXT NOT NULL, delivery TEXT NOT NULL, attempts INTEGER NOT NULL,"
    " tries INTEGER NOT NULL, status_code INTEGER, last_error TEXT, last_tried_at TEXT, delivered_at TEXT,"
    " PRIMARY KEY (schedule_id, period))"),
)

# By name: events.report loads on the first of them.
_HANDLED = ("ReportScheduled", "ReportScheduleEnded", "ReportScheduleWithdrawn", "ReportProduced", "ReportDelivered", "ReportDeliveryFailed")


class ReportSchedulesView:
    """Report schedules, their reports, and where each delivery stands."""

    name = "report_schedules"
    version = 1
    tables = ("dl_report_schedules", "dl_report_runs")
    ddl = DDL

    def apply(self, cur: Cursor, batch: Sequence[Entry]) -> None:
        handled = list(typed(batch, _HANDLED))
        if not handled:
            return
        from events.report import ReportDelivered, ReportProduced, ReportScheduled, ReportScheduleEnded, ReportScheduleWithdrawn

        for _position, e in handled:
            sid = e.originator_id.hex
            if isinstance(e, ReportScheduled):
                cur.execute(
                    "INSERT INTO dl_report_schedules VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        sid, sid[:7], e.cron, e.zone, db_time(e.since), e.period, e.week_start, e.format, e.to_dir, e.post_url,
                        json.dumps(e.headers), json.dumps(e.header_env), db_time(e.occurred_at), db_time(e.recorded_at), None,
                    ),
                )
            elif isinstance(e, ReportScheduleWithdrawn):  # an undo: the schedule never made, or never ended
                if e.withdrawn_version == 1:
                    cur.execute("DELETE FROM dl_report_runs WHERE schedule_id = ?", (sid,))
                    cur.execute("DELETE FROM dl_report_schedules WHERE id = ?", (sid,))
                else:
                    cur.execute("UPDATE dl_report_schedules SET ended_at = NULL WHERE id = ?", (sid,))
            elif isinstance(e, ReportScheduleEnded):
                cur.execute("UPDATE dl_report_schedules SET ended_at = ? WHERE id = ?", (db_time(e.occurred_at), sid))
            elif isinstance(e, ReportProduced):
                row = cur.execute("SELECT post_url FROM dl_report_schedules WHERE id = ?", (sid,)).fetchone()
                delivery = "pending" if row is not None and row[0] else "none"
                cur.execute(
                    "INSERT INTO dl_report_runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        sid, e.period, e.first_day.isoformat(), e.last_day.isoformat(), db_time(e.due_at), e.format, e.file,
                        e.sha256, e.size, db_time(e.known_at), db_time(e.occurred_at), delivery, 0, 0, None, None, None, None,
                    ),
                )
            elif isinstance(e, ReportDelivered):
                cur.execute(
                    "UPDATE dl_report_runs SET delivery = 'delivered', attempts = attempts + ?, tries = tries + 1, status_code = ?,"
                    " last_tried_at = ?, delivered_at = ? WHERE schedule_id = ? AND period = ?",
                    (e.attempts, e.status_code, db_time(e.occurred_at), db_time(e.occurred_at), sid, e.period),
                )
            else:
                cur.execute(
                    "UPDATE dl_report_runs SET delivery = 'failed', attempts = attempts + ?, tries = tries + 1, status_code = ?,"
                    " last_error = ?, last_tried_at = ? WHERE schedule_id = ? AND period = ?",
                    (e.attempts, e.status_code, e.reason, db_time(e.occurred_at), sid, e.period),
                )
