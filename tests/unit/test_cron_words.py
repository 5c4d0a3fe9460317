"""engine.rules.cron_words: a routine's schedule said in words beside its cron text."""

from __future__ import annotations

import pytest

from engine.rules.cron_words import cron_in_words


@pytest.mark.parametrize(
    ("cron", "words"),
    [
        ("@daily", "daily at 00:00"),
        ("0 21 * * *", "daily at 21:00"),
        ("30 9 * * mon-fri", "weekdays at 09:30"),
        ("0 9 * * 1-5", "weekdays at 09:00"),
        ("0 10 * * sat,sun", "weekends at 10:00"),
        ("0 17 * * fri", "weekly on Fri at 17:00"),
        ("0 7 * * 1,3,5", "on Mon, Wed, Fri at 07:00"),
        ("0 7 1 * *", "monthly on the 1st at 07:00"),
        ("0 7 22 * *", "monthly on the 22nd at 07:00"),
        ("0 7 11 * *", "monthly on the 11th at 07:00"),
        ("0 8 24 12 *", "yearly on 24 Dec at 08:00"),
        ("@weekly", "weekly on Sun at 00:00"),
        ("5 * * * *", "hourly at :05"),
        ("*/15 * * * *", "every 15 minutes"),
    ],
)
def test_plain_schedules_in_words(cron: str, words: str) -> None:
    assert cron_in_words(cron) == words


@pytest.mark.parametrize("cron", ["0 9 1-7 * mon", "0 */2 * * *", "0 9 * 1-6 *", "x", "0 9 * * 5-1"])
def test_anything_else_has_no_words(cron: str) -> None:
    assert cron_in_words(cron) is None
