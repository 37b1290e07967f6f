"""debtlog.timeparse: times, dates and durations as typed at a terminal, in four languages."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from debtlog.errors import InvalidInput
from debtlog.timeparse import parse_date, parse_duration, parse_iso_record_time, parse_when

MSK, SHA, ROM, NYC, LON = "Europe/Moscow", "Asia/Shanghai", "Europe/Rome", "America/New_York", "Europe/London"
ZONES = [MSK, "Asia/Vladivostok", SHA, ROM, NYC, LON]

# "Now" in every test that does not say otherwise: Wednesday 4 March 2026, 23:50 local time.
NOW = datetime(2026, 3, 4, 23, 50)


def now_in(tz: str) -> datetime:
    return NOW.replace(tzinfo=ZoneInfo(tz))


def when(text: str, tz: str = MSK, **kw) -> datetime:
    kw.setdefault("now", now_in(tz))
    return parse_when(text, tz, **kw)


def wall(dt: datetime) -> str:
    """The local wall time, which is what a table of typed times can state plainly."""
    return dt.strftime("%Y-%m-%d %H:%M:%S")


def first_occurrence_ts(naive: datetime, zone: ZoneInfo) -> float:
    return min(naive.replace(tzinfo=zone, fold=f).timestamp() for f in (0, 1))


def in_gap(naive: datetime, zone: ZoneInfo) -> bool:
    """No instant has this wall time: neither fold survives a round trip through UTC."""
    return all(naive.replace(tzinfo=zone, fold=f).astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
               != naive for f in (0, 1))


def chinese(n: int, zero_padded: bool = False) -> str:
    """0..59 in Chinese numerals, as people write hours and minutes (十五, 二十二, 零五)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return ("零" if zero_padded else "") + digits[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


# --- parse_when: every accepted form, in all four languages --------------------------------

ENGLISH = [
    ("now", "2026-03-04 23:50:00"),
    ("NOW", "2026-03-04 23:50:00"),
    ("22:30", "2026-03-04 22:30:00"),
    ("9:05", "2026-03-04 09:05:00"),
    ("22:30:15", "2026-03-04 22:30:15"),
    ("10:30 pm", "2026-03-04 22:30:00"),
    ("10:30PM", "2026-03-04 22:30:00"),
    ("10pm", "2026-03-04 22:00:00"),
    ("10 pm", "2026-03-04 22:00:00"),
    ("10 p.m.", "2026-03-04 22:00:00"),
    ("7am", "2026-03-04 07:00:00"),
    ("12am", "2026-03-04 00:00:00"),
    ("12:15 AM", "2026-03-04 00:15:00"),
    ("12pm", "2026-03-04 12:00:00"),
    ("at 22:30", "2026-03-04 22:30:00"),
    ("at 11", "2026-03-04 11:00:00"),
    ("today 22:30", "2026-03-04 22:30:00"),
    ("Today at 10pm", "2026-03-04 22:00:00"),
    ("yesterday 11pm", "2026-03-03 23:00:00"),
    ("yesterday at 23:10", "2026-03-03 23:10:00"),
    ("Yesterday, 23:10", "2026-03-03 23:10:00"),
    ("  YESTERDAY   at   23:10 ", "2026-03-03 23:10:00"),
    ("yesterday 11", "2026-03-03 11:00:00"),
    ("day before yesterday 9:15", "2026-03-02 09:15:00"),
    ("the day before yesterday at 9am", "2026-03-02 09:00:00"),
    ("11pm yesterday", "2026-03-03 23:00:00"),
    ("yesterday morning at 7", "2026-03-03 07:00:00"),
    ("yesterday afternoon at 3", "2026-03-03 15:00:00"),
    ("yesterday evening at 8", "2026-03-03 20:00:00"),
    ("this morning at 8:20", "2026-03-04 08:20:00"),
    ("tonight at 9", "2026-03-04 21:00:00"),
    ("11 at night", "2026-03-04 23:00:00"),
]

RUSSIAN = [
    ("сейчас", "2026-03-04 23:50:00"),
    ("Сейчас", "2026-03-04 23:50:00"),
    ("в 22:30", "2026-03-04 22:30:00"),
    ("вчера в 23:10", "2026-03-03 23:10:00"),
    ("Вчера в 23:10", "2026-03-03 23:10:00"),
    ("вчера 23:10", "2026-03-03 23:10:00"),
    ("23:10 вчера", "2026-03-03 23:10:00"),
    ("позавчера в 9:00", "2026-03-02 09:00:00"),
    ("сегодня в 10:15", "2026-03-04 10:15:00"),
    ("в 11 вечера", "2026-03-04 23:00:00"),
    ("11 вечера", "2026-03-04 23:00:00"),
    ("вчера в 11 вечера", "2026-03-03 23:00:00"),
    ("в 7 утра", "2026-03-04 07:00:00"),
    ("в 2 ночи", "2026-03-04 02:00:00"),
    ("в 12 ночи", "2026-03-04 00:00:00"),
    ("в 11 ночи", "2026-03-04 23:00:00"),
    ("в 3 часа дня", "2026-03-04 15:00:00"),
    ("в 12 дня", "2026-03-04 12:00:00"),
    ("в 5 часов вечера", "2026-03-04 17:00:00"),
    ("в 1 час ночи", "2026-03-04 01:00:00"),
    ("вчера вечером в 9", "2026-03-03 21:00:00"),
    ("вчера днём в 2", "2026-03-03 14:00:00"),
    ("вчера днем в 2", "2026-03-03 14:00:00"),
    ("сегодня утром в 8", "2026-03-04 08:00:00"),
    ("в 23 часа 15 минут", "2026-03-04 23:15:00"),
    ("в 10:30 вечера", "2026-03-04 22:30:00"),
]

CHINESE = [
    ("现在", "2026-03-04 23:50:00"),
    ("現在", "2026-03-04 23:50:00"),
    ("22:30", "2026-03-04 22:30:00"),
    ("２２：３０", "2026-03-04 22:30:00"),  # full-width digits and colon
    ("昨天 22:30", "2026-03-03 22:30:00"),
    ("昨天22:30", "2026-03-03 22:30:00"),
    ("昨天晚上11点", "2026-03-03 23:00:00"),
    ("昨天晚上11點半", "2026-03-03 23:30:00"),  # traditional 點
    ("昨晚11点", "2026-03-03 23:00:00"),
    ("晚上11点", "2026-03-04 23:00:00"),
    ("晚上11点30分", "2026-03-04 23:30:00"),
    ("晚上11点半", "2026-03-04 23:30:00"),
    ("晚上23点", "2026-03-04 23:00:00"),
    ("晚上 10:30", "2026-03-04 22:30:00"),
    ("下午3点", "2026-03-04 15:00:00"),
    ("上午10点", "2026-03-04 10:00:00"),
    ("早上7点", "2026-03-04 07:00:00"),
    ("凌晨2点", "2026-03-04 02:00:00"),
    ("凌晨12点", "2026-03-04 00:00:00"),
    ("中午12点", "2026-03-04 12:00:00"),
    ("中午1点", "2026-03-04 13:00:00"),
    ("11点", "2026-03-04 11:00:00"),
    ("十一点", "2026-03-04 11:00:00"),
    ("十点半", "2026-03-04 10:30:00"),
    ("两点", "2026-03-04 02:00:00"),
    ("二十二点十五分", "2026-03-04 22:15:00"),
    ("十点零五分", "2026-03-04 10:05:00"),
    ("9点05分", "2026-03-04 09:05:00"),
    ("今天上午9点", "2026-03-04 09:00:00"),
    ("前天下午三点一刻", "2026-03-02 15:15:00"),
    ("前天晚上八点三刻", "2026-03-02 20:45:00"),
    ("3月3日晚上10点", "2026-03-03 22:00:00"),
    ("3月3号 22:30", "2026-03-03 22:30:00"),
    ("2026年3月3日 22:30", "2026-03-03 22:30:00"),
    ("2026年3月3日22:30", "2026-03-03 22:30:00"),
    ("2026年3月3日下午3点", "2026-03-03 15:00:00"),
    ("3月5日 10:00", "2025-03-05 10:00:00"),  # no year and still to come this year: last year
]

ITALIAN = [
    ("adesso", "2026-03-04 23:50:00"),
    ("ora", "2026-03-04 23:50:00"),
    ("alle 22:30", "2026-03-04 22:30:00"),
    ("oggi alle 10:15", "2026-03-04 10:15:00"),
    ("ieri alle 23:10", "2026-03-03 23:10:00"),
    ("ieri 23:10", "2026-03-03 23:10:00"),
    ("Ieri alle ore 15", "2026-03-03 15:00:00"),
    ("ieri sera alle 11", "2026-03-03 23:00:00"),
    ("ieri alle 11 di sera", "2026-03-03 23:00:00"),
    ("ieri mattina alle 8", "2026-03-03 08:00:00"),
    ("ieri pomeriggio alle 3", "2026-03-03 15:00:00"),
    ("ieri alle 3 del pomeriggio", "2026-03-03 15:00:00"),
    ("ieri notte alle 2", "2026-03-03 02:00:00"),
    ("alle 11 di notte", "2026-03-04 23:00:00"),
    ("ieri all'8:30", "2026-03-03 08:30:00"),
    ("l'altro ieri alle 9", "2026-03-02 09:00:00"),
    ("l\u2019altro ieri alle 9", "2026-03-02 09:00:00"),  # the curly apostrophe phones type
    ("altro ieri alle 9", "2026-03-02 09:00:00"),
    ("avantieri alle 9", "2026-03-02 09:00:00"),
    ("stasera alle 9", "2026-03-04 21:00:00"),
    ("stamattina alle 8", "2026-03-04 08:00:00"),
]

EXPLICIT_DATES = [
    ("03.03.2026 22:30", "2026-03-03 22:30:00"),
    ("3.3.2026 22:30", "2026-03-03 22:30:00"),
    ("03.03.26 22:30", "2026-03-03 22:30:00"),
    ("03.03.2026 в 22:30", "2026-03-03 22:30:00"),
    ("03.03.2026 11 вечера", "2026-03-03 23:00:00"),
    ("03.03.2026 alle 22:30", "2026-03-03 22:30:00"),
    ("22:30 03.03.2026", "2026-03-03 22:30:00"),
    ("03/02/2026 22:30", "2026-02-03 22:30:00"),  # day first
    ("03/02/26 22:30", "2026-02-03 22:30:00"),
    ("2026-03-03 10pm", "2026-03-03 22:00:00"),
    ("2026/3/3 22:30", "2026-03-03 22:30:00"),
]

ISO = [
    ("2026-03-03T22:30", "2026-03-03 22:30:00"),
    ("2026-03-03t22:30", "2026-03-03 22:30:00"),
    ("2026-03-03 22:30", "2026-03-03 22:30:00"),
    ("2026-03-03 22:30:15", "2026-03-03 22:30:15"),
    ("2026-03-03T22:30:15.250", "2026-03-03 22:30:15"),
    ("2026-03-03T19:30Z", "2026-03-03 22:30:00"),  # with an offset: converted to the vault's zone
    ("2026-03-03T19:30:00z", "2026-03-03 22:30:00"),
    ("2026-03-03 22:30:15+03:00", "2026-03-03 22:30:15"),
    ("2026-03-03T20:30:00+01:00", "2026-03-03 22:30:00"),
    ("2026-03-03T14:30-05:00", "2026-03-03 22:30:00"),
    ("2026-03-03T22:30:00+0300", "2026-03-03 22:30:00"),
    ("2026-03-04T03:30+08", "2026-03-03 22:30:00"),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english(text, expected):
    result = when(text, NYC, day_first=False)
    assert wall(result) == expected
    assert result.tzinfo == ZoneInfo(NYC)


@pytest.mark.parametrize(("text", "expected"), RUSSIAN)
def test_russian(text, expected):
    result = when(text, MSK)
    assert wall(result) == expected
    assert result.tzinfo == ZoneInfo(MSK)


@pytest.mark.parametrize(("text", "expected"), CHINESE)
def test_chinese(text, expected):
    result = when(text, SHA)
    assert wall(result) == expected
    assert result.tzinfo == ZoneInfo(SHA)


@pytest.mark.parametrize(("text", "expected"), ITALIAN)
def test_italian(text, expected):
    result = when(text, ROM)
    assert wall(result) == expected
    assert result.tzinfo == ZoneInfo(ROM)


@pytest.mark.parametrize(("text", "expected"), EXPLICIT_DATES)
def test_explicit_dates(text, expected):
    assert wall(when(text, MSK)) == expected


@pytest.mark.parametrize(("text", "expected"), ISO)
def test_iso_8601(text, expected):
    result = when(text, MSK)
    assert wall(result) == expected
    assert result.utcoffset() == timedelta(hours=3)


def test_iso_keeps_fractions_of_a_second():
    assert when("2026-03-03T22:30:15.250").microsecond == 250000


def test_slash_dates_follow_day_first():
    assert wall(when("03/02/2026 22:30", day_first=True)) == "2026-02-03 22:30:00"
    assert wall(when("03/02/2026 22:30", day_first=False)) == "2026-03-02 22:30:00"
    assert wall(when("02/28/2026 10pm", NYC, day_first=False)) == "2026-02-28 22:00:00"
    # the dotted form is European whatever day_first says
    assert wall(when("03.02.2026 22:30", day_first=False)) == "2026-02-03 22:30:00"


def test_now_words_return_now_in_the_vaults_zone():
    utc_now = datetime(2026, 3, 4, 20, 50, 7, 123456, tzinfo=timezone.utc)
    result = parse_when("now", MSK, now=utc_now)
    assert wall(result) == "2026-03-04 23:50:07"
    assert result.tzinfo == ZoneInfo(MSK)
    assert result.microsecond == 0


def test_naive_now_is_local_time_in_the_zone():
    assert wall(parse_when("yesterday 10:00", SHA, now=datetime(2026, 3, 4, 0, 30))) == "2026-03-03 10:00:00"


def test_default_now_is_the_current_time():
    before = datetime.now(timezone.utc).replace(microsecond=0)
    result = parse_when("now", MSK)
    assert before <= result <= datetime.now(timezone.utc)
    assert result.tzinfo == ZoneInfo(MSK)
    assert parse_when("2020-01-01 10:00", MSK) == datetime(2020, 1, 1, 10, 0, tzinfo=ZoneInfo(MSK))


def test_day_words_follow_now_across_midnight_and_months():
    just_after_midnight = datetime(2026, 3, 1, 0, 5, tzinfo=ZoneInfo(ROM))
    assert wall(parse_when("ieri alle 23:10", ROM, now=just_after_midnight)) == "2026-02-28 23:10:00"
    assert wall(parse_when("l'altro ieri alle 23:10", ROM, now=just_after_midnight)) == "2026-02-27 23:10:00"
    new_year = datetime(2026, 1, 1, 9, 0, tzinfo=ZoneInfo(SHA))
    assert wall(parse_when("昨天晚上11点", SHA, now=new_year)) == "2025-12-31 23:00:00"
    assert wall(parse_when("12月31日晚上11点", SHA, now=new_year)) == "2025-12-31 23:00:00"


# --- parse_when: errors ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["garbage", "11", "22.30", "yesterday at", "вчера в", "sometime yesterday", "晚上", "点", "10:30 в",
     "2026-03-03T22:30+25:00", "10:3", "1O:30"],
)
def test_unreadable_times_are_invalid_with_a_hint_listing_the_forms(text):
    with pytest.raises(InvalidInput) as info:
        when(text)
    assert info.value.message == f"Could not read '{text}' as a time."
    hint = info.value.hint
    for example in ("22:30", "10:30 pm", "yesterday 22:30", "31.03.2026 22:30", "31/03/2026 22:30",
                    "2026-03-31T22:30", "вчера в 23:10", "昨天晚上11点", "ieri alle 23:10"):
        assert example in hint


