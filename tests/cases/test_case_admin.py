"""volunteer passwd, cases remove, and the vault-level guard that keeps a case read-only."""

from __future__ import annotations

import pytest

from .conftest import VOLUNTEER_PASS, as_volunteer, attach, make_share

RECORDING = b"#!AMR\n" + bytes(range(256)) * 20
NEW_PASS = "a brand new volunteer passphrase"


@pytest.fixture
def two_cases(cli, monkeypatch, tmp_path, borrower, volunteer):
    attach(borrower, 1, RECORDING, tmp_path)
    make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    other = tmp_path / "other.debtlog"
    assert cli("init", "--jurisdiction", "US", "--timezone", "America/Chicago", "--vault", str(other)).code == 0
    assert cli("add", "--vault", str(other), "--at", "2026-03-03T07:00", "--channel", "call",
               "--content", "early").code == 0
    assert cli("share", "--vault", str(other), "--to", volunteer, "--out", str(tmp_path / "two.dlshare")).code == 0
    as_volunteer(monkeypatch)
    assert cli("cases", "import", str(tmp_path / "case.dlshare"), "--name", "petrova").code == 0
    assert cli("cases", "import", str(tmp_path / "two.dlshare"), "--name", "smith").code == 0
    assert cli("cases", "note", "petrova", "позвонить").code == 0
    return ["petrova", "smith"]


def _files(tmp_path):
    return sorted(str(p.relative_to(tmp_path / "home")) for p in (tmp_path / "home").rglob("*"))


# -- volunteer passwd --------------------------------------------------------------------------

def test_volunteer_passwd(cli, monkeypatch, tmp_path, two_cases):
    key = cli("volunteer", "key", "--json").json()
    heads = {n: cli("--case", n, "verify", "--json").json()["head"] for n in two_cases}
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", NEW_PASS)
    r = cli("volunteer", "passwd", "--json")
    assert r.code == 0, r.err
    assert r.json() == {"fingerprint": key["fingerprint"], "public_key": key["public_key"], "cases": 2}

    r = cli("cases", "list")
    assert r.code == 3 and "Wrong passphrase" in r.err  # the old passphrase opens nothing any more
    assert cli("--case", "petrova", "list").code == 3
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", NEW_PASS)
    assert cli("volunteer", "key", "--json").json() == key  # same keys, same fingerprint
    rows = cli("cases", "list", "--json").json()
    assert [c["name"] for c in rows] == two_cases and rows[0]["notes"] == 1
    for n in two_cases:
        v = cli("--case", n, "verify", "--json")
        assert v.code == 0 and v.json()["head"] == heads[n]
    assert cli("--case", "petrova", "audio", "list", "--json").code == 0
    assert not [f for f in _files(tmp_path) if ".passwd-" in f or f.endswith("passwd.journal")]


def test_volunteer_passwd_wrong_old_passphrase(cli, monkeypatch, tmp_path, two_cases):
    before = {p: (tmp_path / "home" / p).read_bytes() for p in _files(tmp_path) if (tmp_path / "home" / p).is_file()}
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "not the volunteer passphrase")
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", NEW_PASS)
    r = cli("volunteer", "passwd")
    assert r.code == 3 and "Wrong passphrase for your volunteer key" in r.err and "Traceback" not in r.err
    after = {p: (tmp_path / "home" / p).read_bytes() for p in _files(tmp_path) if (tmp_path / "home" / p).is_file()}
    assert after == before


def test_volunteer_passwd_needs_a_new_passphrase(cli, monkeypatch, two_cases):
    r = cli("volunteer", "passwd")
    assert r.code == 2 and "DEBTLOG_NEW_PASSPHRASE" in r.err
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", "short")
    assert cli("volunteer", "passwd").code == 2
    assert cli("cases", "list", "--json").code == 0  # still the old passphrase


