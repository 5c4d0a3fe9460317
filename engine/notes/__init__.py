"""Daily notes: reading plain-text day notes into tasks, notes, papers and appointments."""