def test_hint_shows_slash_dates_month_first_when_not_day_first():
    with pytest.raises(InvalidInput) as info:
        when("garbage", NYC, day_first=False)
    assert "03/31/2026 22:30" in info.value.hint


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_time_is_invalid(text):
    with pytest.raises(InvalidInput) as info:
        when(text)
    assert info.value.message == "No time given."
    assert "22:30" in info.value.hint


@pytest.mark.parametrize("text", ["yesterday", "вчера", "昨天", "ieri", "oggi", "today", "03.03.2026", "2026-03-03",
                                  "3月3日", "l'altro ieri"])
def test_a_day_without_a_time_asks_for_the_time(text):
    with pytest.raises(InvalidInput) as info:
        when(text)
    assert info.value.message == f"'{text}' has a day but no time."
    assert f"'{text} 22:30'" in info.value.hint


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31.02.2026 10:00", "2026-02 has no day 31"),
        ("29.02.2025 10:00", "2025-02 has no day 29"),
        ("2026-02-30T10:00", "2026-02 has no day 30"),
        ("32.01.2026 10:00", "2026-01 has no day 32"),
        ("01.13.2026 10:00", "there is no month 13"),
        ("2026年2月30日 10:00", "2026-02 has no day 30"),
    ],
)
def test_impossible_dates(text, reason):
    with pytest.raises(InvalidInput) as info:
        when(text)
    assert info.value.message == f"'{text}' is not a real date: {reason}."
    assert info.value.hint == "Check the day and the month."


