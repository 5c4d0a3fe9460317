"""Reading the arXiv API's Atom answer into papers. Pure: bytes in, records out.

The standard library's parser is used (its expat is 2.4.1 or later, which refuses the
billion-laughs and quadratic-blowup expansions); an answer with a DOCTYPE is refused
outright, since an Atom feed never has one and entities are the only reason to send one.

Each ``<entry>`` whose ``<id>`` is ``http://arxiv.org/abs/ID[vN]`` is a paper. An entry whose
id is ``.../api/errors#...`` means arXiv refused the query (a malformed id): ``FeedError``.
An id asked for and not in the feed is unknown to arXiv (the caller decides what that means).
A paper is withdrawn when its comment or abstract says so ("This paper has been withdrawn").
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime

from engine.formats.arxiv.ids import canonical_id, split_version

__all__ = ["FeedError", "Paper", "parse_feed"]

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_WITHDRAWN = re.compile(r"\b(?:has been |was |been )?withdrawn\b", re.IGNORECASE)
_ABSTRACT_WITHDRAWN = re.compile(r"^\s*(?:this (?:paper|article|submission|manuscript) (?:has been|is|was) withdrawn|withdrawn\b)", re.IGNORECASE)


class FeedError(ValueError):
    """The answer is not an arXiv Atom feed, or arXiv refused the query."""


@dataclass(frozen=True)
class Paper:
    """What arXiv says about one paper (its latest version)."""

    arxiv_id: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    categories: tuple[str, ...]
    primary_category: str | None
    published: datetime | None
    updated: datetime | None
    latest_version: str | None
    comment: str | None
    doi: str | None
    withdrawn: bool


class _NoDoctype(ET.TreeBuilder):
    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise FeedError("the answer declares a DOCTYPE; an Atom feed never does")


def parse_feed(data: bytes) -> dict[str, Paper]:
    """The papers of an arXiv API answer by canonical id. Raises FeedError for anything else."""
    parser = ET.XMLParser(target=_NoDoctype())
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as e:
        raise FeedError(f"not XML ({e})") from None
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"not an Atom feed (the document is <{_local(root.tag)}>)")
    papers: dict[str, Paper] = {}
    for entry in root.iter(f"{ATOM}entry"):
        entry_id = _text(entry, f"{ATOM}id")
        if "/api/errors" in entry_id:
            raise FeedError(f"arXiv refused the query: {_text(entry, f'{ATOM}summary') or entry_id}")
        paper = _paper(entry, entry_id)
        if paper is not None:
            papers[paper.arxiv_id] = paper
    return papers


def _paper(entry: ET.Element, entry_id: str) -> Paper | None:
    _, sep, rest = entry_id.partition("/abs/")
    if not sep:
        return None
    arxiv_id = canonical_id(f"arxiv.org/abs/{rest}")
    title = _squash(_text(entry, f"{ATOM}title"))
    if arxiv_id is None or not title:
        return None  # an empty entry: how the old API answered for an id it did not have
    _, version = split_version(rest.strip())
    abstract = _text(entry, f"{ATOM}summary").strip()
    comment = _squash(_text(entry, f"{ARXIV}comment")) or None
    primary = entry.find(f"{ARXIV}primary_category")
    return Paper(
        arxiv_id=arxiv_id,
        title=title,
        authors=tuple(
            name for a in entry.findall(f"{ATOM}author") if (name := _squash(_text(a, f"{ATOM}name")))
        ),
        abstract=_unwrap(abstract),
        categories=tuple(t for c in entry.findall(f"{ATOM}category") if (t := c.get("term", "").strip())),
        primary_category=(primary.get("term") or None) if primary is not None else None,
        published=_time(_text(entry, f"{ATOM}published")),
        updated=_time(_text(entry, f"{ATOM}updated")),
        latest_version=version,
        comment=comment,
        doi=_squash(_text(entry, f"{ARXIV}doi")) or None,
        withdrawn=bool((comment and _WITHDRAWN.search(comment)) or _ABSTRACT_WITHDRAWN.search(abstract)),
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "") if found is not None else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


def _unwrap(text: str) -> str:
    """The abstract with arXiv's hard line wraps joined; blank lines (paragraphs) kept."""
    paragraphs = re.split(r"\n\s*\n", text)
    return "\n\n".join(_squash(p) for p in paragraphs if p.strip())


def _time(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
