"""What a task filter and a task sort are, and how the words people type become one.

A filter is a plain value (``TaskFilter``): the projects, tags, text, due range and priorities a
task must have. Two spellings build the same value: options (``-p Work -t bills``), and the words
Taskwarrior users already type (``project:Work +bills -phone due.before:fri /garage/``). All the
criteria must hold (AND). Applying a filter to rows is the reads' business
(``projections.queries.task_filter``); this module only reads what the user said.

Taskwarrior's rules, and where dayledger departs from them (on purpose, and documented in the
README): attribute names may be shortened to any unambiguous start of at least two letters
(``pro:``, ``proj:``, ``du.before:``; ``pr:`` is ambiguous between project and priority, an error);
``project:Work`` includes sub-projects (``Work.Grants``) but, unlike Taskwarrior, not ``Workshop``;
project names, tags and text compare without regard to case; a bare word is text to search for,
as in Taskwarrior. A word that looks like an attribute but names none (``foo:bar``) is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from engine.rules.errors import InvalidInputError
from engine.rules.text import clean_tags, clean_text

if TYPE_CHECKING:
    from engine.rules.when import When

__all__ = ["PRIORITIES", "SORT_KEYS", "SortKey", "TaskFilter", "filter_of", "parse_sort", "read_words"]

PRIORITIES = ("H", "M", "L")
SORT_KEYS = ("due", "priority", "age", "project", "text")
VIRTUAL_TAGS = ("OVERDUE",)  # Taskwarrior's upper-case tags that say something about the task, not a tag it has
# Taskwarrior's virtual tags for its fields (``+WAITING``, ``-BLOCKED``...). WAITING: open, and its
# wait or scheduled start is later; SCHEDULED: it has a scheduled start; READY: open, not waiting,
# not blocked; ACTIVE: started; BLOCKED: depends on an open task; BLOCKING: an open task depends
# on it; TEMPLATE: a recurrence template; INSTANCE: an occurrence of one. A filter with WAITING,
# SCHEDULED or TEMPLATE shows the tasks the default list leaves out (HIDDEN_SHOWN_BY).
DETAIL_TAGS = ("WAITING", "SCHEDULED", "READY", "ACTIVE", "BLOCKED", "BLOCKING", "TEMPLATE", "INSTANCE")
HIDDEN_SHOWN_BY = frozenset(("WAITING", "SCHEDULED", "TEMPLATE"))
_ATTRIBUTES = ("project", "priority", "due")
_MODIFIERS = {"due": ("before", "after")}


@dataclass(frozen=True)
class TaskFilter:
    """What a task must have to be listed; the empty filter lets every task through.

    ``projects``: each a project name, matching the project and its sub-projects (``Work`` matches
    ``Work.Grants``). ``tags`` must all be on the task, ``not_tags`` none of them. ``searches``:
    pieces of text that must all occur in the task's text (case ignored). Due: in
    [``due_from``, ``due_until``); ``no_due`` only tasks without a due date. ``priorities``: None
    for any, else the ones allowed (None in it: no priority). ``said``: the criteria as words,
    for saying what matched nothing."""

    projects: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    not_tags: tuple[str, ...] = ()
    searches: tuple[str, ...] = ()
    due_from: datetime | None = None
    due_until: datetime | None = None
    no_due: bool = False
    overdue: bool = False
    priorities: tuple[str | None, ...] | None = None
    virtual: tuple[str, ...] = ()  # DETAIL_TAGS the task must have
    not_virtual: tuple[str, ...] = ()  # and must not
    said: tuple[str, ...] = field(default=(), compare=False)

    @property
    def shows_hidden(self) -> bool:
        """Whether it asks for the tasks the default list leaves out (waiting ones, templates)."""
        return bool(HIDDEN_SHOWN_BY & set(self.virtual))

    def __bool__(self) -> bool:
        return self != TaskFilter()

    @property
    def only_projects(self) -> bool:
        """Whether projects are all it asks for (routine occurrences can be filtered by that too)."""
        return self == TaskFilter(projects=self.projects)

    def described(self) -> str:
        """The criteria as the words a user would type: ``project:Home +bills``."""
        return " ".join(self.said)

    def and_(self, other: TaskFilter) -> TaskFilter:
        """Both filters at once (the options and the words of one command)."""
        return TaskFilter(
            projects=self.projects + other.projects,
            tags=self.tags + other.tags,
            not_tags=self.not_tags + other.not_tags,
            searches=self.searches + other.searches,
            due_from=_latest(self.due_from, other.due_from),
            due_until=_earliest(self.due_until, other.due_until),
            no_due=self.no_due or other.no_due,
            overdue=self.overdue or other.overdue,
            priorities=_both(self.priorities, other.priorities),
            virtual=self.virtual + other.virtual,
            not_virtual=self.not_virtual + other.not_virtual,
            said=self.said + other.said,
        )


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else a if b is None else max(a, b)


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else a if b is None else min(a, b)


def _both(a: tuple[str | None, ...] | None, b: tuple[str | None, ...] | None) -> tuple[str | None, ...] | None:
    return b if a is None else a if b is None else tuple(p for p in a if p in b)


@dataclass(frozen=True)
class SortKey:
    """One key of ``--sort``: its name and whether it runs backwards (a ``-`` before it)."""

    name: Literal["due", "priority", "age", "project", "text"]
    descending: bool = False


def parse_sort(texts: Iterable[str]) -> tuple[SortKey, ...]:
    """``--sort`` values (each one key or several, comma-separated; ``-`` before a key reverses
    it; a ``+`` is allowed too) as keys, first key first. An unknown key is an error naming it."""
    keys: list[SortKey] = []
    for text in texts:
        for part in text.split(","):
            word = part.strip()
            name = word.lstrip("+-")
            if name not in SORT_KEYS:
                raise InvalidInputError(f"unknown sort key {word!r}; use {', '.join(SORT_KEYS)} (a '-' before one reverses it)")
            keys.append(SortKey(name, word.startswith("-")))  # type: ignore[arg-type]
    return tuple(keys)


def priority_of(text: str, where: str) -> str | None:
    """'H', 'M' or 'L' (any case); an empty value or '-' means no priority."""
    value = text.strip().upper()
    if value in ("", "-"):
        return None
    if value not in PRIORITIES:
        raise InvalidInputError(f"{where}: the priority must be H, M or L (or '-' for none), not {text!r}")
    return value


WhenParser = Callable[[str], "When"]
"""Reads a WHEN the user typed (the session's clock and zone)."""


def filter_of(
    *,
    projects: Sequence[str] = (),
    tags: Sequence[str] = (),
    not_tags: Sequence[str] = (),
    searches: Sequence[str] = (),
    due_before: When | None = None,
    due_after: When | None = None,
    overdue: bool = False,
    priorities: Sequence[str] = (),
) -> TaskFilter:
    """The filter the options ask for: the same value the words give (``said`` is in words)."""
    f = TaskFilter(
        projects=tuple(clean_text(p, "project") for p in projects),
        tags=clean_tags(tags) if tags else (),
        not_tags=clean_tags(not_tags) if not_tags else (),
        searches=tuple(clean_text(s, "search text") for s in searches),
        due_from=None if due_after is None else _after(due_after),
        due_until=None if due_before is None else _before(due_before),
        overdue=overdue,
        priorities=tuple(dict.fromkeys(priority_of(p, "--priority") for p in priorities)) if priorities else None,
    )
    said = [f"project:{p}" for p in f.projects] + [f"+{t}" for t in f.tags] + [f"-{t}" for t in f.not_tags]
    said += [f"/{s}/" for s in f.searches]
    said += [] if due_before is None else [f"due.before:{_said(due_before)}"]
    said += [] if due_after is None else [f"due.after:{_said(due_after)}"]
    said += ["+OVERDUE"] if overdue else []
    said += [f"priority:{p or ''}" for p in f.priorities or ()]
    return replace(f, said=tuple(said))


def _said(w: When) -> str:
    return w.moment.strftime("%Y-%m-%dT%H:%M" if w.has_time else "%Y-%m-%d")


def _before(w: When) -> datetime:
    """Due before a bare day: before that day starts; before a moment: before it."""
    return w.moment if w.has_time else w.start_of_day()


def _after(w: When) -> datetime:
    """Due after a bare day: from the next day on; after a moment: later than it."""
    return w.moment + timedelta(microseconds=1) if w.has_time else w.end_of_day()


def _attribute(name: str, word: str) -> str:
    """The attribute a (possibly shortened) name stands for."""
    if name in _ATTRIBUTES:
        return name
    found = [a for a in _ATTRIBUTES if len(name) >= 2 and a.startswith(name)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise InvalidInputError(f"filter word {word!r}: {name!r} could be {' or '.join(found)}; write it out")
    raise InvalidInputError(
        f"filter word {word!r}: no attribute {name!r}; use project:, priority:, due:, due.before:, due.after:, +tag, -tag or /text/"
    )


def read_words(words: Sequence[str], when: WhenParser) -> TaskFilter:
    """Taskwarrior-style filter words as a filter; a word that cannot be read is an error naming it."""
    out = TaskFilter()
    for word in words:
        out = out.and_(_one_word(word, when))
    return out


def _one_word(word: str, when: WhenParser) -> TaskFilter:
    if word.startswith("--") or word in ("", "-", "+"):
        raise InvalidInputError(f"filter word {word!r} is not one; see --help for the options and words")
    if word[0] in "+-":
        return _tag_word(word)
    if len(word) > 2 and word.startswith("/") and word.endswith("/"):
        return TaskFilter(searches=(clean_text(word[1:-1], "search text"),), said=(word,))
    name, colon, value = word.partition(":")
    if not colon or not name.replace(".", "").isalpha():  # "12:30", "http://...": text
        return TaskFilter(searches=(clean_text(word, "search text"),), said=(word,))
    attribute, _, modifier = name.lower().partition(".")
    attribute = _attribute(attribute, word)
    allowed = _MODIFIERS.get(attribute, ())
    if modifier and modifier not in allowed:
        hint = f"; use {', '.join(f'{attribute}.{m}:' for m in allowed)}" if allowed else ""
        raise InvalidInputError(f"filter word {word!r}: {attribute} has no modifier {modifier!r}{hint}")
    said = (f"{attribute}{'.' + modifier if modifier else ''}:{value}",)
    if attribute == "project":
        if not value.strip():
            raise InvalidInputError(f"filter word {word!r}: name a project")
        return TaskFilter(projects=(clean_text(value, "project"),), said=said)
    if attribute == "priority":
        return TaskFilter(priorities=(priority_of(value, f"filter word {word!r}"),), said=said)
    if not modifier and value.strip().lower() in ("", "none"):
        return TaskFilter(no_due=True, said=said)
    if not value.strip():
        raise InvalidInputError(f"filter word {word!r}: say when")
    try:
        w = when(value)
    except InvalidInputError as e:
        raise InvalidInputError(f"filter word {word!r}: {e}") from None
    if modifier == "before":
        return TaskFilter(due_until=_before(w), said=said)
    if modifier == "after":
        return TaskFilter(due_from=_after(w), said=said)
    if w.has_time:  # due:WHEN: due at that moment, or on that day
        return TaskFilter(due_from=w.moment, due_until=w.moment + timedelta(microseconds=1), said=said)
    return TaskFilter(due_from=w.start_of_day(), due_until=w.end_of_day(), said=said)


def _tag_word(word: str) -> TaskFilter:
    """``+tag``, ``-tag``, the virtual ``+OVERDUE`` and the DETAIL_TAGS (``+WAITING``, ``-BLOCKED``)."""
    tag = word[1:]
    if tag in DETAIL_TAGS:
        return TaskFilter(virtual=(tag,), said=(word,)) if word[0] == "+" else TaskFilter(not_virtual=(tag,), said=(word,))
    if tag in VIRTUAL_TAGS:
        if word[0] == "-":
            raise InvalidInputError(f"filter word {word!r}: only +{tag} is understood")
        return TaskFilter(overdue=True, said=(word,))
    if not tag.strip() or any(c.isspace() for c in tag):
        raise InvalidInputError(f"filter word {word!r}: a tag is one word")
    [clean] = clean_tags([tag])
    return TaskFilter(tags=(clean,), said=(word,)) if word[0] == "+" else TaskFilter(not_tags=(clean,), said=(word,))