def test_impossible_slash_date_hints_at_the_day_month_order():
    with pytest.raises(InvalidInput) as info:
        when("12/31/2025 10:00", day_first=True)
    assert "there is no month 31" in info.value.message
    assert "day first (DD/MM/YYYY)" in info.value.hint
    with pytest.raises(InvalidInput) as info:
        when("31/12/2025 10:00", NYC, day_first=False)
    assert "month first (MM/DD/YYYY)" in info.value.hint


@pytest.mark.parametrize("text", ["25:00", "10:61", "24:00", "2026-03-03T24:00", "2026-03-03 22:61", "в 25 часов"])
def test_times_outside_the_day(text):
    with pytest.raises(InvalidInput) as info:
        when(text)
    assert info.value.message == f"'{text}' is not a time of day."
    assert "0 to 23" in info.value.hint


@pytest.mark.parametrize(
    ("text", "hour", "word"),
    [("13pm", 13, "pm"), ("0:30 am", 0, "am"), ("22:30 pm", 22, "pm"), ("13 утра", 13, "утра"),
     ("в 7 ночи", 7, "ночи"), ("凌晨9点", 9, "凌晨"), ("上午15点", 15, "上午"),
     ("alle 22 di mattina", 22, "di mattina"),
     ("10pm di mattina", 22, "di mattina")],
)
def test_hours_that_contradict_their_part_of_the_day(text, hour, word):
    with pytest.raises(InvalidInput) as info:
        when("yesterday " + text if text[0].isascii() else text)
    assert f"{hour} o'clock does not go with '{word}'" in info.value.message
    assert "24-hour clock" in info.value.hint


