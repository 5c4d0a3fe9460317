"""The user's time: the current moment and the user's time zone.

``DAYLEDGER_NOW`` (ISO 8601 with offset) freezes the clock for reproducible scripts and tests;
``--tz`` or ``DAYLEDGER_TZ`` or ``TZ`` names the zone, else the system's zone is used.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine.rules.errors import InvalidInputError

__all__ = ["now", "user_zone", "zone_name"]


def now() -> datetime:
    """The current moment, timezone-aware (UTC)."""
    frozen = os.environ.get("DAYLEDGER_NOW")
    if frozen:
        try:
            moment = datetime.fromisoformat(frozen)
        except ValueError:
            raise InvalidInputError(f"DAYLEDGER_NOW={frozen!r} is not an ISO 8601 time") from None
        if moment.tzinfo is None:
            raise InvalidInputError(f"DAYLEDGER_NOW={frozen!r} needs an offset, e.g. 2026-04-24T10:00+02:00")
        return moment.astimezone(UTC)
    return datetime.now(UTC)


def user_zone(name: str | None = None) -> tzinfo:
    """The named zone, or DAYLEDGER_TZ / TZ, or the system's zone."""
    name = name or os.environ.get("DAYLEDGER_TZ") or os.environ.get("TZ")
    if name:
        name = name.lstrip(":")
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInputError(f"unknown time zone {name!r} (use a name like Europe/Berlin or UTC)") from None
    try:
        from tzlocal import get_localzone

        return get_localzone()
    except Exception:  # noqa: BLE001 - a machine without zone data: UTC is the honest answer
        return UTC


def zone_name(tz: tzinfo) -> str:
    """The name a routine keeps for the zone its cron is read in."""
    key = getattr(tz, "key", None)
    if key:
        return str(key)
    if tz.utcoffset(datetime.now(UTC)) == UTC.utcoffset(None):
        return "UTC"
    raise ValueError(f"routines need a named time zone (like Europe/Berlin), not {tz}")
