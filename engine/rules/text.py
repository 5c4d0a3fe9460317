"""How text from users and files is cleaned and compared: the one place these rules are written.

``clean_text`` and ``clean_tags`` decide what may be stored; ``normal_name`` is how project names
(and text a user types to find something) compare; ``normal_words`` is the looser comparison of
imported lines, which also ignores punctuation. Pure functions of the standard library only: the
read paths import this module, and they must not load pydantic or eventsourcing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.rules.errors import InvalidInputError

__all__ = ["clean_tags", "clean_text", "json_holds_nul", "normal_name", "normal_words"]

_WORD = re.compile(r"[^\W_]+")
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")  # an escaped NUL, not an escaped backslash before "u0000"


def clean_text(text: str, what: str = "text") -> str:
    """Text with surrounding space removed; empty text, or text that is not text, is refused."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInputError(f"the {what} is empty")
    _must_be_text(cleaned, what)
    return cleaned


def _must_be_text(text: str, what: str) -> None:
    """Bytes that were not UTF-8 reach us as lone surrogates (a command line typed in another
    encoding): they cannot be stored as text. Nor can a NUL character (PostgreSQL's text
    refuses it; a file holding one is binary, or crafted)."""
    if "\x00" in text:
        raise InvalidInputError(f"the {what} holds a NUL character (binary data), which no ledger can store as text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(
            f"the {what} {text!r} holds bytes that are not UTF-8 text; is the terminal set to another encoding?"
        ) from None


def json_holds_nul(data: bytes) -> bool:
    """Whether JSON ``data`` (an event's stored state) holds a NUL character in some text: the
    last check before anything is stored, whichever way the text came in. Quick when it does not."""
    return b"\\u0000" in data and _JSON_NUL.search(data) is not None


def clean_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """Tags without a leading '+' or '#', without duplicates; an empty tag is refused."""
    out: list[str] = []
    for tag in tags:
        t = tag.strip().lstrip("+#").strip()
        if not t or any(c.isspace() for c in t):
            raise InvalidInputError(f"tag {tag!r} must be one word")
        _must_be_text(t, "tag")
        if t not in out:
            out.append(t)
    return tuple(out)


def normal_name(name: str) -> str:
    """How project names compare: spacing and case do not matter ("  My   Garden" -> "my garden")."""
    return " ".join(name.split()).casefold()


def normal_words(text: str) -> str:
    """The words of ``text``, lower case, single-spaced, without punctuation ("Re-map" -> "re map").
    Text without any word keeps its own (collapsed, lower-cased) characters, so "---" is not ""."""
    lowered = text.casefold()
    words = _WORD.findall(lowered)
    if words:
        return " ".join(words)
    return normal_name(lowered).replace("|", "/")
