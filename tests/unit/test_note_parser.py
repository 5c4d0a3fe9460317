"""The daily-note parser: the real sample, the example week, every mark people type, and the
invariant that no non-blank line is ever lost or counted twice."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.formats.notes.parser import (
    FreeLine,
    Heading,
    ParsedNote,
    ParseOptions,
    Reading,
    SubPoint,
    TaskLine,
    decode_note,
    extract_arxiv_id,
    note_day,
    parse_note,
)
from engine.rules.errors import InvalidInputError

SAMPLE = Path("/work/shared/samples/2026-04-24.txt")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"
NAME = "notes/2026-04-24.txt"


# -- helpers -----------------------------------------------------------------------------


def nonblank_lines(text: str) -> list[int]:
    """Numbers of the non-blank lines, computed independently of the parser."""
    text = text.removeprefix("\ufeff")
    return [n for n, line in enumerate(re.split(r"\r\n|\r|\n", text), 1) if line.strip()]


def accounted_lines(note: ParsedNote) -> list[int]:
    found = [] if note.title_line is None else [note.title_line]
    for item in note.items:
        found.append(item.line)
        if isinstance(item, TaskLine):
            found.extend(child.line for child in item.children)
        if isinstance(item, Reading):
            found.extend(item.abstract_lines)
    return found


def assert_no_line_lost(text: str, note: ParsedNote) -> None:
    found = accounted_lines(note)
    assert len(found) == len(set(found)), f"a line counted twice: {sorted(found)}"
    assert sorted(found) == nonblank_lines(text)


def tasks(note: ParsedNote) -> list[TaskLine]:
    return [i for i in note.items if isinstance(i, TaskLine)]


def task(note: ParsedNote, text: str) -> TaskLine:
    (found,) = [t for t in tasks(note) if t.text == text]
    return found


def note_of(body: str, **options: object) -> ParsedNote:
    text = "Phil 4.24.2026\n\n" + body
    note = parse_note(text, name=NAME, options=ParseOptions(**options))  # type: ignore[arg-type]
    assert_no_line_lost(text, note)
    return note


def one_task(line: str) -> TaskLine:
    (found,) = tasks(note_of(f"Tasks\n  • {line}\n"))
    return found


# -- the real sample ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[str, ParsedNote]:
    if not SAMPLE.exists():
        pytest.skip(f"the shared sample note {SAMPLE} is not on this machine")
    text = decode_note(SAMPLE.read_bytes(), name=str(SAMPLE))
    return text, parse_note(text, name=str(SAMPLE))


def test_sample_title(sample: tuple[str, ParsedNote]) -> None:
    _, note = sample
    assert (note.day, note.author, note.title_line) == (date(2026, 4, 24), "Phil", 1)


def test_sample_free_line_and_nothing_unclear(sample: tuple[str, ParsedNote]) -> None:
    _, note = sample
    free = [i for i in note.items if isinstance(i, FreeLine)]
    assert free == [
        FreeLine(
            line=3,
            text="Do a big ride today because the weather for the weekend doesn’t look great",
            understood=True,
            section=None,
        )
    ]
    assert note.unclear == ()


def test_sample_reading(sample: tuple[str, ParsedNote]) -> None:
    _, note = sample
    (reading,) = [i for i in note.items if isinstance(i, Reading)]
    assert reading.arxiv_id == "2604.21691"
    assert reading.title == "There Will Be a Scientific Theory of Deep Learning"
    assert reading.abstract.startswith("In this paper")
    assert "Taken together, these bodies of work" in reading.abstract
    assert reading.abstract.endswith("open questions at\u00a0this http URL.")
    assert reading.abstract_lines == (7, 8, 9)


def test_sample_tasks(sample: tuple[str, ParsedNote]) -> None:
    _, note = sample
    headings = [i for i in note.items if isinstance(i, Heading)]
    assert [(h.text, h.is_project) for h in headings] == [("Tasks", False), ("SBIRs", True)]
    loose = [t for t in tasks(note) if t.project is None]
    assert [(t.text, t.done) for t in loose] == [
        ("Continue filling out permissions spreadsheet", False),
        ("Work on pancake printer post", False),
        ("Bills", True),
        ("Chores", True),
        ("Dishes", True),
        ("Groceries", True),
        ("The Bicycle Escape (Ritchey wheel, and Cervelo headset, creaking)", False),
    ]
    assert task(note, "Chores").done_mark == "0 done"
    assert task(note, "Bills").done_mark == "– done"
    bike = task(note, "The Bicycle Escape (Ritchey wheel, and Cervelo headset, creaking)")
    assert bike.appointment_when == "Tuesday morning"
    assert bike.raw.endswith("– Appointment for Tuesday morning")
    sbirs = [t for t in tasks(note) if t.project == "SBIRs"]
    assert [(t.text, t.done) for t in sbirs] == [
        ("Re-map and cluster the original narratives", False),
        ("Look at the index2vec code and see how well it will scale", False),
    ]


def test_sample_loses_no_line(sample: tuple[str, ParsedNote]) -> None:
    text, note = sample
    assert_no_line_lost(text, note)


# -- the example week --------------------------------------------------------------------

WEEK = [f"2026-04-{day}.txt" for day in range(20, 25)]


@pytest.fixture(scope="module")
def week() -> dict[str, ParsedNote]:
    notes = {}
    for file in WEEK:
        path = EXAMPLES / file
        text = decode_note(path.read_bytes(), name=str(path))
        notes[file] = parse_note(text, name=str(path))
        assert_no_line_lost(text, notes[file])
    return notes


def test_week_dates_authors_and_nothing_unclear(week: dict[str, ParsedNote]) -> None:
    for offset, file in enumerate(WEEK):
        note = week[file]
        assert note.day == date(2026, 4, 20 + offset)
        assert note.author == "Phil"
        assert note.unclear == ()
        assert len([i for i in note.items if isinstance(i, FreeLine)]) == 1


def test_week_carried_task_drifts_and_is_done_thursday(week: dict[str, ParsedNote]) -> None:
    def permissions(file: str) -> TaskLine:
        (found,) = [t for t in tasks(week[file]) if "permissions spreadsheet" in t.text]
        return found

    assert [permissions(f).done for f in WEEK[:4]] == [False, False, False, True]
    assert permissions(WEEK[1]).text == "Continue filling permissions spreadsheet"
    assert {permissions(f).text for f in (WEEK[0], WEEK[2], WEEK[3])} == {
        "Continue filling out permissions spreadsheet"
    }
    assert not [t for t in tasks(week[WEEK[4]]) if "permissions" in t.text]


def test_week_dishes_done_every_day_with_real_typos(week: dict[str, ParsedNote]) -> None:
    marks = [task(week[f], "Dishes").done_mark for f in WEEK]
    assert marks == ["– done", "— done", "0 done", "– done", "– done"]
    assert task(week[WEEK[0]], "Laundry").done_mark == "0 done"
    assert task(week[WEEK[0]], "Renew library books").done_mark == "- done"
    assert task(week[WEEK[1]], "Groceries").done_mark == "done!"


def test_week_appointments_and_children(week: dict[str, ParsedNote]) -> None:
    assert task(week[WEEK[1]], "Dentist").appointment_when == "Thursday afternoon"
    assert task(week[WEEK[3]], "Dentist").done
    bike = task(week[WEEK[4]], "Take the bike in")
    assert bike.appointment_when == "Tuesday morning"
    assert bike.children == (
        SubPoint(line=11, text="Parts list: https://shop.example.com/cart/ritchey-wheel", depth=1),
    )
    post = task(week[WEEK[1]], "Work on pancake printer post")
    assert [c.text for c in post.children] == [
        "Outline so far: https://docs.example.com/d/pancake-printer-outline",
        "Photos from the first test run are in the shared album",
    ]
    garden = task(week[WEEK[2]], "Plant the tomato seedlings")
    assert garden.project == "Garden"
    assert garden.children[0].text.endswith("https://extension.example.edu/tomatoes#spacing")


def test_week_readings(week: dict[str, ParsedNote]) -> None:
    readings = [i for f in WEEK for i in week[f].items if isinstance(i, Reading)]
    assert [r.arxiv_id for r in readings] == ["2604.18342", "2604.20117"]
    assert all(len(r.abstract_lines) == 2 for r in readings)


# -- done marks and appointments ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "mark"),
    [
        ("Bills – done", "– done"),
        ("Bills — done", "— done"),
        ("Bills - done", "- done"),
        ("Bills -- done", "-- done"),
        ("Bills – Done", "– Done"),
        ("Bills – DONE.", "– DONE."),
        ("Bills—done", "—done"),
        ("Bills -done", "-done"),
        ("Chores 0 done", "0 done"),
        ("Chores 0done", "0done"),
        ("Groceries done!", "done!"),
        ("Groceries done!!", "done!!"),
        ("Groceries (done)", "(done)"),
        ("Groceries [done]", "[done]"),
        ("Groceries: done", ": done"),
        ("Groceries ✓", "✓"),
        ("Groceries – ✔", "– ✔"),
        ("Groceries – done   ", "– done"),
    ],
)
def test_done_marks(line: str, mark: str) -> None:
    found = one_task(line)
    assert (found.text, found.done, found.done_mark) == (re.match(r"\w+", line)[0], True, mark)


@pytest.mark.parametrize(
    "line",
    [
        "Get it done",  # a bare "done" is the task's own words: a judgement call
        "Cook the steak well-done",
        "Run 10 done",
        "Done list cleanup",
        "Bills – done with the easy ones, rest tomorrow",
    ],
)
def test_not_done(line: str) -> None:
    found = one_task(line)
    assert (found.text, found.done, found.done_mark) == (line, False, None)


@pytest.mark.parametrize(
    ("line", "text", "when"),
    [
        ("The Bicycle Escape – Appointment for Tuesday morning", "The Bicycle Escape", "Tuesday morning"),
        ("Dentist - appt on Thu 3pm", "Dentist", "Thu 3pm"),
        ("Haircut — appointment at 2026-04-28 10:00", "Haircut", "2026-04-28 10:00"),
        ("Vet (appt. for Friday)", "Vet", "Friday"),
        ("Appointment for Thursday afternoon", "Appointment for Thursday afternoon", "Thursday afternoon"),
        ("Ask about the appointment at the clinic", "Ask about the appointment at the clinic", None),
        ("Re-appointment for the committee", "Re-appointment for the committee", None),
    ],
)
def test_appointments(line: str, text: str, when: str | None) -> None:
    found = one_task(line)
    assert (found.text, found.appointment_when, found.done) == (text, when, False)


@pytest.mark.parametrize(
    ("line", "mark"),
    [("Book the hall – cancelled", "– cancelled"), ("Book the hall - canceled", "- canceled"), ("Book the hall —Cancelled.", "—Cancelled.")],
)
def test_cancel_marks(line: str, mark: str) -> None:
    """notes out's "– cancelled": the task was cancelled that day (not done)."""
    found = one_task(line)
    assert (found.text, found.done, found.cancelled, found.done_mark) == ("Book the hall", False, True, mark)


