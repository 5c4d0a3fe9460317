"""The small frictions of the first minutes: a mistyped command names the right one, in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import InProcess


@pytest.mark.parametrize(
    ("typed", "unknown", "meant"),
    [
        (["modify", "x"], "modify", "edit"),
        (["delete", "x"], "delete", "cancel"),
        (["rm", "x"], "rm", "cancel"),
        (["list"], "list", "tasks"),
        (["ls"], "ls", "tasks"),
        (["tsks"], "tsks", "tasks"),  # a near spelling
        (["routine", "dne", "x"], "routine dne", "routine done"),
        (["report", "wek"], "report wek", "report week"),
    ],
)
def test_a_mistyped_command_suggests_the_right_one(dli_sqlite: InProcess, typed: list[str], unknown: str, meant: str) -> None:
    proc = dli_sqlite.fails(*typed)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"dayledger: error: no such command 'dayledger {unknown}'; did you mean 'dayledger {meant}'?"


def test_an_unknown_command_with_nothing_near_points_at_help(dli_sqlite: InProcess) -> None:
    assert dli_sqlite.fails("xyzzy").stderr.strip() == "dayledger: error: no such command 'dayledger xyzzy'; 'dayledger --help' lists the commands"


def _on_monday(dli: InProcess, **env: str) -> InProcess:
    run = InProcess(dli.ledger, now="2026-12-07T10:00+01:00")
    run.env.update(env)
    return run


@pytest.mark.parametrize(
    ("due", "env", "expected"),
    [
        ("eod", {}, "2026-12-07T23:59:00+01:00"),
        ("dec 24 3pm", {}, "2026-12-24T15:00:00+01:00"),
        ("12/24", {}, "2026-12-24T00:00:00+01:00"),
        ("24/12", {"DAYLEDGER_DATE_ORDER": "DMY"}, "2026-12-24T00:00:00+01:00"),
        ("today+3d", {}, "2026-12-10T00:00:00+01:00"),  # a day stays a day: its start
        ("1w", {}, "2026-12-14T10:00:00+01:00"),  # an amount keeps now's time of day
        ("eow", {"DAYLEDGER_WEEK_START": "sun"}, "2026-12-12T23:59:00+01:00"),
    ],
)
def test_date_words_on_the_command_line(dli_sqlite: InProcess, due: str, env: dict[str, str], expected: str) -> None:
    run = _on_monday(dli_sqlite, **env)
    run.run("add", "x", "--due", due)
    [task] = run.json("tasks")
    assert task["due"] == expected


def test_the_date_order_flag_beats_the_environment(dli_sqlite: InProcess) -> None:
    run = _on_monday(dli_sqlite, DAYLEDGER_DATE_ORDER="DMY")
    run.run("--date-order", "MDY", "add", "x", "--due", "12/24")
    assert run.json("tasks")[0]["due"] == "2026-12-24T00:00:00+01:00"
    assert "'24/12'" in run.fails("--date-order", "mdy", "add", "y", "--due", "24/12").stderr


def test_a_misspelled_date_word_names_the_near_one_and_records_nothing(dli_sqlite: InProcess) -> None:
    run = _on_monday(dli_sqlite)
    run.run("add", "first")
    proc = run.fails("add", "x", "--due", "tomorow 9am")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "dayledger: error: cannot understand the date/time 'tomorow 9am'; did you mean 'tomorrow 9am'?"
    assert [t["text"] for t in run.json("tasks")] == ["first"]


@pytest.mark.parametrize("command", [["tasks"], ["day", "today"], ["routine", "list"], ["agenda"], ["appt", "list"]])
def test_a_future_as_of_is_refused(dli_sqlite: InProcess, command: list[str]) -> None:
    run = _on_monday(dli_sqlite)
    run.run("add", "x")
    proc = run.fails(*command, "--as-of", "tomorrow")
    assert proc.returncode == 2 and "--as-of 'tomorrow' is Tue 2026-12-08 00:00, after now (Mon 2026-12-07 10:00)" in proc.stderr
    assert run.run(*command, "--as-of", "today").returncode == 0  # today has begun: as of its end, that is now


def test_at_when_and_due_help_shows_the_date_words(dli_sqlite: InProcess) -> None:
    from cli.main import WHEN_WORDS

    for command in (["add"], ["note"], ["appt", "move"], ["edit"], ["done"]):
        text = " ".join(dli_sqlite.run(*command, "--help").stdout.split())
        assert text.count(" ".join(WHEN_WORDS.split())) == sum(f"--{o} WHEN" in text for o in ("at", "when", "due")) >= 1, command


def _every_help() -> dict[str, str]:
    """The --help of every command and subcommand, by its path."""
    import click

    from cli.main import cli, load_all

    load_all()
    found: dict[str, str] = {}

    def walk(command: click.Command, path: str) -> None:
        found[path] = command.get_help(click.Context(command, info_name=path))
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    walk(cli, "dayledger")
    return found


def test_help_reads_as_plain_text() -> None:
    helps = _every_help()
    assert len(helps) > 30
    assert [path for path, text in helps.items() if "`" in text] == []  # no reST backticks
    assert [path for path, text in helps.items() if "\n      " in text.partition("Options:")[0]] == []  # no docstring indent kept
    assert "-n, --limit N  Only the last N events (N at least 1)" in helps["dayledger log"]
    assert " RANGE" not in "".join(helps.values())  # click's INTEGER RANGE, FLOAT RANGE
    assert helps["dayledger routine stats"].startswith("Usage: dayledger routine stats [OPTIONS] [ROUTINE]")


def test_a_whole_number_out_of_its_range_is_refused(dli_sqlite: InProcess) -> None:
    assert "0 is not at least 1" in dli_sqlite.run("log", "-n", "0", check=False).stderr
    assert "367 is not 1 to 366" in dli_sqlite.run("agenda", "--days", "367", check=False).stderr


def test_what_the_readme_promises_report_week_json_and_routine_list_known_at(dli_sqlite: InProcess) -> None:
    monday = _on_monday(dli_sqlite)
    monday.run("add", "x")
    assert monday.json("report", "week", "this") == monday.json("report", "week", "this", "--format", "json") != {}
    assert monday.run("report", "week", "this", "--json").stdout == monday.run("report", "week", "this", "--format", "json").stdout
    monday.run("routine", "add", "Dishes", "--cron", "@daily")
    later = InProcess(dli_sqlite.ledger, now="2026-12-09T10:00+01:00")
    assert [r["text"] for r in later.json("routine", "list", "--known-at", "2026-12-07 11:00")] == ["Dishes"]
    assert later.json("routine", "list", "--known-at", "2026-12-07 09:00") == []  # recorded at 10:00


@pytest.mark.parametrize("command", [["tasks"], ["--json", "tasks"], ["day", "today"], ["log"], ["verify"], ["agenda"]])
def test_a_read_of_a_ledger_that_does_not_exist_says_so_and_makes_nothing(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "typo" / "ledgr.sqlite"
    proc = InProcess(str(path)).run(*command)
    assert proc.stderr == f"dayledger: no ledger at {path} (it is made on the first write)\n"
    assert not path.parent.exists()


def test_undo_on_a_ledger_that_does_not_exist_makes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "ledgr.sqlite"
    proc = InProcess(str(path)).fails("undo")
    assert proc.returncode == 3 and f"no ledger at {path}" in proc.stderr
    assert not path.parent.exists()




def test_every_command_ends_its_help_with_examples_that_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    import click

    from cli.examples import EXAMPLES
    from cli.main import cli
    from cli.session import Session

    monkeypatch.chdir(tmp_path)
    (tmp_path / "backup.jsonl").write_text("")  # restore's examples name a file that must exist
    leaves = [path for path, text in _every_help().items() if "Commands:" not in text]
    paths = {path.removeprefix("dayledger ") for path in leaves}
    assert paths == set(EXAMPLES)
    for path, lines in EXAMPLES.items():
        assert "Examples:" in _every_help()[f"dayledger {path}"]
        for line in lines:
            typed = line.split("$(")[1].split(")")[0] if "$(" in line else line.partition(" | ")[0]
            args = shlex.split(typed)[1:]
            command: click.Command = cli
            ctx = command.make_context("dayledger", list(args), obj=Session())
            while isinstance(command, click.Group):
                _, sub, rest = command.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
                assert sub is not None, line
                command, ctx = sub, sub.make_context(sub.name, rest, parent=ctx)
            assert ctx.command_path.removeprefix("dayledger ") == path, (line, ctx.command_path)


def _with_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    monkeypatch.setenv("DAYLEDGER_CONFIG", str(path))
    return path


def test_the_config_file_sits_below_flags_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from_config, from_env, from_flag = (tmp_path / f"{n}.sqlite" for n in ("config", "env", "flag"))
    _with_config(tmp_path, monkeypatch, f'ledger = "{from_config}"\nzone = "America/New_York"\ndate_order = "dmy"\nreport_format = "json"\n')
    run = InProcess(str(from_env), now="2026-12-07T10:00+01:00")
    del run.env["DAYLEDGER_LEDGER"]
    del run.env["DAYLEDGER_TZ"]
    run.run("add", "x", "--due", "24/12 9:00")  # the config's ledger, zone and date order
    assert from_config.exists() and not from_env.exists()
    assert InProcess(str(from_config)).json("tasks")[0]["due"] == "2026-12-24T15:00:00+01:00"  # 9:00 in New York
    run.env["DAYLEDGER_LEDGER"] = str(from_env)
    run.run("add", "y")  # the environment beats the config file
    run.run("--ledger", str(from_flag), "add", "z")  # and the flag beats both
    assert [InProcess(str(p)).json("tasks")[0]["text"] for p in (from_env, from_flag)] == ["y", "z"]
    run.env.update(DAYLEDGER_DATE_ORDER="MDY", DAYLEDGER_TZ="Europe/Berlin")
    run.run("add", "w", "--due", "12/24 9:00")
    assert {t["text"]: t["due"] for t in InProcess(str(from_env)).json("tasks")}["w"] == "2026-12-24T09:00:00+01:00"
    assert run.run("report", "week", "this").stdout.startswith("{")  # report_format = "json"
    assert run.run("report", "week", "this", "--format", "md").stdout.startswith("#")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('zone = "Europe/Berlin"\nweek_start = "tue"\n', "config.toml:2: week_start = 'tue' is none of mon, sun"),
        ('zone = "Europe/Berlin"\ncolor = "never"\n', "config.toml:2: unknown setting 'color'"),
        ("\nledger = ~/x\n", "config.toml:2: Invalid value"),
        ("date_order = 1\n", "config.toml:1: date_order must be a text in quotes, not 1"),
    ],
)
def test_a_bad_config_file_is_one_line_naming_the_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str) -> None:
    path = _with_config(tmp_path, monkeypatch, text)
    ledger = tmp_path / "ledger.sqlite"
    proc = InProcess(str(ledger)).fails("add", "x")
    assert proc.returncode == 2 and proc.stderr.startswith(f"dayledger: error: the config file {path.parent}/") and said in proc.stderr
    assert not ledger.exists()


def test_an_appointment_scheduled_twice_warns_and_keeps_both(dli_sqlite: InProcess) -> None:
    run = _on_monday(dli_sqlite)
    first = run.run("appt", "Dentist", "--when", "thu 15:00").stdout.strip()
    assert "warning" not in run.run("appt", "Dentist at noon", "--when", "thu 15:00").stderr  # another text: no warning
    assert "warning" not in run.run("appt", "Dentist", "--when", "thu 16:00").stderr  # another time: none either
    again = run.run("appt", "dentist", "--when", "thu 15:00")
    second = again.stdout.strip()
    warnings = [line + "\n" for line in again.stderr.splitlines() if line.startswith("dayledger: warning:")]  # after the echo line
    assert warnings == [
        (
            f"dayledger: warning: 'dentist' at Thu 2026-12-10 15:00 was already scheduled ({first}); both are kept: "
            f"'dayledger appt cancel {second}' drops the new one\n"
        )
    ]
    assert len(run.json("appt", "list")) == 4


def test_routines_show_their_schedule_in_words_beside_the_cron(dli_sqlite: InProcess) -> None:
    run = _on_monday(dli_sqlite)
    run.run("routine", "add", "Dishes", "--cron", "0 21 * * *")
    run.run("routine", "add", "Standup", "--cron", "30 9 * * mon-fri")
    assert "[daily at 21:00 (0 21 * * *)]" in run.run("routine", "skip", "dishes").stdout
    assert "weekdays at 09:30 (30 9 * * mon-fri)" in run.run("routine", "list").stdout
    assert {r["text"]: r["schedule_words"] for r in run.json("routine", "list")} == {"Dishes": "daily at 21:00", "Standup": "weekdays at 09:30"}


def test_appt_takes_at_like_the_other_captures(dli_sqlite: InProcess) -> None:
    run = _on_monday(dli_sqlite)
    run.run("appt", "Physio", "--when", "last tue 10:00", "--at", "last tue 9:00")
    [event] = [e for e in run.json("log") if e["type"] == "AppointmentScheduled"]
    assert event["occurred_at"] == "2026-12-01T09:00:00+01:00"
    assert "is in the future" in run.fails("appt", "Later", "--when", "fri 10:00", "--at", "tomorrow").stderr
    assert "--at is for a single appointment" in run.fails("appt", "Standup", "--when", "mon 9:30", "--cron", "30 9 * * 1", "--at", "yesterday").stderr
    assert [e.get("text") for e in run.json("log")] == ["Physio"]  # nothing of the refused two


def test_diff_dates_each_change_and_lists_them_in_time_order(dli_sqlite: InProcess) -> None:
    InProcess(dli_sqlite.ledger, now="2026-12-03T09:00+01:00").run("add", "Later done")
    InProcess(dli_sqlite.ledger, now="2026-12-01T09:00+01:00").run("add", "Earlier", "--at", "2026-12-01 09:00")
    run = _on_monday(dli_sqlite)
    run.run("done", "later", "--at", "2026-12-04 17:00")
    changes = run.json("diff", "2026-11-30", "2026-12-06")
    assert [(c["kind"], c["text"], c["at"]) for c in changes] == [
        ("captured", "Earlier", "2026-12-01T09:00:00+01:00"),
        ("captured", "Later done", "2026-12-03T09:00:00+01:00"),
        ("completed", "Later done", "2026-12-04T17:00:00+01:00"),
    ]
    assert run.run("diff", "2026-11-30", "2026-12-06").stdout.splitlines()[2].startswith("Fri 2026-12-04 17:00  completed")