def test_am_pm_wins_over_a_part_of_the_day_implied_by_the_day_word():
    assert wall(when("tonight at 1am", NYC)) == "2026-03-04 01:00:00"
    assert wall(when("stasera alle 9", ROM)) == "2026-03-04 21:00:00"


@pytest.mark.parametrize(("text", "hour", "word"),
                         [("stamattina alle 15", 15, "stamattina"), ("tonight at 0:30", 0, "tonight")])
def test_a_day_word_that_implies_a_part_of_the_day_is_named_in_the_error(text, hour, word):
    with pytest.raises(InvalidInput) as info:
        when(text, ROM)
    assert info.value.message == f"'{text}' is not a time: {hour} o'clock does not go with '{word}'."


@pytest.mark.parametrize("text", ["晚上12点", "в 12 вечера", "ieri alle 12 di sera", "tonight at 12"])
def test_twelve_in_the_evening_is_ambiguous(text):
    with pytest.raises(InvalidInput) as info:
        when(text)
    assert f"'{text}' is ambiguous" in info.value.message
    assert "00:00" in info.value.hint


# now is 23:50: up to five minutes ahead is clock drift, more is a mistake
@pytest.mark.parametrize("text", ["23:55", "today 23:55", "2026-03-04T23:55"])
def test_up_to_five_minutes_in_the_future_is_accepted(text):
    assert wall(when(text)) == "2026-03-04 23:55:00"