@pytest.mark.parametrize("line", ["Cancelled flights to rebook", "Ask why the flight was cancelled", "Re-cancelled"])
def test_not_cancelled(line: str) -> None:
    found = one_task(line)
    assert (found.text, found.done, found.cancelled) == (line, False, False)


def test_appointment_and_done_in_either_order() -> None:
    first = one_task("Dentist – Appointment for Tuesday morning – done")
    second = one_task("Dentist – done – Appointment for Tuesday morning")
    for found in (first, second):
        assert (found.text, found.appointment_when, found.done) == ("Dentist", "Tuesday morning", True)


# -- titles and dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "author"),
    [
        ("Phil 4.24.2026", "Phil"),
        ("4/24/2026", None),
        ("2026-04-24", None),
        ("Friday, April 24, 2026", None),
        ("24 April 2026", None),
        ("# 2026-04-24", None),
        ("Phil Jones 04-24-2026 (Fri)", "Phil Jones"),
        ("**Phil 4.24.26**", "Phil"),
        ("Phil's notes — Apr 24th, 2026", "Phil"),
    ],
)
def test_titles(title: str, author: str | None) -> None:
    note = parse_note(f"{title}\nTasks\n- Bills\n", name="untitled.txt")
    assert (note.day, note.author, note.title_line) == (date(2026, 4, 24), author, 1)


