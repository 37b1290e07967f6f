"""share --since/--until: part of a log, still verifiable as an unaltered part of the borrower's chain."""

from __future__ import annotations

import io

import pytest

from .conftest import PASS, VOLUNTEER_PASS, as_borrower, as_volunteer, attach, make_share

INSIDE = b"#!AMR\n" + b"inside the period" * 50
OUTSIDE = b"#!AMR\n" + b"outside the period" * 50
SECRET = "февральский секрет"


@pytest.fixture
def log_with_history(cli, monkeypatch, tmp_path, borrower):
    """Entries 1-3 (fixture, 3-5 March), 4: 20 Feb (with a recording), 5: 2 April, 6: a Feb milestone;
    entry 2 corrected, entry 3 retracted, entry 1 with a recording."""
    as_borrower(monkeypatch)
    assert cli("add", "--at", "2026-02-20T12:00", "--channel", "call", "--number", "+79161234567",
               "--content", SECRET).code == 0
    assert cli("add", "--at", "2026-04-02T12:00", "--channel", "sms", "--number", "+79161234567",
               "--content", "апрельское").code == 0
    assert cli("milestone", "add", "--kind", "refusal", "--at", "2026-02-15", "--note", "заказным письмом").code == 0
    assert cli("edit", "2", "--content", "утром, исправлено", "--reason", "уточнение").code == 0
    assert cli("void", "3", "--reason", "дубликат").code == 0
    attach(borrower, 1, INSIDE, tmp_path, "inside.amr")
    attach(borrower, 4, OUTSIDE, tmp_path, "outside.amr")
    return borrower


def _import(cli, monkeypatch, path, *extra):
    as_volunteer(monkeypatch)
    return cli("cases", "import", str(path), "--json", *extra)


def _case_db(tmp_path, name) -> bytes:
    from debtlog.sharing.cases import case_path
    from debtlog.vault.store import VaultFile

    return VaultFile(case_path(tmp_path / "home", name)).unlock(VOLUNTEER_PASS).db_bytes


def test_partial_share_round_trip(cli, monkeypatch, tmp_path, log_with_history, volunteer):
    as_borrower(monkeypatch)
    own = cli("list", "--json", "--since", "2026-03-01", "--until", "2026-03-31").json()
    own_head = cli("verify", "--json").json()["head"]
    info = make_share(cli, monkeypatch, volunteer, tmp_path / "march.dlshare",
                      "--since", "2026-03-01", "--until", "2026-03-31")
    p = info["partial"]
    assert (p["from"], p["to"]) == ("2026-03-01", "2026-03-31")
    assert p["entries"] == 3 and p["withheld_entries"] == 3 and info["entries"] == 3
    assert info["attachments"] == 1 and info["head"] == own_head

    r = _import(cli, monkeypatch, tmp_path / "march.dlshare")
    assert r.code == 0, r.err
    doc = r.json()
    name = doc["case"]
    assert doc["status"] == "imported" and doc["partial"]["withheld_entries"] == 3
    assert "partial share" in r.err and "2026-03-01..2026-03-31" in r.err

    # The volunteer sees exactly the borrower's entries of March, with the same hashes and history.
    assert cli("--case", name, "list", "--json").json() == own
    history = cli("--case", name, "show", "2", "--json")
    assert history.code == 0, history.err

    # verify: the chain still ends at the head the borrower signed, and says it is partial.
    v = cli("--case", name, "verify", "--json")
    assert v.code == 0, v.err
    assert v.json()["ok"] and v.json()["head"] == own_head
    assert v.json()["partial"]["withheld_entries"] == 3 and v.json()["partial"]["withheld_links"] >= 4
    text = cli("--case", name, "verify")
    assert text.code == 0 and "partial share covering 2026-03-01..2026-03-31" in text.err
    assert "3 entries" in text.err

    check = cli("--case", name, "check")
    assert check.code == 0 and "partial share covering 2026-03-01..2026-03-31" in check.err
    assert cli("--case", name, "check", "--json").json()["findings"]  # the night call of 3 March

    listed = cli("cases", "list", "--json").json()[0]
    assert listed["partial"]["from"] == "2026-03-01" and listed["partial"]["withheld_entries"] == 3
    assert listed["contacts"] == 2  # entry 3 is retracted
    assert "partial share" in cli("cases", "list").out
    assert "withheld" in cli("cases", "show", name).out

    # Nothing withheld reached the volunteer: not the content, not the recording.
    db = _case_db(tmp_path, name)
    assert SECRET.encode() not in db and "апрельское".encode() not in db and "заказным".encode() not in db
    from debtlog.sharing.cases import case_path
    from debtlog.vault import open_log
    from debtlog.vault.attachments import copy_out, store_dir

    path = case_path(tmp_path / "home", name)
    assert len(list(store_dir(path).iterdir())) == 1
    with open_log(path, VOLUNTEER_PASS) as log:
        buf = io.BytesIO()
        copy_out(log, log.attachments()[0]["sha256"], buf)
        assert buf.getvalue() == INSIDE


