"""share and cases import: the round trip, what the file hides, updates, and read-only cases."""

from __future__ import annotations

import base64
import json
import shutil

from .conftest import PASS, VOLUNTEER_PASS, as_borrower, as_volunteer, attach, make_share

RECORDING = b"#!AMR\n" + bytes(range(256)) * 40 + "секретная запись".encode()


def _import(cli, monkeypatch, path, *extra):
    as_volunteer(monkeypatch)
    return cli("cases", "import", str(path), "--json", *extra)


def test_round_trip(cli, monkeypatch, tmp_path, borrower, volunteer):
    sha = attach(borrower, 1, RECORDING, tmp_path)
    own_list = cli("list", "--json").json()
    own_check = cli("check", "--json").json()
    info = make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    assert info["attachments"] == 1 and info["entries"] == 3
    assert (tmp_path / "case.dlshare").stat().st_mode & 0o777 == 0o600

    r = _import(cli, monkeypatch, tmp_path / "case.dlshare")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["status"] == "imported" and doc["borrower_fingerprint"] == info["fingerprint"]
    assert info["fingerprint"] in r.err  # shown for comparison on the phone
    name = doc["case"]
    assert doc["summary"]["likely_violations"] >= 1 and doc["summary"]["jurisdiction"] == "RU"

    # Every read command sees the borrower's evidence exactly.
    case_list = cli("--case", name, "list", "--json")
    assert case_list.code == 0, case_list.err
    assert case_list.json() == own_list
    assert cli("--case", name, "check", "--json").json()["findings"] == own_check["findings"]
    v = cli("--case", name, "verify", "--json")
    assert v.code == 0, v.err
    assert v.json()["ok"] and v.json()["head"] == info["head"]

    # The recording came along, byte for byte, re-sealed in the case's own store.
    from debtlog.sharing.cases import case_path
    from debtlog.vault import open_log
    from debtlog.vault.attachments import copy_out, store_dir
    import io

    path = case_path(tmp_path / "home", name)
    with open_log(path, VOLUNTEER_PASS) as log:
        buf = io.BytesIO()
        copy_out(log, sha, buf)
        assert buf.getvalue() == RECORDING
        meta = dict(log.conn.execute("SELECT key, value FROM meta"))
    assert len(list(store_dir(path).iterdir())) == 1
    # The borrower's private signing key never left the borrower's vault.
    with open_log(borrower, PASS) as log:
        borrower_key = base64.b64encode(log.signing_key()).decode()
    assert meta["signing_key"] != borrower_key
    assert json.loads(meta["case"])["borrower_fingerprint"] == info["fingerprint"]

    listed = cli("cases", "list", "--json").json()
    assert [c["name"] for c in listed] == [name]
    c = listed[0]
    assert c["jurisdiction"] == "RU" and c["contacts"] == 3 and c["likely_violations"] >= 1
    assert c["last_contact"].startswith("2026-03-05T11:00") and c["period"]["first"].startswith("2026-03-03T22:30")


def test_nothing_readable_without_the_key(cli, monkeypatch, tmp_path, borrower, volunteer):
    attach(borrower, 1, RECORDING, tmp_path)
    info = make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    raw = (tmp_path / "case.dlshare").read_bytes()
    from debtlog.vault import open_log

    with open_log(borrower, PASS) as log:
        public_b64 = log.links()[0].payload["public_key"]
    for secret in ("звонок ночью".encode(), "ООО Пример".encode(), b"79161234567", b"Europe/Moscow", b"SQLite",
                   RECORDING[:64], "секретная".encode(), public_b64.encode(), info["case_id"].encode(),
                   info["head"].encode(), base64.b64decode(public_b64), bytes.fromhex(info["case_id"])):
        assert secret not in raw, secret
    assert info["to"].encode() in raw  # the recipient's fingerprint is the one thing in the clear


