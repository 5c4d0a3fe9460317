"""Reading routines as they stood at any moment (call ``catch_up`` first)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from engine.rules.cron import Rule, Schedule, Timeline, zone_of

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["MARKS_BACK", "RoutineRow", "routine_refs", "routine_versions", "routines_as_of"]

_FAR = "9999-12-31T00:00:00.000000+00:00"
# How far back of a moment its routines' marks are read to know the occurrence due then: the
# current occurrence of the rarest schedule (yearly) lies within a year before it.
MARKS_BACK = timedelta(days=400)


@dataclass(frozen=True)
class RoutineRow:
    """A routine as of a moment: its schedule and marks then."""

    id: str
    handle: str
    text: str
    zone: str
    project: str | None
    status: str  # active | paused | ended
    schedule: Schedule
    marks: dict[datetime, str]  # occurrence (UTC) -> done | skipped
    defined_at: datetime

    @property
    def cron(self) -> str:
        """The cron expression in force most recently."""
        return self.schedule.rules[-1].cron

    @cached_property
    def timeline(self) -> Timeline:
        """Its occurrences, worked out once for every question a command asks of them."""
        return Timeline(self.schedule, zone_of(self.zone))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def routines_as_of(
    db: Database,
    *,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
    ids: Sequence[str] | None = None,
    marks_from: datetime | None = None,
    with_marks: bool = True,
    backfilled: bool = False,
) -> list[RoutineRow]:
    """Routines defined by ``as_of`` (in the user's life) as the ledger knew them at ``known_at``.
    With ``marks_from``, only marks of occurrences from then on are read (years of marks are many,
    and each task done under a routine's name is matched to its occurrence); ``with_marks=False``
    reads none (names, schedules and status need none). With ``backfilled``, a schedule counts
    from its since and a mark from its occurrence when that is earlier than when it was recorded
    as made: a routine defined after the fact (``--from`` weeks ago) and a back-dated mark are
    there as of the time they speak of, as ``routine stats`` shows them (reports ask for this)."""
    t = _FAR if as_of is None else as_of.astimezone(UTC).isoformat(timespec="microseconds")
    k = _FAR if known_at is None else known_at.astimezone(UTC).isoformat(timespec="microseconds")
    if not with_marks:
        m = _FAR  # no occurrence is that late: no mark is read
    else:
        m = "" if marks_from is None else marks_from.astimezone(UTC).isoformat(timespec="microseconds")
    with db.read() as cur:
        names = dict(cur.execute("SELECT id, name FROM dl_projects").fetchall())
        live = "(withdrawn_at IS NULL OR withdrawn_at > ?)"  # an undone routine add never happened, once the undo is known
        if backfilled:
            heads = cur.execute(
                "SELECT id, handle, text, zone, project_id, defined_at FROM dl_routines WHERE recorded_at <= ? AND (defined_at <= ? OR id IN "
                "(SELECT routine_id FROM dl_routine_changes WHERE kind = 'rule' AND at <= ? AND recorded_at <= ?)) "
                f"AND {live} ORDER BY defined_at, id",
                (k, t, t, k, k),
            ).fetchall()
        else:
            heads = cur.execute(
                "SELECT id, handle, text, zone, project_id, defined_at FROM dl_routines WHERE defined_at <= ? AND recorded_at <= ? "
                f"AND {live} ORDER BY defined_at, id",
                (t, k, k),
            ).fetchall()
        if ids is not None:
            heads = [h for h in heads if h[0] in set(ids)]
        happened = "(occurred_at <= ? OR (kind IN ('rule', 'done', 'skipped') AND at <= ?))" if backfilled else "occurred_at <= ?"
        changes = cur.execute(
            f"SELECT routine_id, kind, cron, at, occurred_at FROM dl_routine_changes WHERE {happened} AND recorded_at <= ? "
            "AND (kind NOT IN ('done', 'skipped') OR at >= ?) AND kind <> 'withdraw' AND (withdrawn_at IS NULL OR withdrawn_at > ?) "
            "ORDER BY routine_id, occurred_at, position",
            ((t, t) if backfilled else (t,)) + (k, m, k),
        ).fetchall()
    by_routine: dict[str, list[Any]] = {}
    for row in changes:
        by_routine.setdefault(row[0], []).append(row)
    routines = [_fold(head, by_routine.get(head[0], []), names) for head in heads]
    if with_marks:
        _add_task_completions(db, routines, marks_from=m, as_of=as_of, known_at=known_at)
    return routines


def _add_task_completions(
    db: Database, routines: list[RoutineRow], *, marks_from: str, as_of: datetime | None, known_at: datetime | None,
) -> None:
    """Tasks done under a routine's name count as its occurrences: a chore found in years of
    imported notes becomes a routine after the fact, with no event rewritten. A completion marks
    the occurrence due on its local day (the latest before the day ends), unless marked already.
    The tasks are those done at ``as_of`` as known at ``known_at`` (a completion recorded later,
    or undone, does not count)."""
    if not routines:
        return
    from engine.rules.text import normal_words
    from projections.queries.as_of import moment, valid_rows
    from projections.views.versions import KINDS

    by_words = {normal_words(r.text): r for r in routines}
    with db.read() as cur:
        done = valid_rows(
            cur, KINDS["Task"], "text, closed_at", moment(as_of, known_at), statuses=("done",), extra=" AND closed_at >= ?", params=(marks_from,),
        )
    found: dict[str, list[datetime]] = {}  # routine id -> the last moment of each day a task of its name was done
    for text, closed in done:
        r = by_words.get(normal_words(text))
        if r is None:
            continue
        tz = zone_of(r.zone)
        day = datetime.fromisoformat(closed).astimezone(tz).date()
        day_end = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(days=1)
        found.setdefault(r.id, []).append(day_end.astimezone(UTC) - timedelta(microseconds=1))
    for r in routines:
        moments = found.get(r.id)
        if moments:
            r.timeline.prepare(moments)
            for at in moments:
                occurrence = r.timeline.current(at)
                if occurrence is not None and occurrence not in r.marks:
                    r.marks[occurrence] = "done"


def _fold(head: Sequence[Any], changes: Sequence[Any], names: dict[str, str]) -> RoutineRow:
    rules: list[Rule] = []
    pauses: list[tuple[datetime, datetime | None]] = []
    ends_at: datetime | None = None
    marks: dict[datetime, str] = {}
    status = "active"
    for _, kind, cron, at, occurred in changes:
        if kind == "rule":
            rules.append(Rule(cron, _utc(at)))
        elif kind == "pause":
            pauses.append((_utc(occurred), None))
            status = "paused"
        elif kind == "resume" and pauses:
            pauses[-1] = (pauses[-1][0], _utc(occurred))
            status = "active"
        elif kind == "end":
            ends_at, status = _utc(occurred), "ended"
        elif kind in ("done", "skipped"):
            marks[_utc(at)] = kind
    return RoutineRow(
        id=head[0],
        handle=head[1],
        text=head[2],
        zone=head[3],
        project=names.get(head[4]) if head[4] else None,
        status=status,
        schedule=Schedule(tuple(rules), tuple(pauses), ends_at),
        marks=marks,
        defined_at=_utc(head[5]),
    )


def routine_refs(db: Database, statuses: Sequence[str] = ("active", "paused")) -> list[tuple[str, str, str, str]]:
    """(id, handle, text, status) of routines, for resolving what the user typed."""
    return [(r.id, r.handle, r.text, r.status) for r in routines_as_of(db, with_marks=False) if r.status in statuses]


def routine_versions(db: Database) -> dict[str, int]:
    """Each routine's current version: every event of a routine leaves exactly one change row."""
    with db.read() as cur:
        return {rid: int(n) for rid, n in cur.execute("SELECT routine_id, count(*) FROM dl_routine_changes GROUP BY routine_id").fetchall()}
