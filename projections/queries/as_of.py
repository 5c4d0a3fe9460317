"""Reading tasks, appointments and projects as they stood at a moment, as known at a moment.

``as_of`` (T) is a moment in the user's life, ``known_at`` (K) a moment of recording; None means
"now, with everything recorded". Rows come from the bitemporal tables of ``projections.views.temporal``
(call ``catch_up`` first); nothing here replays events.
"""

from __future__ import annotations

import heapq
import json
import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import accumulate, islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from engine.rules.days import day_start
from engine.rules.text import normal_name
from engine.rules.when import MAX_DURATION
from projections.queries.current import (
    AppointmentRow,
    TaskRow,
    appointment_row,
    find_project_in,
    grouped_by_project,
)
from projections.views.base import no_cycle_collection
from projections.views.versions import FAR, KINDS, MAX_CLASS, Kind

if TYPE_CHECKING:
    from engine.storage.database import Database

__all__ = ["BACKFILLED_APPOINTMENTS", "Moment", "appointments_as_of", "appointments_backfilled", "first_tasks_as_of", "keep_versions", "moment", "project_names", "states_at", "tasks_as_of"]

_LATEST = "9999-12-30T00:00:00.000000+00:00"  # later than anything recorded, earlier than FAR
_EPOCH = "0001-01-01T00:00:00.000000+00:00"


@dataclass(frozen=True)
class Moment:
    """Both axes as stored text: T (as of) and K (known at); ``travels``: K is not "everything"."""

    t: str
    k: str
    travels: bool

    @property
    def t_time(self) -> datetime:
        return datetime.fromisoformat(self.t)

    @property
    def axes(self) -> tuple[datetime | None, datetime | None]:
        """(as of, known at) as times; None means now, with everything recorded."""
        return (None if self.t == _LATEST else self.t_time), (datetime.fromisoformat(self.k) if self.travels else None)


def moment(as_of: datetime | None, known_at: datetime | None) -> Moment:
    """The two axes of a time-travelling read."""

    def text(value: datetime | None) -> str:
        return _LATEST if value is None else value.astimezone(UTC).isoformat(timespec="microseconds")

    return Moment(text(as_of), text(known_at), known_at is not None)


def _earlier(t: str, minutes: int) -> str:
    try:
        return (datetime.fromisoformat(t) - timedelta(minutes=minutes)).isoformat(timespec="microseconds")
    except OverflowError:
        return _EPOCH


def valid_rows(
    cur: Any, kind: Kind, columns: str, m: Moment, *, statuses: Sequence[str], extra: str = "", params: Sequence[Any] = (), until: str | None = None,
) -> list[Any]:
    """Rows of ``kind`` valid at T and known at K with one of ``statuses``; with ``until`` (a later
    moment, as stored), valid at some moment from T to ``until``.

    One short index range per duration class (see ``versions.span_class``); rows that stopped
    being current knowledge are looked at only when K is given."""
    from projections.views.temporal import HISTORIC

    classes = [(c, _earlier(m.t, 2**c)) for c in range(MAX_CLASS + 1)] + [(MAX_CLASS + 1, _EPOCH)]
    if m.travels:
        classes += [(c + HISTORIC, low) for c, low in classes]
    marks = ",".join("?" * len(statuses))
    one = (
        f"SELECT {columns} FROM {kind.table} WHERE span = ? AND status IN ({marks}) AND valid_from >= ? AND valid_from <= ? "
        f"AND valid_to > ? AND known_from <= ? AND known_to > ?{extra}"
    )
    sql = " UNION ALL ".join([one] * len(classes))
    args: list[Any] = []
    for c, low in classes:
        args += [c, *statuses, low, until or m.t, m.t, m.k, m.k, *params]
    return cur.execute(sql, args).fetchall()


def project_names(cur: Any, m: Moment) -> dict[str | None, str | None]:
    """Project id -> the name it had at T (as known at K)."""
    names: dict[str | None, str | None] = {None: None}
    names.update(
        cur.execute(
            "SELECT project_id, name FROM dl_project_versions WHERE valid_from <= ? AND valid_to > ? AND known_from <= ? AND known_to > ?",
            (m.t, m.t, m.k, m.k),
        ).fetchall()
    )
    return names


