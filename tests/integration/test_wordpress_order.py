"""WordPress posts in any order, one history: a blog imported newest first (``--since`` one day
earlier each run, as people import an archive backwards) and oldest first (a run after each new
post, as a blog grows) give the same tasks, carries, completions, appointments, notes and
readings as of the end of every day, and now, as importing every post in one run. The real
command, a WordPress site on loopback; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from engine.storage.location import parse_location
from tests.conftest import InProcess
from tests.fakes import wordpress
from tests.fakes.server import LoopbackServer
from tests.integration.test_import_order import compare, read_content

NOW = "2026-05-01T12:00:00+02:00"
DAYS = [date(2026, 4, 20) + timedelta(days=i) for i in range(8)]

# (day, title, content): a task carried over posts and done, a chore done and listed again in
# drifting words, an appointment, sub-points, a reading, a post titled without a date.
POSTS = [
    ("2026-04-20", "Phil 4.20.2026", (
        "<p>Quiet day.</p><p><b>Tasks</b></p><ul><li>Continue filling out permissions spreadsheet</li>"
        "<li>Rewrite opening of chapter 7</li></ul>"
    )),
    ("2026-04-21", "Phil 4.21.2026", wordpress.LISTS_POST.replace(
        "<li>Work on pancake printer post</li>",
        "<li>Work on pancake printer post</li><li>Continue filling out the permissions spreadsheet</li><li>Rewrite the opening of chapter 7</li>",
    )),
    ("2026-04-22", "Phil 4.22.2026", (
        "<p>Tasks</p><ul><li>Continue filling out permissions spreadsheet &#8211; done</li>"
        "<li>Rewrite the opening of chapter 7 &#8211; done</li><li>Work on pancake printer post</li></ul>"
    )),
    ("2026-04-23", "Weekend thoughts", "<p>Thinking about <a href=\"https://example.com/bikes\">bikes</a>.</p>"),
    ("2026-04-24", "Phil 4.24.2026", (
        "<p>Tasks</p><ul><li>Rewrite the opening of chapter 7</li>"
        "<li>Call the plumber about the leak &#8211; Appointment for Thursday afternoon</li></ul>"
    )),
    ("2026-04-25", "Phil 4.25.2026", (
        "<p>Rest day.</p><p>Tasks</p><ul><li>Rewrite the opening of chapter 7 now</li>"
        "<li>Call plumber about the leak<ul><li>Ask about the weekend rate</li></ul></li><li>Work on pancake printer post</li></ul>"
    )),
    ("2026-04-26", "Phil 4.26.2026", (
        "<p>Back at it.</p><p>Tasks</p><ul><li>Rewrite opening of chapter 7 &#8211; done</li>"
        "<li>Call the plumber about the leak &#8211; done</li></ul>"
    )),
    ("2026-04-27", "Phil 4.27.2026", "<p>Tasks</p><ul><li>Work on pancake printer post &#8211; done</li></ul>"),
]


def _site(posts: list[tuple[str, str, str]]) -> wordpress.Site:
    site = wordpress.Site()
    for n, (day, title, content) in enumerate(posts):
        site.add(100 + n, day, title, content)
    return site


def _ledger(ledger_url: str, tmp_path: Path, name: str) -> str:
    """Another ledger on the backend of ``ledger_url``: a SQLite file, or a schema of its own."""
    if not ledger_url.startswith("postgresql:"):
        return str(tmp_path / f"{name}.sqlite")
    return f"{ledger_url.split('?')[0]}?schema={ledger_url.rsplit('schema=', 1)[1]}_{name}"


@pytest.fixture
def ledgers(ledger_url: str, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """``ledgers(name)``: another ledger on the backend of ``ledger_url``, dropped afterwards."""
    made: list[str] = []

    def make(name: str) -> str:
        url = _ledger(ledger_url, tmp_path, name)
        made.append(url)
        return url

    yield make
    if ledger_url.startswith("postgresql:"):
        from tests.conftest import _pg_connect

        with _pg_connect() as conn:
            for url in made:
                conn.execute(f'DROP SCHEMA IF EXISTS "{url.rsplit("schema=", 1)[1]}" CASCADE')


def test_a_blog_imported_newest_first_or_oldest_first_gives_one_history(ledgers: Callable[[str], str]) -> None:
    reference, newest, oldest = ledgers("reference"), ledgers("newest"), ledgers("oldest")
    site = _site(POSTS)
    with LoopbackServer(site) as server:
        InProcess(reference, now=NOW).run("import", "wordpress", server.url)
        d = InProcess(newest, now=NOW)
        for day in reversed(DAYS):  # newest first: one more (older) post each run
            d.run("import", "wordpress", server.url, "--since", day.isoformat())
    growing = _site([])
    with LoopbackServer(growing) as server:
        d = InProcess(oldest, now=NOW)
        for n, (day, title, content) in enumerate(POSTS):  # oldest first: a run after each post
            growing.add(100 + n, day, title, content)
            d.run("import", "wordpress", server.url)
    want = read_content(parse_location(reference), DAYS)
    tasks = want["now: the current task list"]
    assert len(tasks) == 10, tasks
    assert sum("chapter 7" in t[0] for t in tasks) == 2, tasks  # the chore listed again is a task of its own
    problems = [
        compare(want, read_content(parse_location(url), DAYS), "in one run", label)
        for label, url in (("newest first, a post a run", newest), ("oldest first, a run after each post", oldest))
    ]
    assert problems == [None, None], "\n\n".join(p for p in problems if p)
