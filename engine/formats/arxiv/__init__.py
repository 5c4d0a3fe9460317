"""arXiv's formats: ids written as the API wants them (``ids``), and the API's Atom answer read
into papers (``atom``). Pure: text in, records out. Asking the API is the job of
engine.importers.arxiv.

The same rule as engine.formats applies. May import events, engine.rules and the rest of
engine.formats. Never engine.storage, commands, importers, projections or cli.
"""
