"""The translated quick starts exist, are linked, and their examples work."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ..conftest import ROOT

QUICKSTARTS = {"ru": "docs/quickstart.ru.md", "zh_CN": "docs/quickstart.zh_CN.md", "it": "docs/quickstart.it.md"}
ZONES = {"ru": "Europe/Moscow", "zh_CN": "Asia/Shanghai", "it": "Europe/Rome"}


@pytest.mark.parametrize("code", QUICKSTARTS)
def test_quickstart_is_linked_and_covers_the_basics(code):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"({QUICKSTARTS[code]})" in readme
    text = (ROOT / QUICKSTARTS[code]).read_text(encoding="utf-8")
    for step in ("pip install", "debtlog --lang", " demo", "debtlog init", "debtlog add", "debtlog check",
                 "debtlog export dossier"):
        assert step in text, f"{QUICKSTARTS[code]} lacks {step!r}"


@pytest.mark.parametrize("code", QUICKSTARTS)
def test_quickstart_time_examples_parse(code):
    from debtlog.timeparse import parse_when

    text = (ROOT / QUICKSTARTS[code]).read_text(encoding="utf-8")
    examples = re.findall(r'--at "([^"]+)"', text) + re.findall(r"[«“]([^»”]*\d[^»”]*)[»”]", text)
    assert len(examples) >= 3
    now = datetime(2026, 3, 20, 23, 59, tzinfo=ZoneInfo(ZONES[code]))
    for example in examples:
        assert parse_when(example, ZONES[code], now=now).year == 2026, example


@pytest.mark.parametrize("code", QUICKSTARTS)
def test_quickstart_init_line_works(code, cli):
    text = (ROOT / QUICKSTARTS[code]).read_text(encoding="utf-8")
    line = re.search(r"^debtlog (init [^#\n]+?)\s*(#|$)", text, re.M).group(1)
    r = cli(*line.split())
    assert r.code == 0, r.err
    assert cli("profile", "--json").json()["language"] == code
