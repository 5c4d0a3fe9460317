"""The read models that travel in time: every fact, and every state on both time axes.

- ``dl_facts``: one row per event (what, about what, when it happened, when it was recorded,
  where it came from, its own fields as JSON). Days, timelines, histories and audits read it.
- ``dl_undone``: which command undid which.
- ``dl_task_versions``, ``dl_appointment_versions``, ``dl_project_versions``: bitemporal rows.
  A row says "from ``valid_from`` until ``valid_to`` in the user's life the thing was in this
  state" and holds for what the ledger knew from ``known_from`` until ``known_to``. "As of T,
  known at K" is the rows with ``valid_from <= T < valid_to`` and ``known_from <= K < known_to``.

Each event re-derives only its own aggregate's timeline: in the usual case (it is not earlier
than the aggregate's latest change) from the aggregate's current rows alone; otherwise from its
facts. Rows that no longer hold are closed on the known axis (``known_to`` = the event's
recording time; rows known for no time at all are dropped), new ones are inserted.

An undo, once known, takes the changes it reverted out of the timelines it compensated, with its
own compensations (``versions.without_undone``): as of any moment, known after the undo, the
undone change never happened, whatever was learnt later about earlier moments.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import orjson

from projections.views.base import Cursor, forget_oldest
from projections.views.versions import (
    FAR,
    KINDS,
    MAX_CLASS,
    UNDO,
    Fact,
    Kind,
    Point,
    State,
    add_point,
    kind_of,
    span_class,
    timeline,
    without_undone,
)

if TYPE_CHECKING:
    from projections.views.entries import Entry

__all__ = ["HISTORIC", "TemporalView", "compensated", "facts_of"]

HISTORIC = 100  # added to a row's span class once it is no longer current knowledge
_VERSION_COLUMNS = "valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, known_from TEXT NOT NULL, known_to TEXT NOT NULL, span INTEGER NOT NULL"


def _versions_ddl(kind: Kind, types: dict[str, str], *, in_order_of_at: bool = False) -> tuple[str, ...]:
    """A kind's versions table and its indexes; ``in_order_of_at`` (SQLite) stores the rows in
    the order "valid at T" reads them instead of indexing that order."""
    cols = ", ".join(f"{c} {types.get(c, 'TEXT')}" for c in kind.columns)
    t = kind.table
    at = "span, status, valid_from"
    table = f"CREATE TABLE IF NOT EXISTS {t} ({kind.key} TEXT NOT NULL, {_VERSION_COLUMNS}, {cols}"
    return (
        f"{table}, PRIMARY KEY ({at}, {kind.key}, known_from)) WITHOUT ROWID" if in_order_of_at else f"{table})",
        f"CREATE INDEX IF NOT EXISTS {t}_key ON {t} ({kind.key}, valid_from)",
        *(() if in_order_of_at else (f"CREATE INDEX IF NOT EXISTS {t}_at ON {t} ({at})",)),
    )


_TASKS = KINDS["Task"]
# "Tasks at T" reads thousands of rows. On SQLite the task versions are stored in the order that
# query reads them (a table without rowid keyed by span, status and start: a task's versions
# differ in start or in when they became known): contiguous pages, no lookup per row, and no
# second copy of every row in a covering index, which was a quarter of what a rebuild wrote.
# PostgreSQL keeps a plain table and index (its index entries must stay small).
_TASK_TYPES = {"carried": "INTEGER NOT NULL"}


def _ddl(dialect: str) -> tuple[str, ...]:
    sqlite = dialect == "sqlite"
    return (
        (
            "CREATE TABLE IF NOT EXISTS dl_facts ("
            f" position {'INTEGER' if sqlite else 'BIGINT'} PRIMARY KEY, originator_id TEXT NOT NULL, version INTEGER NOT NULL,"
            " command_id TEXT NOT NULL, type TEXT NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, project_id TEXT,"
            " task_id TEXT, source TEXT NOT NULL, data TEXT NOT NULL)"
        ),
        "CREATE INDEX IF NOT EXISTS dl_facts_occurred ON dl_facts (occurred_at)",
        "CREATE INDEX IF NOT EXISTS dl_facts_recorded ON dl_facts (recorded_at)",
        "CREATE INDEX IF NOT EXISTS dl_facts_originator ON dl_facts (originator_id, position)",
        "CREATE INDEX IF NOT EXISTS dl_facts_task ON dl_facts (task_id)",
        "CREATE INDEX IF NOT EXISTS dl_facts_project ON dl_facts (project_id)",
        "CREATE INDEX IF NOT EXISTS dl_facts_command ON dl_facts (command_id)",
        (
            "CREATE TABLE IF NOT EXISTS dl_undone ("
            " command_id TEXT PRIMARY KEY, undone_command_id TEXT NOT NULL, position BIGINT NOT NULL)"
        ),
        "CREATE INDEX IF NOT EXISTS dl_undone_undone ON dl_undone (undone_command_id)",
        *_versions_ddl(_TASKS, _TASK_TYPES, in_order_of_at=sqlite),
        *_versions_ddl(KINDS["Appointment"], {"duration_minutes": "INTEGER"}),
        "CREATE INDEX IF NOT EXISTS dl_appointment_versions_project ON dl_appointment_versions (project_id)",
        "CREATE INDEX IF NOT EXISTS dl_appointment_versions_starts ON dl_appointment_versions (starts_at)",
        *_versions_ddl(KINDS["Project"], {}),
    )


def _json(fields: dict[str, Any]) -> str:
    """An entry's own fields as the facts table keeps them: compact JSON, text as is (orjson, a
    third of the standard library's time; a NaN, which dayledger never records, would read null)."""
    try:
        return orjson.dumps(fields).decode()
    except TypeError:  # what orjson cannot write (integers past 64 bits)
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