@pytest.mark.parametrize("text", ["23:56", "23:59", "сегодня в 23:58", "04.03.2026 23:59", "今天晚上11点59分"])
def test_a_time_later_today_suggests_yesterday(text):
    with pytest.raises(InvalidInput) as info:
        when(text)
    assert f"'{text}' is in the future" in info.value.message
    assert "it is now 2026-03-04 23:50" in info.value.message
    hm = info.value.message.split("(2026-03-04 ")[1][:5]
    assert info.value.hint == f"Did you mean yesterday {hm}? Type: yesterday {hm}"


def test_the_future_suggestion_is_the_typed_time():
    now = datetime(2026, 3, 4, 9, 0, tzinfo=ZoneInfo(MSK))
    with pytest.raises(InvalidInput) as info:
        parse_when("в 11 вечера", MSK, now=now)
    assert info.value.hint == "Did you mean yesterday 23:00? Type: yesterday 23:00"


@pytest.mark.parametrize("text",
                         ["05.03.2026 10:00", "2026-03-05T10:00", "2026-03-05T10:00+03:00", "2027年1月1日 10:00"])
def test_a_future_date_asks_to_check_the_date(text):
    with pytest.raises(InvalidInput) as info:
        when(text)
    assert "is in the future" in info.value.message
    assert info.value.hint == "Check the date: debtlog logs contacts that already happened."


def test_unknown_time_zone_is_invalid_input():
    with pytest.raises(InvalidInput) as info:
        parse_when("22:30", "Mars/Olympus_Mons")
    assert "Mars/Olympus_Mons" in info.value.message


# --- daylight saving time -------------------------------------------------------------------

LATER = {NYC: datetime(2026, 12, 1, tzinfo=ZoneInfo(NYC)), LON: datetime(2026, 12, 1, tzinfo=ZoneInfo(LON))}


@pytest.mark.parametrize(
    ("text", "tz", "day_first", "suggestion"),
    [
        ("2026-03-08 02:30", NYC, False, "2026-03-08 03:30"),
        ("03/08/2026 2:30 am", NYC, False, "2026-03-08 03:30"),
        ("2026-03-08T02:00", NYC, False, "2026-03-08 03:00"),
        ("29.03.2026 01:30", LON, True, "2026-03-29 02:30"),
        ("2026-03-29 01:59", LON, True, "2026-03-29 02:59"),
    ],
)
def test_a_time_in_the_spring_gap_does_not_exist(text, tz, day_first, suggestion):
    with pytest.raises(InvalidInput) as info:
        parse_when(text, tz, now=LATER[tz], day_first=day_first)
    assert info.value.message.startswith(f"'{text}' never happened in {tz}: the clocks moved forward")
    assert info.value.hint == f"Did you mean {suggestion}?"


@pytest.mark.parametrize(
    ("text", "tz", "offset_hours"),
    [
        ("2026-03-08 01:59", NYC, -5),  # just before the gap
        ("2026-03-08 03:00", NYC, -4),  # just after
        ("2026-11-01 01:30", NYC, -4),  # twice that night: the first (still summer time)
        ("11/01/2026 1:30 am", NYC, -4),
        ("2026-11-01 00:59", NYC, -4),
        ("2026-11-01 02:00", NYC, -5),
        ("25.10.2026 01:30", LON, 1),
        ("2026-10-25 02:00", LON, 0),
    ],
)
def test_times_around_dst_changes(text, tz, offset_hours):
    result = parse_when(text, tz, now=LATER[tz], day_first=tz != NYC)
    assert result.utcoffset() == timedelta(hours=offset_hours)
    assert result.fold == 0


