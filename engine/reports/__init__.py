"""Scheduled reports: schedules, producing what is due, delivering it."""
