"""``dayledger serve``'s JSON API, through httpx against a real server process: the same answers
as the command line's ``--json``, writes recorded with source web, refusals as JSON with the
status of the command line's exit code, and the token."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import InProcess
from tests.e2e.served import import_week_day_by_day, served

JSON = {"content-type": "application/json"}


@pytest.fixture
def week(ledger_url: str, tmp_path: Path) -> InProcess:
    import_week_day_by_day(ledger_url, tmp_path / "notes")
    return InProcess(ledger_url)


def test_reads_answer_as_the_command_line_does(week: InProcess) -> None:
    with served(week.ledger) as server, server.client() as http:
        asks = [
            ("/api/tasks", ("tasks",)),
            ("/api/tasks?status=all&sort=due&sort=-age", ("tasks", "--status", "all", "--sort", "due,-age")),
            ("/api/tasks?filter=project:SBIRs%20/narrative/", ("tasks", "project:SBIRs", "/narrative/")),
            ("/api/tasks?project=garden&status=all&sort=text", ("tasks", "-p", "garden", "--status", "all", "--sort", "text")),
            ("/api/tasks?search=dana&status=all", ("tasks", "--search", "dana", "--status", "all")),
            ("/api/tasks?as_of=2026-04-21&known_at=2026-04-22T12:00%2B02:00", ("tasks", "--as-of", "2026-04-21", "--known-at", "2026-04-22T12:00+02:00")),
            ("/api/tasks?known_at=2026-04-21T21:00%2B02:00&status=all", ("tasks", "--known-at", "2026-04-21T21:00+02:00", "--status", "all")),
            ("/api/tasks/garage", ("show", "garage")),
            ("/api/tasks/garage?as_of=2026-04-21", ("show", "garage", "--as-of", "2026-04-21")),
            ("/api/agenda?from=2026-04-20&days=5", ("agenda", "--from", "2026-04-20", "--days", "5")),
            ("/api/day?when=2026-04-22", ("day", "2026-04-22")),
            ("/api/day?when=2026-04-22&known_at=2026-04-21", ("day", "2026-04-22", "--known-at", "2026-04-21")),
            ("/api/report/week?which=2026-W17", ("report", "week", "2026-W17")),
        ]
        for path, words in asks:
            got = http.get(path)
            assert got.status_code == 200, (path, got.text)
            assert got.json() == week.json(*words), path
            assert got.headers["content-security-policy"].startswith("default-src 'none'")
        project = "SBIRs"
        assert http.get(f"/api/timeline/{project}").json() == week.json("timeline", project)
        assert len(week.json("tasks", "--known-at", "2026-04-21T21:00+02:00", "--status", "all")) < len(week.json("tasks", "--status", "all"))


def test_writes_go_through_the_ledger_with_source_web(ledger_url: str) -> None:
    cli = InProcess(ledger_url)
    with served(ledger_url) as server, server.client(headers=JSON) as http:
        added = http.post("/api/tasks", json={"text": "Call mom about the garage project:Home +family", "due": "fri 17:00"})
        assert added.status_code == 201, added.text
        task = added.json()
        assert (task["text"], task["project"], task["tags"], task["new_project"]) == ("Call mom about the garage", "Home", ["family"], True)
        handle = task["handle"]
        assert http.post(f"/api/tasks/{handle}/done").json()["status"] == "done"
        assert cli.json("show", handle)["status"] == "done"  # the command line sees the web's write
        assert http.post(f"/api/tasks/{handle}/reopen").json()["status"] == "open"
        edited = http.patch(f"/api/tasks/{handle}", json={"project": "Family", "priority": "H", "add_tags": ["phone"]}).json()
        assert edited["changes"]["project"] == {"from": "Home", "to": "Family"}
        assert (edited["priority"], edited["tags"]) == ("H", ["family", "phone"])
        undone = http.post("/api/undo").json()
        assert "TaskMoved" in undone["undone"] or undone["reverted"]
        assert cli.json("show", handle)["project"] == "Home"
        assert http.post("/api/tasks/mom/cancel", json={}).json()["status"] == "cancelled"
        cli.run("add", "Water the plants")  # and the web sees the command line's
        assert [t["text"] for t in http.get("/api/tasks").json()] == ["Water the plants"]
        sources = {e["source"]["kind"] for e in cli.json("log") if e["type"].startswith("Task")}
        assert sources == {"web", "cli"}
        web_events = [e for e in cli.json("log") if e["source"]["kind"] == "web"]
        assert {"TaskCaptured", "TaskCompleted", "TaskReopened", "TaskMoved", "TaskCancelled", "CommandUndone"} <= {e["type"] for e in web_events}


def test_refusals_are_json_with_the_status_of_the_exit_code(ledger_url: str) -> None:
    cli = InProcess(ledger_url)
    cli.run("add", "Buy milk")
    cli.run("cancel", "milk")
    with served(ledger_url) as server, server.client(headers=JSON) as http:
        cases = [
            (http.get("/api/tasks/zzzz"), 404, 3, "no task matches 'zzzz'"),
            (http.get("/api/tasks?as_of=tomorrow"), 400, 2, "--as-of 'tomorrow'"),
            (http.get("/api/tasks?as_of=someday"), 400, 2, "someday"),
            (http.get("/api/tasks?sort=bogus"), 400, 2, "unknown sort key 'bogus'"),
            (http.get("/api/tasks?filter=project:Nowhere"), 404, 3, "Nowhere"),
            (http.get("/api/tasks?status=later"), 400, 2, "status"),
            (http.post("/api/tasks/milk/done"), 409, 4, "cancelled"),
            (http.post("/api/tasks", json={"txt": "x"}), 400, 2, "text"),
            (http.post("/api/tasks", json={"text": "Fix it projet:Home"}), 400, 2, "projet"),
            (http.post("/api/tasks", content=b"{not json"), 400, 2, ""),
            (http.post("/api/tasks/milk/reopen", headers={"content-type": "text/plain"}), 403, None, "must be JSON"),
            (http.post("/api/tasks/milk/reopen", headers={"origin": "http://evil.example"}), 403, None, "another origin"),
        ]
        for response, status, code, words in cases:
            body = response.json()
            assert response.status_code == status, (response.request.url, response.text)
            assert words in body["error"] and "Traceback" not in body["error"] and "\n" not in body["error"]
            if code is not None:
                assert body["exit_code"] == code
        assert cli.json("show", "milk")["status"] == "cancelled"  # nothing was half-written
        spec = http.get("/openapi.json").json()
        assert {"/api/tasks", "/api/tasks/{task}", "/api/tasks/{task}/done", "/api/agenda", "/api/day", "/api/undo"} <= set(spec["paths"])
        assert "as_of" in json.dumps(spec["paths"]["/api/tasks"]) and "known_at" in json.dumps(spec["paths"]["/api/agenda"])
        assert http.get("/api/tasks", headers={"host": "evil.example"}).status_code == 421  # DNS rebinding finds nothing


def test_a_token_guards_every_call(sqlite_url: str, tmp_path: Path) -> None:
    InProcess(sqlite_url).run("add", "Buy milk")
    with served(sqlite_url, env={"DAYLEDGER_SERVE_TOKEN": "s3cret-token-of-enough-length"}) as server, server.client() as http:
        assert http.get("/api/tasks").status_code == 401
        assert http.get("/api/tasks", headers={"authorization": "Bearer wrong-token-of-enough-length"}).status_code == 401
        assert http.get("/", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert http.get("/openapi.json").status_code == 401
        good = http.get("/api/tasks", headers={"authorization": "Bearer s3cret-token-of-enough-length"})
        assert [t["text"] for t in good.json()] == ["Buy milk"]
    token_file = tmp_path / "secret" / "token"
    with served(sqlite_url, "--host", "0.0.0.0", "--token-file", str(token_file)) as server:
        assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
        token = token_file.read_text().strip()
        url = server.url.replace("0.0.0.0", "127.0.0.1")
        import httpx

        assert httpx.get(url + "api/tasks").status_code == 401
        assert httpx.get(url + "api/tasks", headers={"authorization": f"Bearer {token}"}).status_code == 200


def test_two_servers_on_one_postgresql_ledger_see_each_others_writes(postgres_url: str) -> None:
    InProcess(postgres_url).run("add", "Seed")
    with served(postgres_url) as one, served(postgres_url) as two, one.client(headers=JSON) as a, two.client(headers=JSON) as b:
        handle = a.post("/api/tasks", json={"text": "Written on one"}).json()["handle"]
        assert handle in [t["handle"] for t in b.get("/api/tasks").json()]
        b.post(f"/api/tasks/{handle}/done")
        assert a.get(f"/api/tasks/{handle}").json()["status"] == "done"


def test_an_encrypted_ledger_is_served_with_its_key_and_refused_without(tmp_path: Path) -> None:
    import subprocess

    from tests.conftest import DAYLEDGER

    ledger = str(tmp_path / "secret.sqlite")
    key = {"DAYLEDGER_KEY": "correct horse battery staple"}
    owner = InProcess(ledger)
    owner.env.update(key)
    owner.run("init")
    owner.run("add", "Renew the passport")
    with served(ledger, env=key) as server, server.client() as http:
        assert [t["text"] for t in http.get("/api/tasks").json()] == ["Renew the passport"]
    env = {**os.environ, "DAYLEDGER_LEDGER": ledger, "DAYLEDGER_KEY": "not the passphrase"}
    proc = subprocess.run([DAYLEDGER, "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 5 and proc.stdout == ""  # refused before it says an address
    assert len(proc.stderr.strip().splitlines()) == 1 and "does not open ledger" in proc.stderr


def test_notes_and_appointments_are_captured_and_undone_through_the_api(ledger_url: str) -> None:
    cli = InProcess(ledger_url)
    with served(ledger_url) as server, server.client(headers=JSON) as http:
        noted = http.post("/api/notes", json={"text": "Talked to the plumber project:Home", "at": "yesterday 21:00"})
        assert noted.status_code == 201, noted.text
        assert (noted.json()["text"], noted.json()["project"], noted.json()["occurred_at"][11:16]) == ("Talked to the plumber", "Home", "21:00")
        assert "Talked to the plumber" in [n["text"] for n in cli.json("day", "yesterday")["notes"]]
        scheduled = http.post("/api/appointments", json={"text": 'Dentist when:"tomorrow 10:00" duration:45m', "project": "Health"})
        assert scheduled.status_code == 201, scheduled.text
        appt = scheduled.json()
        assert (appt["text"], appt["starts_at"][11:16], appt["duration_minutes"], appt["project"]) == ("Dentist", "10:00", 45, "Health")
        assert appt["handle"] in [a["handle"] for a in cli.json("appt", "list")]
        for bad, words in [({"text": "Dentist"}, "--when"), ({"text": "Dentist when:someday"}, "someday"), ({"text": "x", "when": "tomorrow", "until": "fri"}, "--cron")]:
            refused = http.post("/api/appointments", json=bad)
            assert (refused.status_code, refused.json()["exit_code"]) == (400, 2) and words in refused.json()["error"], refused.text
        assert http.post("/api/notes", json={"text": "Fix it projet:Home"}).status_code == 400
        shown = http.get("/api/undo").json()  # what undo would take back, and nothing taken back yet
        assert shown["source"] == "web" and "AppointmentScheduled" in shown["would_undo"]
        assert shown["reverted"] == [f"appointment {appt['handle']} 'Dentist': scheduled -> cancelled"]
        assert cli.json("appt", "list")[0]["status"] == "scheduled"
        stale = http.post("/api/undo", json={"expect": "0" * 32})
        assert (stale.status_code, stale.json()["exit_code"]) == (409, 4) and "no longer the one shown" in stale.json()["error"]
        undone = http.post("/api/undo", json={"expect": shown["command_id"]}).json()
        assert undone["command_id"] == shown["command_id"] and undone["reverted"] == shown["reverted"]
        assert [a["handle"] for a in cli.json("appt", "list")] == []
        withdrawn = http.post("/api/undo").json()  # a note typed on the web is the user's to take back
        assert withdrawn["reverted"] == [f"note {noted.json()['id'][:7]} 'Talked to the plumber': withdrawn"]
        assert cli.json("day", "yesterday")["notes"] == []
        assert {"/api/notes", "/api/appointments", "/api/tasks/{task}/start", "/api/changes"} <= set(http.get("/openapi.json").json()["paths"])
    sources = {e["type"]: e["source"]["kind"] for e in cli.json("log")}
    assert sources["NoteRecorded"] == sources["AppointmentScheduled"] == sources["CommandUndone"] == "web"


def _next_heads(server: object, since: int | None, count: int, seen: list[int], ready: threading.Event) -> None:
    import httpx

    params = {} if since is None else {"since": since}
    with httpx.stream("GET", server.url + "api/changes", params=params, timeout=30) as stream:  # type: ignore[attr-defined]
        assert stream.headers["content-type"].startswith("text/event-stream")
        ready.set()
        for line in stream.iter_lines():
            if line.startswith("data: "):
                seen.append(json.loads(line[6:])["head"])
                if len(seen) == count:
                    return


def test_the_changes_stream_tells_of_every_write_whoever_makes_it(ledger_url: str) -> None:
    cli = InProcess(ledger_url)
    cli.run("add", "Seed")
    with served(ledger_url) as server:
        first: list[int] = []
        _next_heads(server, None, 1, first, threading.Event())  # without since: the newest event now
        assert first[0] > 0
        seen: list[int] = []
        ready = threading.Event()
        listener = threading.Thread(target=_next_heads, args=(server, first[0], 2, seen, ready))
        listener.start()
        assert ready.wait(20)
        cli.run("note", "Written by the terminal")  # another process: NOTIFY on PostgreSQL, the poll on SQLite
        deadline = time.monotonic() + 15
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen and seen[0] > first[0]
        with server.client(headers=JSON) as http:
            http.post("/api/tasks", json={"text": "Written through the server"})
        listener.join(15)
        assert not listener.is_alive() and seen[1] > seen[0]
