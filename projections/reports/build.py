"""The report of a period (usually a week), computed from the read models (call ``catch_up`` first).

A report looks at its period as of the period's end (or now, for a period not over yet) and, unless
told otherwise, with only what the ledger had recorded by then: a past week's report comes out the
same however much is recorded later. Nothing here reads the clock; ``now`` is an argument.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from engine.rules.errors import InvalidInputError
from engine.rules.period import Period
from projections.queries.as_of import (
    BACKFILLED_APPOINTMENTS,
    Moment,
    appointments_as_of,
    appointments_backfilled,
    moment,
    project_names,
    states_at,
    tasks_as_of,
    valid_rows,
)
from projections.queries.audit import completions
from projections.queries.current import AppointmentRow
from projections.queries.facts import FactRow, began, fact_rows
from projections.queries.series import series_occurrences
from projections.reports.model import (
    AppointmentLine,
    Comparison,
    Counts,
    DayLine,
    NoteLine,
    ProjectLine,
    ReadingLine,
    Report,
    TaskLine,
)
from projections.reports.routines import routine_lines
from projections.views.task_fold import SIGHTINGS
from projections.views.versions import KINDS

if TYPE_CHECKING:
    from engine.rules.task_filter import TaskFilter
    from engine.storage.database import Database

__all__ = ["COMPARED_PERIODS", "build_report", "report_moment"]

COMPARED_PERIODS = 8
_TICK = timedelta(microseconds=1)
_KINDS = ("TaskCaptured", "TaskFirstSeen", "TaskCancelled", "NoteRecorded", "ReadingLogged")


def report_moment(period: Period, *, now: datetime, known_at: datetime | None = None) -> tuple[datetime, datetime | None]:
    """(as of, known at) for a report of ``period``: the period's last instant (or now, if earlier),
    and the recording axis as asked (None: everything recorded; see ``knowledge_horizon``)."""
    as_of = min(period.end - _TICK, now.astimezone(period.tz))
    return as_of, (None if known_at is None else known_at.astimezone(period.tz))


def knowledge_horizon(db: Database, as_of: datetime) -> datetime:
    """When the ledger last learnt anything that happened by ``as_of``: the report's 'known at'
    when none is asked for. Facts about later times never move it, so a past period's report
    comes out byte-identical however much is recorded about later ones; facts about the period
    recorded later move it, and the report shows them and says so (``--known-at`` the stated
    time gives the earlier report back, byte for byte). Back-filled facts are about the time
    they speak of: a routine's schedule from its since, a mark from its occurrence, an
    appointment (or a recurring one's first occurrence) entered after it took place from its start."""
    everything = moment(as_of, None)  # T = as_of, K = all that is recorded
    t, k = everything.t, everything.k
    with db.read() as cur:
        # Reports' own bookkeeping (schedules, reports produced and delivered) says nothing about the period.
        found = [
            cur.execute("SELECT MAX(recorded_at) FROM dl_facts WHERE occurred_at <= ? AND type NOT LIKE ?", (t, "Report%")).fetchone(),
            cur.execute("SELECT MAX(recorded_at) FROM dl_routine_changes WHERE kind IN ('rule', 'done', 'skipped') AND at <= ?", (t,)).fetchone(),
            cur.execute(f"SELECT MAX(v.known_from) {BACKFILLED_APPOINTMENTS} AND v.starts_at <= ?", (t, k, k, k, k, t)).fetchone(),
            cur.execute("SELECT MAX(recorded_at) FROM dl_series WHERE starts_at <= ?", (t,)).fetchone(),
        ]
    latest = max((row[0] for row in found if row is not None and row[0] is not None), default=None)
    return as_of if latest is None else datetime.fromisoformat(latest).astimezone(as_of.tzinfo)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _days(a: datetime, b: datetime) -> float:
    return round((b - a).total_seconds() / 86400, 2)


def build_report(db: Database, period: Period, *, now: datetime, known_at: datetime | None = None, only: TaskFilter | None = None) -> Report:
    """The report of ``period`` as of its end (or ``now``), known at ``known_at`` (default: all that
    is recorded, stated as the knowledge horizon); with ``only``, of what passes that filter
    (``projections.reports.filtering`` says what it keeps of each section). A filter naming a
    project or tag the ledger never knew is a NotFoundError."""
    tz = period.tz
    try:
        earliest = period.before(COMPARED_PERIODS)
        earliest.start  # noqa: B018 - its first instant must exist (zones east of UTC: the day before)
    except (OverflowError, ValueError):
        raise InvalidInputError(
            f"the report of {period.label} is compared with the {COMPARED_PERIODS} periods of its length before it, "
            "which would begin before the year 1; report a shorter period"
        ) from None
    as_of, asked = report_moment(period, now=now, known_at=known_at)
    m = moment(as_of, asked)
    keep = None
    if only:  # here, not at the top: an unfiltered report loads nothing of the filters
        from projections.queries.task_filter import check_names
        from projections.reports.filtering import open_counts_matching, seen_item, test_of

        check_names(db, only, found=False)
        keep = test_of(only, as_of)
    known = asked if asked is not None else knowledge_horizon(db, as_of)
    lo, hi = _utc(earliest.start), _utc(period.end)
    done_all = completions(db, tz, m, start=lo, end=hi)
    if keep is not None:
        done_all = [c for c in done_all if keep(c)]  # type: ignore[arg-type]
    with db.read() as cur:
        facts = fact_rows(cur, m, f"f.type IN ({','.join('?' * len(_KINDS))}) AND f.occurred_at >= ? AND f.occurred_at < ?", (*_KINDS, lo, hi))
        states = states_at(cur, KINDS["Task"], [f.originator_id for f in facts if f.type.startswith("Task")], m)
        names = project_names(cur, m)
        first = cur.execute("SELECT occurred_at FROM dl_facts WHERE recorded_at <= ? ORDER BY occurred_at LIMIT 1", (m.k,)).fetchone()
        ends = [period.start - _TICK] + [e - _TICK for e in _day_ends(period) if e - _TICK <= as_of]
        open_counts = _open_counts(cur, ends, asked) if keep is None else open_counts_matching(cur, ends, asked, keep, names, tz)
    if keep is not None:
        facts = [f for f in facts if _kept(f, states, names, keep, tz)]
    captured_all = [
        _captured(f, states, names, as_of, tz) for f in facts if f.type in SIGHTINGS and f.originator_id in states and began(f, states[f.originator_id])
    ]
    cancelled_all = [_cancelled(f, states, names, tz) for f in facts if f.type == "TaskCancelled" and _still_cancelled(f, states)]
    completed_all = [
        TaskLine(c.id, c.text, c.project, c.created_at, c.completed_at, round(c.open_for_days, 2), c.carried) for c in done_all
    ]
    this = period.first_day

    def inside(lines: Iterable[TaskLine]) -> list[TaskLine]:
        return [t for t in lines if t.at.date() >= this]

    completed, captured, cancelled = inside(completed_all), inside(captured_all), inside(cancelled_all)
    mine = [f for f in facts if f.occurred(tz).date() >= this]
    notes = [NoteLine(f.occurred(tz), f.data["text"], names.get(f.project_id)) for f in mine if f.type == "NoteRecorded"]
    readings = [ReadingLine(f.occurred(tz), f.data["title"], f.data.get("arxiv_id")) for f in mine if f.type == "ReadingLogged"]
    still_open = _still_open(db, m, as_of, keep)
    appointments_held = _appointments(db, m, period.start, min(period.end, as_of + _TICK), as_of, asked, backfilled=True)
    appointments_next = _appointments(db, m, period.end, period.after().end, as_of, asked)
    routines = routine_lines(db, start=period.start, end=period.end, as_of=as_of, known_at=asked)
    if keep is not None:
        appointments_held = [a for a in appointments_held if keep(seen_item(a.text, a.project))]
        appointments_next = [a for a in appointments_next if keep(seen_item(a.text, a.project))]
        routines = [x for x in routines if keep(seen_item(x.text, x.project))]
    return Report(
        kind=period.kind,
        label=period.label,
        first_day=period.first_day,
        last_day=period.last_day,
        zone=str(tz),
        as_of=as_of,
        known_at=known,
        completed=completed,
        captured=captured,
        cancelled=cancelled,
        still_open=still_open,
        appointments_held=appointments_held,
        appointments_next=appointments_next,
        notes=notes,
        readings=readings,
        routines=routines,
        projects=_projects(completed, captured, cancelled, still_open),
        days=_day_lines(period, completed, captured, cancelled, open_counts[1:]),
        open_at_start=open_counts[0],
        comparison=_comparison(period, completed_all, captured_all, cancelled_all, facts, first[0] if first else None),
        filter=only.described() if only else None,
    )


def _kept(f: FactRow, states: dict[str, tuple[Any, ...]], names: dict[Any, Any], keep: Any, tz: Any) -> bool:
    """Whether a fact of the report's kinds passes the filter: a task's (as it stood at the
    report's moment), a note's (its project and text), a reading's (its title, no project)."""
    from projections.reports.filtering import seen_item, seen_state

    if f.type == "NoteRecorded":
        return bool(keep(seen_item(f.data["text"], names.get(f.project_id))))
    if f.type == "ReadingLogged":
        return bool(keep(seen_item(f.data["title"], None)))
    s = states.get(f.originator_id)  # text, project_id, status, due, tags, carried, captured_at, closed_at, ..., priority
    return s is not None and bool(keep(seen_state(s[0], names.get(s[1]), s[2], s[3], s[4], s[10], tz)))


def _day_ends(period: Period) -> list[datetime]:
    return [p.end for p in (Period(d, 1, period.tz, "range", "") for d in period.day_list())]


def _open_counts(cur: Any, ends: Sequence[datetime], asked: datetime | None) -> list[int]:
    """How many tasks were open at each of ``ends`` (ascending), as known at ``asked``: one read of
    the open versions valid in between, swept over the moments (a version counts at each moment
    from its valid_from to before its valid_to; a task has one version valid at a moment)."""
    keys = [moment(e, asked).t for e in ends]
    rows = valid_rows(cur, KINDS["Task"], "valid_from, valid_to", moment(ends[0], asked), statuses=("open",), until=keys[-1])
    steps = [0] * (len(keys) + 1)
    for valid_from, valid_to in rows:
        steps[bisect_left(keys, valid_from)] += 1
        steps[bisect_left(keys, valid_to)] -= 1
    return list(accumulate(steps[:-1]))


def _local(text: str, tz: Any) -> datetime:
    return datetime.fromisoformat(text).astimezone(tz)


def _captured(f: FactRow, states: dict[str, tuple[Any, ...]], names: dict[Any, Any], as_of: datetime, tz: Any) -> TaskLine:
    s = states[f.originator_id]  # text, project_id, status, due, tags, carried, captured_at, closed_at, ...
    closed = _local(s[7], tz) if s[2] != "open" and s[7] else as_of
    return TaskLine(f.originator_id, s[0], names.get(s[1]), f.occurred(tz), f.occurred(tz), _days(f.occurred(tz), closed), int(s[5]))


def _still_cancelled(f: FactRow, states: dict[str, tuple[Any, ...]]) -> bool:
    s = states.get(f.originator_id)
    return s is not None and s[2] == "cancelled" and s[7] == f.occurred_at


def _cancelled(f: FactRow, states: dict[str, tuple[Any, ...]], names: dict[Any, Any], tz: Any) -> TaskLine:
    s = states[f.originator_id]
    captured = _local(s[6], tz)
    return TaskLine(f.originator_id, s[0], names.get(s[1]), captured, f.occurred(tz), _days(captured, f.occurred(tz)), int(s[5]))


def _still_open(db: Database, m: Moment, as_of: datetime, keep: Any = None) -> list[TaskLine]:
    tz = as_of.tzinfo
    assert tz is not None
    rows = tasks_as_of(db, tz, m, statuses=("open",))
    if keep is not None:
        rows = [t for t in rows if keep(t)]
    lines = [TaskLine(t.id, t.text, t.project, t.created_at, t.created_at, _days(t.created_at, as_of), t.carried) for t in rows]
    return sorted(lines, key=lambda t: (-t.carried, t.captured_at, t.id))


def _appointments(
    db: Database, m: Moment, lo: datetime, hi: datetime, as_of: datetime, asked: datetime | None, *, backfilled: bool = False,
) -> list[AppointmentLine]:
    """Appointments, and occurrences of recurring ones (moves applied, cancelled ones left out),
    starting in [lo, hi) as planned at ``as_of``, soonest first; with ``backfilled``, also those
    entered after ``as_of`` for a start by then, and recurring ones entered after ``as_of`` from a
    first occurrence by then, as entered (``day`` shows them on their day)."""
    tz = as_of.tzinfo
    assert tz is not None
    rows: list[AppointmentRow] = appointments_as_of(db, tz, m, starts_from=lo, starts_before=hi)
    if backfilled:
        rows += appointments_backfilled(db, tz, m, starts_from=lo, starts_before=hi)
    lines = [AppointmentLine(a.id, a.text, a.starts_at, a.duration_minutes, a.project, all_day=a.day is not None) for a in rows]
    for o in series_occurrences(db, lo, hi, as_of=as_of, known_at=asked, backfilled=backfilled):
        lines.append(AppointmentLine(o.series.id, o.series.text, o.starts_at.astimezone(tz), o.duration_minutes, o.series.project, recurring=True))
    return sorted(lines, key=lambda a: (a.starts_at, a.id))


def _projects(completed: list[TaskLine], captured: list[TaskLine], cancelled: list[TaskLine], still_open: list[TaskLine]) -> list[ProjectLine]:
    counts = [Counter(t.project for t in lines) for lines in (completed, captured, cancelled, still_open)]
    names = set().union(*counts)
    lines = [ProjectLine(n, *(c[n] for c in counts)) for n in names]
    return sorted(lines, key=lambda p: (p.name is None, -p.completed, p.name or ""))


def _day_lines(period: Period, completed: list[TaskLine], captured: list[TaskLine], cancelled: list[TaskLine], open_counts: list[int]) -> list[DayLine]:
    per = [Counter(t.at.date() for t in lines) for lines in (completed, captured, cancelled)]
    days = period.day_list()
    return [DayLine(d, per[0][d], per[1][d], per[2][d], open_counts[i] if i < len(open_counts) else None) for i, d in enumerate(days)]


def _comparison(period: Period, completed: list[TaskLine], captured: list[TaskLine], cancelled: list[TaskLine], facts: list[FactRow], first: str | None) -> Comparison:
    """Counts of this period, the previous one and the average of those before it that the ledger covers."""
    tz = period.tz
    compared = [period.before(COMPARED_PERIODS - i) for i in range(COMPARED_PERIODS)]  # the earliest first
    firsts = [p.first_day for p in compared] + [period.first_day]

    def index(day: date) -> int:  # 0 = the earliest compared period, COMPARED_PERIODS = this one
        return bisect_right(firsts, day) - 1

    buckets = [[0] * 5 for _ in range(COMPARED_PERIODS + 1)]
    for column, lines in enumerate((completed, captured, cancelled)):
        for t in lines:
            buckets[index(t.at.date())][column] += 1
    for f in facts:
        if f.type in ("NoteRecorded", "ReadingLogged"):
            buckets[index(f.occurred(tz).date())][3 if f.type == "NoteRecorded" else 4] += 1
    began = None if first is None else _local(first, tz)
    covered = [i for i, p in enumerate(compared) if began is not None and p.end > began]
    average = [round(sum(buckets[i][c] for i in covered) / len(covered), 2) if covered else 0.0 for c in range(5)]
    return Comparison(
        this=Counts(*buckets[COMPARED_PERIODS]),
        previous=Counts(*buckets[COMPARED_PERIODS - 1]),
        previous_label=compared[-1].label,
        average=Counts(*average),
        periods_averaged=len(covered),
    )
