"""Dates, numbers and money per language; tables and the heatmap hold with wide Chinese characters."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from rich.cells import cell_len

from debtlog.i18n import formats

from ..conftest import write_jsonl

AT = datetime(2026, 3, 3, 22, 30, tzinfo=ZoneInfo("Europe/Moscow"))


def test_english_keeps_debtlogs_own_forms():
    assert formats.format_datetime(AT, lang="en") == "Tue 03.03.2026 22:30"
    assert formats.format_datetime(AT, short=True, lang="en") == "03.03.26 22:30"
    assert formats.format_date(date(2026, 3, 3), lang="en") == "03.03.2026"
    assert formats.format_money("18400.50", "RUB", lang="en") == "18400.50 RUB"
    assert formats.format_number(12345, lang="en") == "12345"


def test_russian_dates_numbers_and_money():
    assert formats.format_datetime(AT, lang="ru") == "вт 03.03.2026 22:30"
    assert formats.format_number(12345, lang="ru") == "12\xa0345"
    assert formats.format_money("18400.50", "RUB", lang="ru") == "18\xa0400,50\xa0₽"


def test_chinese_dates_and_money():
    assert formats.format_datetime(AT, lang="zh_CN") == "2026-03-03 周二 22:30"
    assert formats.format_money("18400.50", "CNY", lang="zh_CN") == "¥18,400.50"


def test_italian_dates_and_money():
    assert formats.format_datetime(AT, lang="it") == "mar 03/03/2026 22:30"
    assert formats.format_money("18400.50", "EUR", lang="it") == "18.400,50\xa0€"


def test_money_that_is_not_a_number_is_shown_as_given():
    assert formats.format_money("about 5000", "RUB", lang="ru") == "about 5000 RUB"
    assert formats.format_money(None, "RUB", lang="ru") == "RUB"


def test_debts_list_shows_money_the_russian_way(cli, vault, monkeypatch):
    assert cli("debts", "add", "--creditor", "Банк", "--amount", "18400.50", "--currency", "RUB").code == 0
    monkeypatch.setenv("DEBTLOG_LANG", "ru")
    r = cli("debts", "list")
    assert r.code == 0
    assert "18\xa0400,50\xa0₽" in r.out
    monkeypatch.setenv("DEBTLOG_LANG", "en")
    assert "18400.50 RUB" in cli("debts", "list").out


def _table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in "┏┃┡│└╭╰┌├"]


@pytest.mark.parametrize("code", ["zh_CN", "en"])
def test_list_table_holds_with_chinese_names(code, cli, tmp_path, monkeypatch):
    assert cli("init", "--jurisdiction", "CN", "--timezone", "Asia/Shanghai").code == 0
    write_jsonl(tmp_path / "c.jsonl", [
        {"source_id": "1", "occurred_at": "2026-03-03T22:30:00", "channel": "call", "number": "+8613800138000",
         "agency": "某某资产管理有限公司", "outcome": "answered", "duration_s": 95, "content": "催收员说要上门，还要告诉你单位"},
        {"source_id": "2", "occurred_at": "2026-03-04T08:00:00", "channel": "call", "number": "+8613800138001",
         "agency": "ABC", "target": "third_party",
         "third_party": {"name": "王小明", "relation": "relative", "number": "+8613900139000"},
         "content": "打给我母亲"},
        {"source_id": "3", "occurred_at": "2026-03-05T12:00:00", "channel": "sms", "number": "95555",
         "agency": "招商银行信用卡中心", "content": "请尽快还款"},
    ])
    assert cli("import", "jsonl", str(tmp_path / "c.jsonl")).code == 0
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("list")
    assert r.code == 0, r.err
    lines = _table_lines(r.out)
    assert len(lines) >= 6
    widths = {cell_len(line) for line in lines}
    assert len(widths) == 1, "\n".join(f"{cell_len(x):4} {x}" for x in lines)
    assert "王小明" in r.out


@pytest.mark.parametrize("code", ["zh_CN", "ru", "it", "en"])
def test_heatmap_rows_line_up_in_every_language(code, cli, vault, monkeypatch):
    for at in ("2026-03-02T23:30", "2026-03-03T08:15", "2026-03-07T21:00", "2026-03-08T12:00"):
        assert cli("add", "--at", at, "--channel", "call", "--number", "+74950000101", "--outcome", "answered").code == 0
    monkeypatch.setenv("DEBTLOG_LANG", code)
    r = cli("check")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    top = next(i for i, line in enumerate(lines) if line.rstrip().endswith("21 22 23"))
    grid = lines[top:top + 8]  # the hours row and one row per weekday
    assert len({cell_len(line.rstrip()) for line in grid}) == 1, "\n".join(grid)
    # each weekday row starts with its (translated) name; the 24 hour cells follow at the same column
    from debtlog.i18n import translator

    assert grid[2].startswith(translator(code)("Tue"))
    for line in grid[1:]:  # hour 0's cell starts at the same terminal column in every row
        assert cell_len(line.split(" ")[0]) <= 5  # the weekday name fits the five-cell label column
        assert cell_len(grid[0]) == cell_len(line.rstrip())


def _lines(text: str, width: int) -> list[str]:
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None)
    console.print(text, markup=False, highlight=False)
    return [line.rstrip() for line in console.export_text().splitlines()]


SENTENCE = "检查证据材料包不需要加密库或口令：先检查其签名，再根据签名清单逐一检查每个文件。"


def test_chinese_breaks_between_characters_not_only_at_spaces():
    from debtlog import i18n

    i18n.set_language("zh_CN")
    try:
        lines = _lines("根据 " + SENTENCE, 24)
        # every line but the last is (nearly) full: no half-empty line before a long run
        assert all(cell_len(line) >= 22 for line in lines[:-1]), lines
        assert "".join(lines).replace(" ", "") == ("根据" + SENTENCE)
        # closing punctuation never starts a line; opening punctuation never ends one
        assert not any(line[0] in "，。、；：？！）」" for line in lines[1:]), lines
        assert not any(line[-1] in "（「《" for line in _lines("这是（一段带括号的文字）测试" * 3, 15)), lines
        # text with spaces still breaks at its spaces
        assert _lines("alpha beta gamma delta", 11) == ["alpha beta", "gamma delta"]
    finally:
        i18n.set_language("en")
    # other languages: rich's own breaking, where the Chinese run starts on a new line
    lines = _lines("根据 " + SENTENCE, 24)
    assert lines[0] == "根据"


def test_chinese_help_has_no_line_break_kept_from_the_english_layout(cli, monkeypatch):
    monkeypatch.setenv("DEBTLOG_LANG", "zh_CN")
    monkeypatch.setenv("COLUMNS", "80")
    r = cli("demo", "--help")
    assert r.code == 0
    body = [line.strip() for line in r.out.splitlines() if line.strip()]
    # the paragraph that used to break after "直接" (a newline the translator kept) now fills the line
    assert not any(line.endswith("直接") for line in body), body