def test_partial_dossier_says_so(cli, monkeypatch, tmp_path, log_with_history, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "march.dlshare", "--since", "2026-03-01", "--until", "2026-03")
    name = _import(cli, monkeypatch, tmp_path / "march.dlshare").json()["case"]
    r = cli("--case", name, "export", "dossier", "--out", str(tmp_path / "d.zip"), "--without-audio")
    assert r.code == 0, r.err
    import json
    import zipfile

    with zipfile.ZipFile(tmp_path / "d.zip") as z:
        manifest = json.loads(z.read("manifest.json"))
        html = z.read("dossier.html").decode("utf-8")
    assert manifest["vault"]["partial_share"]["from"] == "2026-03-01"
    assert manifest["vault"]["partial_share"]["withheld_entries"] == 3
    assert "2026-03-01" in html and "2026-03-31" in html
    v = cli("verify", str(tmp_path / "d.zip"))
    assert v.code == 0 and "partial share" in v.err


def test_dates_are_read_like_list(cli, monkeypatch, tmp_path, log_with_history, volunteer):
    as_borrower(monkeypatch)
    r = cli("share", "--to", volunteer, "--out", str(tmp_path / "x.dlshare"), "--since", "not a date")
    assert r.code == 2 and not (tmp_path / "x.dlshare").exists()
    r = cli("share", "--to", volunteer, "--out", str(tmp_path / "x.dlshare"), "--since", "2026-04-01",
            "--until", "2026-03-01")
    assert r.code == 2 and "--since is after --until" in r.err
    info = make_share(cli, monkeypatch, volunteer, tmp_path / "x.dlshare", "--since", "2026-04-01")
    assert info["partial"]["to"] is None and info["entries"] == 1
    assert "2026-04-01..…" in cli("share", "--to", volunteer, "--out", str(tmp_path / "y.dlshare"),
                                  "--since", "2026-04-01").err


def test_full_after_partial_updates_and_partial_after_full_changes_nothing(cli, monkeypatch, tmp_path,
                                                                          log_with_history, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "march.dlshare", "--since", "2026-03-01", "--until", "2026-03")
    make_share(cli, monkeypatch, volunteer, tmp_path / "full.dlshare")
    name = _import(cli, monkeypatch, tmp_path / "march.dlshare").json()["case"]

    r = _import(cli, monkeypatch, tmp_path / "full.dlshare")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["status"] == "updated" and doc["case"] == name and doc["partial"] is None
    assert doc["changes"]["revealed"] == 3
    assert len(cli("--case", name, "list", "--json").json()) == 5  # entry 3 is retracted: hidden as for the borrower
    v = cli("--case", name, "verify", "--json").json()
    assert v["ok"] and "partial" not in v
    assert cli("cases", "list", "--json").json()[0]["partial"] is None

    before = cli("cases", "list", "--json").json()
    r = cli("cases", "import", str(tmp_path / "march.dlshare"))
    assert r.code == 0 and "already holds everything" in r.err, r.err
    assert cli("cases", "list", "--json").json() == before


