"""A WordPress post's rendered HTML, turned into the plain-text lines of a daily note (``html``).
Pure. Fetching posts and importing them belong to engine.importers.wordpress.

The same rule as engine.formats applies. May import events, engine.rules and the rest of
engine.formats. Never engine.storage, commands, importers, projections or cli.
"""
