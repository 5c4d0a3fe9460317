"""Enriching readings. ``client`` asks the arXiv API for papers by id, and ``enrich`` records what
arXiv says beside each reading's own words.

The same rule as engine.importers applies. May import events and the engine (rules, storage,
formats, commands, other importers). Never projections or cli.
"""
