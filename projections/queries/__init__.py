"""Reads of the views. They cover the present (``current``, ``task_list``), any moment on both
time axes (``as_of``, ``day``, ``facts``, ``changes``, ``audit``, one task in full: ``task_detail``), routines, series and the
agenda, readings, report schedules and their status, the raw stream, and what the shell
completes (``completion``). They also give what
imports and exports need to know about the ledger (``task_exchange``, ``calendar_exchange``).

Most reads expect ``catch_up`` to have run first. They only SELECT.

May import: events, the engine's reading side (rules, storage) and projections.views. Never:
exports, reports, reads, cli, or anything that records an event.
"""
