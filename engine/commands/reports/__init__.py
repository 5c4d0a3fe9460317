"""Reports on a schedule: scheduling and unscheduling them (``schedules``), rendering a due
period and writing it whole (``rendering``), posting it to its address (``delivery``), and the
run that does this for every report that is due (``run``). Each outcome is recorded as an event
on the schedule.

The same rule as engine.commands applies. The report itself is built by projections.reports,
which is reached through a port and never imported. May import events, engine.rules,
engine.storage, engine.formats and the rest of engine.commands. Never engine.importers,
projections or cli.
"""
