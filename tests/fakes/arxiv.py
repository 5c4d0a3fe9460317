"""A fake arXiv API: answers ``/api/query?id_list=...`` with recorded-style Atom entries.

Entries are the files in ``tests/data/arxiv`` (named by id, "/" as "_"); an id with no file is
left out of the feed, as arXiv does for an id it does not have.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.fakes.server import Answer, Request

DATA = Path(__file__).resolve().parents[1] / "data" / "arxiv"
ATOM_TYPE = {"Content-Type": "application/atom+xml; charset=utf-8"}

FOUND = ("2604.21691", "math/0601001", "2605.01234")
WITHDRAWN = "1003.0358"
UNKNOWN = "2604.99999"


def entry(arxiv_id: str) -> str | None:
    path = DATA / f"{arxiv_id.replace('/', '_')}.xml"
    return path.read_text() if path.exists() else None


def feed(ids: list[str]) -> bytes:
    entries = [e for e in map(entry, ids) if e is not None]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f'  <link href="http://arxiv.org/api/query?id_list={",".join(ids)}" rel="self" type="application/atom+xml"/>\n'
        f'  <title type="html">ArXiv Query: id_list={",".join(ids)}</title>\n'
        "  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>\n"
        "  <updated>2026-04-26T00:00:00-04:00</updated>\n"
        f'  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:totalResults>\n'
        '  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>\n'
        + "".join(entries)
        + "</feed>\n"
    ).encode()


def ids_of(request: Request) -> list[str]:
    return [i for i in request.query.get("id_list", "").split(",") if i]


def arxiv() -> Callable[[Request], Answer]:
    """A healthy arXiv."""

    def handle(request: Request) -> Answer:
        if request.path != "/api/query":
            return Answer(404, b"not found")
        return Answer(200, feed(ids_of(request)), ATOM_TYPE)

    return handle


def failing_first(times: int, status: int = 500) -> Callable[[Request], Answer]:
    """Answers ``status`` the first ``times`` requests, then like arXiv."""
    healthy = arxiv()
    seen = [0]

    def handle(request: Request) -> Answer:
        seen[0] += 1
        if seen[0] <= times:
            return Answer(status, b"Internal Server Error")
        return healthy(request)

    return handle


def slow(delay: float) -> Callable[[Request], Answer]:
    """Answers, correctly, only after ``delay`` seconds."""
    healthy = arxiv()
    return lambda request: Answer(**{**healthy(request).__dict__, "delay": delay})


def garbage(body: bytes = b"<html><body>Service temporarily unavailable<p>oops") -> Callable[[Request], Answer]:
    return lambda request: Answer(200, body, {"Content-Type": "text/html"})
