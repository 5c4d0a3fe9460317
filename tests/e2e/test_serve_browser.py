"""``dayledger serve`` in a real browser: Debian's chromium driven by Playwright against a real
server process on loopback. Capture, filter, show, done and undo from the page; both sliders over
an imported week, the list checked against ``dayledger tasks --as-of/--known-at --json``; hostile
text shown as text; the token and the CSRF token refused when missing or wrong; every page drawn
at a laptop's and a phone's width."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import InProcess
from tests.e2e.served import import_week_day_by_day, served

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed (Debian's chromium runs these tests)")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs  # a script that ran would have opened one
    yield page
    context.close()


def shown_handles(page: object) -> list[str]:
    return page.locator("#view tr.task").evaluate_all("rows => rows.map(r => r.dataset.handle)")  # type: ignore[attr-defined]


def test_capture_filter_show_done_and_undo_from_the_page(ledger_url: str, page: object) -> None:
    cli = InProcess(ledger_url)
    cli.run("add", "Water the plants", "project:Garden")
    hostile = "Fix <script>alert('x')</script> & <b>bold</b>"
    with served(ledger_url) as server:
        page.goto(server.url)
        page.fill("#capture", f'"{hostile}" project:Home +family')
        page.click("form.capture button")
        assert page.locator(".said").inner_text().startswith("added ")
        row = page.locator("#view tr.task", has_text="alert")
        assert row.locator("td.text").inner_text() == f"{hostile} +family"  # the text as text, nothing run
        assert page.locator("#view script").count() == 0 and page.dialogs == []
        handle = row.get_attribute("data-handle")
        assert cli.json("show", handle)["project"] == "Home"

        page.goto(server.url + "tasks")
        page.fill("input[name=filter]", "project:Garden")
        page.click("form.filters button")
        assert "filter=project%3AGarden" in page.url
        assert [t["handle"] for t in cli.json("tasks", "project:Garden")] == shown_handles(page)

        page.goto(server.url + f"task/{handle}")
        assert page.locator("h1").inner_text() == hostile
        assert "web" in page.locator("table.history").inner_text()
        page.click("button.done")
        assert page.locator("td.status").inner_text().startswith("done")
        assert cli.json("show", handle)["status"] == "done"
        page.click("#undo")  # the Undo page says what it would take back, and from where
        assert page.locator("#view b.source").inner_text() == "web" and "TaskCompleted" in page.locator("#view > p").first.inner_text()
        assert page.locator("ul.reverted").inner_text() == f'task {handle} "{hostile}": done -> open'  # as text
        assert cli.json("show", handle)["status"] == "done"  # nothing undone yet
        page.click("#undo-confirm")
        assert page.locator(".said").inner_text().startswith("undid ")
        assert page.locator("td.status").inner_text() == "open"
        assert cli.json("show", handle)["status"] == "open"
        history = page.locator("table.history").inner_text()
        assert "TaskCompleted" in history and "web" in history


def _move(page: object, axis: str, key: str, times: int) -> dict[str, str]:
    """Press ``key`` on one slider ``times`` times; the address's query once the view is redrawn."""
    page.focus(f"#{axis}-range")
    for _ in range(times):
        before = page.url
        page.keyboard.press(key)
        page.wait_for_url(lambda url, before=before: url != before)
    page.wait_for_load_state("networkidle")
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_both_sliders_show_the_list_the_command_line_shows(sqlite_url: str, page: object, tmp_path: Path) -> None:
    import_week_day_by_day(sqlite_url, tmp_path / "notes")
    cli = InProcess(sqlite_url)
    with served(sqlite_url) as server:
        page.goto(server.url + "tasks?status=all")
        assert shown_handles(page) == [t["handle"] for t in cli.json("tasks", "--status", "all") if t["kind"] == "task"]
        page.goto(server.url + "tasks?status=all&as_of=2026-04-24")
        page.select_option("#step", "day")
        days, counts = [], []
        for _ in range(4):  # back through the week's days, a day at a time, along your life
            query = _move(page, "as_of", "ArrowLeft", 1)
            wanted = cli.json("tasks", "--status", "all", "--as-of", query["as_of"])
            assert shown_handles(page) == [t["handle"] for t in wanted if t["kind"] == "task"], query
            days.append(query["as_of"])
            counts.append(len(wanted))
        assert days == ["2026-04-23", "2026-04-22", "2026-04-21", "2026-04-20"]
        assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
        page.goto(server.url + "tasks?status=all&as_of=2026-04-24")
        page.select_option("#step", "event")
        counts = []
        for _ in range(3):  # back through the imports, event by event, along the ledger's knowledge
            query = _move(page, "known_at", "ArrowLeft", 1)
            assert query["as_of"] == "2026-04-24"
            wanted = cli.json("tasks", "--status", "all", "--as-of", query["as_of"], "--known-at", query["known_at"])
            assert shown_handles(page) == [t["handle"] for t in wanted if t["kind"] == "task"], query
            counts.append(len(wanted))
        assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]  # knowing less, fewer tasks
        page.keyboard.press("Escape")
        page.locator("body").click(position={"x": 5, "y": 400})
        before = page.url
        page.keyboard.press("Shift+ArrowRight")  # the page-wide keys: Shift moves known_at
        page.wait_for_url(lambda url: url != before)


