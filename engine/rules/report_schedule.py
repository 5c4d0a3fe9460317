"""The report schedule aggregate: its settings and reports folded from events, and its rules.

Pure: events in, state out; state and a stamp in, events out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import Any
from uuid import UUID

from engine.rules.cron import Rule, Schedule, check_cron, zone_of
from engine.rules.errors import InvalidInputError, RuleViolationError
from engine.rules.stamp import Stamp
from events.base import LedgerEvent
from events.report import (
    ReportDelivered,
    ReportDeliveryFailed,
    ReportProduced,
    ReportScheduled,
    ReportScheduleEnded,
    ReportScheduleWithdrawn,
)

__all__ = [
    "AlreadyDone",
    "Produced",
    "ReportSchedule",
    "check_url",
    "define",
    "delivered",
    "delivery_failed",
    "end",
    "parse_header_envs",
    "parse_headers",
    "produced",
    "schedule_from",
]

PERIODS = ("day", "week", "month")
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")  # an HTTP header name (RFC 9110 token)
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Produced:
    """A report the schedule produced, and what became of its delivery."""

    event: ReportProduced
    delivered: ReportDelivered | None = None
    failures: tuple[ReportDeliveryFailed, ...] = ()


@dataclass(frozen=True)
class ReportSchedule:
    """A schedule as its events leave it."""

    id: UUID
    version: int
    settings: ReportScheduled
    ended_at: datetime | None
    reports: tuple[Produced, ...]

    @property
    def label(self) -> str:
        return f"report schedule {self.id.hex[:7]}"

    @property
    def fires(self) -> Schedule:
        """When it fires, as a routine's schedule (cron on the wall clock of its zone, until its end)."""
        s = self.settings
        return Schedule((Rule(s.cron, s.since),), ends_at=self.ended_at)

    def report(self, period: str) -> Produced | None:
        return self._by_period.get(period)

    @cached_property
    def _by_period(self) -> dict[str, Produced]:
        return {r.event.period: r for r in self.reports}

    def undelivered(self) -> list[Produced]:
        """Produced reports a delivery target has not accepted yet, oldest first."""
        if self.settings.post_url is None:
            return []
        return [r for r in self.reports if r.delivered is None]


def schedule_from(events: Iterable[LedgerEvent]) -> ReportSchedule | None:
    """The schedule its events describe (None for no events). One pass, each event once: a daily
    schedule gathers thousands of reports over the years, each with its deliveries."""
    settings: ReportScheduled | None = None
    ended_at: datetime | None = None
    version = 0
    reports: dict[str, Produced] = {}  # by period, in the order produced (a period is produced once)
    for e in events:
        if isinstance(e, ReportScheduled):
            settings, ended_at, version, reports = e, None, 1, {}
            continue
        assert settings is not None, f"{type(e).__name__} before ReportScheduled"
        if isinstance(e, ReportScheduleWithdrawn):  # an undo (only ever of its last change: the schedule, or its end)
            if e.withdrawn_version == 1:
                return None
            ended_at = None
        elif isinstance(e, ReportScheduleEnded):
            ended_at = e.occurred_at
        elif isinstance(e, ReportProduced):
            reports[e.period] = Produced(e)
        elif isinstance(e, ReportDelivered | ReportDeliveryFailed):
            r = reports.get(e.period)
            if r is not None:
                reports[e.period] = _delivery(r, e)
        else:
            raise TypeError(f"{type(e).__name__} does not apply to a report schedule")
        version = e.originator_version
    if settings is None:
        return None
    return ReportSchedule(settings.originator_id, version, settings, ended_at, tuple(reports.values()))


def _delivery(r: Produced, e: ReportDelivered | ReportDeliveryFailed) -> Produced:
    if isinstance(e, ReportDelivered):
        return replace(r, delivered=e)
    return replace(r, failures=(*r.failures, e))


def parse_headers(values: Sequence[str]) -> dict[str, str]:
    """``Name: value`` pairs as typed, checked (a header name, a value of one line)."""
    headers: dict[str, str] = {}
    for raw in values:
        name, colon, value = raw.partition(":")
        name, value = name.strip(), value.strip()
        if not colon or not _TOKEN.match(name) or not value:
            raise InvalidInputError(f"--header {raw!r} is not 'Name: value'")
        if any(c in value for c in "\r\n\0") or not value.isascii():
            raise InvalidInputError(f"--header {name}: the value must be one line of ASCII text")
        headers[name] = value
    return headers


