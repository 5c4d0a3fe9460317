"""``dayledger import wordpress`` end to end: the real command, a WordPress site on loopback."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import Dayledger, InProcess
from tests.fakes import wordpress
from tests.fakes.server import Answer, LoopbackServer, Request

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process

NOW = "2026-04-27T12:00+02:00"
EDITED = wordpress.LISTS_POST.replace(
    "<li>Work on pancake printer post</li>", "<li><del>Work on pancake printer post</del></li><li>Order a new chain</li>"
)


def types(dl: Dayledger) -> Counter[str]:
    return Counter(e["type"] for e in dl.json("log"))


def test_three_pages_of_posts_become_notes_once_and_an_edit_adds_only_the_difference(ledger_url: str) -> None:
    site = wordpress.blog()
    dl = InProcess(ledger_url, now=NOW)
    with LoopbackServer(site) as server:
        first = dl.json("import", "wordpress", server.url, "--per-page", "3")
        pages = [r.query["page"] for r in site.requests]
        assert pages == ["1", "2", "3"] and all(r.query["per_page"] == "3" for r in site.requests)
        assert first["files_imported"] == 7 and first["errors"] == []
        tasks = {t["text"]: t for t in dl.json("tasks", "--status", "all")}
        assert tasks["Bills"]["status"] == "done" and tasks["Dishes"]["status"] == "done"
        assert tasks["Send the budget"]["status"] == "done" and tasks["Send the budget"]["project"] == "SBIRs"
        assert tasks["Re-map and cluster the original narratives"]["status"] == "open"
        spreadsheet = tasks["Continue filling out permissions spreadsheet"]
        assert spreadsheet["status"] == "done" and spreadsheet["completed_at"].startswith("2026-04-22")  # followed across posts
        log = dl.json("log")
        subs = [e["text"] for e in log if e["type"] == "NoteRecorded" and e.get("task_id")]
        assert "see the Ritchey wheel (https://example.com/ritchey)" in subs and "creaks when cold" in subs
        [reading] = [e for e in log if e["type"] == "ReadingLogged"]
        assert reading["arxiv_id"] == "2604.21691"
        [weekend] = [e for e in log if e["type"] == "NoteRecorded" and "bikes" in e["text"]]
        assert weekend["occurred_at"].startswith("2026-04-23")  # no date in the title: the day it was published
        assert weekend["text"] == "Thinking about bikes (https://example.com/bikes)."
        [appt] = dl.json("appt", "list")
        assert appt["starts_at"] == "2026-04-21T09:00:00+02:00"  # 4.21.2026 is a Tuesday
        bills = next(e for e in log if e["type"] == "TaskCompleted" and e["originator_id"].replace("-", "") == tasks["Bills"]["id"])
        assert bills["source"]["file"] == f"{server.url}/?p=12 (2026-04-21, modified 2026-04-21T19:00:00Z)"
        before = types(dl)

        again = dl.json("import", "wordpress", server.url, "--per-page", "3")
        assert again["files_unchanged"] == 7 and types(dl) == before

        site.edit(12, EDITED, modified="2026-04-22T08:30:00")
        edited = dl.json("import", "wordpress", server.url)
    assert edited["files_imported"] == 1 and edited["files_unchanged"] == 6
    after = types(dl)
    assert after - before == Counter({"TaskCaptured": 1, "TaskCompleted": 1})
    log = dl.json("log")
    [chain] = [e for e in log if e["type"] == "TaskCaptured" and e["text"] == "Order a new chain"]
    assert chain["source"]["file"] == f"{server.url}/?p=12 (2026-04-21, modified 2026-04-22T08:30:00Z)"


def test_author_match_since_and_dry_run(dl_sqlite: Dayledger) -> None:
    site = wordpress.blog()
    dl = InProcess(dl_sqlite.ledger, now=NOW)
    with LoopbackServer(site) as server:
        dry = dl.json("import", "wordpress", server.url, "--author", "Anna Guest", "--dry-run")
        assert dry["dry_run"] and dry["notes_read"] == 1 and dl.event_count() == 0
        assert site.requests[0].path == "/wp-json/wp/v2/users" and site.requests[1].query["author"] == "2"
        matched = dl.json("import", "wordpress", server.url, "--match", "phil 4.2?.2026", "--since", "2026-04-22")
        assert matched["files_imported"] == 3  # 4.22 (published at 21:00, after the 22nd began), 4.25, 4.26
        text = dl.run("import", "wordpress", server.url, "--match", "weekend").stdout
    assert "1 note read (1 imported, 0 unchanged)" in text


def test_private_posts_with_an_application_password(dl_sqlite: Dayledger) -> None:
    site = wordpress.blog()
    dl = InProcess(dl_sqlite.ledger, now=NOW)
    with LoopbackServer(site) as server:
        dl.env.update({"DAYLEDGER_WP_USER": wordpress.USER, "DAYLEDGER_WP_PASSWORD": wordpress.PASSWORD})
        out = dl.json("import", "wordpress", server.url, "--match", "*private*")
        assert out["files_imported"] == 1
        assert site.requests[0].query["status"] == "publish,private"
        dl.env["DAYLEDGER_WP_PASSWORD"] = "wrong"
        before = dl.event_count()
        refused = dl.fails("import", "wordpress", server.url)
    assert refused.returncode == 7 and "refused the login (answered 401)" in refused.stderr
    assert dl.event_count() == before


def test_a_failing_site_changes_nothing(dl_sqlite: Dayledger) -> None:
    site = wordpress.blog()
    calls = [0]

    def third_page_fails(request: Request) -> Answer:
        calls[0] += 1
        return site(request) if calls[0] < 3 else Answer(500, b"oops")

    dl = InProcess(dl_sqlite.ledger, now=NOW)
    dl.env.update({"DAYLEDGER_HTTP_RETRIES": "1", "DAYLEDGER_HTTP_BACKOFF": "0"})
    with LoopbackServer(third_page_fails) as server:
        failed = dl.fails("import", "wordpress", server.url, "--per-page", "3")
    assert failed.returncode == 7 and "answered 500" in failed.stderr
    assert dl.event_count() == 0
    with LoopbackServer(lambda request: Answer(200, b"<html>not json")) as server:
        garbage = dl.fails("import", "wordpress", server.url)
    assert "not JSON" in garbage.stderr and dl.event_count() == 0
    with LoopbackServer(lambda request: Answer(404, b"{}")) as server:
        missing = dl.fails("import", "wordpress", server.url)
    assert "no REST API" in missing.stderr


def test_a_post_or_author_of_the_wrong_shape_is_one_line_and_records_nothing(dl_sqlite: Dayledger) -> None:
    dl = InProcess(dl_sqlite.ledger, now=NOW)
    site = wordpress.blog()
    site.posts[0]["content"]["rendered"] = None  # was recorded as a note saying "None"
    with LoopbackServer(site) as server:
        bad_post = dl.fails("import", "wordpress", server.url)
    assert bad_post.returncode == 7 and "answered a post this cannot read" in bad_post.stderr and dl.event_count() == 0

    def users_without_ids(request: Request) -> Answer:
        if request.path == "/wp-json/wp/v2/users":
            return Answer(200, b'[{"name": "Anna Guest", "slug": "anna", "id": "zz"}]', {"Content-Type": "application/json"})
        return wordpress.blog()(request)

    with LoopbackServer(users_without_ids) as server:
        bad_author = dl.fails("import", "wordpress", server.url, "--author", "anna")  # was a ValueError traceback
    assert bad_author.returncode == 7 and "without a numeric id ('zz')" in bad_author.stderr and dl.event_count() == 0


def test_a_site_claiming_endless_large_pages_is_stopped_at_a_total(dl_sqlite: Dayledger) -> None:
    """A site claiming 1,000 pages of 30 MB used to be read whole into memory."""
    import json

    served = [0]
    big = "<p>" + "word " * 400_000 + "</p>"  # 2 MB of content a page

    def endless(request: Request) -> Answer:
        served[0] += 1
        post = {"id": served[0], "date": "2026-04-20T09:00:00", "modified_gmt": "2026-04-20T09:00:00", "link": "https://x/",
                "title": {"rendered": f"Post {served[0]}"}, "content": {"rendered": big}, "author": 1, "status": "publish"}
        return Answer(200, json.dumps([post]).encode(), {"Content-Type": "application/json", "X-WP-TotalPages": "1000"})

    dl = InProcess(dl_sqlite.ledger, now=NOW)
    with LoopbackServer(endless) as server:
        failed = dl.fails("import", "wordpress", server.url, "--per-page", "1")
    assert failed.returncode == 7 and "MiB" in failed.stderr, failed.stderr
    assert served[0] <= 40 and dl.event_count() == 0
