"""``report run-due``: produce every report that is due and not produced yet, then deliver what
has not been delivered, each recorded as an event on the schedule's aggregate.

Exactly once: a report is rendered and its file written, then ``ReportProduced`` is appended with
the schedule's next version. When another run got there first the append conflicts, the command
is re-run on fresh state, finds the report produced, and records nothing (the file it wrote holds
the same bytes; if not, the recorded report is written back). A run that dies between writing
the file and recording it leaves a file the next run writes again, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from uuid import UUID

from engine.commands.ledger import Ledger
from engine.commands.reports.delivery import deliver
from engine.commands.reports.rendering import render_period, reproduce, write_whole
from engine.rules import report_schedule as schedules
from engine.rules.report_due import Due, due_reports, file_name
from engine.rules.report_schedule import AlreadyDone, Produced, ReportSchedule
from engine.rules.stamp import Stamp
from events.base import LedgerEvent

__all__ = ["Outcome", "run_due"]


@dataclass(frozen=True)
class Outcome:
    """One thing a run did: produced a report, delivered one, or failed to deliver one."""

    schedule_id: str
    period: str
    action: str  # produced | delivered | delivery failed
    file: str | None = None
    detail: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "schedule": self.schedule_id[:7], "schedule_id": self.schedule_id, "period": self.period, "action": self.action,
            "file": self.file, "detail": self.detail,
        }


def run_due(ledger: Ledger, *, now: datetime) -> list[Outcome]:
    """Produce and deliver what is due at ``now`` for every schedule that has not ended."""
    ledger.work.level()
    outcomes: list[Outcome] = []
    for row in ledger.views.schedule_rows(ledger.db, include_ended=False):
        schedule_id = UUID(row.id)
        s = _load(ledger, schedule_id)
        for due in due_reports(s, now):
            produced = _produce(ledger, s, due, now)
            if produced is not None:
                outcomes.append(produced)
        outcomes += _deliver_pending(ledger, schedule_id, now)
    return outcomes


def _load(ledger: Ledger, schedule_id: UUID) -> ReportSchedule:
    s = schedules.schedule_from(ledger.store.history(schedule_id))
    assert s is not None, f"report schedule {schedule_id} has no events"
    return s


Change = Callable[[ReportSchedule, Stamp], list[LedgerEvent]]


def _record(ledger: Ledger, schedule_id: UUID, change: Change) -> bool:
    """Record what ``change`` makes of the schedule's fresh state; False when another run did it."""

    def build(stamp: Stamp) -> list[LedgerEvent]:
        return change(_load(ledger, schedule_id), stamp)

    try:
        ledger.record(build)
    except AlreadyDone:
        return False
    return True


def _produce(ledger: Ledger, s: ReportSchedule, due: Due, now: datetime) -> Outcome | None:
    settings = s.settings
    rendered = render_period(ledger.db, ledger.views, due.period, settings.format, now=now)
    path = None if settings.to_dir is None else Path(settings.to_dir) / file_name(due.name, settings.format)
    if path is not None:
        write_whole(path, rendered.content)
    file = None if path is None else str(path)
    fields: dict[str, object] = {
        "period": due.name, "first_day": due.period.first_day, "last_day": due.period.last_day, "due_at": due.due_at,
        "as_of": rendered.as_of, "known_at": rendered.known_at, "format": settings.format,
        "file": file, "sha256": rendered.sha256, "size": len(rendered.content),
        "compared": "months" if due.period.months else "days",
    }
    if _record(ledger, s.id, lambda fresh, stamp: schedules.produced(fresh, stamp, fields)):
        return Outcome(s.id.hex, due.name, "produced", file)
    # Another run recorded it first: make sure the file holds what that run recorded.
    fresh = _load(ledger, s.id)
    theirs = fresh.report(due.name)
    if path is not None and theirs is not None and theirs.event.sha256 != rendered.sha256:
        reproduce(ledger.db, ledger.views, fresh.settings, theirs.event, now=now)
    return None


def _deliver_pending(ledger: Ledger, schedule_id: UUID, now: datetime) -> list[Outcome]:
    """Try each undelivered report, oldest first; after a failure the rest wait for the next run
    (the endpoint is probably down: no point in waiting out its timeouts once per report)."""
    s = _load(ledger, schedule_id)
    if s.ended_at is not None:
        return []
    outcomes: list[Outcome] = []
    for r in s.undelivered():
        outcome = _deliver_one(ledger, s, r, now)
        if outcome is not None:
            outcomes.append(outcome)
            if outcome.action != "delivered":
                break
    return outcomes


def _deliver_one(ledger: Ledger, s: ReportSchedule, r: Produced, now: datetime) -> Outcome | None:
    settings, produced = s.settings, r.event
    url = settings.post_url
    assert url is not None
    content = reproduce(ledger.db, ledger.views, settings, produced, now=now)
    if content is None:
        reason = "the report cannot be reproduced byte for byte (its file is gone or changed, and rendering it again differs)"
        attempt_ok, attempts, status, why = False, 0, None, reason
    else:
        attempt = deliver(s.id, settings, produced, content)
        attempt_ok, attempts, status, why = attempt.ok, attempt.attempts, attempt.status_code, attempt.reason
    if attempt_ok:
        assert status is not None
        done = _record(ledger, s.id, lambda f, st: schedules.delivered(f, st, produced.period, url=url, status_code=status, attempts=attempts))
        return Outcome(s.id.hex, produced.period, "delivered", produced.file, f"{url} answered {status}") if done else None
    assert why is not None
    done = _record(
        ledger, s.id,
        lambda f, st: schedules.delivery_failed(f, st, produced.period, url=url, reason=why, attempts=attempts, status_code=status),
    )
    return Outcome(s.id.hex, produced.period, "delivery failed", produced.file, why) if done else None
