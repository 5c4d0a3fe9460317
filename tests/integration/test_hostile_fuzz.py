"""Fuzzing (hypothesis): arbitrary text, control characters and NUL included, through every
importer (notes, Taskwarrior, todo.txt, iCalendar, a WordPress site on loopback, a JSONL backup
restored) and every output format (the human answers, every report format, every export), on
both backends. Whatever the text: a file is recorded whole
or not at all, every view and export still works, ``verify`` passes, and no control character
reaches the human output raw."""

from __future__ import annotations

import html
import json
import re
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import _PG_REASON, IN_CI, PG_DB, PG_HOST, PG_PORT, PG_USER, InProcess, _pg_connect
from tests.fakes.server import LoopbackServer
from tests.fakes.wordpress import Site

SPECIALS = ["\x00", "\x1b[31m", "\x1b]8;;http://x\x1b\\", "\x07", "\u202e", "\x9b", "\r", "\x08", "|", "<b>", "+p", "due:x", "\\", "–"]
TEXT = st.lists(st.one_of(st.text(st.characters(max_codepoint=0x2100, exclude_categories=("Cs",)), min_size=1, max_size=6), st.sampled_from(SPECIALS)),
                min_size=1, max_size=5).map("".join)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NOW = "2026-12-07T10:00+01:00"


def _files(folder: Path, text: str) -> dict[str, tuple[str, Path]]:
    """One file per importer, each holding a fine record and one with ``text``."""
    one_line = " ".join(text.split()) or "x"
    todo = folder / "todo.txt"
    todo.write_text(f"Fine task\n{one_line}\n", encoding="utf-8", newline="")
    tw = folder / "tasks.json"
    tw.write_text(json.dumps([
        {"uuid": str(uuid.uuid4()), "description": "Fine task", "status": "pending", "entry": "20261201T100000Z"},
        {"uuid": str(uuid.uuid4()), "description": text, "status": "pending", "entry": "20261201T100000Z"},
    ]), encoding="utf-8")
    summary = one_line.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    ics = folder / "cal.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "BEGIN:VEVENT\r\nUID:fine\r\nDTSTART:20261210T100000Z\r\nDTEND:20261210T110000Z\r\nSUMMARY:Fine\r\nEND:VEVENT\r\n"
        f"BEGIN:VEVENT\r\nUID:odd\r\nDTSTART:20261211T100000Z\r\nDTEND:20261211T110000Z\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n", encoding="utf-8", newline="")
    notes = folder / "notes"
    notes.mkdir()
    (notes / "2026-12-01.txt").write_text(f"Notes 12.1.2026\n\nA fine note\n\n{one_line}\n", encoding="utf-8", newline="")
    # the journals on days of their own: the same text on the notes' day is the note recorded already
    logseq = folder / "logseq"
    logseq.mkdir()
    (logseq / "2026_12_02.md").write_text(f"- TODO Fine journal task\n- {one_line}\n", encoding="utf-8", newline="")
    obsidian = folder / "obsidian"
    obsidian.mkdir()
    (obsidian / "2026-12-03.md").write_text(f"- [ ] Fine vault task\n{one_line}\n", encoding="utf-8", newline="")
    jrnl = folder / "journal.txt"
    jrnl.write_text(f"[2026-12-04 10:00] Fine entry\n\n[2026-12-04 11:00] {one_line}\n", encoding="utf-8", newline="")
    return {"todotxt": ("todotxt", todo), "taskwarrior": ("taskwarrior", tw), "ics": ("ics", ics), "notes": ("notes", notes),
            "logseq": ("logseq", logseq), "obsidian": ("obsidian", obsidian), "jrnl": ("jrnl", jrnl)}


def _blog(text: str) -> Site:
    """A WordPress site of one daily post holding ``text`` as a paragraph and as a task."""
    site = Site()
    shown = html.escape(text)
    site.add(21, "2026-12-02", "Phil 12.2.2026", f"<p>{shown}</p><p><b>Tasks</b></p><ul><li>Fine task</li><li>{shown}</li></ul>")
    return site


