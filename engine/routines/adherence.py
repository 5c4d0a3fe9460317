"""How well a routine is kept: each occurrence's state, counts for a period, and streaks.

An occurrence is *done* or *skipped* when the user said so, *missed* when its window (until the
next occurrence) passed without either, *due* while its window is open, *upcoming* before it.
Streaks count consecutive done occurrences; a skip is a deliberate choice and neither breaks nor
extends a streak; a miss breaks it; the occurrence still due does not count yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Literal

from engine.routines.schedule import Schedule, Timeline, current_occurrence, next_occurrence, occurrences

__all__ = ["Adherence", "Occurrence", "adherence", "current_occurrence", "occurrence_states"]

State = Literal["done", "skipped", "missed", "due", "upcoming"]
Mark = Literal["done", "skipped"]


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a routine and what became of it."""

    at: datetime
    closes: datetime | None  # when its window ends: the next occurrence, or the routine's end
    state: State


@dataclass(frozen=True)
class Adherence:
    """Counts over a period, and streaks."""

    due: int  # occurrences whose time has come (done + skipped + missed + still due)
    done: int
    skipped: int
    missed: int
    pending: int  # due now, window still open
    current_streak: int
    longest_streak: int

    @property
    def rate(self) -> float | None:
        """Done out of those decided (done + missed); None before any."""
        decided = self.done + self.missed
        return None if decided == 0 else self.done / decided


def occurrence_states(
    schedule: Schedule,
    marks: Mapping[datetime, Mark],
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    tz: tzinfo,
    timeline: Timeline | None = None,
) -> list[Occurrence]:
    """The occurrences in [start, end) with their states at ``now``; ``marks`` by occurrence time.
    Asked of one routine many times, pass its ``timeline`` (of the same schedule and zone)."""
    times = timeline.between(start, end) if timeline is not None else occurrences(schedule, start, end, tz)
    if not times:
        return []
    after_last = next_occurrence(schedule, times[-1], tz)
    if schedule.ends_at is not None and (after_last is None or after_last > schedule.ends_at):
        after_last = schedule.ends_at
    result = []
    for i, at in enumerate(times):
        closes = times[i + 1] if i + 1 < len(times) else after_last
        mark = marks.get(at)
        state: State
        if mark is not None:
            state = mark
        elif at > now:
            state = "upcoming"
        elif closes is not None and closes <= now:
            state = "missed"
        else:
            state = "due"
        result.append(Occurrence(at, closes, state))
    return result


def adherence(occurrences_: Sequence[Occurrence]) -> Adherence:
    """Counts and streaks over occurrences in time order."""
    counts = {"done": 0, "skipped": 0, "missed": 0, "due": 0}
    streak = longest = 0
    for occ in occurrences_:
        if occ.state == "upcoming":
            continue
        counts[occ.state] += 1
        if occ.state == "done":
            streak += 1
            longest = max(longest, streak)
        elif occ.state == "missed":
            streak = 0
    return Adherence(
        due=sum(counts.values()),
        done=counts["done"],
        skipped=counts["skipped"],
        missed=counts["missed"],
        pending=counts["due"],
        current_streak=streak,
        longest_streak=longest,
    )
