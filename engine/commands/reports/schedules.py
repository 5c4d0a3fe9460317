"""Report schedule commands, recorded through the ledger: one command, one atomic save."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine.commands.ledger import Ledger
from engine.rules import report_schedule as schedules
from engine.rules.clock import zone_name
from engine.rules.errors import InvalidInputError
from engine.rules.lookup import resolve_preferring
from engine.rules.stamp import Stamp
from events.base import LedgerEvent

__all__ = ["find_schedule", "schedule_report", "unschedule_report"]


def _folder(to_dir: str | None) -> str | None:
    """The report folder as an absolute path (run-due runs from cron, in another folder)."""
    if to_dir is None:
        return None
    path = Path(to_dir).expanduser().absolute()
    if path.exists() and not path.is_dir():
        raise InvalidInputError(f"--to {to_dir}: {path} is a file, not a folder")
    return str(path)


def schedule_report(
    ledger: Ledger,
    *,
    cron: str,
    period: str = "week",
    week_start: str = "mon",
    fmt: str = "md",
    to_dir: str | None = None,
    post_url: str | None = None,
    headers: Sequence[str] = (),
    header_env: Sequence[str] = (),
) -> str:
    """Set up a report schedule; returns its id (hex)."""
    parsed_headers = schedules.parse_headers(headers)
    parsed_env = schedules.parse_header_envs(header_env)
    folder = _folder(to_dir)
    try:
        zone = zone_name(ledger.tz)
    except ValueError as e:
        raise InvalidInputError(str(e)) from None
    schedule_id = ledger.new_id()

    def build(stamp: Stamp) -> list[LedgerEvent]:
        return schedules.define(
            schedule_id, stamp, cron=cron, zone=zone, period=period, week_start=week_start, fmt=fmt,
            to_dir=folder, post_url=post_url, headers=parsed_headers, header_env=parsed_env,
        )

    ledger.record(build)
    return schedule_id.hex


def find_schedule(ledger: Ledger, ref: str, *, include_ended: bool = False) -> str:
    """The id of the schedule ``ref`` names (a handle, an id, or a piece of its cron, period or target)."""
    ledger.work.level()
    return resolve_preferring(
        ref,
        lambda: ledger.views.schedule_refs(ledger.db, include_ended=include_ended), "report schedule",
        lambda: ledger.views.schedule_refs(ledger.db, include_ended=True), "report schedule",
    )


def unschedule_report(ledger: Ledger, ref: str) -> str:
    """End the schedule ``ref`` names: no more reports or deliveries; returns its id (hex)."""
    schedule_id = find_schedule(ledger, ref)

    ledger.change(schedule_id, schedules.schedule_from, schedules.end)
    return schedule_id