def test_an_explicit_offset_picks_the_second_occurrence():
    result = parse_when("2026-11-01T01:30-05:00", NYC, now=LATER[NYC])
    assert result.utcoffset() == timedelta(hours=-5)
    assert result.timestamp() == datetime(2026, 11, 1, 6, 30, tzinfo=timezone.utc).timestamp()


def test_day_words_on_the_day_after_a_dst_change():
    now = datetime(2026, 3, 9, 12, 0, tzinfo=ZoneInfo(NYC))
    with pytest.raises(InvalidInput):
        parse_when("yesterday 2:30 am", NYC, now=now)
    assert parse_when("yesterday 3:30 am", NYC, now=now).utcoffset() == timedelta(hours=-4)


# --- parse_when: properties -----------------------------------------------------------------

zone_infos = st.sampled_from([ZoneInfo(z) for z in ZONES])
minutes = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31, 23, 59)).map(
    lambda d: d.replace(second=0, microsecond=0))


def _offset_changes(zone: ZoneInfo) -> list[tuple[datetime, timedelta, timedelta]]:
    """(instant in UTC, offset before, offset after) for every change in 2000-2035."""
    changes = []
    day = datetime(2000, 1, 1, tzinfo=timezone.utc)
    after = day.astimezone(zone).utcoffset()
    while day.year < 2036:
        nxt = day + timedelta(days=1)
        before, after = after, nxt.astimezone(zone).utcoffset()
        if before != after:
            lo, hi = day, nxt  # the change lies in (lo, hi]: find its minute
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(second=0, microsecond=0)
                if mid <= lo:
                    break
                if mid.astimezone(zone).utcoffset() == before:
                    lo = mid
                else:
                    hi = mid
            changes.append((hi, before, after))
        day = nxt
    return changes


# Random minutes almost never fall in the hour a year when clocks change, so half the examples
# are drawn within 90 minutes (local wall time) of a real change in one of the zones.
_CHANGES = [(zone, when, before) for zone in (ZoneInfo(z) for z in ZONES) for when, before, _after in
            _offset_changes(zone)]


def _change(i: int) -> tuple[ZoneInfo, datetime, timedelta]:
    return _CHANGES[i]


near_changes = st.tuples(st.integers(0, len(_CHANGES) - 1).map(_change), st.integers(-90, 90)).map(
    lambda c: (((c[0][1] + c[0][2]).replace(tzinfo=None) + timedelta(minutes=c[1])), c[0][0]))
local_minutes = st.one_of(st.tuples(minutes, zone_infos), near_changes)  # (naive wall time, zone)
aware_minutes = st.tuples(local_minutes, st.integers(0, 1)).map(
    lambda c: c[0][0].replace(tzinfo=c[0][1], fold=c[1])).filter(lambda d: not in_gap(d.replace(tzinfo=None), d.tzinfo))


def test_the_dst_sample_covers_gaps_and_repeated_hours():
    assert {z.key for z, _w, _b in _CHANGES} >= {NYC, LON, ROM, MSK, "Asia/Vladivostok"}
    new_york_2026 = [w for z, w, _b in _CHANGES if z.key == NYC and w.year == 2026]
    assert new_york_2026 == [datetime(2026, 3, 8, 7, 0, tzinfo=timezone.utc),
                             datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc)]


@given(d=aware_minutes, style=st.sampled_from(["T", " ", "minutes"]))
def test_any_iso_datetime_with_offset_round_trips(d, style):
    text = d.isoformat(timespec="minutes") if style == "minutes" else d.isoformat(sep=style)
    result = parse_when(text, d.tzinfo.key, now=d + timedelta(hours=1))
    assert result.timestamp() == d.timestamp()
    assert result.utcoffset() == d.utcoffset()
    assert result.tzinfo == d.tzinfo


@given(local=local_minutes,
       fmt=st.sampled_from(["%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M",
                            "%Y年%m月%d日 %H:%M", "%d.%m.%Y в %H:%M", "%d.%m.%Y alle %H:%M"]))
def test_local_date_times_round_trip_and_gaps_raise(local, fmt):
    naive, zone = local
    text = naive.strftime(fmt)
    later = datetime(2036, 1, 1, tzinfo=zone)
    if in_gap(naive, zone):
        with pytest.raises(InvalidInput) as info:
            parse_when(text, zone.key, now=later)
        assert "the clocks moved forward" in info.value.message
        assert info.value.hint.startswith("Did you mean ")
        return
    result = parse_when(text, zone.key, now=later)
    assert result.replace(tzinfo=None) == naive
    assert result.tzinfo == zone
    assert result.timestamp() == first_occurrence_ts(naive, zone)  # the first of two, when the clocks went back


@given(local=local_minutes)
def test_month_first_slash_dates_round_trip(local):
    naive, zone = local
    assume(not in_gap(naive, zone))
    result = parse_when(naive.strftime("%m/%d/%Y %I:%M %p"), zone.key, now=datetime(2036, 1, 1, tzinfo=zone),
                        day_first=False)
    assert result.replace(tzinfo=None) == naive


