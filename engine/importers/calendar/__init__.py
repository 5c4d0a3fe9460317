"""Importing an iCalendar file. Its appointments and recurring series are planned against the
appointments the ledger knows (``plan``) and recorded whole (``recording``).

The same rule as engine.importers applies. May import events and the engine (rules, storage,
formats, commands, other importers). Never projections or cli.
"""
