"""Routines: chores and habits that come back on a cron schedule, and how well they are kept."""
