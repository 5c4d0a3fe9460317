"""Importers: outside records turned into events. ``notes`` imports daily notes, ``tasks`` imports
Taskwarrior and todo.txt, ``calendar`` imports iCalendar files, ``wordpress`` imports a blog's
posts (through the notes importer) and ``arxiv`` adds what arXiv says to readings.

Each importer reads with engine.formats. It then plans: from the records and what the ledger
already holds, it works out the events to add, and this step is pure. Finally it records the
plan as one atomic append, through engine.commands.

This is the last engine layer. May import: events and every other engine package (rules,
storage, formats, commands). What it needs to know about the ledger comes through
engine.commands' ports. Never: projections or cli.
"""
