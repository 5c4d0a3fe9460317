"""The ledger's commands: each turns what the user asked into events and records them atomically.

A command reads what it needs (the views, through ``ports.CommandViews``, for names and
handles; the aggregate's own events for its state), checks the rules, and appends all its
events in one transaction through the unit of work, which re-runs it from fresh state when
another writer got there first; it is never half-recorded or lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from engine.commands.unit_of_work import UnitOfWork
from engine.rules import appointment as appointments
from engine.rules import project as projects
from engine.rules import task as tasks
from engine.rules import task_details, user_time
from engine.rules.clock import now
from engine.rules.errors import ConflictError, InvalidInputError, NotFoundError, RuleViolationError
from engine.rules.lookup import resolve_preferring
from engine.rules.numbers import Numbering, is_number_word, number_words
from engine.rules.stamp import Stamp
from engine.rules.task_details import change_details
from engine.rules.text import clean_text, normal_name
from engine.rules.user_time import Lifecycle
from engine.storage import seen_numbers
from engine.storage.database import Database
from engine.storage.location import LedgerLocation
from events import LedgerEvent, NoteRecorded, Source

if TYPE_CHECKING:
    from engine.commands.ports import Views
    from engine.rules.undo import Reversal  # imported by undo alone: it names every kind of event
    from engine.storage.event_store import EventStore

__all__ = ["Ledger", "Recorded"]

ALL_STATUSES = ("open", "done", "cancelled")
FUTURE_TOLERANCE = timedelta(minutes=1)
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
Build = Callable[[Stamp], list[LedgerEvent]]
S = TypeVar("S")


class Recorded(list[LedgerEvent]):
    """The events one command recorded."""


class Ledger:
    """A ledger open for recording."""

    def __init__(self, location: LedgerLocation, *, tz: tzinfo, views: Views, source: Source | None = None) -> None:
        self.location = location
        self.tz = tz
        self.views = views
        self.source = source or Source(kind="cli")
        self.work = UnitOfWork(location, views)
        self.db: Database = self.work.db
        self.work.level()

    @property
    def store(self) -> EventStore:
        return self.work.store

    def close(self) -> None:
        self.work.close()

    # -- recording ----------------------------------------------------------------------------

    def record(self, build: Build, *, at: datetime | None = None) -> Recorded:
        """Run ``build`` on fresh state and append its events atomically, retrying conflicts."""
        command_id = uuid.uuid4()

        def attempt() -> list[LedgerEvent]:
            recorded_at = now()
            occurred_at = at or recorded_at
            if occurred_at > recorded_at + FUTURE_TOLERANCE:
                raise InvalidInputError(
                    f"--at {occurred_at.astimezone(self.tz).isoformat(timespec='minutes')} is in the future; "
                    "it says when something happened"
                )
            events = build(Stamp(occurred_at, recorded_at, self.source, command_id))
            self.work.append(events)
            return events

        events = self.work.retry(attempt)
        self.work.level()
        return Recorded(events)

    # -- lookups --------------------------------------------------------------------------------

    def new_id(self) -> UUID:
        """A fresh id whose 7-digit handle no task, appointment or routine uses yet."""
        while True:
            candidate = uuid.uuid4()
            if not self.views.handle_in_use(self.db, candidate.hex[:7]):
                return candidate

    def project_for(self, name: str | None, stamp: Stamp) -> tuple[UUID | None, list[LedgerEvent]]:
        """The project of that name, started now (same command) if it does not exist yet."""
        if name is None:
            return None, []
        if not name.strip() or name.strip() == "-":
            return None, []
        found = self.views.find_project(self.db, name)
        if found is not None:
            return UUID(found.id), []
        # Ids are derived from the name, so writers starting the same project at once conflict
        # (and retry) instead of making two. An id whose project exists already is either the
        # same project, just recorded by another writer (use it), or one since renamed (try the
        # name's next id).
        for attempt in range(1, 100):
            project_id = projects.project_id_for(name if attempt == 1 else f"{name}#{attempt}")
            history = self.store.history(project_id)
            if not history:
                return project_id, projects.start(name, stamp, project_id)
            if normal_name(projects.current_name(history)) == normal_name(name):
                return project_id, []
        raise ConflictError(f"could not find an id for project {name!r}")

    # -- tasks ------------------------------------------------------------------------------------

    def add_task(
        self,
        text: str,
        *,
        project: str | None = None,
        tags: Sequence[str] = (),
        due: datetime | None = None,
        priority: str | None = None,
        at: datetime | None = None,
    ) -> str:
        """Capture a new task; returns its id (hex). ``priority``: H, M or L as typed (any case)."""
        clean_text(text, "task's text")
        level = tasks.priority_from(priority) if priority is not None else None
        task_id = self.new_id()

        def build(stamp: Stamp) -> list[LedgerEvent]:
            project_id, started = self.project_for(project, stamp)
            return started + tasks.capture(task_id, text, stamp, project_id=project_id, tags=tags, due=due, priority=level)

        self.record(build, at=at)
        return task_id.hex

    def complete_task(self, ref: str, *, at: datetime | None = None) -> str:
        """Mark the task ``ref`` names done; returns its id (hex)."""
        return self.complete_tasks([ref], at=at)[0]

    def reopen_task(self, ref: str, *, at: datetime | None = None) -> str:
        """Make the done or cancelled task ``ref`` names open again; returns its id (hex)."""
        return self.reopen_tasks([ref], at=at)[0]

    def cancel_task(self, ref: str, *, at: datetime | None = None, reason: str | None = None) -> str:
        """Drop the open task ``ref`` names; returns its id (hex)."""
        return self.cancel_tasks([ref], at=at, reason=reason)[0]

    def complete_tasks(self, refs: Sequence[str], *, at: datetime | None = None) -> list[str]:
        """Mark every task ``refs`` name done, in one write; returns their ids (hex)."""
        return self._change_tasks(refs, tasks.complete, at, prefer=("open",))

    def reopen_tasks(self, refs: Sequence[str], *, at: datetime | None = None) -> list[str]:
        """Make every done or cancelled task ``refs`` name open again, in one write."""
        return self._change_tasks(refs, tasks.reopen, at, prefer=("done", "cancelled"))

    def cancel_tasks(self, refs: Sequence[str], *, at: datetime | None = None, reason: str | None = None) -> list[str]:
        """Drop every open task ``refs`` name, in one write."""
        return self._change_tasks(refs, lambda t, s: tasks.cancel(t, s, reason), at, prefer=("open",))

    def start_tasks(self, refs: Sequence[str], *, at: datetime | None = None) -> list[str]:
        """Make every open task ``refs`` name active (Taskwarrior's ``start``), in one write."""
        return self._change_tasks(refs, task_details.start, at, prefer=("open",))

    def stop_tasks(self, refs: Sequence[str], *, at: datetime | None = None) -> list[str]:
        """Make every active task ``refs`` name not active any more (``stop``), in one write."""
        return self._change_tasks(refs, task_details.stop, at, prefer=("open",))

    def numbering(self) -> Numbering:
        """The task numbers as they stand: the last listing's, remembered, and the tasks opened since."""
        self.work.level()
        return Numbering(seen_numbers.recall(self.location), self.views.open_task_ids(self.db))

    def _find_task(self, ref: str, prefer: Sequence[str]) -> str:
        """The id of the task ``ref`` names. Text looks among the tasks the command suits first
        (``prefer``), so 'done dishes' finds the open one; then among all tasks, so a command that
        does not apply gets its rule's message rather than 'not found'."""
        found = self.find_tasks([ref], prefer)
        if len(found) != 1:
            raise InvalidInputError(f"{ref!r} names {len(found)} tasks; this command takes one")
        return found[0]

    def find_tasks(self, refs: Sequence[str], prefer: Sequence[str] = ALL_STATUSES) -> list[str]:
        """The ids of the tasks ``refs`` name (numbers and ranges of them, handles, ids, pieces of
        text), each resolved before anything is recorded; a task named twice counts once.

        A number means what the last listing showed (``engine.rules.numbers``), refused when that
        task closed since, except for a command on closed tasks (``reopen``); when no listing is
        remembered, the current numbers are, from now on, so the next number typed means the
        same as this one did."""
        self.work.level()
        numbering: Numbering | None = None
        found: list[str] = []
        for ref in refs:
            if is_number_word(ref):
                if numbering is None:
                    numbering = self.numbering()
                found += [
                    numbering.resolve(n, lambda i: self.views.task_fate(self.db, i, self.tz), closed_too="open" not in prefer)
                    for n in number_words(ref)
                ]
                continue
            found.append(resolve_preferring(
                ref,
                lambda: self.views.task_refs(self.db, prefer), f"{'/'.join(prefer)} task",
                lambda: self.views.task_refs(self.db, ALL_STATUSES), "task",
                preferred_by_id=lambda prefix: self.views.task_refs_by_id(self.db, prefix, prefer),
            ))
        if numbering is not None and numbering.seen is None:
            seen_numbers.remember(self.location, numbering.order())
        return list(dict.fromkeys(found))

    def _change_tasks(
        self,
        refs: Sequence[str],
        change: Callable[[tasks.Task, Stamp], list[LedgerEvent]],
        at: datetime | None,
        *,
        prefer: Sequence[str],
    ) -> list[str]:
        task_ids = self.find_tasks(refs, prefer)
        self.change_tasks(task_ids, lambda _stamp: change, at=at)
        return task_ids

    def change_tasks(
        self,
        task_ids: Sequence[str],
        make: Callable[[Stamp], Callable[[tasks.Task, Stamp], list[LedgerEvent]]],
        *,
        at: datetime | None = None,
        before: Callable[[Stamp], list[LedgerEvent]] | None = None,
    ) -> Recorded:
        """The same change to each task, all in one write (one undo takes it all back).
        ``make(stamp)`` gives the change (once per attempt); ``before`` gives events that go
        first (a project the change starts)."""

        def build(stamp: Stamp) -> list[LedgerEvent]:
            events = before(stamp) if before else []
            change = make(stamp)
            for task_id in task_ids:
                history = self.store.history(UUID(task_id))
                events += self._change_in_user_time(user_time.TASK, history, change, stamp)
            if not events:
                raise InvalidInputError(f"nothing to change for any of the {len(task_ids)} tasks")
            return events

        return self.record(build, at=at)

    def change(
        self,
        aggregate_id: str,
        fold: Callable[[list[LedgerEvent]], S | None],
        change: Callable[[S, Stamp], list[LedgerEvent]],
        *,
        at: datetime | None = None,
        life: Lifecycle[S] | None = None,
    ) -> Recorded:
        """Fold the aggregate's events (fresh on every attempt), apply ``change`` and record its events.

        With a ``life`` (tasks, appointments) the change meets the aggregate as it stood when the
        change happened in the user's life, and must leave every later change of status valid
        (``engine.rules.user_time``); without one, the aggregate as last recorded."""

        def build(stamp: Stamp) -> list[LedgerEvent]:
            history = self.store.history(UUID(aggregate_id))
            if life is None:
                state = fold(history)
                assert state is not None, f"{aggregate_id} was found in the views but has no events"
                return change(state, stamp)
            return self._change_in_user_time(life, history, change, stamp)

        return self.record(build, at=at)

    def _change_in_user_time(
        self, life: Lifecycle[S], history: list[LedgerEvent], change: Callable[[S, Stamp], list[LedgerEvent]], stamp: Stamp
    ) -> list[LedgerEvent]:
        undos = self.views.undo_pairs(self.db, [c.hex for c in dict.fromkeys(e.command_id for e in history)])
        state = user_time.as_of(life, history, undos, stamp.occurred_at)
        assert state is not None, f"{history[0].originator_id.hex} has no events"
        label: str = state.label  # type: ignore[attr-defined]
        try:
            events = change(state, stamp)
        except RuleViolationError:
            told = self._refused_for_its_date(life, history, undos, change, state, stamp, label)
            if told is None:
                raise  # refused whenever it is dated: the rule's own words
            raise RuleViolationError(told) from None
        mine = [e for e in events if e.originator_id == history[0].originator_id]
        user_time.check_later(life, history, mine, undos, label, self.tz)
        return events

    def _refused_for_its_date(
        self,
        life: Lifecycle[S],
        history: list[LedgerEvent],
        undos: list[tuple[str, str]],
        change: Callable[[S, Stamp], list[LedgerEvent]],
        state: S,
        stamp: Stamp,
        label: str,
    ) -> str | None:
        """When a change refused as of its moment would have been accepted on the aggregate as it
        stands now, what the user is told: how it stood then, and the later change that made it so."""
        latest = user_time.as_of(life, history, undos, FAR_FUTURE)
        try:
            change(latest, stamp)  # type: ignore[arg-type]
        except RuleViolationError:
            return None
        return user_time.refused_at(life, history, undos, stamp.occurred_at, state, label, self.tz)

    def edit_task(
        self,
        ref: str,
        *,
        text: str | None = None,
        project: str | None | object = tasks.UNCHANGED,
        due: datetime | None | object = tasks.UNCHANGED,
        add_tags: Sequence[str] = (),
        remove_tags: Sequence[str] = (),
        priority: str | None = None,
        at: datetime | None = None,
    ) -> str:
        """Change what is given of the task ``ref`` names; returns its id (hex). ``priority``: H, M
        or L as typed (any case), '-' to remove it, None to leave it."""
        if priority is not None:
            tasks.priority_from(priority)  # a bad value is the error, before any lookup
        task_id = self._find_task(ref, ALL_STATUSES)
        self.edit_found(
            [task_id], text=text, project=project, due=due, add_tags=add_tags, remove_tags=remove_tags, priority=priority, at=at
        )
        return task_id

    def edit_found(
        self,
        task_ids: Sequence[str],
        *,
        text: str | None = None,
        project: str | None | object = tasks.UNCHANGED,
        due: datetime | None | object = tasks.UNCHANGED,
        add_tags: Sequence[str] = (),
        remove_tags: Sequence[str] = (),
        priority: str | None = None,
        at: datetime | None = None,
    ) -> Recorded:
        """The same change to every task of ``task_ids`` (found by ``find_tasks``), in one write:
        for a caller that reads them first (``edit`` shows what changed).
        ``priority``: H, M or L as typed (any case), '-' to remove it, None to leave it."""
        level = tasks.priority_from(priority) if priority is not None else tasks.UNCHANGED
        moved: dict[str, UUID | None | object] = {}

        def before(stamp: Stamp) -> list[LedgerEvent]:
            moved["project_id"] = tasks.UNCHANGED
            if project is tasks.UNCHANGED:
                return []
            moved["project_id"], started = self.project_for(project, stamp)  # type: ignore[arg-type]
            return started

        def make(_stamp: Stamp) -> Callable[[tasks.Task, Stamp], list[LedgerEvent]]:
            def edit(task: tasks.Task, stamp: Stamp) -> list[LedgerEvent]:
                try:
                    return tasks.edit(
                        task, stamp, text=text, project_id=moved["project_id"], due=due, add_tags=add_tags, remove_tags=remove_tags,
                        priority=level,
                    )
                except InvalidInputError as e:
                    if len(task_ids) == 1 or not str(e).startswith("nothing to change"):
                        raise
                    return []  # of several tasks, one that has the change already is left as it is

            return edit

        return self.change_tasks(task_ids, make, at=at, before=before)

    def change_task_details(self, ref: str, *, at: datetime | None = None, **changes: Any) -> str:
        """Give the task ``ref`` names Taskwarrior's fields (``wait``, ``scheduled``, ``until``,
        ``started``, ``depends``, ``recurrence``, ``attributes``: as ``engine.rules.task_details.change_details``
        takes them); returns its id (hex)."""
        task_id = self._find_task(ref, ALL_STATUSES)

        def make(_stamp: Stamp) -> Callable[[tasks.Task, Stamp], list[LedgerEvent]]:
            def change(task: tasks.Task, stamp: Stamp) -> list[LedgerEvent]:
                events = change_details(task, stamp, **changes)
                if not events:
                    raise InvalidInputError(f"nothing to change for {task.label}")
                return events

            return change

        self.change_tasks([task_id], make, at=at)
        return task_id

    # -- notes ------------------------------------------------------------------------------------

    def record_note(self, text: str, *, project: str | None = None, at: datetime | None = None) -> Recorded:
        clean = clean_text(text, "note's text")
        note_id = uuid.uuid4()

        def build(stamp: Stamp) -> list[LedgerEvent]:
            project_id, started = self.project_for(project, stamp)
            return [*started, NoteRecorded(**stamp.fields(note_id, 1), text=clean, project_id=project_id)]

        return self.record(build, at=at)

    # -- appointments ----------------------------------------------------------------------------

    def schedule_appointment(
        self,
        text: str,
        starts_at: appointments.Start,
        *,
        duration_minutes: int | None = None,
        project: str | None = None,
        at: datetime | None = None,
    ) -> str:
        clean_text(text, "appointment's text")
        appt_id = self.new_id()

        def build(stamp: Stamp) -> list[LedgerEvent]:
            project_id, started = self.project_for(project, stamp)
            return started + appointments.schedule(
                appt_id, text, starts_at, stamp, duration_minutes=duration_minutes, project_id=project_id
            )

        self.record(build, at=at)
        return appt_id.hex

    def _appointment_id(self, ref: str) -> str:
        self.work.level()
        refs = self.views.appointment_refs(self.db, self.tz, ("scheduled", "cancelled"))
        return resolve_preferring(
            ref, lambda: [r for r in refs if r[3] == "scheduled"], "scheduled appointment", lambda: refs, "appointment"
        )

    def move_appointment(self, ref: str, starts_at: appointments.Start, *, duration_minutes: int | None = None, at: datetime | None = None) -> str:
        appt_id = self._appointment_id(ref)

        self.change(
            appt_id, appointments.appointment_from, lambda a, s: appointments.move(a, starts_at, s, duration_minutes=duration_minutes),
            at=at, life=user_time.APPOINTMENT,
        )
        return appt_id

    def cancel_appointment(self, ref: str, *, reason: str | None = None, at: datetime | None = None) -> str:
        appt_id = self._appointment_id(ref)

        self.change(appt_id, appointments.appointment_from, lambda a, s: appointments.cancel(a, s, reason), at=at, life=user_time.APPOINTMENT)
        return appt_id

    # -- undo ---------------------------------------------------------------------------------------

    def undo(self, *, dry_run: bool = False, expect: str | None = None) -> Reversal:
        """Revert the newest command that is neither undone nor an undo, with compensating events.
        ``dry_run``: what it would revert, recording nothing. ``expect``: only if that command's
        id (hex, as a dry run gave it) is still the newest; else a RuleViolationError."""
        from engine.rules.undo import revert

        done: list[Reversal] = []

        def build(stamp: Stamp) -> list[LedgerEvent]:
            found = self.views.last_command(self.db)
            if found is None:
                raise NotFoundError("nothing to undo: the ledger has no command left to take back")
            command_id, facts = found
            if expect is not None and UUID(command_id).hex != expect.replace("-", "").lower():
                raise RuleViolationError(
                    f"nothing undone: the last command is no longer the one shown ({expect[:8]}); another was recorded since: look again"
                )
            ids = list(dict.fromkeys(UUID(f.originator_id) for f in facts))
            histories = {i: self.store.history(i) for i in ids}
            wanted = {(f.originator_id, f.version) for f in facts}
            order = {(f.originator_id, f.version): f.position for f in facts}
            command = sorted(
                (e for h in histories.values() for e in h if (e.originator_id.hex, e.originator_version) in wanted),
                key=lambda e: order[(e.originator_id.hex, e.originator_version)],
            )
            when = facts[0].recorded(self.tz).strftime("%Y-%m-%d %H:%M:%S")
            what = ", ".join(f"{f.type} {f.originator_id[:7]}" for f in facts[:4]) + (f" and {len(facts) - 4} more" if len(facts) > 4 else "")
            done[:] = [revert(command, histories, stamp, f"the command recorded {when} ({what})")]
            return done[0].events

        if dry_run:
            self.work.level()
            moment = now()
            build(Stamp(moment, moment, self.source, uuid.uuid4()))
            return done[0]
        self.record(build)
        return done[0]