def test_newer_share_updates_older_is_refused(cli, monkeypatch, tmp_path, borrower, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "v1.dlshare")
    name = _import(cli, monkeypatch, tmp_path / "v1.dlshare").json()["case"]
    as_borrower(monkeypatch)
    assert cli("add", "--at", "2026-03-06T23:00", "--channel", "sms", "--number", "+79161234567",
               "--content", "новое").code == 0
    assert cli("void", "2", "--reason", "ошибка").code == 0
    attach(borrower, 4, RECORDING, tmp_path)
    v2 = make_share(cli, monkeypatch, volunteer, tmp_path / "v2.dlshare")

    r = _import(cli, monkeypatch, tmp_path / "v2.dlshare")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["status"] == "updated" and doc["case"] == name
    assert doc["changes"]["contacts"] == 1 and doc["changes"]["retractions"] == 1
    assert doc["changes"]["attachments"] == 1
    human = cli("cases", "import", str(tmp_path / "v2.dlshare"))
    assert human.code == 0 and "already up to date" in human.err
    assert cli("--case", name, "verify", "--json").json()["head"] == v2["head"]
    assert len(cli("--case", name, "list", "--json").json()) == 3  # the voided one is hidden, as for the borrower

    before = cli("cases", "list", "--json").json()
    r = cli("cases", "import", str(tmp_path / "v1.dlshare"))
    assert r.code == 2, r.err
    assert "older" in r.err and "link" in r.err and "Traceback" not in r.err
    assert cli("cases", "list", "--json").json() == before

    shown = cli("cases", "show", name, "--json").json()
    assert len(shown["history"]) == 2 and shown["history"][1]["changes"]["contacts"] == 1


def test_updating_text_output_says_what_changed(cli, monkeypatch, tmp_path, borrower, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "v1.dlshare")
    _import(cli, monkeypatch, tmp_path / "v1.dlshare")
    as_borrower(monkeypatch)
    assert cli("add", "--at", "2026-03-06T23:00", "--channel", "sms", "--content", "ещё").code == 0
    make_share(cli, monkeypatch, volunteer, tmp_path / "v2.dlshare")
    as_volunteer(monkeypatch)
    r = cli("cases", "import", str(tmp_path / "v2.dlshare"))
    assert r.code == 0 and "1 new contact" in r.err


def test_a_rewritten_log_is_reported_as_a_fork(cli, monkeypatch, tmp_path, borrower, volunteer):
    backup = tmp_path / "backup.debtlog"
    shutil.copy(borrower, backup)
    as_borrower(monkeypatch)
    assert cli("add", "--at", "2026-03-06T12:00", "--channel", "sms", "--content", "A").code == 0
    make_share(cli, monkeypatch, volunteer, tmp_path / "a.dlshare")
    assert _import(cli, monkeypatch, tmp_path / "a.dlshare").code == 0
    as_borrower(monkeypatch)
    shutil.copy(backup, borrower)  # the borrower restores an old copy and writes something else
    assert cli("add", "--at", "2026-03-07T12:00", "--channel", "sms", "--content", "B").code == 0
    assert cli("add", "--at", "2026-03-08T12:00", "--channel", "sms", "--content", "C").code == 0
    make_share(cli, monkeypatch, volunteer, tmp_path / "b.dlshare")
    as_volunteer(monkeypatch)
    r = cli("cases", "import", str(tmp_path / "b.dlshare"))
    assert r.code == 1 and "does not continue" in r.err


