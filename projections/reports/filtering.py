"""What a task filter (``engine.rules.task_filter``) keeps of a report, section by section.

A report of one project or one tag set must add up the way the whole report does, so every
section is filtered by the same test (``projections.queries.task_filter.matcher``), applied to
whatever the section lists, as the agenda applies it:

- tasks (completed, captured, cancelled, still open, the per-project and per-day lines and the
  comparison with earlier periods) as they are at the report's moment, as the lists show them;
  the open count at each day's end as the tasks were at that day's end (a task tagged on
  Thursday counts among the tagged open ones from Thursday on); project names are always those
  of the report's moment, as the report shows them;
- notes, appointments, routines and readings are things with a project (readings have none) and
  a text, but no tags, due date or priority: a project filter keeps those of the matching
  projects, a text filter those whose text (a reading's title) holds it, and a tag, due or
  priority filter leaves them out (as a tag filter leaves out untagged tasks).

Nothing here is used by an unfiltered report: its code path and its bytes are unchanged.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from itertools import accumulate
from typing import Any

from engine.rules.due import due_from_text, due_moment
from engine.rules.task_filter import TaskFilter
from projections.queries.as_of import moment, valid_rows
from projections.queries.task_filter import matcher
from projections.views.versions import KINDS

__all__ = ["Seen", "open_counts_matching", "seen_item", "seen_state", "test_of"]

_STATE_COLUMNS = "valid_from, valid_to, text, project_id, status, due, tags, priority"


class Seen:
    """Anything a report lists, as a task filter sees it (see the module's docstring)."""

    __slots__ = ("due", "priority", "project", "status", "tags", "text")

    def __init__(
        self, text: str, project: str | None, *, tags: Sequence[str] = (), due: datetime | None = None, status: str = "", priority: str | None = None
    ) -> None:
        self.text = text
        self.project = project
        self.tags = tuple(tags)
        self.due = due
        self.status = status
        self.priority = priority


def seen_state(text: str, project: str | None, status: str, due: str | None, tags: str, priority: str | None, tz: tzinfo) -> Seen:
    """A task as one of its stored versions holds it (due as stored UTC text, tags as a JSON list)."""
    value = due_from_text(due)
    when = None if value is None else due_moment(value, tz)  # a due day at its local start
    return Seen(text, project, tags=json.loads(tags) if tags and tags != "[]" else (), due=when, status=status, priority=priority)


def seen_item(text: str, project: str | None) -> Seen:
    """A note, appointment, routine or reading: a project and a text, nothing more."""
    return Seen(text, project)


def test_of(f: TaskFilter, now: datetime) -> Callable[[Seen], bool]:
    """The test of one listed thing against ``f``. Things that are not tasks pass only criteria
    they can meet: projects and text (a ``-tag`` or ``priority:`` (none) alone would let every
    one of them through, which says nothing about them; they are left out under any criterion
    but projects and text)."""
    task_test = matcher(f, now)
    only_projects_and_text = f == TaskFilter(projects=f.projects, searches=f.searches)

    def test(thing: Seen) -> bool:
        if thing.status == "" and not only_projects_and_text:
            return False
        return task_test(thing)  # type: ignore[arg-type]

    return test


def open_counts_matching(
    cur: Any, ends: Sequence[datetime], asked: datetime | None, test: Callable[[Seen], bool], names: dict[Any, Any], tz: tzinfo
) -> list[int]:
    """``build._open_counts`` for the tasks that pass ``test``: the same sweep over the open
    versions, each version counted only if the task matched while it was valid (its tags,
    project and text then)."""
    keys = [moment(e, asked).t for e in ends]
    rows = valid_rows(cur, KINDS["Task"], _STATE_COLUMNS, moment(ends[0], asked), statuses=("open",), until=keys[-1])
    steps = [0] * (len(keys) + 1)
    for valid_from, valid_to, text, project_id, status, due, tags, priority in rows:
        if test(seen_state(text, names.get(project_id), status, due, tags, priority, tz)):
            steps[bisect_left(keys, valid_from)] += 1
            steps[bisect_left(keys, valid_to)] -= 1
    return list(accumulate(steps[:-1]))