def test_date_order_dmy() -> None:
    text = "Phil 5.4.2026\n\nTasks\n  • Bills\n"
    assert parse_note(text, name="x.txt").day == date(2026, 5, 4)
    assert parse_note(text, name="x.txt", options=ParseOptions(date_order="DMY")).day == date(2026, 4, 5)
    with pytest.raises(InvalidInputError, match=r"^x\.txt:1: impossible date '4\.24\.2026'.*DMY"):
        parse_note("Phil 4.24.2026\n", name="x.txt", options=ParseOptions(date_order="DMY"))
    with pytest.raises(InvalidInputError):
        ParseOptions(date_order="YMD")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["2026-04-24.txt", "notes/notes-2026-04-24.md", r"C:\notes\2026-04-24.txt"])
def test_date_from_file_name(name: str) -> None:
    text = "Do a big ride today\n\nTasks\n  • Bills – done\n"
    note = parse_note(text, name=name)
    assert (note.day, note.author, note.title_line) == (date(2026, 4, 24), None, None)
    assert note.items[0] == FreeLine(line=1, text="Do a big ride today", understood=True, section=None)
    assert_no_line_lost(text, note)


def test_a_sentence_with_a_date_is_not_a_title() -> None:
    text = "Moved the meeting to 4/28/2026 because Bob is out\n"
    note = parse_note(text, name="2026-04-24.txt")
    assert note.title_line is None
    assert note.items == (FreeLine(line=1, text=text.strip(), understood=True, section=None),)


