"""Use cases: the only code that records events.

``ledger`` holds the Ledger facade (tasks, notes, appointments, projects, undo). The other
modules are ``routines``, ``series``, ``reports`` (report schedules, and the run that produces
and delivers the reports that are due) and ``verify`` (the hash chain, and the views against a
rebuild).

A command reads what it needs, lets engine.rules decide, and records the resulting events in one
atomic save. The unit of work (``unit_of_work.py``) owns that write transaction, retries it
after a conflict, and keeps the views level with the ledger; the importers record through it too. When a command needs to read the views, it names a small
Protocol for that in ``ports.py``. cli passes it the projections' implementation
(``projections.reads``); this is dependency inversion, so the import arrow still points inward.

May import: events, engine.rules, engine.storage and engine.formats. Never: engine.importers,
projections or cli, not even inside a function or under TYPE_CHECKING.
"""
