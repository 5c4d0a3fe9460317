"""What ``dayledger --help`` shows, known without importing click or any command's module.

``SHORT_HELP`` is each top-level command's short help as its module declares it (the first
paragraph of its help, which is all the list of commands shows), so that ``--help`` lists the
commands without importing every command's module. ``PAGES`` is the whole top-level help as click
renders it at the two widths it mostly runs at (a pipe or an 80-column terminal, and a terminal
of 102 columns or more), so that ``dayledger --help`` answers in the time the interpreter takes to
start (``cli.start``); at any other width click renders it. Both are made from the commands
themselves by ``python -m cli.help_page``, and ``tests/unit/test_help_page.py`` fails when they
are not what the commands say now.
"""

from __future__ import annotations

__all__ = ["PAGES", "SHORT_HELP", "page_for"]

SHORT_HELP: dict[str, str] = {
    'add': "Capture a task: 'add Call mom about the garage project:Home +family due:fri'.",
    'agenda': 'Day by day: appointments, routine occurrences and tasks due (overdue ones on the first day).',
    'appt': 'Appointments: schedule ("appt TEXT --when WHEN [--cron EXPR]"), move, cancel, list.',
    'cancel': 'Drop TASK without doing it. TASK is a number from the last listing (or a range: 1-3,7), a handle, an id or a piece of its text; name several to change them all at once (one undo takes them all back).',
    'compact': 'Rewrite a SQLite ledger file compactly: 16 KiB pages, as new ledgers have (a rebuild is a\n    quarter quicker than with 4 KiB), and free pages given back. The same events, chain and views;\n    needs the ledger to itself.',
    'completed': 'The completion audit: what was done when, how long it had been open, how often carried;\n    with FILTER words or options, only the tasks that match them all (as they are, or were at\n    --as-of/--known-at).',
    'day': "The daily summary of WHEN (default: today): notes, readings, tasks captured, carried,\n    completed, reopened, cancelled, and the day's appointments.",
    'demo': 'Import the example week (Mon 2026-04-20 to Fri 2026-04-24) into a demo ledger of its own,\n    say where it is, and list its open tasks. Your own ledger is never touched: the demo is\n    dayledger/demo.sqlite in your data folder. Run again, it records nothing twice.',
    'diff': 'What changed between WHEN1 and WHEN2: captured, completed, moved, renamed, rescheduled...\n    (a bare day means the end of that day).',
    'done': 'Mark TASK done. TASK is a number from the last listing (or a range: 1-3,7), a handle, an id or a piece of its text; name several to change them all at once (one undo takes them all back).',
    'edit': "Change TASK's text, project, due date, tags or priority; the same change to each TASK named\n    (numbers, ranges such as 1-3,7, handles, ids or text), in one write. As in Taskwarrior,\n    project:P, +TAG, due:WHEN and priority:H among the words are changes: 'edit 3 5 project:Home +family'.",
    'enrich': 'Fetch title, authors, abstract, categories and dates of the papers you read from arXiv.',
    'export': 'Write the ledger out.',
    'history': 'Every change to TASK or APPT: when it happened, when it was recorded, where it came from.\n    Undone changes and the undo that reverted them are both shown, marked.',
    'import': 'Import daily notes: every line becomes events, once.',
    'info': 'Another name for show. Everything about one TASK (a handle, an id, or a piece of its text; done and cancelled\n    ones too): its fields, where it came from, the days it was carried, its notes, its\n    appointments and its history with the source of each change; with --as-of/--known-at, as\n    it stood then.',
    'init': 'Make a new ledger (an existing one is refused). With --encrypt, every byte it writes is\n    encrypted; the key is made in a key file readable by you only, unless you give one.',
    'log': 'The raw event stream, newest last: both times and the source of each event.',
    'note': "Record a free-form note: 'note Talked to the plumber project:Home'.",
    'rebuild': 'Drop every read model and fold the whole event stream into them again.',
    'reopen': 'Make a done or cancelled TASK open again. TASK is a number from the last listing (or a range: 1-3,7), a handle, an id or a piece of its text; name several to change them all at once (one undo takes them all back).',
    'report': 'Reports of a week or any period: what got done, what keeps being carried, where the time went.',
    'restore': 'Restore a JSONL backup into an empty ledger (or merge it into this one).',
    'routine': 'Routines: chores and habits on a cron schedule, each occurrence done, skipped or missed.',
    'serve': "Serve the ledger on http://HOST:PORT/: Today, Tasks, a task, a day, a project's timeline and the\n    reports, each with a slider through your past (as_of) and the ledger's knowledge (known_at); and the\n    same reads and writes as JSON under /api (described at /openapi.json). Writes are recorded with\n    source web. Ctrl-C stops it.",
    'show': 'Everything about one TASK (a handle, an id, or a piece of its text; done and cancelled\n    ones too): its fields, where it came from, the days it was carried, its notes, its\n    appointments and its history with the source of each change; with --as-of/--known-at, as\n    it stood then.',
    'start': "Start work on TASK: it is active (+ACTIVE), as Taskwarrior's start. TASK is a number from the last listing (or a range: 1-3,7), a handle, an id or a piece of its text; name several to change them all at once (one undo takes them all back).",
    'stop': 'Stop work on an active TASK. TASK is a number from the last listing (or a range: 1-3,7), a handle, an id or a piece of its text; name several to change them all at once (one undo takes them all back).',
    'tasks': 'List tasks grouped by project, oldest first, then the routine occurrences due; with\n    FILTER words or options only the tasks that match them all; with --sort as one flat list;\n    with --as-of/--known-at, as they were then. Overdue open tasks are marked; done tasks show\n    when they were done.',
    'timeline': 'Everything that happened in PROJECT, in the order it happened.',
    'undo': 'Revert the last command that is not undone yet, with compensating events; says what it\n    reverted. Both the command and its undo stay in the history.',
    'verify': 'Walk the tamper-evident chain over every event and compare every view with a rebuild.\n    Exits 1 when anything was altered, deleted, inserted or reordered, or a view disagrees.',
}
PAGES: dict[int, str] = {
    78: 'Usage: dayledger [OPTIONS] COMMAND [ARGS]...\n\n  dayledger keeps every task, note and appointment as an immutable event.\n\n  WHEN (--at, --due, --when, --from, --as-of...) is ISO 8601 or what people type:\n    today, tomorrow 9am, fri 17:00, next mon, last tue, dec 24 3pm, 12/24 (--date-order),\n    in 3 days, 2 weeks ago, 1w, +2d, today+3d, now+2h, tonight, this evening, eod, eow, eom,\n    next week, next month, last week.\n  A day without a time (friday, dec 24, today+3d) is that day, and its start (00:00) where a\n  moment is needed: --due friday is due as Friday begins; say \'friday 17:00\' or eod for a time.\n  An appointment on a day without a time (appt X --when friday) is all day, that day everywhere.\n  An amount (in a week, +3d, 1w) counts from now and keeps the time of day.\n\nOptions:\n  --version               Show the version and exit.\n  --ledger LOCATION       SQLite file path or postgresql:// URL (default:\n                          $DAYLEDGER_LEDGER, else the user data folder).\n  --tz ZONE               Time zone for reading and showing times (default:\n                          $DAYLEDGER_TZ, $TZ, else the system\'s).\n  --json                  Answer in JSON.\n  --key-file FILE         Key file of an encrypted ledger (default:\n                          $DAYLEDGER_KEY_FILE, $DAYLEDGER_KEY, else the\n                          ledger\'s own key file).\n  --chain-key-file FILE   Key file of a keyed chain: its links need the key to\n                          be recomputed (default: $DAYLEDGER_CHAIN_KEY_FILE,\n                          $DAYLEDGER_CHAIN_KEY).\n  --date-order [mdy|dmy]  How an all-numeric day such as 12/24 is read\n                          (default: $DAYLEDGER_DATE_ORDER, else MDY).\n  -h, --help              Show this message and exit.\n\nCommands:\n  add        Capture a task: \'add Call mom about the garage project:Home...\n  agenda     Day by day: appointments, routine occurrences and tasks due...\n  appt       Appointments: schedule ("appt TEXT --when WHEN [--cron...\n  cancel     Drop TASK without doing it.\n  compact    Rewrite a SQLite ledger file compactly: 16 KiB pages, as new...\n  completed  The completion audit: what was done when, how long it had...\n  day        The daily summary of WHEN (default: today): notes, readings,...\n  demo       Import the example week (Mon 2026-04-20 to Fri 2026-04-24)...\n  diff       What changed between WHEN1 and WHEN2: captured, completed,...\n  done       Mark TASK done.\n  edit       Change TASK\'s text, project, due date, tags or priority; the...\n  enrich     Fetch title, authors, abstract, categories and dates of the...\n  export     Write the ledger out.\n  history    Every change to TASK or APPT: when it happened, when it was...\n  import     Import daily notes: every line becomes events, once.\n  info       Another name for show.\n  init       Make a new ledger (an existing one is refused).\n  log        The raw event stream, newest last: both times and the source...\n  note       Record a free-form note: \'note Talked to the plumber...\n  rebuild    Drop every read model and fold the whole event stream into...\n  reopen     Make a done or cancelled TASK open again.\n  report     Reports of a week or any period: what got done, what keeps...\n  restore    Restore a JSONL backup into an empty ledger (or merge it...\n  routine    Routines: chores and habits on a cron schedule, each...\n  serve      Serve the ledger on http://HOST:PORT/: Today, Tasks, a task,...\n  show       Everything about one TASK (a handle, an id, or a piece of...\n  start      Start work on TASK: it is active (+ACTIVE), as Taskwarrior\'s...\n  stop       Stop work on an active TASK.\n  tasks      List tasks grouped by project, oldest first, then the...\n  timeline   Everything that happened in PROJECT, in the order it happened.\n  undo       Revert the last command that is not undone yet, with...\n  verify     Walk the tamper-evident chain over every event and compare...',
    98: 'Usage: dayledger [OPTIONS] COMMAND [ARGS]...\n\n  dayledger keeps every task, note and appointment as an immutable event.\n\n  WHEN (--at, --due, --when, --from, --as-of...) is ISO 8601 or what people type:\n    today, tomorrow 9am, fri 17:00, next mon, last tue, dec 24 3pm, 12/24 (--date-order),\n    in 3 days, 2 weeks ago, 1w, +2d, today+3d, now+2h, tonight, this evening, eod, eow, eom,\n    next week, next month, last week.\n  A day without a time (friday, dec 24, today+3d) is that day, and its start (00:00) where a\n  moment is needed: --due friday is due as Friday begins; say \'friday 17:00\' or eod for a time.\n  An appointment on a day without a time (appt X --when friday) is all day, that day everywhere.\n  An amount (in a week, +3d, 1w) counts from now and keeps the time of day.\n\nOptions:\n  --version               Show the version and exit.\n  --ledger LOCATION       SQLite file path or postgresql:// URL (default: $DAYLEDGER_LEDGER, else\n                          the user data folder).\n  --tz ZONE               Time zone for reading and showing times (default: $DAYLEDGER_TZ, $TZ,\n                          else the system\'s).\n  --json                  Answer in JSON.\n  --key-file FILE         Key file of an encrypted ledger (default: $DAYLEDGER_KEY_FILE,\n                          $DAYLEDGER_KEY, else the ledger\'s own key file).\n  --chain-key-file FILE   Key file of a keyed chain: its links need the key to be recomputed\n                          (default: $DAYLEDGER_CHAIN_KEY_FILE, $DAYLEDGER_CHAIN_KEY).\n  --date-order [mdy|dmy]  How an all-numeric day such as 12/24 is read (default:\n                          $DAYLEDGER_DATE_ORDER, else MDY).\n  -h, --help              Show this message and exit.\n\nCommands:\n  add        Capture a task: \'add Call mom about the garage project:Home +family due:fri\'.\n  agenda     Day by day: appointments, routine occurrences and tasks due (overdue ones on the...\n  appt       Appointments: schedule ("appt TEXT --when WHEN [--cron EXPR]"), move, cancel, list.\n  cancel     Drop TASK without doing it.\n  compact    Rewrite a SQLite ledger file compactly: 16 KiB pages, as new ledgers have (a...\n  completed  The completion audit: what was done when, how long it had been open, how often...\n  day        The daily summary of WHEN (default: today): notes, readings, tasks captured,...\n  demo       Import the example week (Mon 2026-04-20 to Fri 2026-04-24) into a demo ledger of...\n  diff       What changed between WHEN1 and WHEN2: captured, completed, moved, renamed,...\n  done       Mark TASK done.\n  edit       Change TASK\'s text, project, due date, tags or priority; the same change to each...\n  enrich     Fetch title, authors, abstract, categories and dates of the papers you read from...\n  export     Write the ledger out.\n  history    Every change to TASK or APPT: when it happened, when it was recorded, where it...\n  import     Import daily notes: every line becomes events, once.\n  info       Another name for show.\n  init       Make a new ledger (an existing one is refused).\n  log        The raw event stream, newest last: both times and the source of each event.\n  note       Record a free-form note: \'note Talked to the plumber project:Home\'.\n  rebuild    Drop every read model and fold the whole event stream into them again.\n  reopen     Make a done or cancelled TASK open again.\n  report     Reports of a week or any period: what got done, what keeps being carried, where...\n  restore    Restore a JSONL backup into an empty ledger (or merge it into this one).\n  routine    Routines: chores and habits on a cron schedule, each occurrence done, skipped or...\n  serve      Serve the ledger on http://HOST:PORT/: Today, Tasks, a task, a day, a project\'s...\n  show       Everything about one TASK (a handle, an id, or a piece of its text; done and...\n  start      Start work on TASK: it is active (+ACTIVE), as Taskwarrior\'s start.\n  stop       Stop work on an active TASK.\n  tasks      List tasks grouped by project, oldest first, then the routine occurrences due;...\n  timeline   Everything that happened in PROJECT, in the order it happened.\n  undo       Revert the last command that is not undone yet, with compensating events; says...\n  verify     Walk the tamper-evident chain over every event and compare every view with a...',
}

