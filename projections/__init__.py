"""Read models: folds from the event stream to what users look at. They never write events.

The layers run events <- engine <- projections <- cli. Projections may import events and the
engine, and never cli (this holds for imports inside functions and under TYPE_CHECKING too).
They use the engine's reading side: rules, storage and formats. They record no event, so they
never call a command or an importer. Inside, the sub-packages come in this order. Each may import
itself and the ones above it, never one below it:

    views      the folds and their tables in the ledger's database, each with its version and
               position; catch-up keeps them level with the ledger
    queries    reads of the views' tables (the present, any moment, days, histories, ...)
    exports    the ledger written out in other tools' formats (Taskwarrior, todo.txt,
               iCalendar, daily notes)
    reports    weekly, monthly or any period's reports: built from the views, rendered as
               Markdown, HTML or JSON
    reads      (the module ``reads.py``) the implementation of the Protocols in
               ``engine/commands/ports.py``, which ``cli/session.py`` passes to the commands
"""