# A row of versions while a batch is folded: [valid_from, valid_to, known_from, state, from_db]
Row = list[Any]


class TemporalView:
    """Facts and bitemporal versions of tasks, appointments and projects."""

    name = "temporal"
    # 2: undone changes leave the timelines; tasks at T read from a covering index.
    # 3: facts keyed by the rowid on SQLite; no index of task versions by project (nothing read it).
    # 4: task versions stored in "tasks at T" order on SQLite, without a covering index.
    # 5: a project's first name holds from the beginning of time (a back-dated move into it shows it);
    #    a task first seen on an earlier list than its capture's (TaskFirstSeen) begins there.
    # 6: task versions hold the priority.
    # 7: and Taskwarrior's fields (``details``).
    # 8: a closed task's later sightings, carries and completions are passed over (TaskSplit).
    version = 8
    # What the fold reads (the rest are built after a rebuild): facts by aggregate, versions by key.
    fold_indexes = frozenset({"dl_facts_originator", *(f"{k.table}_key" for k in KINDS.values())})
    tables = ("dl_facts", "dl_undone", *(k.table for k in KINDS.values()))
    ddl: tuple[str, ...] = ()  # all of it depends on the database: see dialect_ddl
    dialect_ddl: ClassVar[dict[str, tuple[str, ...]]] = {"sqlite": _ddl("sqlite"), "postgres": _ddl("postgres")}

    def __init__(self) -> None:
        # What this fold wrote, kept from batch to batch of one catch-up (a view object lives
        # for one transaction): reading it back was most of a long catch-up's SQL.
        self._known: dict[str, _Known] = {}

    def apply(self, cur: Cursor, batch: Sequence[Entry]) -> None:
        facts: list[tuple[Any, ...]] = []
        undone: list[tuple[Any, ...]] = []
        todo: dict[str, dict[str, list[Fact]]] = {k: {} for k in KINDS}
        undos: list[tuple[int, str, str, str]] = []
        for e in batch:
            data, kind, originator, type_ = e.fields, e.kind, e.originator, e.type
            project = originator if kind == "Project" else data.get("project_id")
            task = originator if kind == "Task" else data.get("task_id")
            facts.append((e.position, originator, e.version, e.command, type_, e.occurred, e.recorded, project, task, e.source, _json(data) if data else "{}"))
            if type_ == "CommandUndone":
                undone.append((e.command, data["undone_command_id"], e.position))
                undos.append((e.position, e.command, e.occurred, e.recorded))
            if kind is not None:
                found = todo[kind].get(originator)
                if found is None:
                    todo[kind][originator] = [(e.position, type_, e.occurred, e.recorded, data)]
                else:
                    found.append((e.position, type_, e.occurred, e.recorded, data))
        cur.insert("dl_facts", facts)
        cur.insert("dl_undone", undone)
        touched: dict[str, set[tuple[str, str]]] = {}  # command -> (kind, aggregate) in this batch
        for e in batch if undos else ():
            if e.kind is not None:
                touched.setdefault(e.command, set()).add((e.kind, e.originator))
        for position, command, occurred, recorded in undos:
            # The undo's compensations were folded as plain changes; now that the undo is known,
            # refold what it compensated without the undone changes.
            reverted = set(touched.get(command, ()))
            if batch[0].command == command:  # the undo began in an earlier batch
                reverted |= compensated(cur, command, batch[0].position)
            for kind, aggregate in sorted(reverted):
                pending = todo[kind].setdefault(aggregate, [])
                pending.append((position, UNDO, occurred, recorded, {}))
                pending.sort(key=lambda f: f[0])
        for kind_name, by_aggregate in todo.items():
            if by_aggregate:
                _fold_versions(cur, KINDS[kind_name], by_aggregate, self._known.setdefault(kind_name, _Known()))


