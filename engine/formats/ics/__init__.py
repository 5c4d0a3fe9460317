"""iCalendar (RFC 5545, with the icalendar library), both ways: reading a file into appointments to
import, and writing appointments (and, optionally, open tasks) as one.

Pure: no database, no clock (``now`` and the zone are given). Read, each VEVENT is one of:

- a single appointment (no RRULE): its UID is its key;
- a recurring appointment (a ``CalendarSeries``) when its RRULE says what a cron can say: FREQ
  DAILY, WEEKLY (on weekdays), MONTHLY (on one day of the month) or YEARLY (on one date), every
  period (no INTERVAL), at the time of day of DTSTART, until UNTIL or for COUNT occurrences,
  starting on an occurrence, without RDATE. EXDATE cancels an occurrence, a VEVENT with the
  same UID and a RECURRENCE-ID moves (or, STATUS:CANCELLED, cancels) one. This is exactly what
  ``export --format ics`` writes for a recurring appointment, so it comes back as one;
- otherwise its occurrences up to ``expand_until`` (recurring_ical_events applies RRULE, RDATE,
  EXDATE and the moved instances), each an appointment keyed ``UID|occurrence start (UTC)``.

Times: a DATE is an all-day event, kept as its date (the same day in every zone) for its whole
days (DTEND - DTSTART in days; a DTEND equal to DTSTART, as Google's and calendarlabs' holiday
calendars write, or none, is one day);
a floating time is read in the user's zone; TZID times in their zone (the VTIMEZONE, or the IANA or
Windows name); UTC as UTC. DTEND or DURATION gives the length; without either an event has none.
The summary (and `` @ LOCATION`` when there is one) is the appointment's text, the first CATEGORY
its project. Ids are stable: ``<uuid>@dayledger`` (our own export) keeps that uuid, any other key
maps to a uuid5 of it, so importing the same file again finds the same appointments.

Written (``write_calendar``): each appointment keeps a stable UID (its id), ``SEQUENCE`` counts its
changes, a cancelled one is ``STATUS:CANCELLED``. A recurring appointment whose cron maps to an
RRULE (``cron_to_rrule``: daily, weekly on some days, monthly on a day, yearly on a date, at one
time of day) is one VEVENT with ``RRULE``, ``EXDATE`` for cancelled occurrences and a
``RECURRENCE-ID`` VEVENT for each moved one; any other cron is written as its occurrences in the
window, each a VEVENT of its own. Open tasks, when given, are VTODOs.

The package: ``model`` (what a file holds, and ids), ``zones`` (TZIDs), ``event`` (one VEVENT read),
``entries`` (a VEVENT as an appointment), ``recurrence`` (RRULEs: a recurring appointment or the
occurrences), ``vtodo`` (tasks), ``reading`` (``read_calendar``) and ``writing`` (``write_calendar``).
"""

from __future__ import annotations

from engine.formats.ics.model import NAMESPACE, CalendarEntry, CalendarFile, CalendarSeries, CalendarTodo, appointment_id
from engine.formats.ics.reading import read_calendar
from engine.formats.ics.writing import PRODID, ExportedAppointment, ExportedSeries, ExportedTodo, cron_to_rrule, write_calendar

__all__ = ["NAMESPACE", "PRODID", "CalendarEntry", "CalendarFile", "CalendarSeries", "CalendarTodo", "ExportedAppointment", "ExportedSeries", "ExportedTodo", "appointment_id", "cron_to_rrule", "read_calendar", "write_calendar"]