def parse_header_envs(values: Sequence[str]) -> dict[str, str]:
    """``Name=ENVVAR`` pairs: the header ``Name`` gets the value of ``$ENVVAR`` when delivering."""
    envs: dict[str, str] = {}
    for raw in values:
        name, eq, var = raw.partition("=")
        name, var = name.strip(), var.strip()
        if not eq or not _TOKEN.match(name) or not _ENV_NAME.match(var):
            raise InvalidInputError(f"--header-env {raw!r} is not 'Name=ENVVAR' (a header name and an environment variable)")
        envs[name] = var
    return envs


def check_url(url: str) -> str:
    """An http(s) URL with a host, or InvalidInputError."""
    import httpx

    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as e:
        raise InvalidInputError(f"--post {url!r} is not a URL: {e}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidInputError(f"--post {url!r} is not an http:// or https:// URL")
    return str(parsed)


def define(
    schedule_id: UUID,
    stamp: Stamp,
    *,
    cron: str,
    zone: str,
    period: str = "week",
    week_start: str = "mon",
    fmt: str = "md",
    to_dir: str | None = None,
    post_url: str | None = None,
    headers: Mapping[str, str] | None = None,
    header_env: Mapping[str, str] | None = None,
) -> list[LedgerEvent]:
    """A new schedule, its first fire after now (the moment it is recorded)."""
    cleaned = check_cron(cron, since=stamp.occurred_at, tz=zone_of(zone))
    if period not in PERIODS:
        raise InvalidInputError(f"--period must be one of {', '.join(PERIODS)}, not {period!r}")
    if to_dir is None and post_url is None:
        raise InvalidInputError("a scheduled report needs somewhere to go: give --to DIR, --post URL, or both")
    clash = sorted(set(headers or {}) & set(header_env or {}))
    if clash:
        raise InvalidInputError(f"header {clash[0]} is given both as --header and --header-env")
    if (headers or header_env) and post_url is None:
        raise InvalidInputError("--header and --header-env are sent with --post URL; there is none")
    return [
        ReportScheduled(
            **stamp.fields(schedule_id, 1),
            cron=cleaned,
            zone=zone,
            since=stamp.occurred_at,
            period=period,  # type: ignore[arg-type]
            week_start=week_start,  # type: ignore[arg-type]
            format=fmt,  # type: ignore[arg-type]
            to_dir=to_dir,
            post_url=None if post_url is None else check_url(post_url),
            headers=dict(headers or {}),
            header_env=dict(header_env or {}),
        )
    ]


def _live(s: ReportSchedule) -> None:
    if s.ended_at is not None:
        raise RuleViolationError(f"{s.label} has ended")


def end(s: ReportSchedule, stamp: Stamp, reason: str | None = None) -> list[LedgerEvent]:
    """Stop the schedule: no more reports, no more deliveries."""
    _live(s)
    return [ReportScheduleEnded(**stamp.fields(s.id, s.version + 1), reason=reason)]


def produced(s: ReportSchedule, stamp: Stamp, report: Mapping[str, Any]) -> list[LedgerEvent]:
    """Mark the report of a period produced; raises AlreadyDone when another run did it first."""
    _live_or_done(s)
    if s.report(report["period"]) is not None:
        raise AlreadyDone(f"{s.label}: the report of {report['period']} is already produced")
    return [ReportProduced(**stamp.fields(s.id, s.version + 1), **report)]


def delivered(s: ReportSchedule, stamp: Stamp, period: str, *, url: str, status_code: int, attempts: int) -> list[LedgerEvent]:
    """Mark a report delivered; raises AlreadyDone when another run did it first."""
    _pending(s, period)
    return [ReportDelivered(**stamp.fields(s.id, s.version + 1), period=period, url=url, status_code=status_code, attempts=attempts)]


def delivery_failed(
    s: ReportSchedule, stamp: Stamp, period: str, *, url: str, reason: str, attempts: int, status_code: int | None
) -> list[LedgerEvent]:
    """Record a failed try to deliver a report (it stays pending); AlreadyDone if another run delivered it."""
    _pending(s, period)
    return [
        ReportDeliveryFailed(
            **stamp.fields(s.id, s.version + 1), period=period, url=url, reason=reason, attempts=attempts, status_code=status_code
        )
    ]


def _live_or_done(s: ReportSchedule) -> None:
    if s.ended_at is not None:
        raise AlreadyDone(f"{s.label} has ended")


def _pending(s: ReportSchedule, period: str) -> None:
    _live_or_done(s)
    r = s.report(period)
    if r is None:
        raise RuleViolationError(f"{s.label} has no report of {period}")
    if r.delivered is not None:
        raise AlreadyDone(f"{s.label}: the report of {period} is already delivered")


class AlreadyDone(Exception):
    """Another run (or an unschedule) got there first: nothing to record. Not a user error."""

