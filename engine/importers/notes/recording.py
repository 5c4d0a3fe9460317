"""Recording an import: read the files, plan each note in date order, append each note's events.

The state the planner needs is loaded once and kept in memory (``ImportState``). Each note is
one atomic append: all of its events or none. A note that cannot be read or planned writes
nothing and is reported; the others still import. When another writer got there first (a
version conflict, SQLite's lock held too long), the state is reloaded and the note planned
again, a bounded number of times. The read models are caught up once, at the end.
"""

from __future__ import annotations

import gc
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Literal

from engine.formats.notes.files import NoteFile, NoteText, find_note_files, parse_note_text, read_note_text
from engine.formats.notes.model import ParseOptions
from engine.formats.notes.parser import note_day
from engine.importers.notes.rules import MatchRules
from engine.rules.clock import now
from engine.rules.errors import ConflictError, DayledgerError, InvalidInputError, LedgerError
from engine.storage.database import open_database
from projections.views.catchup import catch_up

if TYPE_CHECKING:
    from engine.importers.notes.plan import NotePlan
    from engine.importers.notes.state import ImportState
    from engine.storage.database import Database
    from engine.storage.event_store import EventStore
    from engine.storage.location import LedgerLocation

__all__ = ["FileResult", "ImportOptions", "ImportReport", "import_notes", "import_parsed_notes"]

MAX_ATTEMPTS = 8
# Notes recorded per transaction. One transaction per note is all a SQLite commit's wait for the
# disk (about 4 ms here): 3,650 notes spent 15 s in commits alone. Whole notes per batch keep
# each note all or nothing.
BATCH_FILES = 64
BATCH_EVENTS = 2000
Status = Literal["imported", "unchanged", "failed", "planned"]


@dataclass(frozen=True)
class ImportOptions:
    tz: tzinfo
    date_order: Literal["MDY", "DMY"] = "MDY"
    rules: MatchRules = field(default_factory=MatchRules)
    day_parts: dict[str, int] | None = None
    dry_run: bool = False
    replan: bool = False  # plan every note, even one whose exact bytes were recorded (to explain it)