def test_other_period_is_not_older_and_is_refused(cli, monkeypatch, tmp_path, log_with_history, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "march.dlshare", "--since", "2026-03-01", "--until", "2026-03")
    make_share(cli, monkeypatch, volunteer, tmp_path / "feb.dlshare", "--since", "2026-02-01", "--until", "2026-02")
    make_share(cli, monkeypatch, volunteer, tmp_path / "q1.dlshare", "--since", "2026-01-01", "--until", "2026-03-31")
    name = _import(cli, monkeypatch, tmp_path / "march.dlshare").json()["case"]
    before = cli("cases", "list", "--json").json()
    r = cli("cases", "import", str(tmp_path / "feb.dlshare"))
    assert r.code == 2 and "different part" in r.err and "older" not in r.err, r.err
    assert "2026-02-01..2026-02-28" in r.err and "2026-03-01..2026-03-31" in r.err
    assert cli("cases", "list", "--json").json() == before
    # A wider period of the same log: accepted, and says what it adds.
    r = _import(cli, monkeypatch, tmp_path / "q1.dlshare")
    assert r.code == 0 and r.json()["status"] == "updated" and r.json()["changes"]["revealed"] == 2
    assert cli("cases", "list", "--json").json()[0]["partial"]["from"] == "2026-01-01"
    assert cli("--case", name, "verify").code == 0


def test_newer_partial_share(cli, monkeypatch, tmp_path, log_with_history, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "full.dlshare")
    make_share(cli, monkeypatch, volunteer, tmp_path / "march1.dlshare", "--since", "2026-03-01", "--until", "2026-03")
    name = _import(cli, monkeypatch, tmp_path / "march1.dlshare").json()["case"]
    as_borrower(monkeypatch)
    assert cli("add", "--at", "2026-03-20T23:30", "--channel", "call", "--content", "ночью снова").code == 0
    assert cli("add", "--at", "2026-05-01T10:00", "--channel", "sms", "--content", "май").code == 0
    make_share(cli, monkeypatch, volunteer, tmp_path / "march2.dlshare", "--since", "2026-03-01", "--until", "2026-03")

    r = _import(cli, monkeypatch, tmp_path / "march2.dlshare")
    assert r.code == 0, r.err
    ch = r.json()["changes"]
    assert r.json()["status"] == "updated" and ch["contacts"] == 1 and ch["withheld"] == 1
    assert len(cli("--case", name, "list", "--json").json()) == 3
    # The old share of the same period is older: refused, saying which is newer.
    r = cli("cases", "import", str(tmp_path / "march1.dlshare"))
    assert r.code == 2 and "older" in r.err
    # An old full share is older too (by the log), though it covers more.
    r = cli("cases", "import", str(tmp_path / "full.dlshare"))
    assert r.code == 2 and "older" in r.err

    # A newer share that covers less than the case holds would hide entries: refused.
    as_volunteer(monkeypatch)
    before = cli("cases", "list", "--json").json()
    as_borrower(monkeypatch)
    assert cli("add", "--at", "2026-03-02T12:00", "--channel", "sms", "--content", "ещё").code == 0
    make_share(cli, monkeypatch, volunteer, tmp_path / "week2.dlshare", "--since", "2026-03-01", "--until", "2026-03-07")
    as_volunteer(monkeypatch)
    r = cli("cases", "import", str(tmp_path / "week2.dlshare"))
    assert r.code == 2 and "would hide" in r.err, r.err
    assert cli("cases", "list", "--json").json() == before


# -- a borrower-signed share that is inconsistent is still refused -----------------------------

def _forged(cli, monkeypatch, tmp_path, volunteer, change, *extra):
    """A share made by the real borrower's tool, with its database altered before sealing and signing."""
    from debtlog.sharing import share as sh

    real = sh.shareable_database

    def altered(db_bytes, path, window=None, tz=None):
        db, blobs, partial = real(db_bytes, path, window, tz)
        from debtlog.vault import _connect

        conn = _connect(db, path)
        partial = change(conn, partial)
        out = conn.serialize()
        conn.close()
        return out, blobs, partial

    monkeypatch.setattr(sh, "shareable_database", altered)
    make_share(cli, monkeypatch, volunteer, tmp_path / "forged.dlshare", *extra)
    monkeypatch.setattr(sh, "shareable_database", real)
    as_volunteer(monkeypatch)
    r = cli("cases", "import", str(tmp_path / "forged.dlshare"))
    assert "Traceback" not in r.err
    return r