def test_volunteer_passwd_killed_before_the_journal_changes_nothing(cli, monkeypatch, tmp_path, two_cases):
    from debtlog.sharing import passwd
    from debtlog.vault.store import OpenVault

    calls = []
    real = OpenVault.rewrapped

    def dies_on_the_second_case(self, new, kdf=None):
        calls.append(self.file.path.name)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(self, new, kdf)

    with monkeypatch.context() as m:
        m.setattr(OpenVault, "rewrapped", dies_on_the_second_case)
        with pytest.raises(KeyboardInterrupt):
            passwd.change_passphrase(tmp_path / "home", VOLUNTEER_PASS, NEW_PASS)
    assert len(calls) == 3
    as_volunteer(monkeypatch)
    assert cli("cases", "list", "--json").code == 0
    for n in two_cases:
        assert cli("--case", n, "verify").code == 0
    assert not [f for f in _files(tmp_path) if ".passwd-" in f]


def test_volunteer_passwd_killed_after_the_journal_is_finished_later(cli, monkeypatch, tmp_path, two_cases):
    from debtlog.sharing import passwd

    def killed():
        # Some renames done, then the process dies.
        import json
        import os

        pairs = json.loads(passwd.journal_path(tmp_path / "home").read_text())["rename"]
        os.replace(tmp_path / "home" / pairs[0][0], tmp_path / "home" / pairs[0][1])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        passwd.change_passphrase(tmp_path / "home", VOLUNTEER_PASS, NEW_PASS, _after_journal=killed)
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", NEW_PASS)
    assert cli("--case", "smith", "verify").code == 0  # the first command finishes the change
    assert cli("cases", "list", "--json").code == 0
    assert cli("--case", "petrova", "verify").code == 0
    assert not [f for f in _files(tmp_path) if ".passwd-" in f or f.endswith("passwd.journal")]


# -- cases remove ------------------------------------------------------------------------------

def test_remove_with_yes(cli, monkeypatch, tmp_path, two_cases):
    assert cli("cases", "open", "petrova").code == 0
    r = cli("cases", "remove", "petrova", "--yes", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["removed"] is True and doc["case"] == "petrova" and doc["notes"] == 1 and doc["attachments"] == 1
    assert [c["name"] for c in cli("cases", "list", "--json").json()] == ["smith"]
    assert not [f for f in _files(tmp_path) if "petrova" in f or ".removed-" in f]
    assert cli("--case", "petrova", "list").code == 2
    assert cli("--case", "smith", "verify").code == 0
    # The case is no longer open; importing the share again brings it back (without the notes).
    r = cli("cases", "import", str(tmp_path / "case.dlshare"), "--name", "petrova", "--json")
    assert r.code == 0 and r.json()["status"] == "imported"
    assert cli("cases", "show", "petrova", "--json").json()["notes"] == []


def test_remove_asks_on_a_terminal(cli, tmp_path, two_cases):
    r = cli("cases", "remove", "smith", input="n\n", tty=True)
    assert r.code == 0 and "nothing was removed" in r.err
    assert len(cli("cases", "list", "--json").json()) == 2
    r = cli("cases", "remove", "smith", input="y\n", tty=True)
    assert r.code == 0 and "Removed case smith" in r.err, r.err
    assert [c["name"] for c in cli("cases", "list", "--json").json()] == ["petrova"]


def test_remove_without_terminal_needs_yes(cli, tmp_path, two_cases):
    r = cli("cases", "remove", "smith")
    assert r.code == 2 and "--yes" in r.err
    assert len(cli("cases", "list", "--json").json()) == 2


def test_remove_unknown_case_lists_the_cases(cli, monkeypatch, tmp_path, two_cases):
    r = cli("cases", "remove", "nobody", "--yes")
    assert r.code == 2 and "no case called nobody" in r.err and "petrova, smith" in r.err
    assert cli("cases", "remove", "../etc", "--yes").code == 2
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "wrong volunteer passphrase")
    assert cli("cases", "remove", "smith", "--yes").code == 3
    as_volunteer(monkeypatch)
    assert len(cli("cases", "list", "--json").json()) == 2


