"""Recording an import of tasks from another tool: read the file, plan it, append it whole.

A file is one atomic append: every task in it or none (a bad record refuses the whole file,
naming its line). The write is the unit of work's: when another writer got there first, the
ledger is read again and the file planned again, a bounded number of times; the views are
caught up before and after. What the ledger holds is read through ``ports.ImportViews``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from engine.commands.unit_of_work import UnitOfWork
from engine.formats.records import TaskRecord
from engine.importers.tasks.plan import TaskPlan, case_notes, plan_tasks
from engine.rules.clock import now
from engine.rules.errors import InvalidInputError

if TYPE_CHECKING:
    from engine.commands.ports import ImportViews
    from engine.storage.database import Database
    from engine.storage.location import LedgerLocation
    from events import LedgerEvent

__all__ = ["MAX_BYTES", "READERS", "TaskImportReport", "import_tasks", "read_file", "record_planned", "refuse_errors"]

MAX_BYTES = 256 * 1024 * 1024
MAX_ATTEMPTS = 8
P = TypeVar("P")

Reader = Callable[[str, str, tzinfo, datetime], list[TaskRecord]]


def _taskwarrior(text: str, name: str, tz: tzinfo, at: datetime) -> list[TaskRecord]:
    from engine.formats.taskwarrior import read_export

    return read_export(text, name)


def _todotxt(text: str, name: str, tz: tzinfo, at: datetime) -> list[TaskRecord]:
    from engine.formats.todotxt import read_todo

    return read_todo(text, name, tz, at, modified=_written(name, at))


def _written(path: str, now: datetime) -> datetime:
    """When a file was last written, never after ``now``: all a todo.txt says of when its lines
    changed, so that an older copy imported after a newer one is older news."""
    try:
        return min(datetime.fromtimestamp(Path(path).stat().st_mtime, UTC), now)
    except OSError:
        return now


READERS: dict[str, Reader] = {"taskwarrior": _taskwarrior, "todotxt": _todotxt}


@dataclass
class TaskImportReport:
    """What an import of one file did (or, in a dry run, would do)."""

    file: str
    source: str
    dry_run: bool
    tasks_read: int = 0
    events: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)  # "FILE:LINE: ..." what was read otherwise than written
    not_kept: list[str] = field(default_factory=list)  # "FILE:LINE: task UUID 'text': what not kept"

    @property
    def unchanged(self) -> int:
        return self.tasks_read - self.counts["new"] - self.touched

    touched: int = 0  # tasks the ledger had that got any event


def read_file(path: str) -> tuple[str, str]:
    """(text, sha256) of a file to import; a one-line error naming it when it cannot be read."""
    try:
        with Path(path).open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise InvalidInputError(f"{path}: cannot read it: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise InvalidInputError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InvalidInputError(f"{path}:{line}: not UTF-8 text") from None
    return text, hashlib.sha256(data).hexdigest()


def import_tasks(
    location: LedgerLocation, path: str, source: str, *, tz: tzinfo, views: ImportViews, dry_run: bool = False
) -> TaskImportReport:
    """Import the tasks of the file at ``path`` (``source``: taskwarrior or todotxt)."""
    text, sha256 = read_file(path)
    records = READERS[source](text, path, tz, now())
    report = TaskImportReport(file=path, source=source, dry_run=dry_run, tasks_read=len(records), warnings=case_notes(records, path))
    plan, matched = record_planned(
        location,
        views,
        lambda work: _plan(views, work.db, records, path, sha256, tz, todotxt=source == "todotxt"),
        lambda planned: planned[0].events,
        dry_run=dry_run, path=path, what="tasks",
    )
    report.events = len(plan.events)
    report.counts = plan.counts
    report.not_kept = plan.not_kept
    report.touched = len({e.originator_id for e in plan.events} & {r.id for r in matched}) - plan.counts["new"]
    return report


def _plan(
    views: ImportViews, db: Database, records: list[TaskRecord], path: str, sha256: str, tz: tzinfo, *, todotxt: bool
) -> tuple[TaskPlan, list[TaskRecord]]:
    known = views.known_tasks(db)
    if todotxt:  # a line without uuid: may be a task the ledger has (its own export)
        from engine.formats.todotxt import match_known

        records = match_known(records, known.tasks, tz, known.projects)
    else:  # Taskwarrior: a due day comes back as the day's start
        from engine.formats.taskwarrior import keep_due_days

        records = keep_due_days(records, known.tasks, tz)
    plan = plan_tasks(
        records,
        known_tasks=known.tasks,
        known_projects=known.projects,
        known_project_ids=known.project_ids,
        known_notes=known.notes,
        known_changed=known.changed,
        known_records=known.records,
        file=path,
        sha256=sha256,
        recorded_at=now(),
        command_id=uuid.uuid4(),
    )
    refuse_errors(plan.errors)
    return plan, records


def refuse_errors(errors: Sequence[str]) -> None:
    """A file with records that cannot be imported is refused whole: the first one named, the rest counted."""
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InvalidInputError(f"{errors[0]}{more}; nothing was imported")


def record_planned(
    location: LedgerLocation,
    views: ImportViews,
    plan: Callable[[UnitOfWork], P],
    events_of: Callable[[P], Sequence[LedgerEvent]],
    *,
    dry_run: bool,
    path: str,
    what: str,
) -> P:
    """Plan against views caught up with the ledger, then record the plan's events in one
    transaction; when another writer got there first, plan again (the unit of work's bounded,
    jittered retries), then give up with ConflictError. A dry run only plans."""

    def attempt() -> P:
        planned = plan(work)
        events = events_of(planned)
        if not dry_run and events:
            work.append(events)
        return planned

    with UnitOfWork(location, views, create=not dry_run) as work:
        return work.retry(attempt, attempts=MAX_ATTEMPTS, where=f"{path}: ", what=what)
