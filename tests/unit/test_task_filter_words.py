"""Reading filter words and sort keys (``engine.rules.task_filter``): Taskwarrior's spellings,
its abbreviations, and the words that must be refused, naming themselves."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from engine.rules.errors import InvalidInputError
from engine.rules.task_filter import SortKey, TaskFilter, filter_of, parse_sort, read_words
from engine.rules.when import When, parse_when

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 10, tzinfo=TZ)  # a Monday


def _when(text: str) -> When:
    return parse_when(text, now=NOW, tz=TZ, direction="future")


def _read(*words: str) -> TaskFilter:
    return read_words(words, _when)


@pytest.mark.parametrize("word", ["project:Home", "pro:Home", "proj:Home", "PROJECT:Home", "projec:Home"])
def test_project_may_be_shortened_as_in_taskwarrior(word: str) -> None:
    assert _read(word).projects == ("Home",)


def test_words_and_options_make_the_same_filter() -> None:
    words = _read("project:Home", "+bills", "-phone", "/garage/", "due.before:fri", "due.after:2026-12-01", "+OVERDUE", "priority:h")
    options = filter_of(
        projects=["Home"], tags=["bills"], not_tags=["phone"], searches=["garage"],
        due_before=_when("fri"), due_after=_when("2026-12-01"), overdue=True, priorities=["H"],
    )
    assert words == options
    assert words.due_until == datetime(2026, 12, 11, tzinfo=TZ) and words.due_from == datetime(2026, 12, 2, tzinfo=TZ)
    assert words.described() == "project:Home +bills -phone /garage/ due.before:fri due.after:2026-12-01 +OVERDUE priority:h"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("garage",), TaskFilter(searches=("garage",))),  # a bare word is text, as in Taskwarrior
        (("12:30",), TaskFilter(searches=("12:30",))),  # not an attribute: text
        (("due:",), TaskFilter(no_due=True)),
        (("priority:",), TaskFilter(priorities=(None,))),
        (("priority:H", "priority:L"), TaskFilter(priorities=())),  # both must hold: none can
    ],
)
def test_other_words(words: tuple[str, ...], expected: TaskFilter) -> None:
    assert _read(*words) == expected


@pytest.mark.parametrize("word", ["pr:Home", "foo:bar", "project.is:Home", "due.before:notadate", "due.before:", "priority:X", "-OVERDUE", "project:", "--bills", "+"])
def test_a_word_that_cannot_be_read_is_refused_by_name(word: str) -> None:
    with pytest.raises(InvalidInputError, match=f"'{word}'" if word != "+" else "'\\+'"):
        _read(word)


def test_sort_keys_several_and_descending() -> None:
    assert parse_sort(["due,-age", "+project"]) == (SortKey("due"), SortKey("age", True), SortKey("project"))
    with pytest.raises(InvalidInputError, match="'size'"):
        parse_sort(["due,size"])
