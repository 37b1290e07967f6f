"""A dossier in Russian, Chinese or Italian explains each finding in that language (issue #8),
while findings.json stays English: the same bytes whatever language the dossier is in."""

from __future__ import annotations

import html
import json
import re

import pytest

from .conftest import export, members


@pytest.mark.parametrize("lang", ["ru", "it", "zh"])
def test_explanations_are_in_the_dossier_language_and_findings_json_stays_english(cli, case, tmp_path, lang):
    export(cli, tmp_path / "en.zip", "--lang", "en")
    export(cli, tmp_path / f"{lang}.zip", "--lang", lang)
    en, other = members(tmp_path / "en.zip"), members(tmp_path / f"{lang}.zip")

    findings = json.loads(en["findings.json"])["findings"]
    assert findings, "the case has likely violations to explain"
    assert other["findings.json"] == en["findings.json"]

    en_html = html.unescape(en["dossier.html"].decode())
    other_html = html.unescape(other["dossier.html"].decode())
    for f in findings:
        explanation = f["explanation"]
        assert explanation in en_html
        # Translated: the English sentence is not in the Russian/Italian/Chinese dossier.
        assert explanation not in other_html, (lang, f["rule"], explanation)
    # And not merely its dates: no English words left in the explanations a reader sees.
    shown = re.findall(r'<p class="content">([^<]*)</p>\s*(?:<p>|<table>)', other_html)
    assert len(shown) == len(findings)
    english = re.compile(r"\b(the|from|on|at|to|limit|calls?|conversations?|contacts?|calendar|week|day|after|before)\b")
    for text in shown:
        assert not english.search(text), (lang, text)
    assert cli("verify", str(tmp_path / f"{lang}.zip")).code == 0
