"""A full disk or a read-only folder for the remaining commands that write (issue #9).

The borrower's side: ``share`` (the share file), ``contacts import`` (the address book, in the
vault), ``restore``, ``import sms-backup`` and ``import recordings``. The volunteer's side:
``volunteer init``, ``volunteer passwd``, ``cases import`` (a new case and a newer share of a
case), ``cases note`` and ``cases remove``.

As in test_disk_faults.py: exit 2, a message that says what is wrong and what to do, no
traceback, no temporary file left; and here also every file of the vault, the volunteer's key
and the cases byte for byte as it was, and the vault (or case) still verifies.
"""

from __future__ import annotations

import os

import pytest

from ..conftest import PASS, make_wav
from ..importers.fixtures import ms, sbr_calls
from .faults import DiskFault
from .test_disk_faults import KINDS, _state, seeded  # noqa: F401 - seeded is a fixture

VOLUNTEER_PASS = "volunteer passphrase long"
NEW_PASS = "a brand new passphrase"


def snapshot(*folders) -> dict[str, bytes]:
    """Every file under ``folders`` with its bytes, but for empty lock files: a writer's lock
    (``<file>.lock``) is made by the first command that changes a file and stays (it carries
    nothing and is never removed, as removing an flock'ed file races with the next writer)."""
    out = {}
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                p = os.path.join(root, name)
                if name.endswith(".lock") and os.path.getsize(p) == 0:
                    continue
                with open(p, "rb") as f:
                    out[os.path.relpath(p, folder)] = f.read()
    return out


def _message_ok(r, kind: str) -> None:
    assert r.code == 2, (r.code, r.out, r.err)
    assert "Traceback" not in r.err and "Internal error" not in r.err, r.err
    low = r.err.lower()
    if kind == "full":
        assert "full" in low and "free some space" in low, r.err
    else:
        assert "read-only" in low or "not writable" in low, r.err
        assert "write to" in low or "writable" in low, r.err
    assert "nothing was" in low or "unchanged" in low or "as it was" in low, r.err


def _run_with_fault(cli, folder, kind, budget, args, match=None):
    with pytest.MonkeyPatch.context() as mp:
        fault = DiskFault(mp, [folder], kind, budget=budget, match=match)
        r = cli(*args)
    assert fault.hits, "the simulated failure never happened: the test would prove nothing"
    return r


# -- the borrower's commands ---------------------------------------------------------------------

VCARDS = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Мама\r\nTEL;TYPE=CELL:+79035550000\r\nEND:VCARD\r\n"
          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Работа\r\nTEL;TYPE=WORK:+74950000000\r\nEND:VCARD\r\n")


def _borrower_inputs(inputs, cli, kind_of_command):
    if kind_of_command == "contacts":
        (inputs / "book.vcf").write_text(VCARDS, encoding="utf-8")
    elif kind_of_command in ("sms-backup", "recordings"):
        calls = [{"number": "+79161234567", "date": ms(f"2026-03-1{i}T10:00:00+03:00"), "type": 1, "duration": 40}
                 for i in range(3)]
        (inputs / "calls.xml").write_text(sbr_calls(calls), encoding="utf-8")
        if kind_of_command == "recordings":
            assert cli("import", "sms-backup", str(inputs / "calls.xml"), "--all").code == 0
            rec = inputs / "rec"
            rec.mkdir()
            make_wav(rec / "20260310_100005.123+0300_in_sim1_+79161234567_X.wav", seconds=0.5)
            make_wav(rec / "20260311_100005.123+0300_in_sim1_+79161234567_X.wav", seconds=0.6, freq=300)
    elif kind_of_command == "restore":
        assert cli("backup", "--out", str(inputs / "case.backup")).code == 0
        # Something after the backup, so that restoring it would change the vault.
        assert cli("add", "--at", "2026-03-20T12:00", "--channel", "sms", "--number", "900",
                   "--content", "after the backup").code == 0


