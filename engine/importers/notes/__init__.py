"""Importing daily notes. ``keys`` gives one deterministic name to each fact a note states.
``matching`` decides which task a later day's line is, using the user's ``rules``. ``state``
holds what the run knows about the ledger. ``plan`` turns one note into the events to record,
and ``recording`` reads the files, plans each note in date order and records them.

The same rule as engine.importers applies. May import events and the engine (rules, storage,
formats, commands, other importers). Never projections or cli.
"""
