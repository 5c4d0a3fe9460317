"""Two or three real examples at the end of each command's --help, kept in one table so that
every command's help teaches the same way (``cli.main`` attaches them when a command loads).

"""

from __future__ import annotations

import click

__all__ = ["EXAMPLES", "with_examples"]

EXAMPLES: dict[str, tuple[str, ...]] = {
    "add": ("dayledger add Call mom about the garage project:Home +family due:fri", 'dayledger add "Pay rent" -p Home --due eom --priority H', 'dayledger add "Fixed the bike" --at "yesterday 17:00"'),
    "done": ("dayledger done 3", "dayledger done 1-3,7 garage", 'dayledger done 3fa9c1e --at "yesterday 17:00"'),
    "reopen": ("dayledger reopen garage", "dayledger reopen 3fa9c1e --json"),
    "cancel": ("dayledger cancel 4", 'dayledger cancel "old idea" 3fa9c1e'),
    "start": ("dayledger start 3", 'dayledger start grant --at "today 9:00"', "dayledger start 1-3 --json"),
    "stop": ("dayledger stop 3", 'dayledger stop grant --at "today 12:30"'),
    "edit": ("dayledger edit 3 5 project:Family due:sat", "dayledger edit garage --priority H --untag someday", 'dayledger edit 3fa9c1e --text "Call mom on Sunday"'),
    "tasks": ("dayledger tasks project:Home +bills", "dayledger tasks --overdue --sort due,-priority", "dayledger tasks --status done --as-of 2026-04-24"),
    "serve": ("dayledger serve --open", "dayledger serve --host 0.0.0.0 --token-file ~/.config/dayledger/serve-token", "dayledger --ledger postgresql://me@db:5432/me serve --port 8700"),
    "show": ("dayledger show 3", "dayledger show garage --as-of 2026-04-22", "dayledger show 3fa9c1e --json"),
    "info": ("dayledger info 3", "dayledger info garage --known-at yesterday"),
    "agenda": ("dayledger agenda", "dayledger agenda --days 14 --from mon", "dayledger agenda --as-of yesterday"),
    "appt add": ('dayledger appt "Dentist" --when "thu 15:00" --duration 45m', 'dayledger appt "Standup" --when "mon 9:30" --cron "30 9 * * mon-fri"'),
    "appt cancel": ("dayledger appt cancel dentist", 'dayledger appt cancel standup --occurrence "next mon 9:30"'),
    "appt list": ("dayledger appt list", "dayledger appt list --all --days 90", "dayledger appt list --as-of 2026-04-21"),
    "appt move": ('dayledger appt move dentist --when "fri 10:00"', 'dayledger appt move standup --occurrence "tue 9:30" --when "tue 10:00"'),
    "compact": ("dayledger compact", "dayledger --ledger old.sqlite compact --json"),
    "completed": ('dayledger completed --from "last mon"', "dayledger completed --from 2026-04-01 --to 2026-04-30 --json"),
    "demo": ("dayledger demo", 'export DAYLEDGER_LEDGER="$(dayledger demo --where)"', "dayledger demo --fresh"),
    "day": ("dayledger day", "dayledger day yesterday", "dayledger day 2026-04-21 --known-at 2026-04-22"),
    "diff": ("dayledger diff 2026-04-20 2026-04-24", 'dayledger diff "last mon" today --json'),
    "enrich": ("dayledger enrich --dry-run", 'dayledger enrich --since "2 weeks ago"', "dayledger enrich --refresh --json"),
    "export": ("dayledger export --format jsonl --out backup.jsonl", "dayledger export --format taskwarrior --out out.json", "dayledger export --format notes --out notes/"),
    "history": ("dayledger history spreadsheet", "dayledger history 3fa9c1e --json"),
    "import": ("dayledger import ~/notes", "dayledger import ~/notes --dry-run --explain", "dayledger import --from taskwarrior tasks.json"),
    "init": ("dayledger init", "dayledger init --encrypt", "dayledger init --key-file ~/safe/day.key"),
    "log": ("dayledger log -n 20", "dayledger log --json | head"),
    "note": ('dayledger note "Slow Monday, coffee first"', 'dayledger note "Did a big ride" --at "yesterday 8am"'),
    "rebuild": ("dayledger rebuild", "dayledger rebuild --json"),
    "report range": ("dayledger report range --from 2026-04-01 --to 2026-04-30", "dayledger report range --from 2026-01-01 --to 2026-12-31 --format html --out 2026.html"),
    "report run-due": ("dayledger report run-due", "dayledger report run-due --json"),
    "report schedule": ('dayledger report schedule --cron "0 7 * * mon" --to ~/reports', 'dayledger report schedule --cron "0 7 1 * *" --period month --to ~/reports'),
    "report status": ("dayledger report status", "dayledger report status --json"),
    "report unschedule": ("dayledger report unschedule 4be01a7",),
    "report week": ("dayledger report week", "dayledger report week 2026-W17 --format html --out w17.html", "dayledger report week this --json"),
    "restore": ("dayledger --ledger new.sqlite restore backup.jsonl", "dayledger restore backup.jsonl --merge"),
    "routine add": ("dayledger routine add Dishes --cron @daily", 'dayledger routine add "Weekly review" --cron "0 17 * * fri" -p Work'),
    "routine done": ("dayledger routine done dishes", 'dayledger routine done dishes --at "yesterday 21:00"'),
    "routine edit": ('dayledger routine edit dishes --cron "0 21 * * *" --from tomorrow',),
    "routine end": ("dayledger routine end dishes",),
    "routine list": ("dayledger routine list", "dayledger routine list --all --as-of 2026-04-12"),
    "routine pause": ("dayledger routine pause gym",),
    "routine resume": ("dayledger routine resume gym",),
    "routine skip": ('dayledger routine skip "weekly review"', 'dayledger routine skip dishes --occurrence "yesterday 0:00"'),
    "routine stats": ('dayledger routine stats --from "4 weeks ago"', "dayledger routine stats dishes --from 2020-01-01 --json"),
    "timeline": ("dayledger timeline SBIRs", "dayledger timeline SBIRs --from 2026-04-01 --as-of 2026-04-30"),
    "undo": ("dayledger undo", "dayledger undo --json"),
    "verify": ("dayledger verify", "dayledger verify --no-views"),
}
"""Examples by command path (as typed after ``dayledger``)."""


def with_examples(command: click.Command, path: str) -> None:
    """Give ``command`` (and its subcommands) their examples as the end of their help."""
    lines = EXAMPLES.get(path)
    if lines and "Examples:" not in (command.epilog or ""):
        examples = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
        command.epilog = f"{command.epilog}\n\n{examples}" if command.epilog else examples  # after what the command says itself
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            with_examples(sub, f"{path} {name}")