def page_for(columns: int) -> str | None:
    """The rendered help for a terminal (or ``COLUMNS``) of ``columns`` columns; None when it is
    not one of the stored widths (click then renders it)."""
    return PAGES.get(max(min(columns, 100) - 2, 50))  # click's HelpFormatter width, with max_content_width 100


def _generated() -> str:
    """This module's text with both tables made afresh from the commands."""
    import inspect
    from pathlib import Path

    import click

    from cli.main import _PLACES, CONTEXT, cli, load_all

    load_all()
    ctx = click.Context(cli)
    short = {}
    for name in sorted(_PLACES):
        command = cli.get_command(ctx, name)
        assert command is not None
        short[name] = inspect.cleandoc(command.short_help) if command.short_help else (command.help or "").partition("\n\n")[0]
    SHORT_HELP.clear()  # the list of commands below is rendered from the new table
    SHORT_HELP.update(short)
    pages = {}
    for width in (78, 98):
        with click.Context(cli, info_name="dayledger", **CONTEXT) as page_ctx:
            formatter = click.HelpFormatter(width=width, max_width=CONTEXT["max_content_width"])
            cli.format_help(page_ctx, formatter)
            pages[width] = formatter.getvalue().rstrip("\n")
    text = Path(__file__).read_text(encoding="utf-8")
    lines = ["SHORT_HELP: dict[str, str] = {"] + [f"    {k!r}: {v!r}," for k, v in short.items()] + ["}"]
    text = _replaced(text, "SHORT_HELP: dict[str, str] = {", "\n".join(lines))
    lines = ["PAGES: dict[int, str] = {"] + [f"    {k}: {v!r}," for k, v in pages.items()] + ["}"]
    return _replaced(text, "PAGES: dict[int, str] = {", "\n".join(lines))


def _replaced(text: str, head: str, table: str) -> str:
    """``text`` with the table that starts with the line ``head`` (``{}`` or up to a line ``}``) replaced by ``table``."""
    start = text.index(head)
    end = start + len(head) + 2 if text.startswith("}\n", start + len(head)) else text.index("\n}\n", start) + 3
    return text[:start] + table + "\n" + text[end:]


if __name__ == "__main__":
    from pathlib import Path

    Path(__file__).write_text(_generated(), encoding="utf-8")
