"""Storage: where the ledger lives (``location``) and opening its database (``database``), the
eventsourcing store (``event_store``) and its recorders for SQLite, SQLCipher and PostgreSQL, the
tamper-evident hash chain, encryption keys, making a new ledger, backup and restore, compact,
bulk writes, a ledger file's first bytes, storage failures in plain words, polite HTTP, and how far a
long piece of work is (``progress``, for a terminal's progress line).

Storage keeps bytes and rows and does not decide what they mean. Every use of the eventsourcing
library's tables and hooks belongs here.

May import: events (with its codec), engine.rules, and storage libraries (eventsourcing, psycopg,
sqlcipher3, platformdirs, httpx). Never: engine.formats, engine.commands, engine.importers,
projections or cli.
"""