@dataclass
class FileResult:
    file: str
    status: Status
    day: date | None = None
    plan: NotePlan | None = None
    error: str | None = None
    exit_code: int = 0


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def totals(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for r in self.results:
            counts[r.status] += 1
            if r.plan is not None and r.status in ("imported", "planned"):
                counts.update(r.plan.counts())
        return counts

    def unclear(self) -> list[tuple[str, int, str, str]]:
        """(file, line, text, why) of every line not understood, in the files read."""
        return [(r.file, line, text, why) for r in self.results if r.plan for line, text, why in r.plan.unclear]


def import_notes(
    location: LedgerLocation,
    paths: Sequence[str],
    options: ImportOptions,
    *,
    progress: Callable[[FileResult], None] | None = None,
) -> ImportReport:
    """Import the daily notes ``paths`` name into the ledger at ``location``.

    A note whose exact bytes were recorded for its day before (``recorded_note_files``) is
    ``unchanged`` without being read further or planned, unless ``options.replan``: importing
    a folder of ten years of notes again each day reads only the new and the edited ones.
    """
    report = ImportReport(dry_run=options.dry_run)
    found, problems, report.skipped = find_note_files(paths)
    for problem in problems:
        report.results.append(FileResult(problem.split(":", 1)[0], "failed", error=problem, exit_code=2))
    today = now().astimezone(options.tz).date()
    parse_options = ParseOptions(date_order=options.date_order)
    texts: list[NoteText] = []
    for path, name in found:
        try:
            texts.append(read_note_text(path, name))
        except InvalidInputError as e:
            report.results.append(FileResult(name, "failed", error=str(e), exit_code=e.exit_code))
    if not texts:
        return report
    db = open_database(location, create=not options.dry_run)
    try:
        recorded = set() if options.replan else _recorded_files(db)
        notes: list[NoteFile] = []
        for read in texts:
            try:
                if recorded:
                    day = note_day(read.text, name=read.name, options=parse_options)
                    if (read.sha256, day.isoformat()) in recorded:
                        report.results.append(FileResult(read.name, "unchanged", day))
                        continue
                notes.append(parse_note_text(read, parse_options, today))
            except InvalidInputError as e:
                report.results.append(FileResult(read.name, "failed", error=str(e), exit_code=e.exit_code))
        _import_into(db, location, notes, options, report, progress)
    finally:
        db.close()
    return report


def _recorded_files(db: Database) -> set[tuple[str, str]]:
    from projections.views.imported import recorded_note_files

    if not db.exists:
        return set()
    catch_up(db)
    return recorded_note_files(db)


def import_parsed_notes(
    location: LedgerLocation,
    notes: Sequence[NoteFile],
    options: ImportOptions,
    *,
    report: ImportReport | None = None,
    progress: Callable[[FileResult], None] | None = None,
) -> ImportReport:
    """Import notes already read (from files, or from elsewhere: a blog's posts), in date order."""
    report = report if report is not None else ImportReport(dry_run=options.dry_run)
    if not notes:
        return report
    db = open_database(location, create=not options.dry_run)
    try:
        _import_into(db, location, notes, options, report, progress)
    finally:
        db.close()
    return report


def _import_into(
    db: Database,
    location: LedgerLocation,
    notes: Sequence[NoteFile],
    options: ImportOptions,
    report: ImportReport,
    progress: Callable[[FileResult], None] | None,
) -> None:
    if notes:
        ordered = sorted(notes, key=lambda n: (n.note.day, n.name))
        _Run(db, location, options, ordered, report, progress).run()


class _Run:
    def __init__(
        self,
        db: Database,
        location: LedgerLocation,
        options: ImportOptions,
        notes: list[NoteFile],
        report: ImportReport,
        progress: Callable[[FileResult], None] | None,
    ) -> None:
        self.db, self.location, self.options = db, location, options
        self.notes, self.report, self.progress = notes, report, progress
        from engine.importers.notes.plan import PlanOptions  # only now: its events need pydantic

        self.plan_options = PlanOptions(tz=options.tz, rules=options.rules, day_parts=options.day_parts)
        self.first_day, self.last_day = notes[0].note.day, notes[-1].note.day
        self._store: EventStore | None = None
        self.state = self._load()
        self.appended = False

    def _load(self) -> ImportState:
        from engine.importers.notes.state import ImportState

        catch_up(self.db)
        return ImportState.load(self.db, self.options.tz, self.first_day, self.last_day)

    @property
    def store(self) -> EventStore:
        if self._store is None:
            from engine.storage.event_store import EventStore

            self._store = EventStore(self.location)
        return self._store

    def run(self) -> None:
        batch: list[tuple[NoteFile, FileResult]] = []
        # A run keeps all it reads and plans to the end (the report holds every plan), and each
        # of Python's full collections scanned it all again as it grew: a quarter of a ten-year
        # import. gc.freeze() moves what exists now out of the collector's sight; done every few
        # notes, collections only look at what is new. What was frozen is handed back at the end.
        thaw = gc.get_freeze_count() == 0  # when someone else froze objects too, leave them frozen
        try:
            for count, note in enumerate(self.notes, 1):
                if count % BATCH_FILES == 0:
                    gc.freeze()
                result = self._plan_ahead(note)
                self.report.results.append(result)
                if result.status == "imported":
                    batch.append((note, result))
                    if len(batch) >= BATCH_FILES or sum(len(r.plan.events) for _, r in batch if r.plan) >= BATCH_EVENTS:
                        self._flush(batch)
                elif self.progress is not None:
                    self.progress(result)
            self._flush(batch)
        finally:
            if self.appended:
                catch_up(self.db)
            if self._store is not None:
                self._store.close()
            if thaw:
                gc.unfreeze()

    def _plan_ahead(self, note: NoteFile) -> FileResult:
        """Plan a note on the state as it will be once the notes before it are recorded."""
        day = note.note.day
        try:
            plan = self._plan(note)
        except DayledgerError as e:
            return FileResult(note.name, "failed", day, error=f"{note.name}: {e}", exit_code=e.exit_code)
        if not plan.events:
            return FileResult(note.name, "unchanged", day, plan)
        self.state.fold(plan.events)
        return FileResult(note.name, "planned" if self.options.dry_run else "imported", day, plan)

    def _flush(self, batch: list[tuple[NoteFile, FileResult]]) -> None:
        """Record a batch of planned notes in one transaction: whole notes only, so each note is
        still all or nothing. A conflict (another writer) sends every note of the batch down the
        one-note path: reload, plan again, append, retry."""
        from eventsourcing.persistence import IntegrityError, OperationalError, PersistenceError

        if not batch:
            return
        events = [e for _, result in batch if result.plan for e in result.plan.events]
        try:
            self.store.append(events)
            self.appended = True
        except (IntegrityError, OperationalError) as e:
            if isinstance(e, OperationalError) and "locked" not in str(e).lower():
                raise LedgerError(f"{self.location.describe()}: {e}") from e
            self.state = self._load()
            for note, result in batch:
                fresh = self._one(note)
                result.status, result.plan, result.error, result.exit_code = fresh.status, fresh.plan, fresh.error, fresh.exit_code
        except PersistenceError as e:
            raise LedgerError(f"{self.location.describe()}: {e}") from e
        if self.progress is not None:
            for _, result in batch:
                self.progress(result)
        batch.clear()

    def _plan(self, note: NoteFile) -> NotePlan:
        from engine.importers.notes.plan import plan_note

        return plan_note(
            note.note, self.state, self.plan_options,
            file=note.name, sha256=note.sha256, recorded_at=now(), command_id=uuid.uuid4(),
        )

    def _one(self, note: NoteFile) -> FileResult:
        from eventsourcing.persistence import IntegrityError, OperationalError, PersistenceError

        day = note.note.day
        for attempt in range(MAX_ATTEMPTS):
            try:
                plan = self._plan(note)
            except DayledgerError as e:
                return FileResult(note.name, "failed", day, error=f"{note.name}: {e}", exit_code=e.exit_code)
            if not plan.events:
                return FileResult(note.name, "unchanged", day, plan)
            if self.options.dry_run:
                self.state.fold(plan.events)
                return FileResult(note.name, "planned", day, plan)
            try:
                self.store.append(plan.events)
            except (IntegrityError, OperationalError) as e:
                if isinstance(e, OperationalError) and "locked" not in str(e).lower():
                    raise LedgerError(f"{self.location.describe()}: {e}") from e
                time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
                self.state = self._load()  # another writer changed the ledger: plan again from it
                continue
            except PersistenceError as e:
                raise LedgerError(f"{self.location.describe()}: {e}") from e
            self.appended = True
            self.state.fold(plan.events)
            return FileResult(note.name, "imported", day, plan)
        error = ConflictError(f"{note.name}: gave up after {MAX_ATTEMPTS} attempts: other writers kept changing the same things")
        return FileResult(note.name, "failed", day, error=str(error), exit_code=error.exit_code)
