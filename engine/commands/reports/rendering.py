"""Rendering a scheduled report, and getting the exact bytes of one produced earlier.

A report is rendered as of its period's end with what the ledger knew at a stated moment (its
knowledge horizon when first produced); rendering it again with that moment gives the same bytes,
which the recorded sha256 checks. Files are written whole or not at all (``engine.storage.files``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from engine.rules.cron import zone_of
from engine.rules.errors import InvalidInputError
from engine.rules.period import Period, period_of_days, week_of
from engine.storage import files
from events.report import ReportProduced, ReportScheduled

if TYPE_CHECKING:
    from engine.commands.ports import ReportViews
    from engine.storage.database import Database

__all__ = ["Rendered", "period_of", "render_period", "reproduce", "sha256_of", "write_whole"]


@dataclass(frozen=True)
class Rendered:
    """A report's bytes and the two moments it was computed for."""

    content: bytes
    as_of: datetime
    known_at: datetime

    @property
    def sha256(self) -> str:
        return sha256_of(self.content)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def render_period(
    db: Database, views: ReportViews, period: Period, fmt: str, *, now: datetime, known_at: datetime | None = None
) -> Rendered:
    """The report of ``period`` in ``fmt``, known at ``known_at`` (default: the knowledge horizon now)."""
    text, as_of, known = views.render_report(db, period, fmt, now=now, known_at=known_at)
    return Rendered(text.encode("utf-8"), as_of, known)


def period_of(settings: ReportScheduled, produced: ReportProduced) -> Period:
    """The period a produced report covers."""
    tz = zone_of(settings.zone)
    if settings.period == "week":
        return week_of(produced.first_day, tz, settings.week_start)
    return period_of_days(produced.first_day, produced.last_day, tz, calendar=produced.compared == "months")


def reproduce(db: Database, views: ReportViews, settings: ReportScheduled, produced: ReportProduced, *, now: datetime) -> bytes | None:
    """The produced report's bytes: from its file when that still holds them, else rendered again
    (and the file written back). None when neither gives the recorded sha256."""
    if produced.file is not None:
        try:
            content = Path(produced.file).read_bytes()
        except OSError:
            content = None
        if content is not None and sha256_of(content) == produced.sha256:
            return content
    again = render_period(db, views, period_of(settings, produced), produced.format, now=now, known_at=produced.known_at)
    if again.sha256 != produced.sha256:
        return None
    if produced.file is not None:
        write_whole(Path(produced.file), again.content)
    return again.content


def write_whole(path: Path, content: bytes) -> None:
    """Write the report ``content`` to ``path`` whole or not at all, making its folder when missing."""
    try:
        files.make_private_folder(path.parent)
    except OSError as e:
        raise InvalidInputError(f"cannot make the report folder {path.parent}: {e.strerror}") from e
    try:
        files.write_whole(path, content)
    except OSError as e:
        raise InvalidInputError(f"cannot write the report {path}: {e.strerror}") from e
