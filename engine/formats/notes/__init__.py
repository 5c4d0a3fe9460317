"""Daily notes, the plain-text files a user writes (one per day). This package finds the files,
decodes their bytes into lines, and parses each line into a record (``model``): its day, its
marks, and whether it is a task, an appointment, a reading or a note. It loses no line.

The same rule as engine.formats applies. The code is pure except that it reads the note files.
May import events, engine.rules and the rest of engine.formats. Never engine.storage, commands,
importers, projections or cli.
"""
