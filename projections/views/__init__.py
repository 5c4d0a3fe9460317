"""The views: folds from the event stream into tables of the ledger's own database. ``base`` says
what a view is. ``entries`` turns stored events into plain values once, without pydantic.
``current``, ``temporal``, ``routines``, ``series``, ``readings``, ``imported`` and
``report_schedules`` are the views, and ``versions`` holds pure folds over facts. ``catchup``
brings every view level with the ledger before a read: it folds the new events and writes each
view's position in ``dl_views`` in the same transaction as its rows. It rebuilds on demand, or
when a view's version changes.

A view's name, version and tables are stored in every ledger. Changing them makes every ledger
fold that view again from the first event (``tests/e2e/test_old_ledger.py`` holds them still).

May import: events, engine.rules and engine.storage. Never: the engine's formats or writers
(commands, importers), a later projections package, or cli. Never records an event.
"""