BORROWER = {
    "share": lambda i, key: ["share", "--to", key, "--out", str(i / "out" / "case.dlshare")],
    "contacts": lambda i, key: ["contacts", "import", str(i / "book.vcf")],
    "restore": lambda i, key: ["restore", str(i / "case.backup"), "--force"],
    "sms-backup": lambda i, key: ["import", "sms-backup", str(i / "calls.xml"), "--all"],
    "recordings": lambda i, key: ["import", "recordings", str(i / "rec")],
}


@pytest.fixture
def volunteer_key(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)
    r = cli("volunteer", "init", "--json")
    assert r.code == 0, r.err
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", PASS)
    return r.json()["public_key"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", list(BORROWER))
def test_borrower_write_failure_leaves_everything_as_it_was(cli, seeded, volunteer_key, vault_path, tmp_path,
                                                            monkeypatch, command, kind):
    _borrower_inputs(seeded, cli, command)
    target = seeded / "out" if command == "share" else tmp_path
    state_before, files = _state(cli), snapshot(tmp_path)
    r = _run_with_fault(cli, target, kind, 64, BORROWER[command](seeded, volunteer_key),
                        match=None if command == "share" else (lambda p: not p.is_relative_to(seeded)))
    _message_ok(r, kind)
    assert snapshot(tmp_path) == files
    assert _state(cli) == state_before
    assert cli("verify").code == 0


@pytest.mark.parametrize("budget", [0, 3000, 20000])
def test_restore_disk_full_part_way(cli, seeded, vault_path, tmp_path, budget):
    """The disk fills while the backup is unpacked beside the vault: at its vault, or at a recording."""
    _borrower_inputs(seeded, cli, "restore")
    state_before, files = _state(cli), snapshot(tmp_path)
    r = _run_with_fault(cli, tmp_path, "full", budget, BORROWER["restore"](seeded, None),
                        match=lambda p: not p.is_relative_to(seeded))
    _message_ok(r, "full")
    assert snapshot(tmp_path) == files
    assert _state(cli) == state_before


# -- the volunteer's commands --------------------------------------------------------------------

@pytest.fixture
def casework(cli, seeded, volunteer_key, monkeypatch, tmp_path):
    """A volunteer with one imported case (with a recording and a note), and a newer share of it."""
    out = seeded / "out"
    assert cli("share", "--to", volunteer_key, "--out", str(out / "v1.dlshare")).code == 0
    assert cli("add", "--at", "2026-03-20T12:00", "--channel", "sms", "--number", "900", "--content", "new").code == 0
    assert cli("attach", "4", str(seeded / "second.wav")).code == 0
    assert cli("share", "--to", volunteer_key, "--out", str(out / "v2.dlshare")).code == 0
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)
    r = cli("cases", "import", str(out / "v1.dlshare"), "--name", "petrova")
    assert r.code == 0, r.err
    assert cli("cases", "note", "petrova", "first note").code == 0
    return out


def _cases(cli):
    r = cli("cases", "list", "--json")
    assert r.code == 0, r.err
    return r.json()


VOLUNTEER = {
    "cases import (update)": lambda o: ["cases", "import", str(o / "v2.dlshare")],
    "cases import (new)": lambda o: ["cases", "import", str(o / "v1.dlshare"), "--name", "again"],
    "cases note": lambda o: ["cases", "note", "petrova", "second note"],
    "cases remove": lambda o: ["cases", "remove", "petrova", "--yes"],
    "volunteer passwd": lambda o: ["volunteer", "passwd"],
}


def _fresh_case_import(cli, out, tmp_path):
    """`cases import` of a share as a new case: the case from v1 goes first (removed: nothing left)."""
    assert cli("cases", "remove", "petrova", "--yes").code == 0


# A full disk at the first write of an import or a passphrase change is one of the cases of the
# per-file tests below: not repeated here.
VOLUNTEER_CASES = [(c, k) for c in VOLUNTEER for k in KINDS
                   if not (k == "full" and c in ("cases import (update)", "cases import (new)", "volunteer passwd"))]


