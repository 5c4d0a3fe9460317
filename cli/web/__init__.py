"""``dayledger serve``: the ledger as web pages with a time slider, and an HTTP JSON API.

An outer layer beside the commands, and made of them: every read and write is one of the command
line's own commands, run in-process with its ``--json`` answer kept (``commands``), so the API
has the command line's field names and the pages and the terminal cannot disagree.

- ``app``: the FastAPI application (uvicorn serves it; ``cli/serve.py`` starts it).
- ``api``: ``/api/...`` endpoints, described at ``/openapi.json``.
- ``pages``: the HTML pages (Jinja2, autoescaped) in ``templates/``; ``static/`` holds the style
  sheet, the slider's and the live pages' scripts and htmx (vendored, with its licence: no
  network, no build step).
- ``live``: one thread per server watching the ledger's newest event (PostgreSQL's notices, or a
  poll on SQLite) and ``/api/changes``, the stream that tells open pages to redraw.
- ``security``: the token, CSRF, the allowed hosts and the Content-Security-Policy.
"""
