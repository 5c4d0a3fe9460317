"""Posting a produced report to its schedule's address with httpx (see engine/storage/http.py for timeouts
and retries): the rendered bytes with their Content-Type (JSON reports are a JSON body), the
configured headers, and headers whose values come from the environment at delivery time.

Delivery is at least once: a run that dies after the endpoint accepted a report but before the
ledger recorded it posts it again next time. ``Idempotency-Key`` (the schedule's id and the
period) is the same on every try, so an endpoint can drop the repeat.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from engine.rules.report_due import file_name
from events.report import ReportProduced, ReportScheduled

__all__ = ["CONTENT_TYPES", "Attempt", "deliver", "request_headers"]

CONTENT_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True)
class Attempt:
    """What one run's delivery of one report came to."""

    ok: bool
    attempts: int
    status_code: int | None
    reason: str | None = None


class UnusableSecret(Exception):
    """A header's environment variable is not set, or holds what cannot be sent."""


def request_headers(schedule_id: UUID, settings: ReportScheduled, produced: ReportProduced, env: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The headers sent with a report; raises UnusableSecret naming an unset variable."""
    headers = {
        "Content-Type": CONTENT_TYPES[produced.format],
        "Content-Disposition": f'attachment; filename="{file_name(produced.period, produced.format)}"',
        "Idempotency-Key": f"{schedule_id.hex}-{produced.period}",
        **settings.headers,
    }
    for name, var in settings.header_env.items():
        value = env.get(var)
        if not value:
            raise UnusableSecret(f"environment variable {var} (for header {name}) is not set")
        if not value.isascii() or any(c in value for c in "\r\n\0"):
            raise UnusableSecret(f"environment variable {var} (for header {name}) is not one line of ASCII text")
        headers[name] = value
    return headers


def deliver(schedule_id: UUID, settings: ReportScheduled, produced: ReportProduced, content: bytes) -> Attempt:
    """Post the report once (with the policy's retries); never raises for what the endpoint did."""
    from engine.storage.http import HttpPolicy, PostFailed, new_client, post

    assert settings.post_url is not None
    try:
        headers = request_headers(schedule_id, settings, produced)
    except UnusableSecret as e:
        return Attempt(False, 0, None, str(e))
    policy = HttpPolicy.from_env()
    with new_client(policy) as client:
        client.follow_redirects = False  # a redirected POST may silently become a GET
        try:
            sent = post(client, settings.post_url, content=content, headers=headers, service="the report endpoint", policy=policy)
        except PostFailed as e:
            return Attempt(False, e.attempts, e.status_code, str(e))
    return Attempt(True, sent.attempts, sent.status_code)
