"""Domain rules: what a task, an appointment, a project, a series, a routine or a report
schedule is, and how each may change; cron and report periods (and a cron said in words); what a user types for WHEN; the
clock and the user's local days; undo; the one exception tree (``errors``).

Aggregates are folded from their events, and commands check the rules and return new events. The
current time and the time zone come from ``clock`` or are passed in as arguments.

May import: events, the standard library, and small libraries that do no I/O here (croniter,
tzlocal, httpx only to parse a URL). Never: any other part of engine, projections or cli. That
rules out databases, eventsourcing, files and the network.
"""
