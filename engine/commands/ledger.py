"""The ledger's commands: each turns what the user asked into events and records them atomically.

A command reads what it needs (read models for names and handles, the aggregate's own events
for its state), checks the rules, and appends all its events in one transaction. When another
writer got there first (a version conflict, or SQLite's write lock held too long), the command
is re-run from fresh state a bounded number of times; it is never half-recorded or lost.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, tzinfo
from uuid import UUID

from engine.rules import appointment as appointments
from engine.rules import project as projects
from engine.rules import task as tasks
from engine.rules.clock import now
from engine.rules.errors import ConflictError, InvalidInputError, LedgerError, NotFoundError
from engine.rules.lookup import resolve
from engine.rules.stamp import Stamp
from engine.rules.text import clean_text, normal_name
from engine.rules.undo import Reversal
from engine.storage.database import Database, open_database
from engine.storage.event_store import EventStore
from engine.storage.location import LedgerLocation
from events import LedgerEvent, NoteRecorded, Source
from projections.queries import current as queries
from projections.views.catchup import catch_up

__all__ = ["Ledger", "Recorded"]

ALL_STATUSES = ("open", "done", "cancelled")
MAX_ATTEMPTS = 12
FUTURE_TOLERANCE = timedelta(minutes=1)
Build = Callable[[Stamp], list[LedgerEvent]]


class Recorded(list[LedgerEvent]):
    """The events one command recorded."""


class Ledger:
    """A ledger open for recording."""

    def __init__(self, location: LedgerLocation, *, tz: tzinfo, source: Source | None = None) -> None:
        self.location = location
        self.tz = tz
        self.source = source or Source(kind="cli")
        self.db: Database = open_database(location, create=True)
        self._store: EventStore | None = None
        catch_up(self.db)

    @property
    def store(self) -> EventStore:
        if self._store is None:
            self._store = EventStore(self.location)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        self.db.close()

    # -- recording ----------------------------------------------------------------------------

    def record(self, build: Build, *, at: datetime | None = None) -> Recorded:
        """Run ``build`` on fresh state and append its events atomically, retrying conflicts."""
        from eventsourcing.persistence import IntegrityError, OperationalError, PersistenceError

        command_id = uuid.uuid4()
        for attempt in range(MAX_ATTEMPTS):
            catch_up(self.db)
            recorded_at = now()
            occurred_at = at or recorded_at
            if occurred_at > recorded_at + FUTURE_TOLERANCE:
                raise InvalidInputError(
                    f"--at {occurred_at.astimezone(self.tz).isoformat(timespec='minutes')} is in the future; "
                    "it says when something happened"
                )
            events = build(Stamp(occurred_at, recorded_at, self.source, command_id))
            try:
                self.store.append(events)
                break
            except (IntegrityError, OperationalError) as e:
                if isinstance(e, OperationalError) and "locked" not in str(e).lower():
                    raise LedgerError(f"{self.location.describe()}: {e}") from e
                time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
            except PersistenceError as e:
                raise LedgerError(f"{self.location.describe()}: {e}") from e
        else:
            raise ConflictError(f"gave up after {MAX_ATTEMPTS} attempts: other writers kept changing the same things")
        catch_up(self.db)
        return Recorded(events)

    # -- lookups --------------------------------------------------------------------------------

    def new_id(self) -> UUID:
        """A fresh id whose 7-digit handle no task, appointment or routine uses yet."""
        while True:
            candidate = uuid.uuid4()
            if not queries.handle_in_use(self.db, candidate.hex[:7]):
                return candidate

    def project_for(self, name: str | None, stamp: Stamp) -> tuple[UUID | None, list[LedgerEvent]]:
        """The project of that name, started now (same command) if it does not exist yet."""
        if name is None:
            return None, []
        if not name.strip() or name.strip() == "-":
            return None, []
        found = queries.find_project(self.db, name)
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
        at: datetime | None = None,
    ) -> str:
        """Capture a new task; returns its id (hex)."""
        clean_text(text, "task's text")
        task_id = self.new_id()

        def build(stamp: Stamp) -> list[LedgerEvent]:
            project_id, started = self.project_for(project, stamp)
            return started + tasks.capture(task_id, text, stamp, project_id=project_id, tags=tags, due=due)

        self.record(build, at=at)
        return task_id.hex

    def complete_task(self, ref: str, *, at: datetime | None = None) -> str:
        """Mark the task ``ref`` names done; returns its id (hex)."""
        return self._change_task(ref, tasks.complete, at, prefer=("open",))

    def reopen_task(self, ref: str, *, at: datetime | None = None) -> str:
        """Make the done or cancelled task ``ref`` names open again; returns its id (hex)."""
        return self._change_task(ref, tasks.reopen, at, prefer=("done", "cancelled"))

    def cancel_task(self, ref: str, *, at: datetime | None = None, reason: str | None = None) -> str:
        """Drop the open task ``ref`` names; returns its id (hex)."""
        return self._change_task(ref, lambda t, s: tasks.cancel(t, s, reason), at, prefer=("open",))

    def _find_task(self, ref: str, prefer: Sequence[str]) -> str:
        """The id of the task ``ref`` names. Text looks among the tasks the command suits first
        (``prefer``), so 'done dishes' finds the open one; then among all tasks, so a command that
        does not apply gets its rule's message rather than 'not found'."""
        catch_up(self.db)
        try:
            return resolve(ref, queries.task_refs(self.db, prefer), what=f"{'/'.join(prefer)} task")
        except NotFoundError:
            return resolve(ref, queries.task_refs(self.db, ALL_STATUSES), what="task")

    def _change_task(
        self,
        ref: str,
        change: Callable[[tasks.Task, Stamp], list[LedgerEvent]],
        at: datetime | None,
        *,
        prefer: Sequence[str],
    ) -> str:
        task_id = self._find_task(ref, prefer)

        def build(stamp: Stamp) -> list[LedgerEvent]:
            task = tasks.task_from(self.store.history(UUID(task_id)))
            assert task is not None
            return change(task, stamp)

        self.record(build, at=at)
        return task_id

    def edit_task(
        self,
        ref: str,
        *,
        text: str | None = None,
        project: str | None | object = tasks.UNCHANGED,
        due: datetime | None | object = tasks.UNCHANGED,
        add_tags: Sequence[str] = (),
        remove_tags: Sequence[str] = (),
        at: datetime | None = None,
    ) -> str:
        task_id = self._find_task(ref, ALL_STATUSES)

        def build(stamp: Stamp) -> list[LedgerEvent]:
            task = tasks.task_from(self.store.history(UUID(task_id)))
            assert task is not None
            started: list[LedgerEvent] = []
            project_id: UUID | None | object = tasks.UNCHANGED
            if project is not tasks.UNCHANGED:
                project_id, started = self.project_for(project, stamp)  # type: ignore[arg-type]
            return started + tasks.edit(
                task, stamp, text=text, project_id=project_id, due=due, add_tags=add_tags, remove_tags=remove_tags
            )

        self.record(build, at=at)
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
        starts_at: datetime,
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
        catch_up(self.db)
        refs = [(a.id, a.handle, a.text, a.status) for a in queries.appointments(self.db, self.tz, statuses=("scheduled", "cancelled"))]
        scheduled = [r for r in refs if r[3] == "scheduled"]
        try:
            return resolve(ref, scheduled, what="scheduled appointment")
        except NotFoundError:
            return resolve(ref, refs, what="appointment")

    def move_appointment(self, ref: str, starts_at: datetime, *, duration_minutes: int | None = None, at: datetime | None = None) -> str:
        appt_id = self._appointment_id(ref)

        def build(stamp: Stamp) -> list[LedgerEvent]:
            appt = appointments.appointment_from(self.store.history(UUID(appt_id)))
            assert appt is not None
            return appointments.move(appt, starts_at, stamp, duration_minutes=duration_minutes)

        self.record(build, at=at)
        return appt_id

    def cancel_appointment(self, ref: str, *, reason: str | None = None, at: datetime | None = None) -> str:
        appt_id = self._appointment_id(ref)

        def build(stamp: Stamp) -> list[LedgerEvent]:
            appt = appointments.appointment_from(self.store.history(UUID(appt_id)))
            assert appt is not None
            return appointments.cancel(appt, stamp, reason)

        self.record(build, at=at)
        return appt_id

    # -- undo ---------------------------------------------------------------------------------------

    def undo(self) -> Reversal:
        """Revert the newest command that is neither undone nor an undo, with compensating events."""
        from engine.rules.undo import revert
        from projections.queries.audit import last_command

        done: list[Reversal] = []

        def build(stamp: Stamp) -> list[LedgerEvent]:
            found = last_command(self.db)
            if found is None:
                raise NotFoundError("nothing to undo: the ledger has no command left to take back")
            _command_id, facts = found
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

        self.record(build)
        return done[0]
