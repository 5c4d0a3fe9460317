"""Outside formats: what other tools write, read into plain records. These are a Taskwarrior
export, a todo.txt file (both into ``records.TaskRecord``), an iCalendar file, daily notes,
a WordPress post's HTML, and arXiv's ids and Atom answers.

Text (or bytes, or the user's note files) goes in and records come out. Nothing here opens the
ledger. Turning records into events belongs to engine.importers. Writing the ledger out in these
formats belongs to projections.exports, which may share constants from here.

May import: events, engine.rules, and format libraries (icalendar). Never: engine.storage,
engine.commands, engine.importers, projections or cli.
"""
