"""The ``dayledger`` command line (click). It parses the arguments, calls the engine or a
projection, and formats the answer. No rules live here.

This is the last layer: cli may import events, the engine and projections, and nothing imports
cli. ``session.py`` is the composition root. It opens the ledger and builds the commands
(engine.commands), handing them the projections' implementation of their ports
(``projections.reads``).

``start.py`` is where the command starts: it answers ``--version`` and ``--help`` itself (from
``version.py`` and ``help_page.py``) and hands everything else to ``main.py``.
``main.py``'s ``_PLACES`` lists every command and the module it lives in. A command's module is
imported only when that command runs, and the heavy imports sit inside functions, so that a read
starts fast (``tests/e2e/test_startup.py``). As a command loads, ``main.py`` gives it what every
command shares: the cheat sheet of date words on its --at/--when/--due, its examples
(``examples.py``) and the completion of handles and projects (``completion.py``); an unknown
command names the near one (``suggest.py``). ``config.py`` reads the user's config file.
"""