def test_missing_date() -> None:
    with pytest.raises(InvalidInputError, match=r"^notes/today\.txt: no date found in the title or the file name$"):
        parse_note("Tasks\n  • Bills\n", name="notes/today.txt")


def test_impossible_dates() -> None:
    with pytest.raises(InvalidInputError, match=r"^n\.txt:3: impossible date '2\.30\.2026' in the title"):
        parse_note("\n\nPhil 2.30.2026\nTasks\n", name="n.txt")
    with pytest.raises(InvalidInputError, match=r"^notes/2026-02-30\.txt: impossible date"):
        parse_note("Tasks\n  • Bills\n", name="notes/2026-02-30.txt")


# -- structure ---------------------------------------------------------------------------


def test_markdown_checkbox_note() -> None:
    text = (
        "# 2026-04-24\n\n"
        "## To-do\n"
        "- [ ] Call the bank\n"
        "- [x] Pay rent\n"
        "- [X] Water plants ✓\n\n"
        "## Website:\n"
        "* [ ] Fix the RSS feed\n"
        "  * [x] find the broken link https://example.com/feed.xml\n"
        "1. Write the about page\n"
        "2) Publish – done\n"
    )
    note = parse_note(text, name="today.md")
    assert_no_line_lost(text, note)
    assert [(h.text, h.is_project) for h in note.items if isinstance(h, Heading)] == [
        ("To-do", False),
        ("Website", True),
    ]
    assert [(t.text, t.project, t.done, t.done_mark) for t in tasks(note)] == [
        ("Call the bank", None, False, None),
        ("Pay rent", None, True, "[x]"),
        ("Water plants", None, True, "✓"),
        ("Fix the RSS feed", "Website", False, None),
        ("Write the about page", "Website", False, None),
        ("Publish", "Website", True, "– done"),
    ]
    assert task(note, "Fix the RSS feed").children == (
        SubPoint(line=10, text="[x] find the broken link https://example.com/feed.xml", depth=1),
    )