@given(h=st.integers(0, 23), m=st.integers(1, 59), padded=st.booleans())
def test_chinese_numerals_read_like_digits(h, m, padded):
    text = f"昨天{chinese(h)}点{chinese(m, zero_padded=padded)}分"
    assert when(text, SHA) == when(f"昨天 {h}:{m:02d}", SHA)


@given(h=st.integers(0, 23), m=st.integers(0, 59))
def test_twelve_hour_clock_matches_24_hour_clock(h, m):
    twelve = datetime(2026, 1, 1, h, m).strftime("%I:%M %p").lstrip("0")
    assert when("yesterday " + twelve, NYC) == when(f"yesterday {h:02d}:{m:02d}", NYC)


# --- parse_date -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-03", date(2026, 3, 3)),
        ("03.03.2026", date(2026, 3, 3)),
        ("3.3.26", date(2026, 3, 3)),
        ("03/02/2026", date(2026, 2, 3)),
        ("2026/3/3", date(2026, 3, 3)),
        ("2026-03", date(2026, 3, 1)),
        ("2026年3月3日", date(2026, 3, 3)),
        ("2026年3月", date(2026, 3, 1)),
        ("3月3日", date(2026, 3, 3)),
        ("3月5日", date(2025, 3, 5)),
        ("today", date(2026, 3, 4)),
        ("Yesterday", date(2026, 3, 3)),
        ("day before yesterday", date(2026, 3, 2)),
        ("сегодня", date(2026, 3, 4)),
        ("вчера", date(2026, 3, 3)),
        ("позавчера", date(2026, 3, 2)),
        ("今天", date(2026, 3, 4)),
        ("昨天", date(2026, 3, 3)),
        ("前天", date(2026, 3, 2)),
        ("oggi", date(2026, 3, 4)),
        ("ieri", date(2026, 3, 3)),
        ("l'altro ieri", date(2026, 3, 2)),
        ("avantieri", date(2026, 3, 2)),
        ("now", date(2026, 3, 4)),
        (" 2026-03-03 ", date(2026, 3, 3)),
        ("２０２６－０３－０３", date(2026, 3, 3)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text, MSK, now=now_in(MSK)) == expected


def test_parse_date_month_first():
    assert parse_date("03/02/2026", NYC, now=now_in(NYC), day_first=False) == date(2026, 3, 2)


def test_parse_date_uses_today_in_the_vaults_zone():
    # 23:30 UTC on 3 March is already 4 March in Shanghai
    assert parse_date("today", SHA, now=datetime(2026, 3, 3, 23, 30, tzinfo=timezone.utc)) == date(2026, 3, 4)


def test_parse_date_allows_future_dates_for_filters():
    assert parse_date("2030-01-01", MSK, now=now_in(MSK)) == date(2030, 1, 1)


@pytest.mark.parametrize("text", ["", "garbage", "2026-03-03 22:30", "yesterday 22:30", "03.03", "2026", "03-03-2026"])
def test_parse_date_invalid(text):
    with pytest.raises(InvalidInput) as info:
        parse_date(text, MSK, now=now_in(MSK))
    assert info.value.message == f"Could not read '{text.strip()}' as a date."
    for example in ("2026-03-31", "31.03.2026", "31/03/2026", "2026-03", "yesterday", "вчера", "昨天", "ieri"):
        assert example in info.value.hint


@pytest.mark.parametrize(("text", "message"), [("31.02.2026", "2026-02 has no day 31"), ("2026-13", "no month 13")])
def test_parse_date_impossible(text, message):
    with pytest.raises(InvalidInput) as info:
        parse_date(text, MSK, now=now_in(MSK))
    assert message in info.value.message


@given(d=st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
       fmt=st.sampled_from(["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d", "%Y年%m月%d日"]))
def test_parse_date_round_trips(d, fmt):
    assert parse_date(d.strftime(fmt), MSK, now=now_in(MSK)) == d


# --- parse_duration -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("75", 75.0), ("0", 0.0), ("75.5", 75.5), ("75s", 75.0), ("75 s", 75.0), ("75 sec", 75.0),
        ("1:15", 75.0), ("0:05", 5.0), ("61:00", 3660.0), ("1:02:03", 3723.0),
        ("2m", 120.0), ("2m30s", 150.0), ("2m 30s", 150.0), ("2 min 30 sec", 150.0), ("1h", 3600.0),
        ("1h2m3s", 3723.0), ("1.5m", 90.0), ("2 minutes", 120.0),
        ("2 мин", 120.0), ("2 мин 30 сек", 150.0), ("2 минуты", 120.0), ("1,5 мин", 90.0), ("45 секунд", 45.0),
        ("1 ч 5 мин", 3900.0),
        ("2分30秒", 150.0), ("2分钟", 120.0), ("45秒", 45.0), ("１：１５", 75.0),
        ("2 minuti", 120.0), ("30 secondi", 30.0),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["-5", "-1:15", " -2m"])
