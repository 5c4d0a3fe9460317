"""Scheduled reports through the real command: run-due over weeks of downtime makes each missing
report once, two run-due processes at once make each report once, and delivery to a real HTTP
server on loopback that fails (nothing listening, 401, 500, too slow) and then accepts records
exactly one delivery; bad input is one line and writes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DAYLEDGER, Dayledger, InProcess
from tests.fakes.server import Answer, LoopbackServer, Request, closed_port_url

# Nothing in this file needs a process of its own: `dl` and `dl_sqlite` run the commands in this one.
pytestmark = pytest.mark.in_process

MONDAY_W15 = "2026-04-06T08:00+02:00"  # the first fire after the schedule closes W14
TUESDAY_W18 = "2026-04-28T10:00+02:00"  # three more Monday fires missed: W15, W16, W17


def at(dl: Dayledger, now: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    dl.env["DAYLEDGER_NOW"] = now
    return dl.run(*args, check=check)


def history(dl: Dayledger) -> None:
    """A task or two in each of W14 to W17 (recorded as they happen)."""
    at(dl, "2026-04-01T10:00+02:00", "add", "Write the grant report", "-p", "SBIRs")
    at(dl, "2026-04-03T17:00+02:00", "done", "grant report")
    at(dl, "2026-04-08T09:00+02:00", "add", "Fix the bike", "-p", "Garden")
    at(dl, "2026-04-15T09:00+02:00", "note", "A quiet week")
    at(dl, "2026-04-22T09:00+02:00", "done", "bike")


def events(dl: Dayledger, kind: str) -> list[dict[str, Any]]:
    return [e for e in dl.json("log") if e["type"] == kind]


def produced_lines(out: str) -> list[str]:
    return [line.split()[2] for line in out.splitlines() if line.startswith("produced")]


def test_run_due_makes_each_missing_report_once_even_after_three_weeks_down(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    history(dl_sqlite)
    # Scheduled after W14's last change: the schedule is not news about the week (its horizon stays).
    handle = at(dl_sqlite, "2026-04-04T09:00+02:00", "report", "schedule", "--cron", "0 7 * * mon", "--to", str(out)).stdout.strip()
    assert len(handle) == 7
    assert at(dl_sqlite, "2026-04-06T06:59+02:00", "report", "run-due").stdout == ""  # the first fire is at 07:00
    assert produced_lines(at(dl_sqlite, MONDAY_W15, "report", "run-due").stdout) == ["2026-W14"]
    assert at(dl_sqlite, MONDAY_W15, "report", "run-due").stdout == ""
    assert produced_lines(at(dl_sqlite, TUESDAY_W18, "report", "run-due").stdout) == ["2026-W15", "2026-W16", "2026-W17"]
    assert at(dl_sqlite, TUESDAY_W18, "report", "run-due").stdout == ""
    assert at(dl_sqlite, "2026-05-03T23:00+02:00", "report", "run-due").stdout == ""  # W18 is not over until the fire

    made = events(dl_sqlite, "ReportProduced")
    assert [e["period"] for e in made] == ["2026-W14", "2026-W15", "2026-W16", "2026-W17"]
    assert [e["due_at"][:16] for e in made] == ["2026-04-06T07:00", "2026-04-13T07:00", "2026-04-20T07:00", "2026-04-27T07:00"]
    assert sorted(p.name for p in out.iterdir()) == [f"dayledger-2026-W{w}.md" for w in (14, 15, 16, 17)]
    for e in made:
        content = Path(e["file"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == e["sha256"] and len(content) == e["size"]
    # The file is the week's report as `report week` gives it, however much is recorded later.
    at(dl_sqlite, "2026-05-05T09:00+02:00", "add", "Something in May")
    assert at(dl_sqlite, "2026-05-05T09:00+02:00", "report", "week", "2026-W16").stdout.encode() == (out / "dayledger-2026-W16.md").read_bytes()
    w14 = (out / "dayledger-2026-W14.md").read_text()
    assert "Write the grant report" in w14 and "2026-04-03 17:00:00" in w14  # its knowledge horizon, not the schedule's

    status = at(dl_sqlite, TUESDAY_W18, "report", "status", "--json")
    found = json.loads(status.stdout)
    [s] = found["schedules"]
    assert (s["handle"], s["cron"], s["period"], s["format"], s["to"], s["post"]) == (handle, "0 7 * * mon", "week", "md", str(out), None)
    assert s["next_due"] == "2026-05-04T07:00:00+02:00" and s["due_now"] == [] and s["produced"] == 4
    assert [(r["period"], r["delivery"]["state"]) for r in found["reports"]] == [(f"2026-W{w}", "none") for w in (14, 15, 16, 17)]
    text = at(dl_sqlite, TUESDAY_W18, "report", "status").stdout
    assert "0 7 * * mon" in text and "2026-05-04 07:00" in text and "dayledger-2026-W17.md" in text


def test_missed_fires_for_the_same_period_collapse_into_one_report(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    weekly = tmp_path / "weekly"
    daily = tmp_path / "daily"
    at(dl_sqlite, "2026-04-01T09:00+02:00", "report", "schedule", "--cron", "0 6 * * *", "--to", str(weekly))
    at(dl_sqlite, "2026-04-01T09:00+02:00", "report", "schedule", "--cron", "30 6 * * *", "--period", "day", "--format", "json", "--to", str(daily))
    history(dl_sqlite)
    status = json.loads(at(dl_sqlite, "2026-04-09T12:00+02:00", "report", "status", "--json").stdout)
    due = {s["period"]: s["due_now"] for s in status["schedules"]}
    # Eight daily fires: one week closed since the schedule began (W13 ended before it), eight days.
    assert due == {"week": ["2026-W14"], "day": [f"2026-04-{d:02d}" for d in range(1, 9)]}
    out = at(dl_sqlite, "2026-04-09T12:00+02:00", "report", "run-due").stdout
    assert sorted(produced_lines(out)) == [*(f"2026-04-{d:02d}" for d in range(1, 9)), "2026-W14"]
    assert [p.name for p in weekly.iterdir()] == ["dayledger-2026-W14.md"]
    day = json.loads((daily / "dayledger-2026-04-03.json").read_text())
    assert (day["first_day"], day["last_day"], [t["text"] for t in day["completed"]]) == ("2026-04-03", "2026-04-03", ["Write the grant report"])
    assert at(dl_sqlite, "2026-04-09T12:00+02:00", "report", "run-due").stdout == ""


def test_two_run_due_processes_at_once_make_each_report_once(ledger_url: str, tmp_path: Path) -> None:
    dl = InProcess(ledger_url)
    out = tmp_path / "reports"
    at(dl, "2026-04-01T09:00+02:00", "report", "schedule", "--cron", "0 7 * * mon", "--to", str(out), "--format", "json")
    history(dl)
    expected: list[str] = []
    for now, weeks in (("2026-04-21T10:00+02:00", ["2026-W14", "2026-W15", "2026-W16"]), ("2026-05-12T10:00+02:00", ["2026-W17", "2026-W18", "2026-W19"])):
        env = {**dl.env, "DAYLEDGER_NOW": now}
        procs = [
            subprocess.Popen([DAYLEDGER, "report", "run-due"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # type: ignore[list-item]
            for _ in range(2)
        ]
        results = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [r[1] for r in results]
        made = sorted(w for stdout, _ in results for w in produced_lines(stdout))
        assert made == weeks  # between them, each once
        expected += weeks
    recorded = events(dl, "ReportProduced")
    assert [e["period"] for e in recorded] == expected
    for e in recorded:
        assert hashlib.sha256(Path(e["file"]).read_bytes()).hexdigest() == e["sha256"]
    assert sorted(p.name for p in out.iterdir()) == [f"dayledger-{w}.json" for w in expected]  # no temporary files left


class Endpoint:
    """What the loopback endpoint does next; it keeps every request."""

    def __init__(self) -> None:
        self.answer = Answer(500)

    def __call__(self, request: Request) -> Answer:
        return self.answer


def test_delivery_fails_then_succeeds_and_is_recorded_once(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    url = closed_port_url() + "/hooks/weekly"
    port = int(url.split(":")[2].split("/")[0])
    dl = dl_sqlite
    dl.env.update({"DAYLEDGER_HTTP_RETRIES": "1", "DAYLEDGER_HTTP_BACKOFF": "0", "DAYLEDGER_HTTP_TIMEOUT": "0.5"})
    dl.env.pop("DL_TEST_TOKEN", None)
    handle = at(
        dl, "2026-04-01T09:00+02:00", "report", "schedule", "--cron", "0 7 * * mon", "--format", "json", "--post", url,
        "--header", "X-Team: home", "--header-env", "Authorization=DL_TEST_TOKEN", "--to", str(tmp_path / "out"),
    ).stdout.strip()
    history(dl)

    def run_due_fails(reason: str) -> None:
        proc = at(dl, MONDAY_W15, "report", "run-due", check=False)
        assert proc.returncode == 7, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
        assert "2026-W14" in proc.stderr and "next run-due tries again" in proc.stderr
        [report] = json.loads(at(dl, MONDAY_W15, "report", "status", "--json").stdout)["reports"]
        assert report["delivery"]["state"] == "failed" and reason in report["delivery"]["last_error"], report

    run_due_fails("DL_TEST_TOKEN (for header Authorization) is not set")  # produced, but not sent without its token
    dl.env["DL_TEST_TOKEN"] = "Bearer s3cret-token"
    run_due_fails("cannot connect")  # nothing listens
    endpoint = Endpoint()
    with LoopbackServer(endpoint, port=port) as server:
        endpoint.answer = Answer(500)
        run_due_fails("answered 500")
        assert len(server.requests) == 2  # one retry
        text = at(dl, MONDAY_W15, "report", "status").stdout
        assert "2026-W14" in text and "failed" in text and "answered 500" in text
        endpoint.answer = Answer(200, delay=2.0)
        run_due_fails("no answer within 0.5 s")
        endpoint.answer = Answer(401)
        run_due_fails("answered 401")
        assert len(server.requests) == 5  # a 401 is not retried
        endpoint.answer = Answer(202)
        ok = at(dl, MONDAY_W15, "report", "run-due")
        assert ok.stdout.startswith(f"delivered  {handle}  2026-W14")
        assert at(dl, "2026-04-07T08:00+02:00", "report", "run-due").stdout == ""
        assert len(server.requests) == 6  # delivered once, never again
        sent = server.requests[-1]

    produced = events(dl, "ReportProduced")
    assert [e["period"] for e in produced] == ["2026-W14"]
    assert sent.method == "POST" and sent.path == "/hooks/weekly"
    assert sent.body == Path(produced[0]["file"]).read_bytes() and json.loads(sent.body)["label"] == "2026-W14"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["authorization"] == "Bearer s3cret-token" and sent.headers["x-team"] == "home"
    assert sent.headers["idempotency-key"].endswith("-2026-W14")
    [delivered] = events(dl, "ReportDelivered")
    assert (delivered["status_code"], delivered["attempts"]) == (202, 1)
    failures = events(dl, "ReportDeliveryFailed")
    assert [(f["attempts"], f["status_code"]) for f in failures] == [(0, None), (2, None), (2, 500), (2, None), (1, 401)]
    [report] = json.loads(at(dl, MONDAY_W15, "report", "status", "--json").stdout)["reports"]
    assert report["delivery"]["state"] == "delivered" and report["delivery"]["status_code"] == 202
    assert report["delivery"]["attempts"] == 8 and report["delivery"]["tries"] == 6
    assert b"s3cret-token" not in Path(dl.ledger).read_bytes()  # the token stayed in the environment


def test_a_report_that_only_goes_to_an_endpoint_is_rendered_again_for_each_try(dl_sqlite: Dayledger) -> None:
    dl = dl_sqlite
    dl.env.update({"DAYLEDGER_HTTP_RETRIES": "0", "DAYLEDGER_HTTP_BACKOFF": "0", "DAYLEDGER_HTTP_TIMEOUT": "0.5"})
    endpoint = Endpoint()
    with LoopbackServer(endpoint) as server:
        at(dl, "2026-04-01T09:00+02:00", "report", "schedule", "--cron", "0 7 * * mon", "--post", server.url + "/r", "--format", "html")
        history(dl)
        endpoint.answer = Answer(503)
        assert at(dl, TUESDAY_W18, "report", "run-due", check=False).returncode == 7
        # Later weeks are recorded meanwhile; the retried reports are still the bytes first produced.
        at(dl, "2026-04-29T09:00+02:00", "note", "About W16, written late", "--at", "2026-04-15 12:00")
        endpoint.answer = Answer(200)
        out = at(dl, "2026-04-29T10:00+02:00", "report", "run-due").stdout
        assert [line.split()[2] for line in out.splitlines()] == ["2026-W14", "2026-W15", "2026-W16", "2026-W17"]
    assert server.requests[0].headers["content-type"] == "text/html; charset=utf-8"
    assert len(server.requests) == 5  # W14 failed once (the others waited), then all four went
    sent = {r.headers["idempotency-key"].split("-", 1)[1]: r.body for r in server.requests[1:]}
    produced = {e["period"]: e for e in events(dl, "ReportProduced")}
    assert set(sent) == set(produced)
    for period, body in sent.items():
        assert hashlib.sha256(body).hexdigest() == produced[period]["sha256"] and produced[period]["file"] is None
    assert "written late" not in sent["2026-W16"].decode()


def test_bad_schedules_are_one_line_and_write_nothing(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl = dl_sqlite
    cases = [
        (["--cron", "61 * * * *", "--to", str(tmp_path)], 2, "not valid"),
        (["--cron", "0 0 30 2 *", "--to", str(tmp_path)], 2, "never fires"),
        (["--cron", "0 7 * * mon", "--post", "ftp://example.org/x"], 2, "not an http"),
        (["--cron", "0 7 * * mon", "--post", "http://"], 2, "--post"),
        (["--cron", "0 7 * * mon", "--post", "http://127.0.0.1:9/x", "--header", "no colon here"], 2, "Name: value"),
        (["--cron", "0 7 * * mon", "--post", "http://127.0.0.1:9/x", "--header-env", "Authorization"], 2, "Name=ENVVAR"),
        (["--cron", "0 7 * * mon", "--post", "http://127.0.0.1:9/x", "--header", "X-Name: Zoë"], 2, "ASCII"),
        (["--cron", "0 7 * * mon", "--header", "X-A: b", "--to", str(tmp_path)], 2, "--post"),
        (["--cron", "0 7 * * mon"], 2, "--to DIR, --post URL"),
    ]
    for args, code, words in cases:
        proc = dl.fails("report", "schedule", *args)
        assert proc.returncode == code and words in proc.stderr, (args, proc.stderr)
    proc = dl.fails("report", "unschedule", "abcdef1")
    assert proc.returncode == 3 and "no report schedule" in proc.stderr
    assert dl.event_count() == 0
    assert json.loads(dl.run("report", "status", "--json").stdout) == {"schedules": [], "reports": []}


def test_unschedule_stops_reports_and_undo_still_takes_back_the_users_change(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl = dl_sqlite
    out = tmp_path / "out"
    handle = at(dl, "2026-04-01T09:00+02:00", "report", "schedule", "--cron", "0 7 * * mon", "--to", str(out)).stdout.strip()
    at(dl, "2026-04-02T09:00+02:00", "add", "Take back this task")
    assert produced_lines(at(dl, MONDAY_W15, "report", "run-due").stdout) == ["2026-W14"]
    undone = at(dl, MONDAY_W15, "undo").stdout
    assert "Take back this task" in undone  # run-due's bookkeeping is not the last command
    assert at(dl, MONDAY_W15, "report", "unschedule", handle).stdout.strip() == f"ended {handle}"
    assert at(dl, TUESDAY_W18, "report", "run-due").stdout == ""
    assert at(dl, TUESDAY_W18, "report", "status", "--json").stdout.count(handle) == 0
    [s] = json.loads(at(dl, TUESDAY_W18, "report", "status", "--all", "--json").stdout)["schedules"]
    assert (s["status"], s["next_due"], s["due_now"]) == ("ended", None, [])
    assert dl.fails("report", "unschedule", handle).returncode == 4
    assert os.listdir(out) == ["dayledger-2026-W14.md"]


def test_a_report_file_changed_or_deleted_before_delivery_is_sent_as_recorded(dl_sqlite: Dayledger, tmp_path: Path) -> None:
    dl = dl_sqlite
    dl.env.update({"DAYLEDGER_HTTP_RETRIES": "0", "DAYLEDGER_HTTP_BACKOFF": "0", "DAYLEDGER_HTTP_TIMEOUT": "0.5"})
    out = tmp_path / "out"
    endpoint = Endpoint()
    with LoopbackServer(endpoint) as server:
        at(dl, "2026-04-01T09:00+02:00", "report", "schedule", "--cron", "0 7 * * mon", "--post", server.url, "--to", str(out))
        history(dl)
        endpoint.answer = Answer(500)
        assert at(dl, "2026-04-14T10:00+02:00", "report", "run-due", check=False).returncode == 7
        recorded = {e["period"]: e for e in events(dl, "ReportProduced")}
        (out / "dayledger-2026-W14.md").write_text("edited by hand\n")
        (out / "dayledger-2026-W15.md").unlink()
        endpoint.answer = Answer(200)
        assert at(dl, "2026-04-14T11:00+02:00", "report", "run-due").stdout.count("delivered") == 2
    bodies = {r.headers["idempotency-key"].split("-", 1)[1]: r.body for r in server.requests[1:]}
    for period in ("2026-W14", "2026-W15"):
        assert hashlib.sha256(bodies[period]).hexdigest() == recorded[period]["sha256"]
        assert (out / f"dayledger-{period}.md").read_bytes() == bodies[period]  # written back as recorded
    assert server.requests[0].headers["content-type"] == "text/markdown; charset=utf-8"


def test_a_monthly_report_is_compared_with_the_month_before_and_sent_again_as_produced(dl_sqlite: Dayledger) -> None:
    dl = dl_sqlite
    dl.env.update({"DAYLEDGER_HTTP_RETRIES": "0", "DAYLEDGER_HTTP_BACKOFF": "0", "DAYLEDGER_HTTP_TIMEOUT": "0.5"})
    endpoint = Endpoint()
    with LoopbackServer(endpoint) as server:
        at(dl, "2026-02-20T09:00+01:00", "report", "schedule", "--cron", "0 7 1 * *", "--period", "month", "--format", "json", "--post", server.url + "/r")
        at(dl, "2026-02-25T09:00+01:00", "add", "Renew the passport")
        at(dl, "2026-03-03T09:00+01:00", "done", "passport")
        endpoint.answer = Answer(503)
        assert at(dl, "2026-04-01T09:00+02:00", "report", "run-due", check=False).returncode == 7  # 2026-02 and 2026-03 made, not sent
        at(dl, "2026-04-02T09:00+02:00", "note", "About March, written late", "--at", "2026-03-15 12:00")
        endpoint.answer = Answer(200)
        at(dl, "2026-04-02T10:00+02:00", "report", "run-due")
    produced = {e["period"]: e for e in events(dl, "ReportProduced")}
    assert {p: e["compared"] for p, e in produced.items()} == {"2026-02": "months", "2026-03": "months"}
    sent = {r.headers["idempotency-key"].split("-", 1)[1]: r.body for r in server.requests if r.body}
    march = json.loads(sent["2026-03"])
    assert march["comparison"]["previous"]["label"] == "2026-02-01 to 2026-02-28"  # February, not the 31 days before
    assert march["comparison"]["this"]["completed"] == 1 and march["comparison"]["previous"]["captured"] == 1
    for period, body in sent.items():  # rendered again for the retry: the bytes first produced
        assert hashlib.sha256(body).hexdigest() == produced[period]["sha256"]
    assert b"written late" not in sent["2026-03"]
