"""Importing a WordPress blog. ``posts`` reads the posts through the REST API, and ``importing``
records them as daily notes through the notes importer, so importing twice records once.

The same rule as engine.importers applies. May import events and the engine (rules, storage,
formats, commands, other importers). Never projections or cli.
"""
