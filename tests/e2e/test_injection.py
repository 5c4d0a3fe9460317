"""Text from the ledger or an import is shown, never obeyed: in the Markdown report (as a
CommonMark renderer draws it) and on the terminal (escape sequences, OSC 8 links, title sets,
other control characters and bidi overrides shown visibly escaped), while ``--json`` and the
exports keep it byte-exact."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.conftest import DAYLEDGER, Dayledger, InProcess

NOW = "2026-04-24T18:00+02:00"

HOSTILE_MARKDOWN = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(2)</script> after",
    "[click me](javascript:alert(3))",
    "![pixel](http://tracker.example/p.png)",
    "**bold** _em_ `code` ~~gone~~ | pipe \\ slash & amp",
]


def test_the_markdown_report_shows_every_text_as_text(sqlite_url: str, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    d = InProcess(sqlite_url, now=NOW)
    for i, text in enumerate(HOSTILE_MARKDOWN):
        d.run("add", text, "-p", f"<b>proj{i}</b>", "--at", "2026-04-21 09:00")
    d.run("done", d.json("tasks")[0]["id"], "--at", "2026-04-22 10:00")
    d.run("note", '<iframe src="https://evil.example"></iframe>', "--at", "2026-04-22 11:00")
    d.run("appt", "<svg onload=alert(4)>", "--when", "2026-04-23 09:00")
    out = tmp_path / "report.md"
    d.run("report", "week", "2026-W17", "--out", str(out))
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(out.read_text())
    assert not re.search(r"<(img|script|iframe|svg|a|b|strong|em|code|s|del)\b", rendered), rendered
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))  # the text a reader sees
    for text in [*HOSTILE_MARKDOWN, '<iframe src="https://evil.example"></iframe>', "<svg onload=alert(4)>", "<b>proj0</b>"]:
        assert text in shown, text


HOSTILE_TERMINAL = {
    "csi": "red \x1b[31mALERT\x1b[0m",
    "clear": "wipe \x1b[2J\x1b[H",
    "osc8": "\x1b]8;;https://evil.example\x1b\\innocent link\x1b]8;;\x1b\\",
    "title": "\x1b]0;pwned\x07title",
    "bidi": "invoice \u202egnp.exe",
    "c1": "eight-bit \x9b31m csi",
    "bell": "ring \x07 bell",
    "backspace": "rm -rf\x08\x08\x08\x08\x08\x08safe",
}

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("kind", HOSTILE_TERMINAL)
def test_terminal_output_shows_control_characters_escaped_and_json_keeps_them_exact(dli: InProcess, tmp_path: Path, kind: str) -> None:
    text = HOSTILE_TERMINAL[kind]
    dli.run("add", text, "-p", "Proj " + text)
    dli.run("note", text)
    dli.run("appt", text, "--when", "2026-12-10 10:00")
    for command in (("tasks",), ("log",), ("agenda", "--from", "2026-12-01", "--days", "30"), ("day",), ("timeline", "Proj " + text)):
        out = dli.run(*command).stdout
        assert not RAW.search(out), (command, out)
    assert any(t["text"] == text for t in dli.json("tasks"))  # byte-exact in JSON
    log = json.dumps(dli.json("log"), ensure_ascii=False)
    assert json.dumps(text, ensure_ascii=False)[1:-1] in log
    backup = tmp_path / "backup.jsonl"
    dli.run("export", "--out", str(backup))
    assert json.dumps(text, ensure_ascii=False)[1:-1] in backup.read_text()


def test_on_a_real_terminal_only_our_own_colours_are_raw(dl_sqlite: Dayledger) -> None:
    """Through a pseudo-terminal (click strips nothing there): the hostile sequences are shown escaped."""
    import os
    import pty
    import subprocess

    texts = [HOSTILE_TERMINAL[k] for k in ("csi", "clear", "osc8", "title", "bidi")]
    for text in texts:
        dl_sqlite.run("add", text, "-p", "Proj " + text)
    assert DAYLEDGER is not None
    leader, follower = pty.openpty()
    env = {**dl_sqlite.env, "PAGER": "cat"}  # less would draw codes of its own
    proc = subprocess.run([DAYLEDGER, "tasks"], env=env, stdout=follower, stderr=subprocess.PIPE, timeout=30, check=True)
    os.close(follower)
    out = b""
    while chunk := _read(leader):
        out += chunk
    os.close(leader)
    shown = out.decode()
    assert proc.stderr == b""
    plain = re.sub("\x1b\\[[0-9;]*m", "", shown).replace("\r\n", "\n")  # less our own colours; the terminal's line ends
    assert not RAW.search(plain), plain
    assert "\\u001b[31mALERT" in shown and "\\u001b]8;;https://evil.example" in shown and "\\u202egnp.exe" in shown and "\x1b[1m" in shown  # the project in bold


def _read(fd: int, wait: float = 0.5) -> bytes:
    import os
    import select

    if not select.select([fd], [], [], wait)[0]:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal closed
        return b""


@pytest.mark.parametrize("fmt", ["ics", "todotxt", "taskwarrior", "jsonl"])
def test_an_export_to_a_terminal_is_shown_escaped_and_to_a_pipe_byte_exact(dl_sqlite: Dayledger, tmp_path: Path, fmt: str) -> None:
    """An export written to a terminal (no --out) is read by a person there: what a terminal would
    obey is shown escaped, as every other answer is. Piped or to --out it is the format's own bytes."""
    import os
    import pty
    import subprocess

    for kind in ("csi", "clear", "osc8", "title", "bidi"):
        text = HOSTILE_TERMINAL[kind]
        dl_sqlite.run("add", text, "-p", "Proj " + text)
        dl_sqlite.run("appt", text, "--when", "2026-12-10 10:00")
    args = ["export", "--format", fmt, "--tasks"] if fmt == "ics" else ["export", "--format", fmt]
    out_file = tmp_path / f"export.{fmt}"
    dl_sqlite.run(*args, "--out", str(out_file))
    piped = subprocess.run([DAYLEDGER, *args], env=dl_sqlite.env, capture_output=True, timeout=30, check=True).stdout  # type: ignore[list-item]
    assert piped == out_file.read_bytes() and RAW.search(piped.decode().replace("\r\n", "\n"))  # exact, hostile bytes and all
    assert DAYLEDGER is not None
    leader, follower = pty.openpty()
    proc = subprocess.Popen([DAYLEDGER, *args], env=dl_sqlite.env, stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    shown = b""
    while chunk := _read(leader, wait=30):  # until the command is gone and its terminal with it
        shown += chunk
    os.close(leader)
    assert proc.wait(timeout=30) == 0
    plain = shown.decode().replace("\r\r\n", "\n").replace("\r\n", "\n")  # iCalendar's CRLF, as the terminal's line discipline makes it
    assert "\\u001b[31mALERT" in plain and "\\u202egnp.exe" in plain, plain
    assert not RAW.search(plain), plain
