"""Resolving what the user typed to one task: handles, ids, pieces of text."""

from __future__ import annotations

import pytest

from engine.rules.errors import AmbiguousError, NotFoundError
from engine.rules.lookup import Candidate, resolve, resolve_preferring

CANDIDATES = [
    ("3fa9c1e0aa0000000000000000000001", "3fa9c1e", "Email Alice", "open"),
    ("3fa9c2d0bb0000000000000000000002", "3fa9c2d", "Email Bob", "open"),
    ("beef0000cc0000000000000000000003", "beef000", "Feed the cat", "open"),
    ("dead0000dd0000000000000000000004", "dead000", "Email", "open"),
]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("3fa9c1e", "3fa9c1e0aa0000000000000000000001"),  # the printed handle
        ("3FA9C2", "3fa9c2d0bb0000000000000000000002"),  # a shorter unique prefix, any case
        ("3fa9c1e0-aa00-0000-0000-000000000001", "3fa9c1e0aa0000000000000000000001"),  # a full id with dashes
        ("cat", "beef0000cc0000000000000000000003"),  # a piece of the text
        ("  feed   THE cat ", "beef0000cc0000000000000000000003"),  # spacing and case ignored
        ("email", "dead0000dd0000000000000000000004"),  # an exact text beats pieces of longer ones
        ("bob", "3fa9c2d0bb0000000000000000000002"),
        ("dead", "dead0000dd0000000000000000000004"),  # hex-looking words are tried as ids first
    ],
)
def test_resolves_to_the_one_task_meant(ref: str, expected: str) -> None:
    assert resolve(ref, CANDIDATES, what="task") == expected


def test_ambiguous_prefix_lists_the_candidates() -> None:
    with pytest.raises(AmbiguousError) as info:
        resolve("3fa9", CANDIDATES, what="task")
    assert info.value.candidates == ("3fa9c1e Email Alice", "3fa9c2d Email Bob")
    assert "\n" not in str(info.value)


def test_ambiguous_text_lists_the_candidates() -> None:
    with pytest.raises(AmbiguousError, match="matches 2 tasks: 3fa9c1e 'Email Alice'; 3fa9c2d 'Email Bob'"):
        resolve("email ", CANDIDATES[:2], what="task")


@pytest.mark.parametrize("ref", ["nothing", "cafe", "   "])
def test_nothing_matches(ref: str) -> None:
    with pytest.raises(NotFoundError):
        resolve(ref, CANDIDATES, what="open task")


def _outcome(ref: str, **by_id: object) -> str:
    """What ``resolve_preferring`` answers among the open CANDIDATES (everything: the same), or the error's class and words."""
    try:
        return resolve_preferring(ref, lambda: CANDIDATES, "open task", lambda: CANDIDATES, "task", **by_id)  # type: ignore[arg-type]
    except (NotFoundError, AmbiguousError) as e:
        return f"{type(e).__name__}: {e}"


@pytest.mark.parametrize("ref", ["3fa9c1e", "3FA9C2", "3fa9c1e0-aa00-0000-0000-000000000001", "3fa9", "dead", "cafe", "cat", "email", "beef0000cc"])
def test_ids_looked_up_by_prefix_answer_as_the_whole_list_does(ref: str) -> None:
    asked: list[str] = []

    def by_id(prefix: str) -> list[Candidate]:
        asked.append(prefix)
        return [c for c in CANDIDATES if c[0].startswith(prefix)]

    assert _outcome(ref, preferred_by_id=by_id) == _outcome(ref)
    assert asked == ([ref.lower().replace("-", "")] if all(ch in "0123456789abcdefABCDEF-" for ch in ref) else [])


def test_a_handle_found_by_its_prefix_reads_no_list() -> None:
    def no_list() -> list[Candidate]:
        raise AssertionError("the whole list was read")

    found = resolve_preferring("beef000", no_list, "open task", no_list, "task", preferred_by_id=lambda p: [c for c in CANDIDATES if c[0].startswith(p)])
    assert found == "beef0000cc0000000000000000000003"
