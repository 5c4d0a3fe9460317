"""The README, run as written: its first command makes the demo ledger (and never the user's),
and every block marked ``sh tour`` runs in order on what the steps before it made, with the
installed ``dayledger``, so README and program cannot drift apart."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DAYLEDGER

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def fenced_blocks(markdown: str, info: str) -> list[list[str]]:
    """The lines of each fenced block whose info string is exactly ``info``."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        fence = line.strip()
        if current is None and fence.startswith("```") and fence[3:].strip() == info:
            current = []
        elif current is not None and fence.startswith("```"):
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def commands(lines: list[str]) -> list[str]:
    """Shell commands of a block: ``$ `` prompts dropped, ``\\`` continuations joined, blank and
    comment-only lines skipped (a comment after a command is left to the shell)."""
    found: list[str] = []
    pending = ""
    for raw in lines:
        line = raw.strip()
        line = line.removeprefix("$ ")
        if not pending and (not line or line.startswith("#")):
            continue
        pending += line
        if pending.endswith("\\"):
            pending = pending[:-1].rstrip() + " "
            continue
        found.append(pending)
        pending = ""
    if pending:
        found.append(pending)
    return found


def first_command() -> list[str]:
    """The dayledger steps of the README's first command (after the install), as typed."""
    first = commands(fenced_blocks(README, "sh")[0])[0]
    return [step.strip().removeprefix(".venv/bin/") for step in first.split("&&") if step.strip().startswith(".venv/bin/dayledger")]


def tour() -> list[str]:
    return [command for block in fenced_blocks(README, "sh tour") for command in commands(block)]