def _project_id(cur: Any, name: str, m: Moment) -> str | None:
    norm = normal_name(name)
    then = [pid for pid, n in project_names(cur, m).items() if n is not None and normal_name(n) == norm]
    if then:
        return then[0]
    found = find_project_in(cur, name)
    return None if found is None else found.id


_TASK_COLUMNS = "task_id, text, status, project_id, carried, tags, due, captured_at, closed_at, last_seen, recorded_at, priority, details"


def tasks_as_of(
    db: Database,
    tz: tzinfo,
    m: Moment,
    *,
    statuses: Sequence[str] = ("open",),
    project: str | None = None,
    due_only: bool = False,
) -> list[TaskRow]:
    """Tasks with the given statuses at T as known at K: grouped by project (no project first,
    by the names they had then), oldest first, with the text, project, due date they had then.
    ``due_only``: only those with a due date (the agenda's)."""
    if project is None and (kept := _kept_as_of(db, m, statuses, due_only=due_only)) is not None:
        names, ordered, _ = kept
        with no_cycle_collection():
            return [_task_row(r, names, tz) for r in ordered]
    with db.read() as cur:
        names = project_names(cur, m)
        extra, params = "", ()
        if project is not None:
            pid = _project_id(cur, project, m)
            if pid is None:
                return []
            extra, params = " AND project_id = ?", (pid,)
        rows = valid_rows(cur, KINDS["Task"], _TASK_COLUMNS, m, statuses=statuses, extra=extra, params=params)
    with no_cycle_collection():
        rows.sort(key=itemgetter(0))  # oldest first, then by id (an ORDER BY on the union costs more;
        rows.sort(key=itemgetter(7))  # two stable sorts on one column cost less than one on two)
        return grouped_by_project([
            TaskRow(i, i[:7], text, status, names.get(project), carried, priority, tz, tags, due, captured, closed, seen, recorded, details)
            for i, text, status, project, carried, tags, due, captured, closed, seen, recorded, priority, details in rows
            if not due_only or due is not None
        ])


_APPT_COLUMNS = "appointment_id, text, starts_at, duration_minutes, status, project_id, task_id, scheduled_at"


def _appointment(r: Sequence[Any], names: dict[str | None, str | None], tz: tzinfo) -> AppointmentRow:
    return appointment_row(r[0], r[1], r[2], r[3], r[4], names.get(r[5]), r[6], r[7], tz)


def _starting(rows: list[AppointmentRow], starts_from: datetime, starts_before: datetime, tz: tzinfo) -> list[AppointmentRow]:
    """The rows starting in [starts_from, starts_before), and the all-day ones on a day of it (a
    conference that began the day before), in time order (an all-day one where its day begins in
    the user's zone)."""

    def within(a: AppointmentRow) -> bool:
        if a.day is None or a.starts_at >= starts_from:
            return starts_from <= a.starts_at < starts_before
        return day_start(a.day + timedelta(days=a.days or 1), tz) > starts_from

    return sorted((a for a in rows if within(a)), key=lambda a: (a.starts_at, a.id))


# An all-day appointment's start is stored as its day (``2026-12-25``), which sorts among UTC times
# at that day's UTC midnight: asked for the starts in a window, the query reads a day more on each
# side (a zone is at most 14 hours from UTC), and the all-day ones of the longest appointment
# before it (their days may reach into it), and keeps those on a day of the window in the user's zone.
_A_DAY = timedelta(days=1)
_ALL_DAY_REACH = MAX_DURATION + _A_DAY


def appointments_as_of(
    db: Database,
    tz: tzinfo,
    m: Moment,
    *,
    statuses: Sequence[str] = ("scheduled",),
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
) -> list[AppointmentRow]:
    """Appointments as they stood at T (known at K), soonest first; optionally only those starting
    in [starts_from, starts_before)."""
    with db.read() as cur:
        names = project_names(cur, m)
        if starts_from is not None and starts_before is not None:
            marks = ",".join("?" * len(statuses))
            rows = cur.execute(
                f"SELECT {_APPT_COLUMNS} FROM dl_appointment_versions WHERE starts_at >= ? AND starts_at < ? "
                "AND (starts_at >= ? OR length(starts_at) = 10) "
                f"AND status IN ({marks}) AND valid_from <= ? AND valid_to > ? AND known_from <= ? AND known_to > ?",
                (
                    _utc(starts_from - _ALL_DAY_REACH), _utc(starts_before + _A_DAY), _utc(starts_from - _A_DAY),
                    *statuses, m.t, m.t, m.k, m.k,
                ),
            ).fetchall()
            return _starting([_appointment(r, names, tz) for r in rows], starts_from, starts_before, tz)
        rows = valid_rows(cur, KINDS["Appointment"], _APPT_COLUMNS, m, statuses=statuses)
    return sorted((_appointment(r, names, tz) for r in rows), key=lambda a: (a.starts_at, a.id))


