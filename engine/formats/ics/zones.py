"""Time zones as calendars name them: IANA, Windows and vendor TZIDs, and fixed offsets."""

from __future__ import annotations

from datetime import UTC, datetime, timezone, tzinfo

__all__ = ["at_fixed_offset", "iana_zone", "zone_text"]


def iana_zone(name: str) -> str | None:
    """The IANA zone a TZID names: itself, its Windows name in the CLDR mapping icalendar ships
    (``W. Europe Standard Time``), or the IANA name at the end of a "globally unique" TZID
    (``/freeassociation.sourceforge.net/Tzfile/Europe/Berlin``, as Evolution and Thunderbird write)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    cleaned = name.strip().strip("/")
    parts = cleaned.split("/")
    for candidate in (WINDOWS_TO_OLSON.get(cleaned), *("/".join(parts[i:]) for i in range(len(parts)))):
        if not candidate or candidate.upper() == "UTC" or "/" not in candidate:
            continue
        try:
            ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
        return candidate
    return None


def zone_text(tz: tzinfo) -> str:
    return str(getattr(tz, "key", None) or tz)


def at_fixed_offset(moment: datetime) -> datetime:
    """The same moment at its own fixed offset: Python never finds a time in the repeated hour of
    a zone equal to one in another zone (PEP 495), so a stored time is compared at its offset."""
    offset = moment.utcoffset()
    return moment if offset is None else moment.astimezone(timezone(offset) if offset else UTC)