def _env(home: Path, now: str | None) -> dict[str, str]:
    assert DAYLEDGER
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAYLEDGER_")}
    env.update(
        HOME=str(home / "home"), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
        DAYLEDGER_TZ="Europe/Berlin", PATH=f"{Path(DAYLEDGER).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    if now:
        env["DAYLEDGER_NOW"] = now
    return env


def _script(steps: list[str]) -> str:
    """A bash script that runs ``steps`` in order and stops at the first that fails, naming it."""
    lines = []
    for number, step in enumerate(steps, 1):
        lines += [step, f"rc=$?; [ $rc -eq 0 ] || {{ echo {shlex.quote(f'step {number} failed: {step}')} \"(exit $rc)\" >&2; exit 1; }}"]
    return "\n".join(lines) + "\n"


def test_the_readme_extraction_finds_the_first_command_and_the_tour() -> None:
    assert first_command() == ["dayledger demo"]
    steps = tour()
    assert steps[0].startswith('export DAYLEDGER_LEDGER="$(dayledger demo --where)"')
    for expected in ("dayledger history spreadsheet", 'dayledger routine done dishes', "dayledger report week 2026-W17"):
        assert any(step.startswith(expected) for step in steps), expected
    assert commands(["$ dayledger a \\", "    --b c   # d", "# only a comment", ""]) == ["dayledger a --b c   # d"]


def test_the_first_command_makes_the_demo_twice_and_never_the_users_ledger(tmp_path: Path) -> None:
    env = _env(tmp_path, None)
    [step] = first_command()
    first = subprocess.run(shlex.split(step), env=env, cwd=tmp_path, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    demo = tmp_path / "data" / "dayledger" / "demo.sqlite"
    assert f"The demo ledger: {demo}" in first.stdout and "Email Dana about the garage door quote" in first.stdout
    again = subprocess.run(shlex.split(step), env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "0 imported, 5 unchanged" in again.stdout and "tasks 0 new" in again.stdout
    assert demo.is_file() and not (tmp_path / "data" / "dayledger" / "ledger.sqlite").exists()


# Two clocks the words of the tour are sensitive to: early on a Tuesday ("tue morning" is later
# today, "today 8am" would be ahead), late on a Wednesday ("wed 10:00" is past).
@pytest.mark.parametrize("now", ["2026-12-08T07:00+01:00", "2026-12-09T23:30+01:00"])
def test_every_tour_command_runs_as_written_in_order(tmp_path: Path, now: str) -> None:
    env = _env(tmp_path, now)
    script = "\n".join(first_command()) + "\n" + _script(tour())
    proc = subprocess.run(["bash", "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not (tmp_path / "data" / "dayledger" / "ledger.sqlite").exists()  # the tour never touched the user's ledger


@pytest.mark.parametrize("command", [["log", "--json"], ["log"], ["export", "--format", "jsonl"], ["report", "week", "2026-W17", "--format", "html"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path, command: list[str]) -> None:
    env = _env(tmp_path, "2026-12-07T10:00+01:00")
    subprocess.run(["dayledger", "demo"], env=env, cwd=tmp_path, capture_output=True, check=True)
    env["DAYLEDGER_LEDGER"] = str(tmp_path / "data" / "dayledger" / "demo.sqlite")
    proc = subprocess.Popen(["dayledger", *command], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10)  # like `| head -c 10`: then the pipe closes with most of the output unread
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 1) and err == ""  # click ends a closed pipe with 1, dayledger's own handler with 0


def _on_a_terminal(command: list[str], env: dict[str, str]) -> str:
    """What ``command`` writes to a terminal (a pty), as text."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(command, env=env, stdout=follower, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    os.close(follower)  # read while it writes: a terminal holds only a few KiB
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is gone: all is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode()


@pytest.mark.parametrize(("extra", "coloured"), [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)])
def test_colour_only_on_a_terminal_that_wants_it(tmp_path: Path, extra: dict[str, str], coloured: bool) -> None:
    env = {k: v for k, v in _env(tmp_path, "2026-12-07T10:00+01:00").items() if k != "NO_COLOR"}
    env.update({"TERM": "xterm", "PAGER": "cat", **extra})
    env["DAYLEDGER_LEDGER"] = str(tmp_path / "ledger.sqlite")
    subprocess.run(["dayledger", "add", "paint me"], env=env, check=True, capture_output=True)
    assert ("\x1b[" in _on_a_terminal(["dayledger", "log"], env)) is coloured


def _complete(env: dict[str, str], line: str) -> list[str]:
    """What bash offers for the last word of ``line``, through the script dayledger writes."""
    script = (
        'eval "$(_DAYLEDGER_COMPLETE=bash_source dayledger)"\n'
        f"COMP_WORDS=({line}{' ' if line.endswith(' ') else ''}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n"
        + ('COMP_WORDS+=(""); COMP_CWORD=$(( COMP_CWORD + 1 ))\n' if line.endswith(" ") else "")
        + '_dayledger_completion dayledger\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    return [word for word in proc.stdout.splitlines() if word]


def test_bash_completes_commands_options_handles_and_projects(tmp_path: Path) -> None:
    env = _env(tmp_path, "2026-12-07T10:00+01:00")
    subprocess.run(["dayledger", "demo"], env=env, cwd=tmp_path, capture_output=True, check=True)
    env["DAYLEDGER_LEDGER"] = str(tmp_path / "data" / "dayledger" / "demo.sqlite")
    garage = next(t["handle"] for t in json.loads(subprocess.run(["dayledger", "tasks", "--json"], env=env, capture_output=True, text=True, check=True).stdout) if "garage" in t["text"])
    assert _complete(env, "dayledger rou") == ["routine"]
    assert "--as-of" in _complete(env, "dayledger tasks --a")
    assert _complete(env, "dayledger done gara") == [garage]  # a piece of the text completes to the handle
    assert _complete(env, "dayledger add x -p S") == ["SBIRs"]
    subprocess.run(["dayledger", "add", "Buy paint", "-t", "house", "-t", "errands"], env=env, capture_output=True, check=True)
    assert _complete(env, "dayledger tasks -t ho") == ["house"]  # tags, wherever a tag is asked for
    assert _complete(env, "dayledger edit paint --untag err") == ["errands"]
    assert _complete(env, "dayledger timeline ") == ["Garden", "SBIRs"]
    for shell in ("zsh", "fish"):
        script = subprocess.run(["dayledger"], env={**env, "_DAYLEDGER_COMPLETE": f"{shell}_source"}, capture_output=True, text=True, check=True).stdout
        assert "_DAYLEDGER_COMPLETE" in script


@pytest.mark.parametrize("command", [["log"], ["report", "week", "2026-W17"]])
def test_long_output_goes_through_the_pager_on_a_terminal_only(tmp_path: Path, command: list[str]) -> None:
    env = _env(tmp_path, "2026-12-07T10:00+01:00")
    subprocess.run(["dayledger", "demo"], env=env, cwd=tmp_path, capture_output=True, check=True)
    env.update(DAYLEDGER_LEDGER=str(tmp_path / "data" / "dayledger" / "demo.sqlite"), PAGER="sed s/^/paged:/", NO_COLOR="1")
    on_terminal = _on_a_terminal(["dayledger", *command], env)
    assert on_terminal.count("paged:") > 10
    piped = subprocess.run(["dayledger", *command], env=env, capture_output=True, text=True, check=True).stdout
    assert "paged:" not in piped and piped.replace("\r", "") in on_terminal.replace("\r", "").replace("paged:", "")
    env["PAGER"] = "no-such-pager -x"
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.run(["dayledger", *command], env=env, stdout=follower, stderr=subprocess.PIPE, text=True, timeout=60)
    os.close(follower)
    os.close(leader)
    assert proc.returncode == 2 and proc.stderr == "dayledger: error: the pager 'no-such-pager -x' (from $PAGER) cannot be found; set PAGER to another, or to cat for none\n"
