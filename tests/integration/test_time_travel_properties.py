"""Property: for random command sequences (back-dated with random ``--at``, recorded in any order),
every view as of T (known at K) equals a from-scratch fold of only the events that happened by T
and were recorded by K; after every accepted command the current views equal the views as of
now (one truth, whatever the order of recording); a refused command changes nothing; and
rebuild changes nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.commands.ledger import Ledger
from engine.rules.appointment import appointment_from
from engine.rules.errors import DayledgerError
from engine.rules.task import task_from
from engine.storage.location import parse_location
from events import (
    AppointmentCancelled,
    AppointmentScheduled,
    CommandUndone,
    LedgerEvent,
    ProjectStarted,
    TaskCancelled,
    TaskCaptured,
)
from projections import reads
from projections.queries.as_of import appointments_as_of, moment, tasks_as_of
from projections.queries.audit import completions
from projections.queries.current import appointments, list_tasks
from projections.queries.stream import read_stream
from projections.views.catchup import rebuild
from tests.conftest import (
    _PG_REASON,
    IN_CI,
    PG_DB,
    PG_HOST,
    PG_PORT,
    PG_USER,
    _pg_connect,
)

TZ = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 1, tzinfo=UTC)
ALL = ("open", "done", "cancelled")
EVER = ("0001-01-01T00:00:00.000000+00:00", "9999-12-31T00:00:00.000000+00:00")

TEXTS = st.sampled_from(["dishes", "report", "call bank", "fix bike"])
PROJECTS = st.sampled_from([None, "A", "B"])
BACK = st.integers(0, 5 * 24 * 60)  # how many minutes before recording it happened
PICK = st.integers(0, 20)
COMMAND = st.one_of(
    st.tuples(st.just("add"), TEXTS, PROJECTS, BACK),
    st.tuples(st.just("done"), PICK, BACK),
    st.tuples(st.just("reopen"), PICK, BACK),
    st.tuples(st.just("cancel"), PICK, BACK),
    st.tuples(st.just("edit"), PICK, st.one_of(st.none(), TEXTS), PROJECTS, st.one_of(st.none(), st.integers(0, 30)), BACK),
    st.tuples(st.just("tag"), PICK, st.sampled_from(["x", "y"]), st.booleans(), BACK),
    st.tuples(st.just("appt"), TEXTS, st.integers(0, 20), BACK),
    st.tuples(st.just("move"), PICK, st.integers(0, 20), BACK),
    st.tuples(st.just("drop"), PICK),
    # Taskwarrior's fields (events.task_details): a wait some days on, a start, a dependency, an attribute
    st.tuples(st.just("detail"), PICK, st.sampled_from(["wait", "unwait", "start", "stop", "depends", "attribute"]), PICK, BACK),
    st.tuples(st.just("undo"),),
)
STEP = st.tuples(COMMAND, st.integers(1, 3 * 24 * 60))  # minutes the recording clock moves first


@contextmanager
def fresh_ledger(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield os.path.join(tmp, "ledger.sqlite")
        return
    schema = f"dl_prop_{uuid.uuid4().hex[:12]}"
    try:
        yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{PG_DB}?schema={schema}"
    finally:
        with _pg_connect() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def run(led: Ledger, command: tuple[Any, ...], now: datetime, tasks: list[str], appts: list[str]) -> None:
    kind, *args = command
    when = (lambda back: now - timedelta(minutes=back)) if kind != "undo" else None
    pick: Callable[[list[str], int], str] = lambda ids, i: ids[i % len(ids)][:7]
    if kind == "add":
        tasks.append(led.add_task(args[0], project=args[1], at=when(args[2])))  # type: ignore[misc]
    elif kind == "appt":
        appts.append(led.schedule_appointment(args[0], START + timedelta(days=args[1], hours=9), at=when(args[2])))  # type: ignore[misc]
    elif kind == "undo":
        led.undo()
    elif kind in ("done", "reopen", "cancel") and tasks:
        change = {"done": led.complete_task, "reopen": led.reopen_task, "cancel": led.cancel_task}[kind]
        change(pick(tasks, args[0]), at=when(args[1]))  # type: ignore[misc]
    elif kind == "edit" and tasks:
        from engine.rules.task import UNCHANGED

        due = UNCHANGED if args[3] is None else START + timedelta(days=args[3])
        led.edit_task(pick(tasks, args[0]), text=args[1], project=args[2], due=due, at=when(args[4]))  # type: ignore[misc]
    elif kind == "tag" and tasks:
        tags = ([args[1]], []) if args[2] else ([], [args[1]])
        led.edit_task(pick(tasks, args[0]), add_tags=tags[0], remove_tags=tags[1], at=when(args[3]))  # type: ignore[misc]
    elif kind == "move" and appts:
        led.move_appointment(pick(appts, args[0]), START + timedelta(days=args[1], hours=10), at=when(args[2]))  # type: ignore[misc]
    elif kind == "drop" and appts:
        led.cancel_appointment(pick(appts, args[0]))
    elif kind == "detail" and tasks:
        at = when(args[3])  # type: ignore[misc]
        field, value = {
            "wait": ("wait", START + timedelta(days=args[2])), "unwait": ("wait", None), "start": ("started", at), "stop": ("started", None),
            "depends": ("depends", (UUID(tasks[args[2] % len(tasks)]),)), "attribute": ("attributes", {"estimate": float(args[2])}),
        }[args[1]]
        led.change_task_details(pick(tasks, args[0]), at=at, **{field: value})


def replay(events: list[tuple[int, LedgerEvent]], t: datetime, k: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    """Tasks and appointments at t as known at k, folded from scratch (business order), with the
    changes of every undo known at k never having happened (an undone creation: withdrawn)."""
    recorded = [(p, e) for p, e in events if e.recorded_at <= k]
    erased: set[int] = set()
    for _, marker in recorded:
        if isinstance(marker, CommandUndone):
            for oid in {e.originator_id for _, e in recorded if e.command_id == marker.command_id and e is not marker}:
                mine = [(p, e) for p, e in recorded if e.originator_id == oid]
                undone = [(p, e) for p, e in mine if e.command_id == marker.undone_command_id]
                undo = [(p, e) for p, e in mine if e.command_id == marker.command_id]
                erased |= {p for p, _ in undone + undo}
                created = [(p, e) for p, e in undone if isinstance(e, TaskCaptured | AppointmentScheduled)]
                withdrawn = undo[-1][1]
                if created and isinstance(withdrawn, TaskCancelled | AppointmentCancelled) and withdrawn.occurred_at == created[0][1].occurred_at:
                    erased -= {created[0][0], undo[-1][0]}
    known = [(p, e) for p, e in recorded if e.occurred_at <= t and p not in erased]
    # a project is known by its first name from the beginning of time (no command here renames one)
    names = {e.originator_id.hex: e.name for _, e in recorded if isinstance(e, ProjectStarted)}
    by_id: dict[str, list[tuple[int, LedgerEvent]]] = {}
    for p, e in known:
        by_id.setdefault(e.originator_id.hex, []).append((p, e))
    tasks, appts = {}, {}
    for oid, pes in by_id.items():
        first = min(pes)[1]
        ordered = [e for _, e in sorted(pes, key=lambda pe: (max(pe[1].occurred_at, first.occurred_at), pe[0]))]
        if isinstance(first, TaskCaptured):
            task = task_from(ordered)
            assert task is not None
            tasks[oid] = (task.text, names.get(task.project_id.hex) if task.project_id else None, task.status,
                          task.due, tuple(task.tags), task.captured_at, task.closed_at,
                          task.wait, task.started, tuple(d.hex for d in task.depends), task.attributes)
        elif isinstance(first, AppointmentScheduled):
            appt = appointment_from(ordered)
            assert appt is not None
            appts[oid] = (appt.text, appt.starts_at, appt.duration_minutes, appt.status)
    return tasks, appts


def viewed(led: Ledger, t: datetime, k: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    m = moment(t, k)
    tasks = {r.id: (r.text, r.project, r.status, r.due, r.tags, r.created_at, r.completed_at or r.cancelled_at,
                    r.wait, r.started, r.depends, r.details.get("attributes") or {})
             for r in tasks_as_of(led.db, TZ, m, statuses=ALL)}
    appts = {a.id: (a.text, a.starts_at, a.duration_minutes, a.status)
             for a in appointments_as_of(led.db, TZ, m, statuses=("scheduled", "cancelled"))}
    return tasks, appts


def present(led: Ledger) -> tuple[list[Any], list[Any]]:
    """The current task list and appointments (every status), as the plain commands show them."""
    tasks = sorted((r.to_json() for r in list_tasks(led.db, TZ, statuses=ALL)), key=lambda r: r["id"])
    appts = sorted((a.to_json() for a in appointments(led.db, TZ, statuses=("scheduled", "cancelled"))), key=lambda a: a["id"])
    return tasks, appts


def as_of_now(led: Ledger, now: datetime) -> tuple[list[Any], list[Any]]:
    """The same, as of now with everything known (``--as-of now``)."""
    m = moment(now, now)
    tasks = sorted((r.to_json() for r in tasks_as_of(led.db, TZ, m, statuses=ALL)), key=lambda r: r["id"])
    appts = sorted((a.to_json() for a in appointments_as_of(led.db, TZ, m, statuses=("scheduled", "cancelled"))), key=lambda a: a["id"])
    return tasks, appts


def dump(led: Ledger) -> dict[str, list[Any]]:
    with led.db.read() as cur:
        tables = ["dl_facts", "dl_undone", "dl_task_versions", "dl_appointment_versions", "dl_project_versions", "dl_tasks", "dl_appointments"]
        return {t: sorted(map(tuple, cur.execute(f"SELECT * FROM {t}").fetchall()), key=repr) for t in tables}


def check(backend: str, steps: list[tuple[tuple[Any, ...], int]], probes: list[tuple[int, int]]) -> None:
    with fresh_ledger(backend) as url, pytest.MonkeyPatch.context() as mp:
        now = START
        mp.setenv("DAYLEDGER_NOW", now.isoformat())
        led = Ledger(parse_location(url), tz=TZ, views=reads)
        try:
            tasks: list[str] = []
            appts: list[str] = []
            for command, minutes in steps:
                now += timedelta(minutes=minutes)
                mp.setenv("DAYLEDGER_NOW", now.isoformat())
                before = dump(led)
                try:
                    run(led, command, now, tasks, appts)
                except DayledgerError:
                    assert dump(led) == before  # a command the rules refuse records nothing
                    continue
                assert present(led) == as_of_now(led, now), command
            events = read_stream(led.db)
            span = (now - START).total_seconds() / 60 + 6 * 24 * 60
            for a, b in probes:
                t = START - timedelta(days=6) + timedelta(minutes=span * a / 100)
                k = START - timedelta(days=6) + timedelta(minutes=span * b / 100)
                for kk in (k, now):
                    want_tasks, want_appts = replay(events, t, kk)
                    got_tasks, got_appts = viewed(led, t, kk)
                    assert {i: _utc(v) for i, v in got_tasks.items()} == {i: _utc(v) for i, v in want_tasks.items()}, (t, kk)
                    assert {i: _utc(v) for i, v in got_appts.items()} == {i: _utc(v) for i, v in want_appts.items()}, (t, kk)
                    done = {c.id: c.completed_at for c in completions(led.db, TZ, moment(t, kk), start=EVER[0], end=EVER[1])}
                    assert done == {i: v[6] for i, v in want_tasks.items() if v[2] == "done"}
            before = dump(led)
            rebuild(led.db)
            assert dump(led) == before
        finally:
            led.close()


def _utc(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(v.astimezone(UTC) if isinstance(v, datetime) else v for v in values)


PROPERTY = given(steps=st.lists(STEP, min_size=1, max_size=14), probes=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=1, max_size=4))
# Derandomized so CI runs the same examples every time; a case it once found is kept below.
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "derandomize": True}


@settings(max_examples=25, **SETTINGS)  # type: ignore[arg-type]
@PROPERTY
def test_views_as_of_any_moment_equal_a_fold_from_scratch_sqlite(steps: list[Any], probes: list[Any]) -> None:
    check("sqlite", steps, probes)


@pytest.mark.postgres
@settings(max_examples=10, **SETTINGS)  # type: ignore[arg-type]
@PROPERTY
def test_views_as_of_any_moment_equal_a_fold_from_scratch_postgres(steps: list[Any], probes: list[Any]) -> None:
    if _PG_REASON:
        if IN_CI:
            pytest.fail(f"CI must run the PostgreSQL tests: {_PG_REASON}")
        pytest.skip(_PG_REASON)
    check("postgres", steps, probes)


BACK_DATED = st.one_of(
    st.tuples(st.just("done"), PICK, BACK),
    st.tuples(st.just("reopen"), PICK, BACK),
    st.tuples(st.just("cancel"), PICK, BACK),
    st.tuples(st.just("edit"), PICK, st.one_of(st.none(), TEXTS), PROJECTS, st.none(), BACK),
)
THREE_TASKS = [(("add", text, None, 5 * 24 * 60), 1) for text in ("dishes", "report", "fix bike")]


@settings(max_examples=20, **SETTINGS)  # type: ignore[arg-type]
@given(steps=st.lists(st.tuples(BACK_DATED, st.integers(1, 60)), min_size=1, max_size=14))
def test_three_tasks_and_back_dated_changes_recorded_in_any_order_keep_one_history_sqlite(steps: list[Any]) -> None:
    check("sqlite", THREE_TASKS + steps, [(50, 100), (90, 100)])


@pytest.mark.postgres
@settings(max_examples=6, **SETTINGS)  # type: ignore[arg-type]
@given(steps=st.lists(st.tuples(BACK_DATED, st.integers(1, 60)), min_size=1, max_size=14))
def test_three_tasks_and_back_dated_changes_recorded_in_any_order_keep_one_history_postgres(steps: list[Any]) -> None:
    if _PG_REASON:
        if IN_CI:
            pytest.fail(f"CI must run the PostgreSQL tests: {_PG_REASON}")
        pytest.skip(_PG_REASON)
    check("postgres", THREE_TASKS + steps, [(50, 100), (90, 100)])


# Found by the property above: the latest change point hid a later fact that changed nothing
# (a completion and its undo in the same minute), so a back-dated completion skipped the full refold.
def test_back_dated_completion_before_an_undone_completion_is_refolded() -> None:
    steps = [
        (("add", "dishes", None, 0), 1),
        (("done", 0, 0), 1),
        (("undo",), 1708),
        (("add", "dishes", None, 0), 553),
        (("done", 1, 0), 949),
        (("undo",), 1),
        (("done", 0, 5763), 2551),
    ]
    check("sqlite", steps, [(60, 0)])


# Taskwarrior's fields on the timelines: set back-dated, changed, undone; as of any moment and now.
def test_task_details_set_back_dated_and_undone_keep_one_history() -> None:
    steps = [
        (("add", "dishes", None, 3000), 1),
        (("add", "report", "A", 2000), 1),
        (("detail", 0, "wait", 4, 100), 60),
        (("detail", 1, "start", 0, 1500), 60),
        (("detail", 0, "depends", 1, 10), 60),
        (("detail", 1, "attribute", 3, 2500), 60),
        (("undo",), 5),
        (("detail", 1, "attribute", 7, 30), 60),
        (("detail", 1, "stop", 0, 20), 60),
        (("detail", 0, "unwait", 0, 2900), 60),
        (("done", 1, 5), 60),
    ]
    check("sqlite", steps, [(10, 100), (50, 60), (80, 100), (100, 90), (99, 99)])