# First versions of appointments entered after T for a start by T: what ``day`` shows for the day
# they took place, though they were not in the ledger's world at T. (Later versions of an
# appointment are later changes; its first is as it was entered.) Parameters: T, then K four
# times, then the caller's own conditions on v.
BACKFILLED_APPOINTMENTS = (
    "FROM dl_appointment_versions v WHERE v.valid_from > ? AND v.starts_at <= v.valid_from AND v.known_from <= ? AND v.known_to > ? "
    "AND NOT EXISTS (SELECT 1 FROM dl_appointment_versions e WHERE e.appointment_id = v.appointment_id AND e.valid_from < v.valid_from "
    "AND e.known_from <= ? AND e.known_to > ?)"
)


def appointments_backfilled(db: Database, tz: tzinfo, m: Moment, *, starts_from: datetime, starts_before: datetime) -> list[AppointmentRow]:
    """Appointments entered after T (known at K) for a start in [starts_from, starts_before), at or
    before T, as they were entered (an appointment typed in today for last Tuesday), soonest first."""
    with db.read() as cur:
        names = project_names(cur, m)
        rows = cur.execute(
            f"SELECT {', '.join('v.' + c for c in _APPT_COLUMNS.split(', '))} {BACKFILLED_APPOINTMENTS} "
            "AND v.status = 'scheduled' AND v.starts_at >= ? AND v.starts_at < ? AND v.starts_at <= ?",
            (m.t, m.k, m.k, m.k, m.k, _utc(starts_from - _A_DAY), _utc(starts_before + _A_DAY), m.t),
        ).fetchall()
    return [a for a in _starting([_appointment(r, names, tz) for r in rows], starts_from, starts_before, tz) if starts_from <= a.starts_at]


def states_at(cur: Any, kind: Kind, ids: Iterable[str], m: Moment) -> dict[str, tuple[Any, ...]]:
    """id -> (its columns in ``kind.columns`` order) at T as known at K, for the given ids."""
    wanted = sorted(set(ids))
    out: dict[str, tuple[Any, ...]] = {}
    cols = ", ".join(kind.columns)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = cur.execute(
            f"SELECT {kind.key}, {cols} FROM {kind.table} WHERE {kind.key} IN ({','.join('?' * len(chunk))}) "
            "AND valid_from <= ? AND valid_to > ? AND known_from <= ? AND known_to > ?",
            (*chunk, m.t, m.t, m.k, m.k),
        ).fetchall()
        out.update((r[0], tuple(r[1:])) for r in rows)
    return out


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


# The task versions that are current knowledge, kept in memory per ledger state, for reads at a
# moment T as known now (the slider): such a read then walks them in the list's order and stops
# once it has what it shows (the first 501 of ten thousand), instead of reading and ordering
# every task of then. They are kept by project and status, and those still valid apart from those
# that ended (a task's open version once it was done): a read of the open tasks at T then skips
# the closed ones and the open versions that ended by T (most versions of a ledger of years). Only in a process that reads again and again (``dayledger serve``:
# ``keep_versions``); a command run once reads what it needs through the indexes.
_KEPT_MOST = 300_000  # versions: a ledger with more reads them from SQL each time
_kept_versions: dict[str, tuple[tuple[Any, ...], _Kept | None]] = {}
_kept_lock = threading.Lock()
_keeping = False
_ORDER = itemgetter(9, 2)  # captured_at, task_id: tasks_as_of's order within a project
# A kept version: valid_from, valid_to, then the columns of _TASK_COLUMNS (task_id is at 2,
# status 4, project_id 5, due 8, captured_at 9, details 14).