def _current_rows(cur: Cursor, kind: Kind, ids: list[str]) -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = {i: [] for i in ids}
    cols = ", ".join(kind.columns)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (
            f"SELECT {kind.key}, valid_from, valid_to, known_from, {cols} FROM {kind.table} "
            f"WHERE {kind.key} IN ({','.join('?' * len(chunk))}) AND known_to = ?"
        )
        for r in cur.execute(sql, (*chunk, FAR)).fetchall():
            rows[r[0]].append([r[1], r[2], r[3], tuple(r[4:]), True])
    for found in rows.values():
        found.sort(key=lambda r: r[0])
    return rows


def facts_of(cur: Cursor, aggregate: str, upto: int) -> list[Fact]:
    """The aggregate's facts known at ledger position ``upto``, undone changes left out."""
    rows = cur.execute(
        "SELECT position, type, occurred_at, recorded_at, data, command_id FROM dl_facts"
        " WHERE originator_id = ? AND position <= ? ORDER BY position",
        (aggregate, upto),
    ).fetchall()
    facts = [((int(p), t, o, r, json.loads(d)), c) for p, t, o, r, d, c in rows]
    commands = sorted({c for _, c in facts})
    undos = cur.execute(
        f"SELECT command_id, undone_command_id FROM dl_undone WHERE undone_command_id IN ({','.join('?' * len(commands))})"
        " AND position <= ? ORDER BY position",
        (*commands, upto),
    ).fetchall()
    return without_undone(facts, [tuple(u) for u in undos]) if undos else [f for f, _ in facts]


def compensated(cur: Cursor, undo: str, before: int) -> set[tuple[str, str]]:
    """(kind, aggregate) of the facts of command ``undo`` at positions before ``before``.

    A command's events are recorded in one transaction, so they are contiguous: walk back from
    ``before`` while the facts belong to it."""
    found: set[tuple[str, str]] = set()
    while True:
        rows = cur.execute(
            "SELECT position, originator_id, type, command_id FROM dl_facts WHERE position < ? ORDER BY position DESC LIMIT 200",
            (before,),
        ).fetchall()
        for position, originator, type_, command in rows:
            if command != undo:
                return found
            kind = kind_of(type_)
            if kind is not None:
                found.add((kind, originator))
            before = position
        if len(rows) < 200:
            return found


def _latest_occurred(cur: Cursor, ids: list[str], before: int) -> dict[str, str]:
    """When the latest fact folded so far happened, per aggregate (facts at positions < ``before``).

    A change point hides facts that changed nothing (a completion and its undo at the same
    minute leave no point), so the latest point is not the latest fact."""
    latest: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (
            "SELECT originator_id, MAX(occurred_at) FROM dl_facts "
            f"WHERE originator_id IN ({','.join('?' * len(chunk))}) AND position < ? GROUP BY originator_id"
        )
        latest.update(cur.execute(sql, (*chunk, before)).fetchall())
    return latest


class _Known:
    """Per aggregate: its current rows as written (all ``from_db``) and when its latest fact
    happened, for the aggregates folded most recently (bounded: misses are read from the tables)."""

    LIMIT = 10_000

    def __init__(self) -> None:
        self.rows: dict[str, tuple[list[Row], str]] = {}

    def take(self, ids: list[str]) -> tuple[dict[str, list[Row]], dict[str, str], list[str]]:
        rows: dict[str, list[Row]] = {}
        seen: dict[str, str] = {}
        missing: list[str] = []
        for i in ids:
            found = self.rows.pop(i, None)
            if found is None:
                missing.append(i)
            else:
                rows[i], seen[i] = found
        return rows, seen, missing

    def keep(self, aggregate: str, rows: list[Row], seen: str) -> None:
        """Remember an aggregate's current rows, all written (``from_db``), and its latest fact."""
        self.rows[aggregate] = (rows, seen)
        forget_oldest(self.rows, self.LIMIT)


