"""Finding the task or appointment a user means: a handle, a full id, or a piece of its text."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from engine.rules.errors import AmbiguousError, NotFoundError
from engine.rules.text import normal_name

__all__ = ["Candidate", "resolve", "resolve_preferring"]

Candidate = tuple[str, str, str, str]  # id, handle, text, status

_HEX = re.compile(r"^[0-9a-f]{4,32}$")


def _id_key(ref: str) -> str | None:
    key = ref.strip().lower().replace("-", "")
    return key if _HEX.match(key) else None


def resolve(ref: str, candidates: Sequence[Candidate], *, what: str) -> str:
    """The id (hex) of the one candidate ``ref`` names.

    ``candidates`` are (id, handle, text, status) of everything the command may apply to.
    An id prefix (4+ hex digits; the 7-digit handle is one) wins; then an exact text (case
    ignored), then a piece of the text. None: NotFoundError; several: AmbiguousError listing them.
    """
    key = _id_key(ref)
    if key:
        by_id = [c for c in candidates if c[0].startswith(key)]
        if len(by_id) == 1:
            return by_id[0][0]
        if len(by_id) > 1:
            raise _ambiguous(ref, by_id, what)
    needle = normal_name(ref)
    if not needle:
        raise NotFoundError(f"no {what} given")
    exact = [c for c in candidates if c[2].casefold() == needle]
    if len(exact) == 1:
        return exact[0][0]
    matches = exact or [c for c in candidates if needle in c[2].casefold()]
    if len(matches) == 1:
        return matches[0][0]
    if not matches:
        raise NotFoundError(f"no {what} matches {ref!r}")
    raise _ambiguous(ref, matches, what)


def resolve_preferring(
    ref: str,
    preferred: Callable[[], Sequence[Candidate]],
    preferred_what: str,
    everything: Callable[[], Sequence[Candidate]],
    what: str,
    *,
    preferred_by_id: Callable[[str], Sequence[Candidate]] | None = None,
) -> str:
    """The id of what ``ref`` names among the ``preferred`` candidates (those the command suits:
    'done dishes' finds the open one), else among ``everything``, so a command that does not
    apply gets its rule's message rather than 'not found'.

    ``preferred_by_id(prefix)``, when given, is the preferred candidates whose id starts with
    ``prefix``: a handle or an id that names one of them is then answered without reading all
    of them (ten thousand open tasks); any other answer takes the whole way, as before."""
    key = _id_key(ref) if preferred_by_id is not None else None
    if key and preferred_by_id is not None:
        by_id = preferred_by_id(key)
        if len(by_id) == 1:
            return by_id[0][0]
    try:
        return resolve(ref, preferred(), what=preferred_what)
    except NotFoundError:
        return resolve(ref, everything(), what=what)


def _ambiguous(ref: str, matches: Sequence[Candidate], what: str) -> AmbiguousError:
    listed = "; ".join(f"{c[1]} {c[2]!r}" for c in matches[:8])
    more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
    plural = " or ".join(f"{word}s" for word in what.split(" or "))
    return AmbiguousError(
        f"{ref!r} matches {len(matches)} {plural}: {listed}{more}; use a handle",
        candidates=[f"{c[1]} {c[2]}" for c in matches],
    )
