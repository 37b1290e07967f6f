"""A finding on a public holiday names the holiday in the reader's language where the
`holidays` package has it (Russian, Chinese, Italian), and in English for JSON."""

from __future__ import annotations

from datetime import date

import pytest

from debtlog.rules.calendar import day_type
from debtlog.rules.text import Wording, wording


@pytest.mark.parametrize("country, day, lang, name", [
    ("RU", date(2026, 1, 2), "ru", "Новогодние каникулы"),
    ("CN", date(2026, 2, 17), "zh_CN", "春节"),
    ("IT", date(2026, 1, 6), "it", "Epifania"),
])
def test_holiday_named_in_the_readers_language(country, day, lang, name):
    english = day_type(country, None, day).describe()
    assert name not in english  # English (what check --json carries) is unchanged
    with wording(Wording(lang=lang)):
        assert name in day_type(country, None, day).describe()


def test_a_language_holidays_lacks_keeps_the_english_name():
    english = day_type("US", None, date(2026, 5, 25)).describe()
    with wording(Wording(lang="ru")):
        assert day_type("US", None, date(2026, 5, 25)).describe() == english
    assert "Memorial Day" in english
