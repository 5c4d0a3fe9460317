"""Planning an import: one parsed daily note and what the ledger holds -> the events to record.

Pure: no files, no database, no clock. ``plan_note`` reads the in-memory ``ImportState`` and
returns every event the note adds, with what it means for people (``Fact``) and why each task
line is the task it is (``Match``). It never changes the state: the caller folds the events in
once they are recorded (or, in a dry run, once they are shown).

What each line becomes (all on the note's day, at the local start of that day, since notes
do not say at what time things happened):

- a free line: ``NoteRecorded`` (in the project of the section it sits in); a line the parser
  could not make sense of is recorded the same way and listed as unclear;
- a paper: ``ReadingLogged`` with its arXiv id, title and abstract;
- a task bullet: ``TaskCaptured`` in the section's project (``ProjectStarted`` the first time
  a project is named), or, when it is a task already open that day (see ``matching``),
  ``TaskCarried`` for that day; a done mark adds ``TaskCompleted`` on that day (on the day the
  line says it was done, for a journal's "✅ 2026-04-24"), a journal's cancelled line
  ``TaskCancelled``; a journal's tags, due day and priority go with the capture;
- a journal's entry written at a time (jrnl): ``NoteRecorded`` at that time, not the day's start;
- an appointment phrase (``– Appointment for Tuesday morning``): ``AppointmentScheduled`` at
  the resolved time, relative to the note's day and linked to the task; the same phrase on the
  next day's list schedules nothing new, a different time moves the appointment when it was
  still to come, and schedules a new one when it had passed;
- the lines under a task (sub-points, links): ``NoteRecorded`` linked to the task;
- a bullet naming a defined routine (``Dishes – done``): ``OccurrenceDone`` for the routine's
  occurrence due that day, instead of a task.

Every event's source is ``import`` with the file, its sha256, the line and the fact's key
(``engine.importers.notes.keys``); a fact whose key is recorded already adds nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from uuid import UUID

from engine.formats.notes.model import FreeLine, Heading, ParsedNote, Reading, TaskLine
from engine.importers.notes.keys import fact_id, key
from engine.importers.notes.matching import Match, MatchRules, match_lines
from engine.importers.notes.state import ImportState, KnownAppointment, KnownRoutine, KnownTask
from engine.rules import appointment as appointments
from engine.rules import project as projects
from engine.rules import task as tasks
from engine.rules.adherence import current_occurrence
from engine.rules.all_day import start_moment
from engine.rules.cron import zone_of
from engine.rules.days import day_start
from engine.rules.errors import InvalidInputError
from engine.rules.stamp import Stamp
from engine.rules.task_details import change_details
from engine.rules.text import clean_tags, clean_text, normal_name, normal_words
from engine.rules.when import parse_when
from events import LedgerEvent, NoteRecorded, OccurrenceDone, ReadingLogged, Source

__all__ = ["Fact", "NotePlan", "PlanOptions", "plan_note"]


@dataclass(frozen=True)
class PlanOptions:
    tz: tzinfo
    rules: MatchRules = MatchRules()
    day_parts: dict[str, int] | None = None  # e.g. {"morning": 8}; engine.rules.when.DAY_PARTS by default


@dataclass(frozen=True)
class Fact:
    """One thing the plan records, for people: ``kind`` is note, unclear, reading, task, changed,
    carried, completed, appointment, moved or project."""

    kind: str
    line: int | None
    text: str
    detail: str = ""


@dataclass
class NotePlan:
    """What one note adds: its events (in order) and what they mean."""

    file: str
    day: date
    events: list[LedgerEvent] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    matches: list[tuple[Match, str]] = field(default_factory=list)  # (decision, the task's text)
    unclear: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, why)

    def counts(self) -> Counter[str]:
        return Counter(f.kind for f in self.facts if f.kind != "unclear")


def plan_note(
    note: ParsedNote,
    state: ImportState,
    options: PlanOptions,
    *,
    file: str,
    sha256: str,
    recorded_at: datetime,
    command_id: UUID,
) -> NotePlan:
    """The events ``note`` adds to what ``state`` holds."""
    return _Planner(note, state, options, file, sha256, recorded_at, command_id).plan()


@dataclass
class _Line:
    """A task line with what it resolved to."""

    item: TaskLine
    project: str  # normalised, "" for none
    words: str
    n: int
    day: date
    task: KnownTask | None = None
    task_id: UUID | None = None  # the task's id (also for a task only known by its key)
    new: bool = False
    earlier: bool = False  # a task captured on a later day, which this (earlier) list shows first

    @property
    def seen_key(self) -> str:
        return key("task", self.day, self.project, self.words, n=self.n)

    @property
    def done_key(self) -> str:
        return key("done", self.day, self.project, self.words, n=self.n)


class _Planner:
    def __init__(
        self,
        note: ParsedNote,
        state: ImportState,
        options: PlanOptions,
        file: str,
        sha256: str,
        recorded_at: datetime,
        command_id: UUID,
    ) -> None:
        self.note, self.state, self.options = note, state, options
        self.day = note.day
        self.start = day_start(note.day, options.tz)
        self.end = day_start(note.day + timedelta(days=1), options.tz)
        self.file, self.sha256 = file, sha256
        self.recorded_at, self.command_id = recorded_at, command_id
        self.out = NotePlan(file=file, day=note.day)
        self.occurrences: Counter[tuple[str, ...]] = Counter()
        self.versions: dict[UUID, int] = {}
        self.new_projects: dict[str, UUID] = {}
        self.new_handles: set[str] = set()
        self.new_ids: set[UUID] = set()

    # -- helpers ---------------------------------------------------------------------------

    def _stamp(self, line: int | None, fact_key: str | None, at: datetime | None = None) -> Stamp:
        source = Source(kind="import", file=self.file, sha256=self.sha256, line=line, detail=fact_key)
        return Stamp(at or self.start, self.recorded_at, source, self.command_id)

    def _nth(self, *parts: str) -> int:
        self.occurrences[parts] += 1
        return self.occurrences[parts]

    def _recorded(self, fact_key: str) -> bool:
        return fact_key in self.state.keys

    def _emit(self, events: list[LedgerEvent], fact: Fact) -> None:
        self.out.events.extend(events)
        self.out.facts.append(fact)

    def _new_id(self, fact_key: str) -> UUID:
        """The deterministic id of the aggregate ``fact_key`` creates, whose handle is free."""
        for attempt in range(1000):
            candidate = fact_id(fact_key, attempt)
            handle = candidate.hex[:7]
            if handle not in self.state.handles and handle not in self.new_handles and candidate not in self.new_ids:
                self.new_handles.add(handle)
                self.new_ids.add(candidate)
                return candidate
        raise AssertionError("no free handle in 1000 tries")  # pragma: no cover

    def _project_id(self, name: str | None, line: int | None) -> UUID | None:
        if name is None:
            return None
        norm = normal_name(name)
        found = self.state.projects.get(norm) or self.new_projects.get(norm)
        if found is not None:
            return found
        project_id = projects.project_id_for(name)
        if project_id in self.state.project_ids:  # that id went to a project since renamed
            project_id = fact_id(f"project|{norm}")
        self.new_projects[norm] = project_id
        self._emit(projects.start(name, self._stamp(line, None), project_id), Fact("project", line, name))
        return project_id

    def _version(self, task: KnownTask) -> int:
        """The version the task's next event gets."""
        version = self.versions.get(task.id, task.version) + 1
        self.versions[task.id] = version
        return version

    def _as_task(self, known: KnownTask) -> tasks.Task:
        """The task as of the note's day, for the rules (its version is the latest)."""
        open_then = known.closed_day is None or known.closed_day > self.day
        return tasks.Task(
            id=known.id,
            version=self.versions.get(known.id, known.version),
            text=known.text,
            project_id=known.project_id,
            tags=(),
            due=None,
            status="open" if open_then else known.status,  # type: ignore[arg-type]
            captured_at=known.captured_at,
            closed_at=None,
        )

    # -- the plan ----------------------------------------------------------------------------

    def plan(self) -> NotePlan:
        heading: Heading | None = None
        task_lines: list[_Line] = []
        for item in self.note.items:
            if isinstance(item, Heading):
                heading = item
            elif isinstance(item, FreeLine):
                project = heading.text if heading is not None and heading.is_project else None
                self._free(item, project)
            elif isinstance(item, Reading):
                self._reading(item)
            elif isinstance(item, TaskLine):
                project = normal_name(item.project) if item.project else ""
                words = normal_words(item.text)
                routine = self.state.routines.get(words)
                if routine is not None and routine.applies_on(self.end):
                    self._routine(item, routine, words)
                    continue
                task_lines.append(_Line(item, project, words, self._nth("task", project, words), self.day))
        self._identify(task_lines)
        for line in task_lines:
            self._task(line)
        return self.out

    def _free(self, item: FreeLine, project: str | None) -> None:
        words = normal_words(item.text)
        fact_key = key("note", self.day, words, n=self._nth("note", words))
        if not item.understood:
            self.out.unclear.append((item.line, item.text, "not understood; kept as a note"))
        if self._recorded(fact_key):
            return
        project_id = self._project_id(project, item.line)
        note_id = self._new_id(fact_key)
        at = datetime.combine(self.day, item.at, tzinfo=self.options.tz) if item.at is not None else None
        event = NoteRecorded(
            **self._stamp(item.line, fact_key, at).fields(note_id, 1),
            text=clean_text(item.text, "note's text"),
            project_id=project_id,
        )
        self._emit([event], Fact("note", item.line, event.text, "" if item.understood else "unclear"))

    def _reading(self, item: Reading) -> None:
        fact_key = key("reading", self.day, normal_words(item.arxiv_id), n=self._nth("reading", item.arxiv_id))
        if self._recorded(fact_key):
            return
        title = " ".join(item.title.split()) or item.arxiv_id
        event = ReadingLogged(
            **self._stamp(item.line, fact_key).fields(self._new_id(fact_key), 1),
            title=title,
            arxiv_id=item.arxiv_id,
            abstract=item.abstract or None,
        )
        self._emit([event], Fact("reading", item.line, title, item.arxiv_id))

    # -- routines --------------------------------------------------------------------------

    def _routine(self, item: TaskLine, routine: KnownRoutine, words: str) -> None:
        """A line naming a routine is that routine's occurrence on this day: a done mark marks the
        occurrence due that day (the latest one before the day ends) done; without a mark it is
        just due, which the schedule already says: nothing to record."""
        fact_key = key("routine", self.day, words, n=self._nth("routine", words))
        for child in item.children:
            self._note_under(item.text, child.line, child.text, None, None)
        if not item.done:
            self.out.facts.append(Fact("routine due", item.line, routine.text))
            return
        if self._recorded(fact_key):
            return
        occurrence = current_occurrence(routine.schedule, self.end - timedelta(microseconds=1), zone_of(routine.zone))
        if occurrence is None or occurrence in routine.marks:
            self.out.facts.append(Fact("routine again", item.line, routine.text, "its occurrence was marked already"))
            return
        version = self.versions.get(routine.id, routine.version) + 1
        self.versions[routine.id] = version
        routine.marks.add(occurrence)
        event = OccurrenceDone(**self._stamp(item.line, fact_key).fields(routine.id, version), occurrence_at=occurrence)
        when = occurrence.astimezone(self.options.tz).strftime("%a %Y-%m-%d %H:%M")
        self._emit([event], Fact("routine done", item.line, routine.text, when))

    # -- tasks -----------------------------------------------------------------------------

    def _identify(self, lines: list[_Line]) -> None:
        """Which task each line is: the one its key names, else the best open match, else new."""
        claimed: set[UUID] = set()
        pending: dict[str, list[_Line]] = {}
        for line in lines:
            known_id = self.state.keys.get(line.done_key) or self.state.keys.get(line.seen_key)
            if known_id is not None and known_id not in claimed:
                line.task_id = known_id
                line.task = self.state.tasks.get(known_id)
                claimed.add(known_id)
                if line.task is not None:
                    self.out.matches.append(
                        (Match(line.item.line, line.words, known_id, None, 1.0, "recorded before"), line.task.text)
                    )
            else:
                pending.setdefault(line.project, []).append(line)
        for project, group in pending.items():
            candidates = self.state.candidates(project, self.day)
            if claimed:
                candidates = [t for t in candidates if t.id not in claimed]
            decided = match_lines([(l.item.line, l.words) for l in group], candidates, self.day, self.options.rules)
            for line in group:
                match = decided[line.item.line]
                if match.task_id is not None:
                    line.task_id = match.task_id
                    line.task = self.state.tasks[match.task_id]
                    claimed.add(match.task_id)
                    self.out.matches.append((match, line.task.text))
                else:
                    line.new = True
                    self.out.matches.append((match, line.item.text))
        self._first_seen_here([line for line in lines if line.new and not (line.item.done or line.item.cancelled)], claimed)

    def _first_seen_here(self, lines: list[_Line], claimed: set[UUID]) -> None:
        """New lines that are tasks captured on a later day: notes imported out of date order.

        In date order this day's line would have been captured here and the later day's line
        carried it; so a line no open task matches is the task whose first list (in that list's
        words) it matches among tasks of its project first seen after this day and not listed
        on it. A done line is not: in date order it would be done here, and the later line a new
        task. The task keeps its id; ``TaskFirstSeen`` says its history starts on this day."""
        by_project: dict[str, list[_Line]] = {}
        for line in lines:
            by_project.setdefault(line.project, []).append(line)
        for project, group in by_project.items():
            later = [
                t for t in self.state.by_project.get(project, {}).values()
                if t.first_day > self.day and t.id not in claimed and self.day not in t.days and t.first_words is not None
            ]
            if not later:
                continue
            # In date order this day's task is carried by the first later list whose line is it:
            # so the tasks first seen soonest after this day are tried first, each as it stood on
            # its first list (that list's words), open from this day.
            for first_day in sorted({t.first_day for t in later}):
                waiting = [line for line in group if line.new]
                if not waiting:
                    break
                that_day = [t for t in later if t.first_day == first_day and t.id not in claimed]
                proxies = [
                    KnownTask(t.id, t.version, t.text, t.project, t.project_id, "open", self.day, None, t.captured_at, [t.first_words[1]])  # type: ignore[index]
                    for t in that_day
                ]
                decided = match_lines([(line.item.line, line.words) for line in waiting], proxies, self.day, self.options.rules)
                for line in waiting:
                    self._join(line, decided[line.item.line], {t.id: t for t in that_day}, claimed)

    def _join(self, line: _Line, match: Match, tasks_by_id: dict[UUID, KnownTask], claimed: set[UUID]) -> None:
        """Make ``line`` the first sighting of the later task ``match`` names, if it names one."""
        if match.task_id is None or match.task_id in claimed:
            return
        task = tasks_by_id[match.task_id]
        line.new, line.earlier, line.task_id, line.task = False, True, task.id, task
        claimed.add(task.id)
        joined = Match(match.line, match.words, task.id, match.task_words, match.score, f"first seen here ({match.rule})", task.first_day)
        self.out.matches = [(m, text) for m, text in self.out.matches if m.line != match.line]
        self.out.matches.append((joined, task.text))

    def _task(self, line: _Line) -> None:
        item = line.item
        if line.new:
            project_id = self._project_id(item.project, item.line)
            task_id = self._new_id(line.seen_key)
            stamp = self._stamp(item.line, line.seen_key)
            captured = tasks.capture(
                task_id, item.text, stamp, project_id=project_id, tags=item.tags, due=item.due, priority=item.priority,
            )
            if item.scheduled is not None:
                captured += change_details(tasks.task_from(captured), stamp, scheduled=item.scheduled)  # type: ignore[arg-type]
            self._emit(captured, Fact("task", item.line, item.text, item.project or ""))
            line.task_id = task_id
            line.task = KnownTask(
                id=task_id, version=1, text=captured[0].text, project=line.project, project_id=project_id,  # type: ignore[attr-defined]
                status="open", first_day=self.day, closed_day=None, captured_at=self.start,
            )
            self.versions[task_id] = len(captured)
        elif line.earlier:
            self._first_seen(line)
        elif line.task is not None:
            self._carry(line)
        if line.task is not None and not line.new and not line.earlier and item.carries_fields:
            self._fields(line)
        if line.task is not None and (item.done or item.cancelled):
            self._complete(line)
        if item.appointment_when and line.task_id is not None:
            self._appointment(line)
        for child in item.children:
            self._child(line, child.line, child.text)

    def _carry(self, line: _Line) -> None:
        task = line.task
        assert task is not None
        if self._recorded(line.seen_key) or self._recorded(line.done_key) or self.day in task.days:
            return  # this day's list had it already (perhaps in other words)
        if line.item.done or line.item.cancelled:
            return  # the completion (or cancellation) says it was on the list
        snapshot = self._as_task(task)
        if snapshot.status != "open":
            return  # done or cancelled before this day, by other means
        stamp = self._stamp(line.item.line, line.seen_key)
        events = tasks.carry(snapshot, stamp, self.day, line.item.text)
        self._version(task)
        self._emit(events, Fact("carried", line.item.line, task.text, line.item.text))

    def _fields(self, line: _Line) -> None:
        """A journal's line says the task's due day, scheduled day, tags and priority: on the task's latest list
        (none of a later day says otherwise), what it says differently is changed, one event per
        field. An older day's line is history: a re-import of it changes nothing."""
        task, item = line.task, line.item
        assert task is not None
        if task.status == "withdrawn" or any(d > self.day for d in task.days):
            return
        tags = clean_tags(item.tags)
        added = [t for t in tags if t not in task.tags]
        removed = [t for t in task.tags if t not in tags]
        same = item.due == task.due and item.priority == task.priority and not added and not removed
        if same and item.scheduled == task.scheduled:
            return
        snapshot = replace(self._as_task(task), tags=task.tags, due=task.due, priority=task.priority, scheduled=task.scheduled)
        stamp = self._stamp(item.line, line.done_key if item.done or item.cancelled else line.seen_key)
        events = [] if same else tasks.edit(snapshot, stamp, due=item.due, priority=item.priority, add_tags=added, remove_tags=removed)
        events += change_details(snapshot, stamp, scheduled=item.scheduled, version=snapshot.version + len(events))
        self.versions[task.id] = snapshot.version + len(events)
        said = [f"{name} {value}" for name, value, changed in (
            ("due", item.due.isoformat() if item.due else "none", item.due != task.due),
            ("scheduled", item.scheduled.isoformat() if item.scheduled else "none", item.scheduled != task.scheduled),
            ("priority", item.priority or "none", item.priority != task.priority),
            ("tags", " ".join(f"#{t}" for t in tags) or "none", bool(added or removed)),
        ) if changed]
        self._emit(events, Fact("changed", item.line, task.text, ", ".join(said)))

    def _first_seen(self, line: _Line) -> None:
        task = line.task
        assert task is not None
        if self._recorded(line.seen_key):
            return
        later = task.first_day
        events = tasks.first_seen(self._as_task(task), self._stamp(line.item.line, line.seen_key), self.day, line.item.text, task.project_id)
        self._version(task)
        self._emit(events, Fact("first seen", line.item.line, task.text, f"captured later, on {later.isoformat()}"))
        words = events[0].text  # type: ignore[attr-defined]
        for appt in self.state.appointments.get(task.id, ()):
            if appt.text == task.text != words and appt.scheduled_at > self.start:
                # made from the later list in the task's words of then: it takes the words the task began with
                stamp = Stamp(appt.scheduled_at, self.recorded_at, Source(kind="import", file=self.file, sha256=self.sha256, line=line.item.line), self.command_id)
                current = appointments.Appointment(appt.id, appt.version, appt.text, appt.starts_at, None, "scheduled", appt.scheduled_at)
                renamed = appointments.rename(current, words, stamp)
                self._emit(renamed, Fact("appointment", line.item.line, words, f"renamed from {appt.text!r}"))

    def _complete(self, line: _Line) -> None:
        task = line.task
        assert task is not None
        if self._recorded(line.done_key):
            return
        item = line.item
        done_later = task.status == "done" and task.closed_day is not None and task.closed_day > self.day and not item.cancelled
        if task.status != "open" and not done_later:
            return  # done (or cancelled) already: a completion is recorded once
        at = None
        if item.done_on is not None and item.done_on != self.day:  # "✅ 2026-04-24": done that day, not before the capture
            at = max(day_start(item.done_on, self.options.tz), task.captured_at)
        stamp = self._stamp(item.line, line.done_key, at)
        if item.cancelled:  # its key is the done key: the day's mark that closed it, either way
            events = tasks.cancel(self._as_task(task), stamp)
            fact = Fact("cancelled", item.line, task.text, item.done_mark or "")
        else:
            events = tasks.complete(self._as_task(task), stamp)
            fact = Fact("completed", item.line, task.text, item.done_mark or "")
        self._version(task)
        self._emit(events, fact)
        later = sorted(d for d in task.days if d > self.day)
        if later:  # later lists were joined to it before this done mark arrived: in date order they begin a new task
            self._split(line, later)

    def _split(self, line: _Line, later: list[date]) -> None:
        """Part the task's sightings on ``later`` days (after this day, whose done mark closes it)
        into a new task: captured on the first of them in that list's words, carried on the
        others, done when the task was done on one of them (``TaskSplit`` says so)."""
        task = line.task
        assert task is not None
        first = later[0]
        texts = self.state.texts_of(task)
        at = day_start(first, self.options.tz)
        source = Source(kind="import", file=self.file, sha256=self.sha256, line=line.item.line)

        def stamp(day: date) -> Stamp:
            return Stamp(day_start(day, self.options.tz), self.recorded_at, source, self.command_id)

        new_id = self._new_id(f"split|{first.isoformat()}|{task.id.hex}")
        events = tasks.capture(new_id, texts.get(first, task.text), stamp(first), project_id=task.project_id)
        part = tasks.task_from(events)
        assert part is not None
        done_day = task.closed_day if task.status == "done" else None
        for day in later[1:]:
            if day != done_day:  # on the list where it is done, the completion says it was there
                events += tasks.carry(part, stamp(day), day, texts.get(day))
                part = tasks.task_from(events[-1:], part)
        if done_day is not None:
            events += tasks.complete(part, stamp(done_day))
        closed = tasks.Task(
            task.id, self._version(task) - 1, task.text, task.project_id, (), None, "done", task.captured_at, self.start
        )
        events += tasks.split(closed, Stamp(at, self.recorded_at, source, self.command_id), first, new_id)
        self.versions[new_id] = len(events) - 1
        parted = f"its lists from {first.isoformat()} on are a new task, {new_id.hex[:7]}: it was done here first"
        self._emit(events, Fact("split", line.item.line, task.text, parted))
        self.out.matches = [(replace(m, rule=f"{m.rule}; {parted}") if m.line == line.item.line else m, text) for m, text in self.out.matches]

    def _appointment(self, line: _Line) -> None:
        item, task_id = line.item, line.task_id
        assert item.appointment_when is not None and task_id is not None
        fact_key = key("appt", self.day, line.project, line.words, n=line.n)
        if self._recorded(fact_key):
            return
        try:
            starts_at = parse_when(
                item.appointment_when, now=self.start, tz=self.options.tz, direction="future", day_parts=self.options.day_parts
            ).moment
        except InvalidInputError:
            self.out.unclear.append((item.line, item.raw.strip(), f"appointment time {item.appointment_when!r} not understood"))
            self._child(line, item.line, f"Appointment for {item.appointment_when}")
            return
        stamp = self._stamp(item.line, fact_key)
        when = starts_at.strftime("%a %Y-%m-%d %H:%M")
        existing = [a for a in self.state.appointments.get(task_id, ()) if a.status == "scheduled"]
        tz = self.options.tz
        same = next((a for a in existing if start_moment(a.starts_at, tz) == starts_at), None)
        if same is not None:
            if same.scheduled_at > self.start:  # made from a later list recorded before this one: it was made here
                self._appointment_first_seen(line, same, stamp)
            return  # the same appointment, still on the list
        upcoming = [a for a in existing if start_moment(a.starts_at, tz) >= self.start]
        if upcoming:
            appt = upcoming[-1]
            current = appointments.Appointment(
                appt.id, appt.version, appt.text, appt.starts_at, None, "scheduled", appt.scheduled_at
            )
            self._emit(appointments.move(current, starts_at, stamp), Fact("moved", item.line, appt.text, when))
            return
        text = line.task.text if line.task is not None and not line.earlier else item.text  # a task first seen here has this day's words
        project_id = line.task.project_id if line.task is not None else None
        appt_id = self._new_id(fact_key)
        events = appointments.schedule(appt_id, text, starts_at, stamp, project_id=project_id, task_id=task_id)
        self._emit(events, Fact("appointment", item.line, text, when))

    def _appointment_first_seen(self, line: _Line, known: KnownAppointment, stamp: Stamp) -> None:
        """The appointment a later list scheduled, named first on this (earlier) day's list."""
        text = clean_text(line.item.text, "task's text") if line.earlier or line.task is None else line.task.text
        appt = appointments.Appointment(known.id, known.version, known.text, known.starts_at, None, "scheduled", known.scheduled_at)
        project_id = line.task.project_id if line.task is not None else None
        events = appointments.first_seen(appt, text, stamp, project_id=project_id, task_id=line.task_id)
        when = start_moment(known.starts_at, self.options.tz).strftime("%a %Y-%m-%d %H:%M")
        self._emit(events, Fact("appointment", line.item.line, text, f"{when}; made from a later list, recorded earlier"))

    def _child(self, line: _Line, number: int, text: str) -> None:
        project_id = line.task.project_id if line.task is not None else None
        self._note_under(line.item.text, number, text, project_id, line.task_id)

    def _note_under(self, parent: str, number: int, text: str, project_id: UUID | None, task_id: UUID | None) -> None:
        parent_words = normal_words(parent)
        words = normal_words(text)
        fact_key = key("sub", self.day, parent_words, words, n=self._nth("sub", parent_words, words))
        if self._recorded(fact_key) or not text.strip():
            return
        event = NoteRecorded(
            **self._stamp(number, fact_key).fields(self._new_id(fact_key), 1),
            text=clean_text(text, "note's text"),
            project_id=project_id,
            task_id=task_id,
        )
        self._emit([event], Fact("note", number, event.text, f"under {parent!r}"))
