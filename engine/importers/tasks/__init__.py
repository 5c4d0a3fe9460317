"""Importing tasks from another task manager (Taskwarrior, todo.txt). The records that
engine.formats read are planned against the tasks the ledger knows (``plan``) and recorded
whole, or not at all (``recording``).

The same rule as engine.importers applies. May import events and the engine (rules, storage,
formats, commands, other importers). Never projections or cli.
"""
