"""Facts about scheduled reports: a schedule, each report it produced, and each try to deliver one.

A schedule is an aggregate; everything that happens to it and its reports is an event on it, so a
report is marked produced (or delivered) with the schedule's next version: two writers doing the
same work at once conflict, and only one of them records it.
"""

from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, Field

from events.base import LedgerEvent

__all__ = ["ReportDelivered", "ReportDeliveryFailed", "ReportProduced", "ReportScheduleEnded", "ReportScheduleWithdrawn", "ReportScheduled"]


class ReportScheduled(LedgerEvent):
    """Reports of each ``period`` closed by a fire of ``cron`` (read on the wall clock of ``zone``)
    from ``since`` on, in ``format``, written to ``to_dir`` and/or posted to ``post_url``.

    ``headers`` are sent as given; ``header_env`` names, for each header, the environment variable
    that holds its value when the report is delivered (so a token need not be in the ledger)."""

    cron: str = Field(min_length=1)
    zone: str = Field(min_length=1)
    since: AwareDatetime
    period: Literal["day", "week", "month"] = "week"
    week_start: Literal["mon", "sun"] = "mon"
    format: Literal["md", "html", "json"] = "md"
    to_dir: str | None = None
    post_url: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    header_env: dict[str, str] = Field(default_factory=dict)


class ReportScheduleEnded(LedgerEvent):
    """No report is produced or delivered from now (occurred_at) on; the history stays."""

    reason: str | None = None


class ReportProduced(LedgerEvent):
    """The report of ``period`` (its name, e.g. ``2026-W17``), due at ``due_at``, was rendered as of
    ``as_of`` with what was known at ``known_at``; rendering it again with those gives the same bytes.

    Version 2 added ``compared``: whether a period of whole months was compared with the months
    before it (``months``) or, as every report of version 1 was, with as many days (``days``).
    """

    class_version = 2

    period: str = Field(min_length=1)
    first_day: date
    last_day: date
    due_at: AwareDatetime
    as_of: AwareDatetime
    known_at: AwareDatetime
    format: Literal["md", "html", "json"]
    file: str | None = None
    sha256: str = Field(min_length=64, max_length=64)
    size: int = Field(ge=0)
    compared: Literal["days", "months"]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 reports compared every period with as many days before it."""
        state.setdefault("compared", "days")


class ReportDelivered(LedgerEvent):
    """The report of ``period`` was accepted by ``url``."""

    period: str = Field(min_length=1)
    url: str = Field(min_length=1)
    status_code: int
    attempts: int = Field(ge=1)


class ReportDeliveryFailed(LedgerEvent):
    """A run could not deliver the report of ``period``; the next run tries again."""

    period: str = Field(min_length=1)
    url: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    attempts: int = Field(ge=0)
    status_code: int | None = None


class ReportScheduleWithdrawn(LedgerEvent):
    """An undo took back the schedule's event of version ``withdrawn_version`` (the schedule
    itself, or its end): read as never made. Reports it produced meanwhile stay in the history."""

    withdrawn_version: int = Field(ge=1)
