"""Recording an import: read the files, plan each note in date order, append each note's events.

The state the planner needs is loaded once and kept in memory (``ImportState``). Each note is
one atomic append: all of its events or none. A note that cannot be read or planned writes
nothing and is reported; the others still import. The write is the unit of work's
(``engine.commands.unit_of_work``): when another writer got there first, the state is reloaded
and the note planned again, a bounded number of times; the views are caught up once, at the end.
What the ledger holds is read through ``ports.ImportViews``, never from ``projections``.
"""

from __future__ import annotations

import gc
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Literal

from engine.commands.unit_of_work import UnitOfWork
from engine.formats.notes.files import PLAIN, NoteFile, NoteText, find_note_files, parse_note_text, read_note_text
from engine.formats.notes.model import NoteDialect, ParseOptions
from engine.importers.notes.rules import MatchRules
from engine.rules.clock import now
from engine.rules.errors import ConflictError, DayledgerError, InvalidInputError, WriteConflict
from engine.storage.progress import tell

if TYPE_CHECKING:
    from engine.commands.ports import ImportViews
    from engine.importers.notes.plan import NotePlan
    from engine.importers.notes.state import ImportState
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
    dialect: NoteDialect = PLAIN  # whose notes: the plain ones, Logseq's or Obsidian's journals


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
    views: ImportViews,
    progress: Callable[[FileResult], None] | None = None,
) -> ImportReport:
    """Import the daily notes ``paths`` name into the ledger at ``location``.

    A note whose exact bytes were recorded for its day before (``recorded_note_files``) is
    ``unchanged`` without being read further or planned, unless ``options.replan``: importing
    a folder of ten years of notes again each day reads only the new and the edited ones.
    """
    report = ImportReport(dry_run=options.dry_run)
    found, problems, report.skipped = find_note_files(paths, options.dialect)
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
    work = UnitOfWork(location, views, create=not options.dry_run)
    try:
        recorded = set() if options.replan else _recorded_files(work)
        notes: list[NoteFile] = []
        for read in texts:
            try:
                if recorded:
                    day = options.dialect.day(read.text, read.name, parse_options)
                    if (read.sha256, day.isoformat()) in recorded:
                        report.results.append(FileResult(read.name, "unchanged", day))
                        continue
                notes.append(parse_note_text(read, parse_options, today, options.dialect))
            except InvalidInputError as e:
                report.results.append(FileResult(read.name, "failed", error=str(e), exit_code=e.exit_code))
        _import_into(work, notes, options, report, progress)
    finally:
        work.close()
    return report


def _recorded_files(work: UnitOfWork) -> set[tuple[str, str]]:
    if not work.db.exists:
        return set()
    work.level()
    return work.views.recorded_note_files(work.db)


def import_parsed_notes(
    location: LedgerLocation,
    notes: Sequence[NoteFile],
    options: ImportOptions,
    *,
    views: ImportViews,
    report: ImportReport | None = None,
    progress: Callable[[FileResult], None] | None = None,
) -> ImportReport:
    """Import notes already read (from files, or from elsewhere: a blog's posts), in date order."""
    report = report if report is not None else ImportReport(dry_run=options.dry_run)
    if not notes:
        return report
    work = UnitOfWork(location, views, create=not options.dry_run)
    try:
        _import_into(work, notes, options, report, progress)
    finally:
        work.close()
    return report


def _import_into(
    work: UnitOfWork,
    notes: Sequence[NoteFile],
    options: ImportOptions,
    report: ImportReport,
    progress: Callable[[FileResult], None] | None,
) -> None:
    if notes:
        ordered = sorted(notes, key=lambda n: (n.note.day, n.name))
        _Run(work, options, ordered, report, progress).run()


