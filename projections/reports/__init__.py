"""Reports of a period (a week, a month, any run of days), as of a moment and as known at a
moment. ``build`` computes them from the views. ``model`` is the plain, immutable data a report
holds. ``routines`` gives routine adherence and streaks. ``formats`` renders a report as
Markdown, self-contained HTML or JSON.

The same report always gives the same bytes. Producing and delivering reports on a schedule is
the job of engine.commands.reports, through a port.

May import: events, engine.rules, engine.storage, and projections.views, queries and exports.
Never: reads or cli, or anything that records an event.
"""