def test_nested_bullets_by_indentation_and_style() -> None:
    note = note_of(
        "Tasks\n"
        "  • Work on pancake printer post\n"
        "      ◦ draft: https://docs.example.com/d/abc?x=1&y=2\n"
        "          ▪ ask Dana about the photos\n"
        "        continued thought, not a bullet\n"
        "      ◦ second point\n"
        "\t\t- tab indented point\n"
        "  • Bills\n"
        "  ◦ same indentation, deeper style: a child of Bills\n"
        "  • Dishes – done\n"
    )
    assert [t.text for t in tasks(note)] == ["Work on pancake printer post", "Bills", "Dishes"]
    post = task(note, "Work on pancake printer post")
    assert [(c.text, c.depth) for c in post.children] == [
        ("draft: https://docs.example.com/d/abc?x=1&y=2", 1),
        ("ask Dana about the photos", 2),
        ("continued thought, not a bullet", 2),
        ("second point", 1),
        ("tab indented point", 2),
    ]
    assert [c.text for c in task(note, "Bills").children] == ["same indentation, deeper style: a child of Bills"]


def test_unclear_lines() -> None:
    note = note_of(
        "• a stray bullet before any heading\n"
        "Tasks\n"
        "  • Bills\n"
        "Remember the thing about the cat.\n"
        "  •\n"
        "  • – done\n"
    )
    assert [(u.line, u.text, u.section) for u in note.unclear] == [
        (3, "• a stray bullet before any heading", None),
        (6, "Remember the thing about the cat.", "Tasks"),
        (7, "•", "Tasks"),
        (8, "• – done", "Tasks"),
    ]


def test_a_line_without_words_is_unclear() -> None:
    note = note_of("---\nRode to the lake.\n")
    assert [(f.text, f.understood) for f in note.items if isinstance(f, FreeLine)] == [
        ("---", False),
        ("Rode to the lake.", True),
    ]


def test_heading_needs_bullets_under_it_unless_it_is_a_task_heading() -> None:
    note = note_of("Bike\nRode to the lake and back.\n\nTODO:\n\nSBIRs:\n- Re-map\n")
    assert [type(i).__name__ for i in note.items] == ["FreeLine", "FreeLine", "Heading", "Heading", "TaskLine"]
    assert [i.text for i in note.items if isinstance(i, Heading)] == ["TODO", "SBIRs"]
    assert note.unclear == ()


def test_custom_task_headings() -> None:
    note = note_of("Chores\n  • Dishes – done\n", task_headings=("chores",))
    assert task(note, "Dishes").project is None


def test_readings_in_their_forms() -> None:
    note = note_of(
        "arXiv:2604.00001 A Paper\n"
        "Read https://arxiv.org/abs/2604.00002v2 on the train\n"
        "\n"
        "Papers\n"
        "  • [hep-th/9901001v1] - An Old One\n"
        "      ◦ its abstract\n"
        "  • Read https://arxiv.org/pdf/2604.00003 later\n"
    )
    readings = [i for i in note.items if isinstance(i, Reading)]
    assert [(r.arxiv_id, r.title, r.abstract) for r in readings] == [
        ("2604.00001", "A Paper", ""),
        ("2604.00002", "Read https://arxiv.org/abs/2604.00002v2 on the train", ""),
        ("hep-th/9901001", "An Old One", "its abstract"),
    ]
    assert task(note, "Read https://arxiv.org/pdf/2604.00003 later").project == "Papers"


def test_abstract_ends_at_a_bullet_less_indented_than_it() -> None:
    note = note_of("[2604.21691] Title\n  • the abstract\n    more of it\n• stray\n")
    (reading,) = [i for i in note.items if isinstance(i, Reading)]
    assert reading.abstract == "the abstract\nmore of it"
    assert [u.text for u in note.unclear] == ["• stray"]


def test_texts_are_stripped_inside_untouched() -> None:
    note = note_of("Tasks\n  •   Look at  https://example.com/a_b   \t\n")
    assert tasks(note)[0].text == "Look at  https://example.com/a_b"


def test_records_are_frozen() -> None:
    note = note_of("Tasks\n  • Bills\n")
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.items[0].text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ParseOptions().date_order = "DMY"  # type: ignore[misc]


# -- bytes -------------------------------------------------------------------------------


def test_crlf_and_bom() -> None:
    data = "\ufeffPhil 4.24.2026\r\n\r\nTasks\r\n  • Bills – done\r\n".encode()
    text = decode_note(data, name=NAME)
    assert "\r" not in text and not text.startswith("\ufeff")
    note = parse_note(text, name=NAME)
    assert (note.author, task(note, "Bills").done) == ("Phil", True)
    raw = data.decode("utf-8")  # parse_note copes with CRLF and a BOM by itself too
    assert parse_note(raw, name=NAME).items == note.items