def _fold_versions(cur: Cursor, kind: Kind, by_aggregate: dict[str, list[Fact]], known: _Known) -> None:
    current_rows, latest, missing = known.take(list(by_aggregate))
    if missing:
        current_rows.update(_current_rows(cur, kind, missing))
        known_ids = [i for i in missing if current_rows[i]]
        first = min(f[0] for facts in by_aggregate.values() for f in facts)
        latest.update(_latest_occurred(cur, known_ids, first) if known_ids else {})
    closed: list[tuple[Any, ...]] = []  # (known_to, span, key, valid_from) of rows in the table
    dropped: list[tuple[Any, ...]] = []  # (key, valid_from) of rows in the table never known
    inserts: list[tuple[Any, ...]] = []
    creator, apply = kind.creator, kind.apply
    for aggregate, facts in by_aggregate.items():
        current = current_rows[aggregate]
        seen = latest.get(aggregate, "")  # when the latest fact folded so far happened
        latest_fact = seen  # the same, as the facts table has it (for the next batch)
        newest = max((r[2] for r in current), default="")  # the latest known_from of the current rows
        for position, type_, occurred, recorded, data in facts:
            undo = type_ == UNDO
            if not undo and occurred > latest_fact:
                latest_fact = occurred
            points: list[Point]
            if not current:
                if type_ != creator:
                    continue
                state = apply(None, type_, occurred, recorded, data)
                assert state is not None
                points = [(kind.first_point(occurred), state)]
                seen = occurred
            else:
                start = current[0][0]
                at = occurred if occurred > start else start
                # an event dated before the thing began (a task first seen on an earlier list)
                # may move its beginning: the whole timeline again
                later = at >= seen and not undo and occurred >= start
                if not undo and at > seen:
                    seen = at
                if later:  # the usual case: a change after everything known
                    last = current[-1]
                    state = apply(last[3], type_, occurred, recorded, data)
                    if state is None:
                        continue
                    if at > last[0]:  # after the last change: only the last row changes
                        if state != last[3]:
                            newest = recorded if recorded > newest else newest
                            _extend(aggregate, current, at, state, newest, closed, dropped, inserts)
                        continue
                    points = [(r[0], r[3]) for r in current]
                    add_point(points, at, state)
                else:  # a change earlier than what is known: the whole timeline again
                    points = timeline(facts_of(cur, aggregate, position), kind)
            known_at = recorded if recorded > newest else newest
            current = _replace(aggregate, kind, current, points, known_at, closed, dropped, inserts)
            newest = max((r[2] for r in current), default="")
        for row in current:  # what this batch learnt, as it stands now: written, and so from the table
            if not row[4]:
                vf, vt = row[0], row[1]
                inserts.append((aggregate, vf, vt, row[2], FAR, span_class(vf, vt), *row[3]))
                row[4] = True
        if current or latest_fact:
            known.keep(aggregate, current, latest_fact)
    t = kind.table
    cur.executemany(f"DELETE FROM {t} WHERE {kind.key} = ? AND valid_from = ? AND known_to = '{FAR}'", dropped)
    cur.executemany(f"UPDATE {t} SET known_to = ?, span = ? WHERE {kind.key} = ? AND valid_from = ? AND known_to = '{FAR}'", closed)
    cur.insert(t, inserts)


def _extend(
    aggregate: str,
    current: list[Row],
    at: str,
    state: State,
    known: str,
    closed: list[tuple[Any, ...]],
    dropped: list[tuple[Any, ...]],
    inserts: list[tuple[Any, ...]],
) -> None:
    """``_replace`` for a new state from ``at`` on, after the last row's start, in place: that
    row now ends at ``at``; every earlier row stays as it is."""
    vf, vt, kf, last, from_db = current[-1]
    if from_db:
        if kf == known:
            dropped.append((aggregate, vf))
        else:
            closed.append((known, span_class(vf, vt) + HISTORIC, aggregate, vf))
    elif kf != known:
        inserts.append((aggregate, vf, vt, kf, known, span_class(vf, vt) + HISTORIC, *last))
    current[-1] = [vf, at, known, last, False]
    current.append([at, FAR, known, state, False])


def _replace(
    aggregate: str,
    kind: Kind,
    current: list[Row],
    points: list[Point],
    known: str,
    closed: list[tuple[Any, ...]],
    dropped: list[tuple[Any, ...]],
    inserts: list[tuple[Any, ...]],
) -> list[Row]:
    """Make ``points`` the current knowledge from ``known`` on; returns the new current rows."""
    wanted = {(vf, points[i + 1][0] if i + 1 < len(points) else FAR, state) for i, (vf, state) in enumerate(points)}
    kept: list[Row] = []
    for row in current:
        vf, vt, kf, state, from_db = row
        if (vf, vt, state) in wanted:
            wanted.discard((vf, vt, state))
            kept.append(row)
        elif from_db:
            if kf == known:
                dropped.append((aggregate, vf))
            else:
                closed.append((known, span_class(vf, vt) + HISTORIC, aggregate, vf))
        elif kf != known:  # learnt earlier in this batch, superseded now
            inserts.append((aggregate, vf, vt, kf, known, span_class(vf, vt) + HISTORIC, *state))
    kept += [[vf, vt, known, state, False] for vf, vt, state in wanted]
    kept.sort(key=lambda r: r[0])
    return kept


assert MAX_CLASS + 1 < HISTORIC
