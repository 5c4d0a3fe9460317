"""The ledger written out in other tools' formats: Taskwarrior JSON (``taskwarrior``), todo.txt
(``todotxt``), iCalendar (``ics``) and daily notes, one text per day (``notes``). These are the
reverse of engine.formats. They return text or bytes, and writing the files is the caller's job.

May import: events, engine.rules, engine.storage, engine.formats (their shared constants),
projections.views and projections.queries. Never: reports, reads or cli.
"""