def test_binary_data() -> None:
    with pytest.raises(InvalidInputError, match=r"^n\.txt:2: binary data"):
        decode_note(b"Phil 4.24.2026\n\x00\x01\x02", name="n.txt")
    with pytest.raises(InvalidInputError, match=r"^n\.txt: the note is UTF-16"):
        decode_note("Phil 4.24.2026".encode("utf-16"), name="n.txt")


def test_not_utf8() -> None:
    with pytest.raises(InvalidInputError, match=r"^n\.txt:3: not UTF-8 text \(byte 0xe9\)"):
        decode_note("Phil 4.24.2026\n\nCaf\u00e9\n".encode("latin-1"), name="n.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf\n"])
def test_empty(data: bytes) -> None:
    with pytest.raises(InvalidInputError, match=r"^n\.txt: the note is empty$"):
        decode_note(data, name="n.txt")
    with pytest.raises(InvalidInputError, match=r"^n\.txt: the note is empty$"):
        parse_note(data.decode("utf-8-sig"), name="n.txt")


# -- arXiv ids ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "arxiv_id"),
    [
        ("[2604.21691]", "2604.21691"),
        ("[2604.21691] There Will Be a Scientific Theory", "2604.21691"),
        ("arXiv:2604.21691", "2604.21691"),
        ("see arXiv: 2604.21691v3 tonight", "2604.21691"),
        ("https://arxiv.org/abs/2604.21691v2", "2604.21691"),
        ("http://export.arxiv.org/pdf/2604.21691.pdf", "2604.21691"),
        ("2604.21691", "2604.21691"),
        ("1501.0001", "1501.0001"),
        ("math/0601001", "math/0601001"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("arxiv.org/abs/math.AG/0601001", "math.AG/0601001"),
        ("paid 1204.5678 for tires", None),
        ("[2613.12345]", None),  # there is no 13th month
        ("notes/0601001", None),
        ("no id here", None),
        ("", None),
    ],
)
def test_extract_arxiv_id(text: str, arxiv_id: str | None) -> None:
    assert extract_arxiv_id(text) == arxiv_id


# -- the invariant, on anything ----------------------------------------------------------

SAMPLE_LINES = [
    "Phil 4.24.2026",
    "Do a big ride today because the weather for the weekend doesn’t look great",
    "[2604.21691] There Will Be a Scientific Theory of Deep Learning",
    "  • In this paper, we make the case that a scientific theory of deep learning is emerging.",
    "    Taken together, these bodies of work share certain broad traits",
    "Tasks",
    "  • Continue filling out permissions spreadsheet",
    "  • Chores 0 done",
    "  • Dishes – done",
    "  • The Bicycle Escape (Ritchey wheel, and Cervelo headset, creaking) – Appointment for Tuesday morning",
    "SBIRs",
    "  • Look at the index2vec code and see how well it will scale",
    "      ◦ https://example.com/x",
    "# To-do",
    "- [x] done thing",
    "- [ ]",
    "Phil 2.30.2026",
    "Friday, April 24, 2026",
    "To do:",
    "---",
    "#",
    "arXiv:hep-th/9901001",
]
PIECES = [
    "•", "◦", "▪", "-", "*", "–", "—", "1.", "2)", "[ ]", "[x]", "done", "0 done", "done!", "(done)", "✓",
    "Appointment for", "appt on", "Tasks", "#", " ", "  ", "\t", "\r", ":", "https://arxiv.org/abs/2604.21691",
]  # fmt: skip
INDENTS = ["", "  ", "    ", "\t", "      ", " \u00a0"]