def test_remove_finishes_a_half_done_removal(cli, tmp_path, two_cases):
    """A removal killed after the files were moved away: the case is listed as missing; removing it again works."""
    import os

    from debtlog.sharing.cases import case_path, cases_dir

    path = case_path(tmp_path / "home", "smith")
    os.replace(path, cases_dir(tmp_path / "home") / ".removed-xyz-smith.debtlog")
    row = [c for c in cli("cases", "list", "--json").json() if c["name"] == "smith"][0]
    assert row["missing"] is True
    r = cli("cases", "remove", "smith", "--yes")
    assert r.code == 0, r.err
    assert [c["name"] for c in cli("cases", "list", "--json").json()] == ["petrova"]
    assert not [f for f in _files(tmp_path) if ".removed-" in f]


# -- the vault-level write guard ---------------------------------------------------------------

def test_a_case_refuses_writes_at_the_vault_level(cli, tmp_path, two_cases):
    """Whatever command asks (even one the CLI's allowlist does not know), a case cannot be opened for writing."""
    from debtlog.errors import InvalidInput
    from debtlog.sharing.cases import case_path
    from debtlog.vault import open_log

    path = case_path(tmp_path / "home", "petrova")
    raw = path.read_bytes()
    with pytest.raises(InvalidInput) as e:
        with open_log(path, VOLUNTEER_PASS, write=True) as log:
            log.append("contact", "create", 99, {"content": "forged"})
    assert "read-only" in e.value.message
    assert path.read_bytes() == raw
    with open_log(path, VOLUNTEER_PASS) as log:  # reading still works
        assert log.verify().ok


def test_explicit_vault_path_to_a_case_is_refused(cli, tmp_path, two_cases):
    """--vault bypasses the CLI's case allowlist; the vault itself still refuses."""
    from debtlog.sharing.cases import case_path

    path = case_path(tmp_path / "home", "petrova")
    head = cli("--case", "petrova", "verify", "--json").json()["head"]
    raw = path.read_bytes()
    jsonl = tmp_path / "x.jsonl"
    jsonl.write_text('{"occurred_at": "2026-03-09T12:00", "channel": "sms", "content": "x"}\n')
    import wave

    amr = tmp_path / "new.wav"
    with wave.open(str(amr), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\1" * 8000)
    for args in (["add", "--at", "2026-03-09T12:00", "--channel", "sms", "--content", "x"],
                 ["void", "1", "--reason", "x"], ["collectors", "add", "X"],
                 ["import", "jsonl", str(jsonl)], ["attach", "1", str(amr)]):
        r = cli(*args, "--vault", str(path))
        assert r.code == 2 and "read-only" in r.err and "Traceback" not in r.err, (args, r.code, r.err)
    assert path.read_bytes() == raw
    assert cli("--case", "petrova", "verify", "--json").json()["head"] == head


def test_the_import_path_still_updates_a_case(cli, monkeypatch, tmp_path, two_cases, volunteer, borrower):
    from .conftest import as_borrower

    as_borrower(monkeypatch)
    assert cli("add", "--at", "2026-03-09T12:00", "--channel", "sms", "--content", "новое").code == 0
    make_share(cli, monkeypatch, volunteer, tmp_path / "v2.dlshare")
    as_volunteer(monkeypatch)
    r = cli("cases", "import", str(tmp_path / "v2.dlshare"), "--json")
    assert r.code == 0 and r.json()["status"] == "updated"


def test_passwd_and_restore_refuse_a_case_file(cli, monkeypatch, tmp_path, two_cases):
    """passwd and restore rewrite a vault file without opening its log: they refuse a case by its place."""
    from debtlog.sharing.cases import case_path

    path = case_path(tmp_path / "home", "petrova")
    raw = path.read_bytes()
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", NEW_PASS)
    r = cli("passwd", "--vault", str(path))
    assert r.code == 2 and "read-only" in r.err and "volunteer passwd" in r.err, r.err
    backup = tmp_path / "mine.backup"
    backup.write_bytes(b"any backup")  # refused before the backup is even read
    r = cli("restore", str(backup), "--vault", str(path), "--force")
    assert r.code == 2 and "read-only" in r.err and "cases import" in r.err, r.err
    assert path.read_bytes() == raw
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith("petrova")) == [
        "petrova.debtlog", "petrova.debtlog.attachments"]  # nothing kept aside, nothing new