def test_a_token_and_the_forms_csrf_token_are_needed(sqlite_url: str, page: object) -> None:
    cli = InProcess(sqlite_url)
    cli.run("add", "Buy milk")
    token = "a-token-for-the-browser-test-0123"
    with served(sqlite_url, env={"DAYLEDGER_SERVE_TOKEN": token}) as server:
        assert page.goto(server.url).status == 401
        assert page.goto(server.url + "tasks?token=wrong-token-of-enough-length").status == 401
        assert page.goto(server.url + f"tasks?token={token}").status == 200
        assert "token" not in page.url  # left in a cookie, out of the address
        assert shown_handles(page) == [cli.json("tasks")[0]["handle"]]
        request = page.context.request
        no_csrf = request.post(server.url + "act/capture", form={"text": "Injected", "next": "/"})
        assert no_csrf.status == 403 and "CSRF" in no_csrf.text()
        wrong = request.post(server.url + "act/capture", form={"text": "Injected", "csrf": "forged", "next": "/"})
        assert wrong.status == 403
        assert [t["text"] for t in cli.json("tasks")] == ["Buy milk"]  # nothing was recorded
        page.goto(server.url)
        page.fill("#capture", "Posted with its token")
        page.click("form.capture button")
        assert {t["text"] for t in cli.json("tasks")} == {"Buy milk", "Posted with its token"}
        first = page.evaluate(  # the live pages' stream is let in by the token's cookie
            "async () => { const r = await fetch('/api/changes'); const s = r.body.getReader();"
            " const {value} = await s.read(); s.cancel(); return [r.status, new TextDecoder().decode(value)]; }"
        )
        assert first[0] == 200 and first[1].startswith("retry: 2000\n\n")
        assert page.context.request.get(server.url + "api/changes", headers={"cookie": ""}).status == 401
        csp = page.goto(server.url).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_a_write_on_one_server_is_seen_on_another(postgres_url: str, page: object) -> None:
    InProcess(postgres_url).run("add", "Seed")
    with served(postgres_url) as one, served(postgres_url) as two:
        page.goto(one.url)
        page.fill("#capture", "Written through the first server")
        page.click("form.capture button")
        page.goto(two.url)
        assert "Written through the first server" in page.locator("#view").inner_text()
        # Live: the page open on the second server learns of writes elsewhere (PostgreSQL's
        # LISTEN/NOTIFY) and redraws its view in place, without a reload.
        page.evaluate("window.stayed = true")
        with one.client(headers={"content-type": "application/json"}) as http:
            assert http.post("/api/tasks", json={"text": "Live from the first server"}).status_code == 201
        page.locator("#view tr.task", has_text="Live from the first server").wait_for(timeout=10_000)
        InProcess(postgres_url).run("done", "Seed")  # and of the terminal's
        page.locator("#view tr.task", has_text="Seed").wait_for(state="detached", timeout=10_000)
        assert page.evaluate("window.stayed") is True  # the same page all along
        page.fill("#capture", "Half typed")  # a field in use holds the redraw back: nothing typed is lost
        with one.client(headers={"content-type": "application/json"}) as http:
            http.post("/api/tasks", json={"text": "Written while typing"})
        page.wait_for_timeout(1500)
        assert "Written while typing" not in page.locator("#view").inner_text() and page.input_value("#capture") == "Half typed"
        page.click("form.capture button")
        assert page.locator(".said").inner_text().startswith("added ")
        assert {"Half typed", "Written while typing"} <= set(page.locator("#view td.text").all_inner_texts())
        page.goto(two.url + "tasks?known_at=" + quote(InProcess(postgres_url).json("log")[-1]["recorded_at"]))
        shown = shown_handles(page)
        page.evaluate("window.stayed = true")
        with one.client(headers={"content-type": "application/json"}) as http:
            http.post("/api/tasks", json={"text": "Not known then"})
        page.wait_for_timeout(1500)
        assert shown_handles(page) == shown  # a view of what the ledger knew then does not change