line_strategy = st.one_of(
    st.sampled_from(SAMPLE_LINES),
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=8).map(" ".join),
    st.tuples(st.sampled_from(INDENTS), st.sampled_from(PIECES), st.text(max_size=12)).map(
        lambda parts: f"{parts[0]}{parts[1]} {parts[2]}"
    ),
)
text_strategy = st.tuples(
    st.lists(line_strategy, max_size=25), st.sampled_from(["\n", "\r\n", "\n\n"])
).map(lambda parts: parts[1].join(parts[0]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=text_strategy, name=st.sampled_from(["2026-04-24.txt", "notes.txt"]))
def test_no_line_is_lost_on_note_like_text(text: str, name: str) -> None:
    check_invariant(text, name)


@settings(max_examples=300, deadline=None)
@given(text=st.text(), name=st.sampled_from(["2026-04-24.txt", "notes.txt"]))
def test_no_line_is_lost_on_any_text(text: str, name: str) -> None:
    check_invariant(text, name)


def check_invariant(text: str, name: str) -> None:
    try:
        note = parse_note(text, name=name)
    except InvalidInputError as error:
        message = str(error)
        assert message.startswith(name) and "\n" not in message
        return
    assert_no_line_lost(text, note)
    for item in note.items:
        assert item.line in nonblank_lines(text)
        if isinstance(item, (FreeLine, TaskLine, Heading)):
            assert item.text == item.text.strip()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.txt", "Phil 4.24.2026\n\nTasks\n  • Bills – done\n"),
        ("a.txt", "\ufeff\n   \n# Friday, April 24, 2026\nA line\n"),
        ("notes-2026-04-23.md", "Tasks\n  • Bills – done\n"),
        ("2026-04-23.txt", "Phil 4.24.2026\n"),  # the title wins over the file name
        ("2026-04-23.txt", "\r\n\t\r\nA sentence that mentions 4.24.2026 in passing.\n"),
        ("2026-04-23.txt", "Phil 4.5.2026\n"),
    ],
)
def test_note_day_is_the_day_parse_note_gives(name: str, text: str) -> None:
    def outcome(read: object, options: ParseOptions) -> object:
        try:
            return read(text, name=name, options=options)  # type: ignore[operator]
        except InvalidInputError as e:
            return str(e)

    for options in (ParseOptions(), ParseOptions(date_order="DMY")):
        assert outcome(note_day, options) == outcome(lambda *a, **k: parse_note(*a, **k).day, options)


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        ("a.txt", "Tasks\n  • Bills\n", "a.txt: no date found in the title or the file name"),
        ("a.txt", "Phil 2.30.2026\n", "a.txt:1: impossible date"),
        ("a.txt", " \n\n", "a.txt: the note is empty"),
    ],
)
def test_note_day_refuses_what_parse_note_refuses(name: str, text: str, error: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(error)):
        note_day(text, name=name)


def test_note_day_of_every_example_note() -> None:
    for path in [*sorted(EXAMPLES.glob("*.txt")), *([SAMPLE] if SAMPLE.exists() else [])]:
        text = path.read_text(encoding="utf-8")
        assert note_day(text, name=path.name) == parse_note(text, name=path.name).day


def test_a_backslash_before_a_mark_keeps_it_words_and_notes_out_writes_it_so() -> None:
    """notes out escapes a task's own words that would read as a mark; the parser gives them back,
    and any other backslash stays text."""
    from engine.formats.notes.marks import escape_marks, split_marks

    texts = [
        "Pay the plumber – done", "Ask Dana - done?", "Get it done!", "Chores 0 done", "Bills: done", "Taxes (done)",
        "Call about the visit – Appointment for Friday 10:00", "Appointment for the car", "Re-read it -- appt at the bank",
        "[x] not a checkbox", "[2604.12345] a paper's id", "Water the roses ✓", "C:\\dir\\done – done", "\\ leading",
        "a -- -- done", "Plain words", "Flight – cancelled", "Trip - canceled!",
    ]
    for text in texts:
        escaped = escape_marks(text)
        assert split_marks(escaped) == (text, None, None), (text, escaped)
        assert split_marks(f"{escaped} – Appointment for 2026-04-23 14:00 – done") == (text, "– done", "2026-04-23 14:00")
    assert escape_marks("Plain words") == "Plain words" and escape_marks("Re-map the data") == "Re-map the data"
    assert split_marks("Copy C:\\dir to D:\\tmp") == ("Copy C:\\dir to D:\\tmp", None, None)