def _check_everything_works(d: InProcess, folder: Path) -> None:
    tasks = d.json("tasks", "--status", "all")
    handles = [t["handle"] for t in tasks[:2]]
    for args in (("tasks", "--status", "all"), ("log",), ("agenda", "--from", "2026-12-01", "--days", "14"), ("day", "2026-12-01"),
                 ("appt", "list", "--all"), ("completed",), ("diff", "2026-11-30", "2026-12-08"), ("report", "week", "2026-W49"),
                 ("report", "week", "2026-W49", "--format", "html"), ("report", "week", "2026-W49", "--format", "json"),
                 *(("show", h) for h in handles), *(("history", h) for h in handles)):
        out = d.run(*args)
        assert not RAW.search(out.stdout), (args, out.stdout)
        assert "Traceback" not in out.stderr
    for fmt in ("md", "html", "json"):
        d.run("report", "week", "2026-W49", "--format", fmt, "--out", str(folder / f"report.{fmt}"), "--force")
    for fmt in ("jsonl", "ics", "taskwarrior", "todotxt"):  # (to a terminal, escaped: test_injection)
        d.run("export", "--format", fmt, "--out", str(folder / f"out.{fmt}"), "--force")
    d.run("export", "--format", "notes", "--out", str(folder / "notes-out"), "--force")
    assert d.json("verify")["ok"]


def _restore(d: InProcess, folder: Path, text: str) -> None:
    """The ledger's backup restores into an empty ledger whole; a backup whose task holds ``text``
    is restored whole, or refused with nothing recorded."""
    copy = InProcess(str(folder / "restored.sqlite"), now=NOW)
    copy.run("restore", str(folder / "out.jsonl"))
    assert copy.json("verify")["ok"] and copy.json("tasks", "--status", "all") == d.json("tasks", "--status", "all")
    blank = InProcess(str(folder / "blank.sqlite"), now=NOW)
    blank.run("add", "PLACEHOLDER")
    blank.run("export", "--out", str(folder / "blank.jsonl"))
    line = (folder / "blank.jsonl").read_text(encoding="utf-8").replace("PLACEHOLDER", json.dumps(text, ensure_ascii=False)[1:-1])
    (folder / "odd.jsonl").write_text(line, encoding="utf-8")
    target = InProcess(str(folder / "odd.sqlite"), now=NOW)
    proc = target.run("restore", str(folder / "odd.jsonl"), check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode == 0:
        assert [t["text"] for t in target.json("tasks")] == [text] and target.json("verify")["ok"]
    else:
        assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1 and target.json("log") == [], proc.stderr


def _fuzz(url: str, text: str) -> None:
    d = InProcess(url, now=NOW)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, (source, path) in _files(folder, text).items():
            before = len(d.json("log"))
            proc = d.run("import", "--from", source, str(path), check=False)
            assert "Traceback" not in proc.stderr, proc.stderr
            added = len(d.json("log")) - before
            if "dayledger: error" in proc.stderr:
                assert added == 0, (name, proc.stderr)  # refused: nothing at all
            else:
                assert added > 0, (name, proc.stdout)  # recorded: the fine record too
        with LoopbackServer(_blog(text)) as server:
            before = len(d.json("log"))
            proc = d.run("import", "wordpress", server.url, check=False)
            assert "Traceback" not in proc.stderr, proc.stderr
            assert proc.returncode != 0 or len(d.json("log")) > before, proc.stdout  # the fine task at least
            if proc.returncode != 0:
                assert len(d.json("log")) == before, proc.stderr
        for command in (("add", text), ("note", text)):
            proc = d.run(*command, check=False)
            assert "Traceback" not in proc.stderr
        _check_everything_works(d, folder)
        _restore(d, folder, text)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=TEXT)
@example(text="bad\x00text")
@example(text="\x1b]8;;http://x\x1b\\link\u202egnp.exe\x9b2J")
def test_any_text_through_every_importer_and_output_on_sqlite(tmp_path: Path, text: str) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        _fuzz(str(Path(folder) / "ledger.sqlite"), text)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
@example(text="bad\x00text")
@example(text="\x1b]8;;http://x\x1b\\link\u202egnp.exe\x9b2J")
def test_any_text_through_every_importer_and_output_on_postgresql(text: str) -> None:
    if _PG_REASON:
        if IN_CI:
            pytest.fail(f"CI must run the PostgreSQL tests: {_PG_REASON}")
        pytest.skip(_PG_REASON)
    schema = f"dl_fuzz_{uuid.uuid4().hex[:12]}"
    try:
        _fuzz(f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{PG_DB}?schema={schema}", text)
    finally:
        with _pg_connect() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