def test_notes_and_appointments_captured_and_undone_from_the_page(sqlite_url: str, page: object) -> None:
    cli = InProcess(sqlite_url)
    cli.run("add", "Seed")
    with served(sqlite_url) as server:
        page.goto(server.url)
        page.select_option("#capture-kind", "note")
        page.fill("#capture", "Talked to the plumber project:Home")
        page.click("form.capture button")
        assert page.locator(".said").inner_text().startswith("noted ")
        page.wait_for_timeout(1500)  # past the SQLite poll: the page drawn after its own write claims it, so no redraw follows
        assert page.evaluate("document.body.dataset.shown") is None
        [note] = [n for n in cli.json("day")["notes"] if n["text"] == "Talked to the plumber"]
        page.select_option("#capture-kind", "appt")
        page.fill("#capture", 'Dentist when:"tomorrow 10:00" duration:45m')
        page.click("form.capture button")
        assert page.locator(".said").inner_text().startswith("scheduled ")
        [appt] = cli.json("appt", "list")
        assert (appt["text"], appt["starts_at"][11:16], appt["duration_minutes"]) == ("Dentist", "10:00", 45)
        assert f"10:00 appt {appt['handle']} Dentist" in page.locator("ul.agenda").all_inner_texts()[1]
        page.select_option("#capture-kind", "appt")
        page.fill("#capture", "Dentist without a time")
        page.click("form.capture button")
        assert "needs --when" in page.locator(".error").inner_text()  # refused in one line, nothing recorded
        assert len(cli.json("appt", "list")) == 1
        page.goto(server.url)
        page.click("#undo")
        assert page.locator("ul.reverted").inner_text() == f"appointment {appt['handle']} 'Dentist': scheduled -> cancelled"
        page.click("#undo-confirm")
        assert page.locator(".said").inner_text().startswith("undid ")  # back on Today, the undo done
        assert cli.json("appt", "list") == [] and "Dentist" not in page.locator("ul.agenda").first.inner_text()
        page.click("#undo")
        assert page.locator("ul.reverted").inner_text() == f"note {note['id'][:7]} 'Talked to the plumber': withdrawn"
        page.click("#undo-confirm")
        assert page.locator(".said").inner_text().startswith("undid ")
        assert cli.json("day")["notes"] == []
        page.click("#undo")
        page.locator("ul.reverted").wait_for()
        cli.run("add", "Meanwhile, in the terminal")  # recorded after the page showed what it would undo
        page.click("#undo-confirm")
        assert "no longer the one shown" in page.locator(".error").inner_text()
        assert "Meanwhile, in the terminal" in [t["text"] for t in cli.json("tasks")]


def test_the_task_list_shows_the_marks_the_command_line_shows(sqlite_url: str, page: object) -> None:
    from tests.e2e.test_taskwarrior_fields import FIELDS, NOW

    InProcess(sqlite_url, now=NOW).run("import", "--from", "taskwarrior", str(FIELDS))
    cli = InProcess(sqlite_url)  # now, as the server
    handle = cli.json("add", "Write the report", "priority:H", "project:Work")["handle"]
    started = cli.json("start", handle)["start"]
    marks = ("active", "blocked", "blocking", "waiting", "template")
    seen: set[str] = set()
    with served(sqlite_url) as server:
        for path, words in (("tasks", ()), ("tasks?filter=%2BWAITING", ("+WAITING",)), ("tasks?as_of=yesterday", ("--as-of", "yesterday"))):
            page.goto(server.url + path)
            rows = page.locator("#view tr.task").evaluate_all(
                "rows => rows.map(r => [r.dataset.handle, Array.from(r.querySelectorAll('.mark'), m => m.textContent),"
                " r.querySelector('td.age').textContent, r.querySelector('td.text').textContent])"
            )
            lines = cli.run("tasks", *words).stdout.splitlines()
            assert len(rows) == len([t for t in cli.json("tasks", *words) if t["kind"] == "task"]) > 0
            for row_handle, shown, age, text in rows:
                line = next(x for x in lines if f" {row_handle} " in f" {x} ")
                assert [w for w in line.split() if w in marks] == shown, (line, shown)
                assert f" {age} " in line
                assert text.startswith("!H ") == ("!H " in line)
                seen.update(shown)
        assert {"active", "blocked", "blocking", "waiting"} <= seen
        page.goto(server.url + f"task/{handle}")  # a task's page: its marks, when it was started (your zone), start/stop
        assert page.locator("td.marks").inner_text().strip() == "active"
        assert page.locator("table.fields tr", has_text="started").locator("td").inner_text() == datetime.fromisoformat(started).astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d %H:%M")
        page.click("button.stop")
        assert page.locator(".said").inner_text().startswith(f"stopped {handle}") and page.locator("td.marks").count() == 0
        assert cli.json("show", handle)["active"] is False


def test_every_page_is_drawn_at_a_laptops_and_a_phones_width(sqlite_url: str, browser: object, tmp_path: Path) -> None:
    from tests.e2e.png import nonblank_pixels

    import_week_day_by_day(sqlite_url, tmp_path / "notes")
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with served(sqlite_url) as server:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in [
                ("today", ""), ("tasks", "tasks?status=all"), ("task", "task/garage"), ("day", "day?when=2026-04-22"),
                ("timeline", "timeline/SBIRs"), ("report", "reports?week=2026-W17"), ("past", "tasks?as_of=2026-04-21&known_at=2026-04-21T21:00"),
            ]:
                response = page.goto(server.url + path)
                assert response.status == 200, (name, response.text())
                page.wait_for_load_state("networkidle")
                shot = tmp_path / f"{name}-{width}.png"
                page.screenshot(path=str(shot))
                assert nonblank_pixels(shot) > 0.02, f"{name} at {width}px looks blank"
                scroll = page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width + 1, f"{name} at {width}px is {scroll}px wide"
                if name == "report":
                    assert "Weekly report 2026-W17" in page.frame_locator("iframe.report").locator("h1").inner_text()
    assert errors == []  # nothing refused by the Content-Security-Policy, nothing failed
    context.close()