def test_negative_durations_are_invalid(text):
    with pytest.raises(InvalidInput) as info:
        parse_duration(text)
    assert info.value.message == f"A duration cannot be negative: '{text.strip()}'."
    assert "1:15" in info.value.hint


@pytest.mark.parametrize("text", ["", "abc", "1:75", "1:60:00", "2x", "m", "30s2m", "1:2", "inf", "nan", "1e3"])
def test_garbage_durations_are_invalid(text):
    with pytest.raises(InvalidInput) as info:
        parse_duration(text)
    assert info.value.message == f"Could not read '{text}' as a duration."
    assert "2m30s" in info.value.hint


@given(h=st.integers(0, 99), m=st.integers(0, 59), s=st.integers(0, 59))
def test_duration_forms_agree(h, m, s):
    total = h * 3600 + m * 60 + s
    assert parse_duration(f"{h}:{m:02d}:{s:02d}") == total
    assert parse_duration(f"{h * 60 + m}:{s:02d}") == total
    assert parse_duration(f"{h}h{m}m{s}s") == total
    assert parse_duration(f"{h}小时{m}分{s}秒") == total
    assert parse_duration(str(total)) == total


# --- parse_iso_record_time ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected", "offset_hours"),
    [
        ("2026-03-03T22:30:00", "2026-03-03 22:30:00", 3),
        ("2026-03-03T22:30", "2026-03-03 22:30:00", 3),
        ("2026-03-03 22:30", "2026-03-03 22:30:00", 3),
        ("2026-03-03T22:30:00+03:00", "2026-03-03 22:30:00", 3),
        ("2026-03-03T19:30:00Z", "2026-03-03 22:30:00", 3),
        ("2026-03-03T11:30:00-08:00", "2026-03-03 22:30:00", 3),
        (" 2026-03-03T22:30:00 ", "2026-03-03 22:30:00", 3),
    ],
)
def test_parse_iso_record_time(text, expected, offset_hours):
    result = parse_iso_record_time(text, MSK)
    assert wall(result) == expected
    assert result.utcoffset() == timedelta(hours=offset_hours)
    assert result.tzinfo == ZoneInfo(MSK)


def test_parse_iso_record_time_does_not_check_the_future():
    assert parse_iso_record_time("2099-01-01T00:00", MSK).year == 2099


@pytest.mark.parametrize("text", ["", "yesterday", "03.03.2026 22:30", "2026-03-03", "2026-03-03x22:30",
                                  "2026-02-30T10:00", "2026-03-03T25:00"])
def test_parse_iso_record_time_rejects_with_value_error(text):
    with pytest.raises(ValueError) as info:
        parse_iso_record_time(text, MSK)
    assert not isinstance(info.value, InvalidInput)
    assert f"'{text.strip()}' is not an ISO 8601 date-time" in str(info.value)
    assert "2026-03-03T22:30:00" in str(info.value)


def test_parse_iso_record_time_in_the_dst_gap():
    with pytest.raises(ValueError) as info:
        parse_iso_record_time("2026-03-08T02:30:00", NYC)
    assert str(info.value) == ("2026-03-08T02:30:00 does not exist in America/New_York: the clocks moved forward "
                               "then (did you mean 2026-03-08T03:30:00?)")


def test_parse_iso_record_time_ambiguous_is_the_first_occurrence():
    assert parse_iso_record_time("2026-11-01T01:30:00", NYC).utcoffset() == timedelta(hours=-4)
    assert parse_iso_record_time("2026-11-01T01:30:00-05:00", NYC).utcoffset() == timedelta(hours=-5)


def test_parse_iso_record_time_unknown_zone_is_a_value_error():
    with pytest.raises(ValueError, match="unknown time zone 'Nowhere/City'"):
        parse_iso_record_time("2026-03-03T22:30:00", "Nowhere/City")


@given(local=local_minutes)
def test_importer_and_prompt_agree_on_iso_times(local):
    naive, zone = local
    text = naive.isoformat()
    later = datetime(2036, 1, 1, tzinfo=zone)
    if in_gap(naive, zone):
        with pytest.raises(ValueError):
            parse_iso_record_time(text, zone.key)
        return
    fast = parse_iso_record_time(text, zone.key)
    assert fast.timestamp() == parse_when(text, zone.key, now=later).timestamp()
    assert fast.timestamp() == first_occurrence_ts(naive, zone)


# --- start-up cost --------------------------------------------------------------------------

def test_importing_the_module_loads_nothing_heavy():
    code = ("import json, sys; before = set(sys.modules); import debtlog.timeparse; "
            "print(json.dumps(sorted(set(sys.modules) - before)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = json.loads(out)
    assert "zoneinfo" not in loaded
    assert not {"dateparser", "dateutil", "phonenumbers"} & set(loaded)
