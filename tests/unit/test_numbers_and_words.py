"""The pure rules behind short numbers and capture words: which words are numbers, what a number
means given the remembered listing, and which words are attributes."""

from __future__ import annotations

import pytest

from engine.rules.capture import ADD, APPT, NOTE, read_words
from engine.rules.errors import InvalidInputError, NotFoundError, RuleViolationError
from engine.rules.numbers import Numbering, is_number_word, number_words


@pytest.mark.parametrize(
    ("word", "numbers"),
    [("1", [1]), ("42", [42]), ("007", [7]), ("1-3,7", [1, 2, 3, 7]), ("2,2", [2, 2]), ("1234", None), ("3fa9c1e", None), ("1a", None), ("1-", None), ("milk", None)],
)
def test_which_words_are_numbers(word: str, numbers: list[int] | None) -> None:
    assert is_number_word(word) is (numbers is not None)
    if numbers is not None:
        assert number_words(word) == numbers


def test_a_backwards_range_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="'3-1'"):
        number_words("3-1")


def test_a_number_means_what_the_listing_showed_and_new_tasks_follow() -> None:
    numbering = Numbering(seen=["a", "b", "c"], open_ids=["a", "c", "d"])  # b closed, d new since
    assert numbering.resolve(1, str) == "a" and numbering.resolve(3, str) == "c" and numbering.resolve(4, str) == "d"
    assert numbering.number_of("d") == 4 and numbering.number_of("b") is None
    with pytest.raises(RuleViolationError, match="number 2 was B; list the tasks again or use its handle b"):
        numbering.resolve(2, str.upper)
    with pytest.raises(NotFoundError, match="numbered 1-4"):
        numbering.resolve(5, str)


def test_without_a_listing_numbers_follow_the_current_order() -> None:
    assert Numbering(seen=None, open_ids=["x", "y"]).resolve(2, str) == "y"


@pytest.mark.parametrize(
    ("words", "takes", "text", "attributes", "tags"),
    [
        (["Call", "mom", "project:Home", "+family", "due:fri"], ADD, "Call mom", {"project": "Home", "due": "fri"}, ["family"]),
        (["x", "pro:A", "proj:A", "pri:H"], ADD, "x", {"project": "A", "priority": "H"}, []),
        (["at", "10:30", "http://x", "Re:", "+1"], ADD, "at 10:30 http://x Re: +1", {}, []),
        (["x", "+family", "due:fri"], NOTE, "x +family due:fri", {}, []),  # notes take neither
        (["Dentist", "when:fri 9:00", "dur:45m"], APPT, "Dentist", {"when": "fri 9:00", "duration": "45m"}, []),
    ],
)
def test_words_and_attributes(words: list[str], takes: object, text: str, attributes: dict[str, str], tags: list[str]) -> None:
    said = read_words(words, takes)  # type: ignore[arg-type]
    assert (said.text, said.attributes, said.tags) == (text, attributes, tags)


@pytest.mark.parametrize("word", ["projet:Home", "prject:Home", "priorty:H", "wait:mon", "scheduled:fri"])
def test_misspelt_or_unsupported_attributes_are_errors_naming_the_word(word: str) -> None:
    with pytest.raises(InvalidInputError, match=repr(word)):
        read_words(["x", word], ADD)


def test_words_after_the_double_dash_are_text() -> None:
    said = read_words(["x"], ADD, literal=["projet:Home", "+tag"])
    assert (said.text, said.attributes, said.tags) == ("x projet:Home +tag", {}, [])
