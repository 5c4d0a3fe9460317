"""The engine: everything that writes the ledger, and what writing needs.

The layers run events <- engine <- projections <- cli. The engine imports events and itself, and
never projections or cli (this holds for imports inside functions and under TYPE_CHECKING too).
Its five sub-packages come in this order. Each may import itself and the ones above it, never
one below it:

    rules      the domain: tasks, appointments, projects, series, routines, cron, periods,
               WHEN parsing, the clock, local days, undo, errors. No database, files or network
    storage    the ledger's database: location, the eventsourcing store and its recorders, the
               hash chain, encryption keys, backup and restore, compact, files, http
    formats    other tools' formats, each read and written in one module (Taskwarrior,
               todo.txt, iCalendar, daily notes; WordPress HTML and arXiv are only read).
               Text in, records out and back; no storage
    commands   the use cases, and the only code that records events: the unit of work (one
               retry loop, the one opener of the store, catch-up before planning and after a
               commit), the Ledger facade, routines, series, report schedules and runs, verify
    importers  outside records planned into events and recorded through the commands: notes,
               tasks, calendar, wordpress, arxiv enrichment

A command that must read the views does not import them. It names what it needs as a small
Protocol in ``engine/commands/ports.py``, and ``cli/session.py`` passes it the implementation
from ``projections.reads``.
"""