def test_case_is_read_only(cli, monkeypatch, tmp_path, borrower, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    name = _import(cli, monkeypatch, tmp_path / "case.dlshare").json()["case"]
    head = cli("--case", name, "verify", "--json").json()["head"]
    for args in (["add", "--at", "2026-03-09T12:00", "--channel", "sms", "--content", "x"],
                 ["void", "1", "--reason", "x"], ["collectors", "add", "X"], ["profile", "--name", "Y"],
                 ["init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow"], ["passwd"],
                 ["share", "--to", volunteer, "--out", str(tmp_path / "again.dlshare")]):
        r = cli("--case", name, *args)
        assert r.code == 2 and "read-only" in r.err, (args, r.err)
    assert cli("--case", name, "collectors", "list", "--json").code == 0
    assert cli("--case", name, "profile", "--json").json()["jurisdiction"] == "RU"

    r = cli("cases", "note", name, "Позвонить заёмщику в пятницу")
    assert r.code == 0, r.err
    assert cli("--case", name, "verify", "--json").json()["head"] == head  # notes are not in the chain
    notes = cli("cases", "show", name, "--json").json()["notes"]
    assert [n["text"] for n in notes] == ["Позвонить заёмщику в пятницу"]
    assert cli("cases", "list", "--json").json()[0]["notes"] == 1
    assert "Позвонить" in cli("cases", "show", name).out


def test_open_and_close(cli, monkeypatch, tmp_path, borrower, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    name = _import(cli, monkeypatch, tmp_path / "case.dlshare", "--name", "petrova").json()["case"]
    assert name == "petrova"
    assert cli("cases", "open", "nobody").code == 2
    assert cli("cases", "open", name).code == 0
    assert cli("cases", "list", "--json").json()[0]["current"] is True
    r = cli("list", "--json")  # DEBTLOG_PASSPHRASE is the volunteer's now; the case is what 'list' reads
    assert r.code == 0 and len(r.json()) == 3
    r = cli("add", "--at", "2026-03-09T12:00", "--channel", "sms", "--content", "x")
    assert r.code == 2 and "cases close" in r.err
    assert cli("cases", "close").code == 0
    as_borrower(monkeypatch)
    assert cli("add", "--at", "2026-03-09T12:00", "--channel", "sms", "--content", "x").code == 0
    assert len(cli("list", "--json").json()) == 4


def test_case_and_vault_together_is_a_usage_error(cli, monkeypatch, tmp_path, borrower, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    name = _import(cli, monkeypatch, tmp_path / "case.dlshare").json()["case"]
    r = cli("--case", name, "list", "--vault", str(borrower))
    assert r.code == 2 and "not both" in r.err
    assert cli("--case", "nope", "list").code == 2


def test_two_cases(cli, monkeypatch, tmp_path, borrower, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "one.dlshare")
    assert _import(cli, monkeypatch, tmp_path / "one.dlshare", "--name", "one").code == 0
    other = tmp_path / "other.debtlog"
    as_borrower(monkeypatch)
    assert cli("init", "--jurisdiction", "US", "--timezone", "America/Chicago", "--vault", str(other)).code == 0
    assert cli("add", "--vault", str(other), "--at", "2026-03-03T07:00", "--channel", "call",
               "--content", "early").code == 0
    assert cli("share", "--vault", str(other), "--to", volunteer, "--out", str(tmp_path / "two.dlshare")).code == 0
    r = _import(cli, monkeypatch, tmp_path / "two.dlshare")
    assert r.code == 0, r.err
    assert r.json()["case"].startswith("us-")
    rows = cli("cases", "list", "--json").json()
    assert {c["jurisdiction"] for c in rows} == {"RU", "US"}
    assert cli("--case", "one", "list", "--json").json() != cli("--case", r.json()["case"], "list", "--json").json()
    assert _import(cli, monkeypatch, tmp_path / "two.dlshare", "--name", "one").json()["status"] == "unchanged"
    table = cli("cases", "list")
    assert table.code == 0 and "one" in table.out


def test_confirmation_on_a_terminal(cli, monkeypatch, tmp_path, borrower, volunteer):
    info = make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    as_volunteer(monkeypatch)
    r = cli("cases", "import", str(tmp_path / "case.dlshare"), input="n\n", tty=True)
    assert r.code == 1 and info["fingerprint"] in r.err and "not confirmed" in r.err
    assert cli("cases", "list", "--json").json() == []
    r = cli("cases", "import", str(tmp_path / "case.dlshare"), input="y\n", tty=True)
    assert r.code == 0, r.err
    assert len(cli("cases", "list", "--json").json()) == 1


def test_large_recordings_cross_chunk_boundaries(cli, monkeypatch, tmp_path, borrower, volunteer):
    import io
    import os
    import stat

    from debtlog.sharing.cases import case_path
    from debtlog.vault import open_log
    from debtlog.vault.attachments import copy_out

    big = os.urandom(2_500_000)
    small = os.urandom(1000)
    shas = [attach(borrower, 1, big, tmp_path, "big.amr"), attach(borrower, 2, small, tmp_path, "small.amr"),
            attach(borrower, 3, big[:1_048_576], tmp_path, "exact.amr")]
    make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    r = _import(cli, monkeypatch, tmp_path / "case.dlshare")
    assert r.code == 0, r.err
    name = r.json()["case"]
    path = case_path(tmp_path / "home", name)
    with open_log(path, VOLUNTEER_PASS) as log:
        for sha, want in zip(shas, (big, small, big[:1_048_576])):
            buf = io.BytesIO()
            copy_out(log, sha, buf)
            assert buf.getvalue() == want
    assert cli("--case", name, "verify").code == 0
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for p in path.parent.iterdir():
        if p.is_file():
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