@dataclass(frozen=True)
class _Versions:
    """The versions of one project with one status, oldest first: those still valid (``lasting``)
    and those that ended, with the latest end so far along ``ended`` (``ended_by``) and the
    earliest start from there on along each list (``*_from``), so that a read at T skips by
    bisection the ended ones all over by T and stops before those all after T."""

    lasting: list[tuple[Any, ...]]
    lasting_from: list[str]
    ended: list[tuple[Any, ...]]
    ended_by: list[str]
    ended_from: list[str]

    @staticmethod
    def of(versions: list[tuple[Any, ...]]) -> _Versions:
        lasting = [r for r in versions if r[1] == FAR]
        ended = [r for r in versions if r[1] != FAR]
        return _Versions(lasting, _later_starts(lasting), ended, list(accumulate((r[1] for r in ended), max)), _later_starts(ended))

    def around(self, t: str) -> Iterable[tuple[Any, ...]]:
        """Oldest first, a part of them holding every one valid at T."""
        lasting = islice(self.lasting, 0, bisect_right(self.lasting_from, t))
        start, stop = bisect_right(self.ended_by, t), bisect_right(self.ended_from, t)
        if start >= stop:
            return lasting
        ended = islice(self.ended, start, stop)
        return heapq.merge(lasting, ended, key=_ORDER) if self.lasting else ended


def _later_starts(versions: list[tuple[Any, ...]]) -> list[str]:
    """For each place in ``versions``, the earliest valid_from there and after (never falling)."""
    return list(reversed(list(accumulate((r[0] for r in reversed(versions)), min))))


@dataclass(frozen=True)
class _Kept:
    """The current task versions of one ledger state, by project id and then status, and those
    with a due date by status; each list oldest first."""

    by_project: dict[str | None, dict[str, _Versions]]
    with_due: dict[str, list[tuple[Any, ...]]]
    linking: list[tuple[Any, ...]]  # open, with a "depends"
    open: list[tuple[Any, ...]]


def keep_versions(on: bool) -> None:
    """Keep the task versions in memory from now on (``on``), for a process that reads again and
    again (the web server); or stop keeping them, and forget those kept."""
    global _keeping
    _keeping = on
    with _kept_lock:
        _kept_versions.clear()


def _ledger_state(cur: Any, db: Database) -> tuple[Any, ...]:
    """The newest event (position, originator, version): the same while nothing is recorded."""
    row = cur.execute(f"SELECT {db.position_column}, originator_id, originator_version FROM {db.events_table} ORDER BY {db.position_column} DESC LIMIT 1").fetchone()
    return tuple(row) if row else ()


def _current_versions(db: Database) -> _Kept | None:
    """Every task version that is current knowledge, as kept for the ledger's state (read once per
    state); None: too many to keep."""
    from projections.views.temporal import HISTORIC

    where = db.location.describe()
    with _kept_lock:
        with db.read() as cur:
            state = _ledger_state(cur, db)
            kept = _kept_versions.get(where)
            if kept is not None and kept[0] == state:
                return kept[1]
            table = KINDS["Task"].table
            count = cur.execute(f"SELECT COUNT(*) FROM {table} WHERE span < ?", (HISTORIC,)).fetchone()[0]
            made: _Kept | None = None
            if count <= _KEPT_MOST:
                with no_cycle_collection():
                    rows = [tuple(r) for r in cur.execute(f"SELECT valid_from, valid_to, {_TASK_COLUMNS} FROM {table} WHERE span < ?", (HISTORIC,))]
                    rows.sort(key=_ORDER)
                    by_project: dict[str | None, dict[str, list[tuple[Any, ...]]]] = {}
                    with_due: dict[str, list[tuple[Any, ...]]] = {}
                    for r in rows:
                        by_project.setdefault(r[5], {}).setdefault(r[4], []).append(r)
                        if r[8] is not None:
                            with_due.setdefault(r[4], []).append(r)
                    made = _Kept(
                        {pid: {status: _Versions.of(v) for status, v in by_status.items()} for pid, by_status in by_project.items()},
                        with_due,
                        [r for r in rows if r[14] and r[4] == "open" and '"depends"' in r[14]],
                        [r for r in rows if r[4] == "open"],
                    )
        _kept_versions.clear()  # one ledger per process, in practice; the newest state only
        _kept_versions[where] = (state, made)
        return made