def _nothing_imported(cli, tmp_path):
    cases = tmp_path / "home" / "cases"
    assert not cases.exists() or not list(cases.glob("*.debtlog*"))
    assert cli("cases", "list", "--json").json() == []


def test_withheld_links_without_saying_so(cli, monkeypatch, tmp_path, log_with_history, volunteer):
    def hide(conn, partial):
        conn.execute("UPDATE chain SET kind='withheld', action='', ref=NULL, recorded_at='', payload='{}' "
                     "WHERE kind='milestone'")
        conn.execute("DELETE FROM entries WHERE type='milestone'")
        return partial

    r = _forged(cli, monkeypatch, tmp_path, volunteer, hide)
    assert r.code == 1 and "does not verify" in r.err and "Nothing was imported" in r.err
    _nothing_imported(cli, tmp_path)


def test_partial_marker_that_disagrees_with_the_header(cli, monkeypatch, tmp_path, log_with_history, volunteer):
    def lie(conn, partial):
        return {**partial, "withheld_entries": 0}

    r = _forged(cli, monkeypatch, tmp_path, volunteer, lie, "--since", "2026-03-01")
    assert r.code == 1 and "disagree" in r.err
    _nothing_imported(cli, tmp_path)


def test_a_withheld_correction_of_a_shared_entry(cli, monkeypatch, tmp_path, log_with_history, volunteer):
    """Entry 2 was corrected; a share that keeps the entry but withholds the first version is refused."""
    import json

    def drop_first_version(conn, partial):
        (seq,) = conn.execute("SELECT first_link FROM entries WHERE id = 2").fetchone()
        conn.execute("UPDATE chain SET kind='withheld', action='', ref=NULL, recorded_at='', payload='{}' "
                     "WHERE seq = ?", (seq,))
        conn.execute("UPDATE entries SET first_link = (SELECT link FROM entries WHERE id = 2) WHERE id = 2")
        partial = {**partial, "withheld_links": partial["withheld_links"] + 1}
        conn.execute("UPDATE meta SET value = ? WHERE key = 'partial'", (json.dumps(partial, sort_keys=True),))
        return partial

    r = _forged(cli, monkeypatch, tmp_path, volunteer, drop_first_version, "--since", "2026-03-01")
    assert r.code == 1 and "does not verify" in r.err, r.err
    _nothing_imported(cli, tmp_path)


def test_an_entry_outside_the_period(cli, monkeypatch, tmp_path, log_with_history, volunteer):
    def stretch(conn, partial):
        import json

        partial = {**partial, "since": "2026-03-04T00:00:00+03:00", "from": "2026-03-04"}
        conn.execute("UPDATE meta SET value = ? WHERE key = 'partial'", (json.dumps(partial, sort_keys=True),))
        return partial

    r = _forged(cli, monkeypatch, tmp_path, volunteer, stretch, "--since", "2026-03-01", "--until", "2026-03")
    assert r.code == 1 and "outside the period" in r.err, r.err
    _nothing_imported(cli, tmp_path)


def test_withheld_links_in_a_borrowers_own_vault_fail_verify(cli, monkeypatch, log_with_history):
    """Only a partial share may have withheld links: in an ordinary vault one is a removed record."""
    from debtlog.vault import open_log

    as_borrower(monkeypatch)
    with open_log(log_with_history, PASS, write=True) as log:
        log.conn.execute("UPDATE chain SET kind='withheld', action='', ref=NULL, recorded_at='', payload='{}' "
                         "WHERE kind='milestone'")
        log.conn.execute("DELETE FROM entries WHERE type='milestone'")
    r = cli("verify")
    assert r.code == 1 and "does not match its hash" in r.err
