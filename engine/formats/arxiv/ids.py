"""arXiv ids as the API wants them: no version, no subject class in old-style ids."""

from __future__ import annotations

import re

from engine.formats.notes.marks import extract_arxiv_id

__all__ = ["canonical_id", "split_version"]

_SUBJECT_CLASS = re.compile(r"^([a-z-]+)\.[A-Za-z]{2}/")
_VERSION = re.compile(r"^(.*?)(v[0-9]+)?$")


def canonical_id(text: str) -> str | None:
    """The id ``text`` refers to ("arXiv:2604.21691v2", "abs/2604.21691", "math.AG/0601001"),
    as arXiv files it ("2604.21691", "math/0601001"); None when it names no arXiv paper."""
    found = extract_arxiv_id(text)
    if found is None:
        return None
    return _SUBJECT_CLASS.sub(r"\1/", found)


def split_version(versioned: str) -> tuple[str, str | None]:
    """("2604.21691", "v2") for "2604.21691v2"; (id, None) without a version."""
    match = _VERSION.match(versioned)
    assert match is not None
    return match.group(1), match.group(2)
