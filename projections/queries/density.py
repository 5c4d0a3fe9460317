"""Where the ledger's events lie in time, for the web page's slider: how many events each day
holds (the strip above the slider), and the moments to step through one event at a time, on
either axis (``occurred_at``: your life, ``as_of``; ``recorded_at``: the ledger's knowledge,
``known_at``). Read from the facts view (call ``catch_up`` first); times are UTC."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["Density", "event_density", "facts_head"]

Axis = Literal["occurred_at", "recorded_at"]


@dataclass(frozen=True)
class Density:
    """Events per UTC day (``YYYY-MM-DD`` -> count, in order) and the distinct seconds holding an
    event (``YYYY-MM-DDTHH:MM:SS``, in order, at most ``limit`` spread evenly over all of them)."""

    days: dict[str, int]
    moments: list[str]


def event_density(db: Database, axis: Axis, *, until: str, limit: int = 2000) -> Density:
    """The density of events along ``axis`` up to ``until`` (UTC ISO text, e.g. now)."""
    assert axis in ("occurred_at", "recorded_at")
    with db.read() as cur:
        days = cur.execute(
            f"SELECT substr({axis}, 1, 10), COUNT(*) FROM dl_facts WHERE {axis} <= ? GROUP BY substr({axis}, 1, 10) ORDER BY 1", (until,)
        ).fetchall()
        moments = [m for (m,) in cur.execute(f"SELECT DISTINCT substr({axis}, 1, 19) FROM dl_facts WHERE {axis} <= ? ORDER BY 1", (until,)).fetchall()]
    if len(moments) > limit:
        step = len(moments) / limit
        moments = [moments[int(i * step)] for i in range(limit - 1)] + [moments[-1]]
    return Density({str(d): int(n) for d, n in days}, moments)


def facts_head(db: Database) -> int:
    """The position of the newest fact (0 for none): the density changes only when it does."""
    with db.read() as cur:
        (head,) = cur.execute("SELECT MAX(position) FROM dl_facts").fetchone()
    return int(head or 0)