class _Run:
    def __init__(
        self,
        work: UnitOfWork,
        options: ImportOptions,
        notes: list[NoteFile],
        report: ImportReport,
        progress: Callable[[FileResult], None] | None,
    ) -> None:
        self.work, self.options = work, options
        self.notes, self.report, self.progress = notes, report, progress
        self.recorded = 0  # events appended so far, for progress on a terminal
        from engine.importers.notes.plan import PlanOptions  # only now: its events need pydantic

        self.plan_options = PlanOptions(tz=options.tz, rules=options.rules, day_parts=options.day_parts)
        self.first_day, self.last_day = notes[0].note.day, notes[-1].note.day
        self.state = self._load()

    def _load(self) -> ImportState:
        """The state from the views, caught up with the ledger (by anyone's writes) first."""
        from engine.importers.notes.state import ImportState

        self.work.level()
        return ImportState.load(self.work.views, self.work.db, self.options.tz, self.first_day, self.last_day)

    def run(self) -> None:
        batch: list[tuple[NoteFile, FileResult]] = []
        # A run keeps all it reads and plans to the end (the report holds every plan), and each
        # of Python's full collections scanned it all again as it grew: a quarter of a ten-year
        # import. gc.freeze() moves what exists now out of the collector's sight; done every few
        # notes, collections only look at what is new. What was frozen is handed back at the end.
        thaw = gc.get_freeze_count() == 0  # when someone else froze objects too, leave them frozen
        try:
            total = len(self.notes)
            for count, note in enumerate(self.notes, 1):
                if count % BATCH_FILES == 0:
                    gc.freeze()
                tell("importing", count - 1, total, "notes", None if self.options.dry_run else self.recorded)
                result = self._plan_ahead(note)
                self.report.results.append(result)
                if result.status == "imported":
                    batch.append((note, result))
                    if len(batch) >= BATCH_FILES or sum(len(r.plan.events) for _, r in batch if r.plan) >= BATCH_EVENTS:
                        self._flush(batch)
                elif self.progress is not None:
                    self.progress(result)
            self._flush(batch)
            tell("importing", total, total, "notes", self.recorded)
        finally:
            if thaw:
                gc.unfreeze()

    def _plan_ahead(self, note: NoteFile) -> FileResult:
        """Plan a note on the state as it will be once the notes before it are recorded."""
        plan = self._planned(note)
        if isinstance(plan, FileResult):
            return plan
        self.state.fold(plan.events)
        return FileResult(note.name, "planned" if self.options.dry_run else "imported", note.note.day, plan)

    def _flush(self, batch: list[tuple[NoteFile, FileResult]]) -> None:
        """Record a batch of planned notes in one transaction: whole notes only, so each note is
        still all or nothing. A conflict (another writer) sends every note of the batch down the
        one-note path: reload, plan again, append, retry."""
        if not batch:
            return
        events = [e for _, result in batch if result.plan for e in result.plan.events]
        try:
            self.work.append(events)
        except WriteConflict:
            self.state = self._load()
            for note, result in batch:
                fresh = self._one(note)
                result.status, result.plan, result.error, result.exit_code = fresh.status, fresh.plan, fresh.error, fresh.exit_code
        self.recorded += sum(len(result.plan.events) for _, result in batch if result.status == "imported" and result.plan)
        for _, result in batch:  # recorded: the report needs their facts, not the events (a ten-year import held them all)
            if result.status == "imported" and result.plan:
                result.plan.events = []
        if self.progress is not None:
            for _, result in batch:
                self.progress(result)
        batch.clear()

    def _planned(self, note: NoteFile) -> NotePlan | FileResult:
        """The note's plan, or what became of a note with nothing to record or that cannot be planned."""
        try:
            plan = self._plan(note)
        except DayledgerError as e:
            return FileResult(note.name, "failed", note.note.day, error=f"{note.name}: {e}", exit_code=e.exit_code)
        if not plan.events:
            return FileResult(note.name, "unchanged", note.note.day, plan)
        return plan

    def _plan(self, note: NoteFile) -> NotePlan:
        from engine.importers.notes.plan import plan_note

        return plan_note(
            note.note, self.state, self.plan_options,
            file=note.name, sha256=note.sha256, recorded_at=now(), command_id=uuid.uuid4(),
        )

    def _one(self, note: NoteFile) -> FileResult:
        day = note.note.day
        attempts = 0

        def attempt() -> FileResult:
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                self.state = self._load()  # another writer changed the ledger: plan again from it
            plan = self._planned(note)
            if isinstance(plan, FileResult):
                return plan
            if self.options.dry_run:
                self.state.fold(plan.events)
                return FileResult(note.name, "planned", day, plan)
            self.work.append(plan.events)
            self.state.fold(plan.events)
            return FileResult(note.name, "imported", day, plan)

        try:
            return self.work.retry(attempt, attempts=MAX_ATTEMPTS, where=f"{note.name}: ")
        except ConflictError as error:
            return FileResult(note.name, "failed", day, error=str(error), exit_code=error.exit_code)
