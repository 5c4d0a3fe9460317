"""Properties of importing notes into a real SQLite ledger: any text ends either imported or as
a one-line input error, and importing twice records what importing once does."""

from __future__ import annotations

import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.importers.notes.recording import ImportOptions, import_notes
from engine.storage.database import open_database
from engine.storage.location import SqliteLocation
from projections import reads
from projections.queries.stream import read_stream

OPTIONS = ImportOptions(tz=ZoneInfo("America/New_York"))

FRAGMENTS = st.sampled_from(
    [
        "Tasks", "SBIRs", "Garden:", "# Reading", "", "  ", "---",
        "  • Bills – done", "  • Dishes 0 done", "  • Groceries done!", "  • Call the bike shop – Appointment for Tuesday morning",
        "  • Dentist – appointment on fri 3pm", "  • Vet – Appointment for whenever", "      ◦ https://example.com/x",
        "  • Continue filling out permissions spreadsheet", "  • Continue filling permissions spreadsheet",
        "[2604.21691] There Will Be a Theory", "  • In this paper we", "arXiv:2401.00001", "- [x] checked", "- [ ] unchecked",
        "Do a big ride today", "Phil 4.25.2026", "2.30.2026",
    ]
)
LINE = st.one_of(FRAGMENTS, st.text(max_size=40), st.builds(lambda a, b: f"{a} {b}", FRAGMENTS, st.text(max_size=12)))
TITLE = st.sampled_from(["Phil 4.24.2026", "April 3, 2026", "2026-04-20", "Notes", "", "Phil 13.40.2026"])
NOTE = st.builds(lambda title, lines: "\n".join([title, *lines]), TITLE, st.lists(LINE, max_size=14))
NAME = st.sampled_from(["2026-04-22.txt", "note.md", "x.txt"])


def import_twice(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notes"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        location = SqliteLocation(Path(tmp) / "ledger.sqlite")
        first = import_notes(location, [str(folder)], OPTIONS, views=reads)
        for failed in first.failed:  # only input errors, each one line naming its file
            assert failed.exit_code == 2 and failed.error and "\n" not in failed.error
            assert failed.file in failed.error
        if not (Path(tmp) / "ledger.sqlite").exists():
            assert all(r.status == "failed" for r in first.results)
            return
        db = open_database(location, create=False)
        try:
            once = [(type(e).__name__, e.originator_id, e.originator_version) for _, e in read_stream(db)]
            second = import_notes(location, [str(folder)], OPTIONS, views=reads)
            assert {r.status for r in second.results} <= {"unchanged", "failed"}
            assert [r.error for r in second.failed] == [r.error for r in first.failed]
            twice = [(type(e).__name__, e.originator_id, e.originator_version) for _, e in read_stream(db)]
        finally:
            db.close()
        assert twice == once


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=NOTE, name=NAME)
def test_note_like_text_imports_or_fails_cleanly_and_twice_is_once(text: str, name: str) -> None:
    import_twice({name: text.encode("utf-8")})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=200), text=st.text(max_size=300))
def test_any_bytes_or_text_never_crash_the_import(data: bytes, text: str) -> None:
    import_twice({"2026-04-20.txt": data, "2026-04-21.md": text.encode("utf-8", "surrogatepass")})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days=st.lists(st.lists(FRAGMENTS, max_size=8), min_size=2, max_size=4))
def test_several_days_twice_is_once(days: list[list[str]]) -> None:
    import_twice({f"2026-04-{20 + i}.txt": "\n".join(["Tasks", *lines]).encode() for i, lines in enumerate(days)})
