"""import jsonl with lines json.loads takes but cannot give as a record: a clear error or text, never a crash."""

from __future__ import annotations

WHEN = '"occurred_at": "2026-03-03T22:30:00+03:00", "channel": "sms"'


def _write(tmp_path, *lines: str):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return src


def test_a_huge_integer_or_deep_nesting_is_an_error_with_its_line(phone_cli, vault, vault_path, tmp_path):
    """json.loads raised ValueError for an integer of more than 4,300 digits and RecursionError for
    deep nesting: both crashed the import (exit 70)."""
    before = vault_path.read_bytes()
    src = _write(tmp_path, "{" + WHEN + "}", "{" + WHEN + ', "duration_s": ' + "9" * 5000 + "}",
                 "[" * 100_000 + "]" * 100_000, "{" + WHEN + ', "debt": ' + '{"a": ' * 5000 + "1" + "}" * 5001)
    r = phone_cli("import", "jsonl", str(src), "--json")
    assert r.code == 2, r.err
    errors = r.json()["errors"]
    assert [e["line"] for e in errors] == [2, 3, 4], r.out
    assert "'duration_s' must be between 0 and a week" in errors[0]["message"]
    assert "Traceback" not in r.err and "line 3: not valid JSON: nested too deeply at column 101" in r.err
    assert vault_path.read_bytes() == before


def test_a_lone_surrogate_escape_is_kept_as_a_replacement_character(phone_cli, vault, tmp_path):
    """"\\ud800" is valid JSON but no text: the source id (a hash of the UTF-8) crashed on it."""
    src = _write(tmp_path, "{" + WHEN + r', "content": "a\ud800b \ud83d\ude00"}')
    r = phone_cli("import", "jsonl", str(src), "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 1
    [entry] = phone_cli("list", "--json").json()
    assert entry["content"] == "a\ufffdb \U0001F600"
    again = phone_cli("import", "jsonl", str(src), "--json")
    assert again.code == 0 and again.json()["duplicates"] == 1
    assert phone_cli("verify").code == 0
