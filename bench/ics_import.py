"""Time of ``dayledger import FILE.ics`` on a generated calendar of 1,000 events.

    python -m bench.ics_import [--events 1000] [--seed 7] [--dayledger PATH] [--out FILE.json]

Writes a Google-Calendar-style file from a fixed seed (a VTIMEZONE, times in that zone and in UTC):
per hundred VEVENTs, 80 single appointments over a year (some all-day, some cancelled, some with a
LOCATION), 10 weekly recurring ones with an EXDATE and a moved instance (each a recurring
appointment), 5 moved instances of those, and 5 fortnightly ones for six occurrences (expanded).
Then runs the whole command in a fresh process into a fresh SQLite ledger and reports its wall
time and peak memory, then the same import again (nothing new: it must record nothing).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HEAD = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""
WHAT = ["Dentist", "Standup", "Call with the bank", "Bike shop", "Review", "Lunch with Dana", "Grant meeting", "Choir", "Physio"]
DAYS = ["MO", "TU", "WE", "TH", "FR"]


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def generate(count: int, seed: int) -> str:
    """An iCalendar file of ``count`` VEVENTs, the same for the same seed."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 5, 8, 0)
    out = [HEAD]
    stamp = "DTSTAMP:20260101T000000Z\n"
    for n in range(count):
        kind = n % 100
        at = start + timedelta(days=rng.randrange(365), hours=rng.randrange(10), minutes=rng.choice([0, 15, 30, 45]))
        uid = f"UID:bench-{n}@google.com\n"
        title = f"SUMMARY:{rng.choice(WHAT)} #{n}\n"
        if kind < 80:
            if kind % 10 == 0:
                when = f"DTSTART;VALUE=DATE:{at:%Y%m%d}\nDTEND;VALUE=DATE:{at + timedelta(days=1):%Y%m%d}\n"
            elif kind % 3 == 0:
                when = f"DTSTART:{at - timedelta(hours=1):%Y%m%dT%H%M%SZ}\nDTEND:{at:%Y%m%dT%H%M%SZ}\n"
            else:
                when = f"DTSTART;TZID=Europe/Berlin:{_local(at)}\nDTEND;TZID=Europe/Berlin:{_local(at + timedelta(minutes=45))}\n"
            extra = ("STATUS:CANCELLED\n" if kind % 17 == 0 else "") + ("LOCATION:Hauptstr. 5\\, Berlin\n" if kind % 7 == 0 else "")
            out.append(f"BEGIN:VEVENT\n{when}{stamp}{uid}{title}{extra}END:VEVENT\n")
        elif kind < 90:
            first = start + timedelta(days=7 * rng.randrange(20), hours=1)
            out.append(
                f"BEGIN:VEVENT\nDTSTART;TZID=Europe/Berlin:{_local(first)}\nDTEND;TZID=Europe/Berlin:{_local(first + timedelta(minutes=30))}\n"
                f"RRULE:FREQ=WEEKLY;UNTIL={first + timedelta(weeks=26):%Y%m%dT%H%M%SZ};BYDAY={DAYS[first.weekday()]}\n"
                f"EXDATE;TZID=Europe/Berlin:{_local(first + timedelta(weeks=2))}\n{stamp}{uid}{title}END:VEVENT\n"
            )
            if kind < 85:
                moved = first + timedelta(weeks=3)
                out.append(
                    f"BEGIN:VEVENT\nDTSTART;TZID=Europe/Berlin:{_local(moved + timedelta(hours=2))}\n"
                    f"DTEND;TZID=Europe/Berlin:{_local(moved + timedelta(hours=2, minutes=30))}\n"
                    f"RECURRENCE-ID;TZID=Europe/Berlin:{_local(moved)}\n{stamp}{uid}{title}END:VEVENT\n"
                )
        elif kind < 95:
            continue  # the moved instances above take these places
        else:
            out.append(
                f"BEGIN:VEVENT\nDTSTART;TZID=Europe/Berlin:{_local(at)}\nDTEND;TZID=Europe/Berlin:{_local(at + timedelta(hours=1))}\n"
                f"RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=6\n{stamp}{uid}{title}END:VEVENT\n"
            )
    out.append("END:VCALENDAR\n")
    return "".join(out)


_MEASURE = (  # run alone in a fresh process, so the peak is this command's own, not an earlier child's
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "s = time.perf_counter() - t\n"
    "kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps({'s': s, 'kib': kib, 'rc': p.returncode, 'out': p.stdout, 'err': p.stderr[-400:]}))\n"
)


def _run(dayledger: str, ledger: Path, cal: Path) -> tuple[float, int, dict[str, Any]]:
    env = {**os.environ, "DAYLEDGER_LEDGER": str(ledger), "DAYLEDGER_TZ": "Europe/Berlin", "DAYLEDGER_NOW": "2026-01-01T09:00+01:00"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    argv = [dayledger, "--json", "import", str(cal)]
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *argv], env=env, capture_output=True, text=True, timeout=600, check=False)
    result = json.loads(proc.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"dayledger import failed: {result['err']}")
    return result["s"], result["kib"], json.loads(result["out"])


def run(dayledger: str, folder: Path, events: int = 1000, seed: int = 7) -> dict[str, Any]:
    """Import a generated calendar of ``events`` VEVENTs, then again; the figures."""
    cal = folder / "calendar.ics"
    cal.write_text(generate(events, seed))
    ledger = folder / "calendar.sqlite"
    first_s, peak_kib, first = _run(dayledger, ledger, cal)
    again_s, _, again = _run(dayledger, ledger, cal)
    summary = first["files"][0]
    if again["files"][0]["events"] != 0:
        raise SystemExit("the second import recorded events: it must record nothing")
    return {
        "vevents": summary["vevents"],
        "appointments": summary["appointments"],
        "recurring": summary["recurring"],
        "events": summary["events"],
        "import_s": round(first_s, 3),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "reimport_s": round(again_s, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ics_import", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dayledger", default=shutil.which("dayledger", path=str(Path(sys.executable).parent)) or "dayledger")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dl-bench-ics-") as tmp:
        results = run(args.dayledger, Path(tmp), args.events, args.seed)
    print(
        f"import of a calendar of {results['vevents']} VEVENTs ({results['appointments']} appointments, {results['recurring']} recurring; "
        f"{results['events']} events): {results['import_s']:.2f} s, peak {results['peak_rss_mib']} MiB; "
        f"again (nothing new): {results['reimport_s']:.2f} s"
    )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