@pytest.mark.parametrize("command, kind", VOLUNTEER_CASES)
def test_volunteer_write_failure_leaves_everything_as_it_was(cli, casework, tmp_path, monkeypatch, command, kind):
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", NEW_PASS)
    if command == "cases import (new)":
        _fresh_case_import(cli, casework, tmp_path)
    home = tmp_path / "home"
    cases_before, files = _cases(cli), snapshot(home)
    r = _run_with_fault(cli, home, kind, 64, VOLUNTEER[command](casework))
    _message_ok(r, kind)
    assert snapshot(home) == files
    assert _cases(cli) == cases_before  # the old passphrase still opens the key, the casebook and the cases
    for case in cases_before:
        v = cli("verify", "--vault", str(home / "cases" / f"{case['name']}.debtlog"))
        assert v.code == 0, v.err


@pytest.mark.parametrize("where", ["case", "recording", "casebook"])
def test_cases_import_disk_full_at_each_file(cli, casework, tmp_path, where):
    """A newer share: the disk fills while the new recording, the case or the casebook is written."""
    home = tmp_path / "home"
    cases_before, files = _cases(cli), snapshot(home)
    match = {"case": lambda p: p.name.startswith("petrova.debtlog.tmp-"),
             "recording": lambda p: p.parent.name.endswith(".attachments"),
             "casebook": lambda p: p.name.startswith("casebook") and ".tmp-" in p.name}[where]
    r = _run_with_fault(cli, home, "full", 0, VOLUNTEER["cases import (update)"](casework), match=match)
    _message_ok(r, "full")
    assert snapshot(home) == files
    assert _cases(cli) == cases_before


@pytest.mark.parametrize("where", ["case", "recording", "casebook"])
def test_new_case_disk_full_at_each_file(cli, casework, tmp_path, where):
    _fresh_case_import(cli, casework, tmp_path)
    home = tmp_path / "home"
    cases_before, files = _cases(cli), snapshot(home)
    match = {"case": lambda p: p.name.startswith(".import-") and ".tmp-" in p.name,
             "recording": lambda p: p.parent.name.endswith(".attachments"),
             "casebook": lambda p: p.name.startswith("casebook") and ".tmp-" in p.name}[where]
    r = _run_with_fault(cli, home, "full", 0, VOLUNTEER["cases import (new)"](casework), match=match)
    _message_ok(r, "full")
    assert snapshot(home) == files
    assert _cases(cli) == cases_before


@pytest.mark.parametrize("where", ["identity", "case", "journal"])
def test_volunteer_passwd_disk_full_at_each_file(cli, casework, tmp_path, monkeypatch, where):
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", NEW_PASS)
    home = tmp_path / "home"
    cases_before, files = _cases(cli), snapshot(home)
    match = {"identity": lambda p: "identity.debtlog" in p.name and p.name != "identity.debtlog.lock",
             "case": lambda p: "petrova.debtlog" in p.name and not p.name.endswith(".lock"),
             "journal": lambda p: p.name.startswith("passwd.journal")}[where]
    r = _run_with_fault(cli, home, "full", 0, VOLUNTEER["volunteer passwd"](casework), match=match)
    _message_ok(r, "full")
    assert snapshot(home) == files
    assert _cases(cli) == cases_before
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", NEW_PASS)
    assert cli("cases", "list", "--json").code == 3


@pytest.mark.parametrize("kind, budget, where", [("erofs", 64, None), ("eacces", 64, None), ("full", 0, None),
                                                 ("full", 0, "public-key.txt")])
@pytest.mark.parametrize("home_exists", [False, True])
def test_volunteer_init_failure_leaves_no_key(cli, tmp_path, monkeypatch, kind, budget, where, home_exists):
    """No half-made key: neither a key without its public file nor the reverse (either would make
    'volunteer init' say there is a key while 'volunteer key' says there is none)."""
    home = tmp_path / "vhome"
    if home_exists:
        home.mkdir(mode=0o700)
    monkeypatch.setenv("DEBTLOG_HOME", str(home))
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)
    match = (lambda p: p.name.startswith(where)) if where else None
    r = _run_with_fault(cli, tmp_path, kind, budget, ["volunteer", "init"], match=match)
    _message_ok(r, kind)
    assert snapshot(home) == {}, "a file of a half-made key was left"
    assert cli("volunteer", "key").code == 2  # "you have no volunteer key yet"
    r = cli("volunteer", "init", "--json")
    assert r.code == 0, r.err
    assert cli("volunteer", "key").code == 0