def _kept_as_of(db: Database, m: Moment, statuses: Sequence[str], *, due_only: bool = False) -> tuple[dict[str | None, str | None], Iterator[tuple[Any, ...]], _Kept] | None:
    """From the versions kept in memory: the project names at T, and (lazily) the versions valid
    at T with one of ``statuses`` in the order of ``tasks_as_of`` (grouped by project name, no
    project first, oldest first); None when K is given or the ledger is too large to keep."""
    if m.travels or not _keeping:
        return None
    kept = _current_versions(db)
    if kept is None:
        return None
    with db.read() as cur:
        names = project_names(cur, m)
    return names, _valid_in_order(kept, names, m.t, frozenset(statuses), due_only=due_only), kept


def _oldest_first(lists: Sequence[Iterable[tuple[Any, ...]]]) -> Iterable[tuple[Any, ...]]:
    """The versions of ``lists`` (each oldest first), oldest first. At most one version of a task
    is valid at a moment, so the order of those valid then is that of one list of them all."""
    return lists[0] if len(lists) == 1 else heapq.merge(*lists, key=_ORDER)


def _around(by_status: dict[str, _Versions], wanted: frozenset[str], t: str) -> Iterable[tuple[Any, ...]]:
    """Oldest first, the versions with one of the ``wanted`` statuses that may be valid at T."""
    return _oldest_first([by_status[s].around(t) for s in sorted(wanted) if s in by_status] or [()])


def _valid_in_order(kept: _Kept, names: dict[str | None, str | None], t: str, wanted: frozenset[str], *, due_only: bool) -> Iterator[tuple[Any, ...]]:
    if due_only:  # few: ordered as a whole
        groups: dict[str | None, list[tuple[Any, ...]]] = {}
        for r in _oldest_first([kept.with_due[s] for s in sorted(wanted) if s in kept.with_due] or [()]):
            if r[0] <= t < r[1]:
                groups.setdefault(names.get(r[5]), []).append(r)
        for name in (None, *sorted(n for n in groups if n is not None)):
            yield from groups.get(name, ())
        return
    ids: dict[str | None, list[str | None]] = {}
    for pid in kept.by_project:
        ids.setdefault(names.get(pid), []).append(pid)
    for name in (None, *sorted(n for n in ids if n is not None)):
        same = ids.get(name)
        if not same:
            continue
        if len(same) == 1:
            versions = _around(kept.by_project[same[0]], wanted, t)
        else:
            versions = sorted((r for pid in same for r in _around(kept.by_project[pid], wanted, t)), key=_ORDER)
        for r in versions:
            if r[0] <= t < r[1]:
                yield r


def _task_row(r: tuple[Any, ...], names: dict[str | None, str | None], tz: tzinfo) -> TaskRow:
    _, _, i, text, status, project, carried, tags, due, captured, closed, seen, recorded, priority, details = r
    return TaskRow(i, i[:7], text, status, names.get(project), carried, priority, tz, tags, due, captured, closed, seen, recorded, details)


def first_tasks_as_of(db: Database, tz: tzinfo, m: Moment, now: datetime, *, statuses: Sequence[str], limit: int, hide: bool) -> list[TaskRow] | None:
    """``tasks_as_of(db, tz, m, statuses=statuses)``, without the tasks hidden at ``now`` if
    ``hide``, their links marked, cut to the first ``limit``: the same rows, made from the task
    versions kept in memory (``_current_versions``), only those shown. None when K is given or
    the ledger is too large to keep: then read them as ``tasks_as_of`` does."""
    from projections.queries.task_links import hidden

    found = _kept_as_of(db, m, statuses)
    if found is None:
        return None
    names, ordered, kept = found
    t = m.t
    with no_cycle_collection():
        now_text = now.astimezone(UTC).isoformat(timespec="microseconds")
        shown: list[tuple[Any, ...]] = []
        for r in ordered:
            if hide and r[14] and hidden(r[4], json.loads(r[14]), now_text):
                continue
            shown.append(r)
            if len(shown) == limit:
                break
        linking = [r for r in kept.linking if r[0] <= t < r[1]]
        open_ids = frozenset(r[2] for r in kept.open if r[0] <= t < r[1]) if linking else frozenset()
        depended = frozenset(d for r in linking for d in json.loads(r[14])["depends"])
        out = []
        for r in shown:
            row = _task_row(r, names, tz)
            if row.status == "open" and linking:
                row.blocked = any(d in open_ids for d in row.depends)
                row.blocking = row.id in depended
            out.append(row)
        return out
