"""A full disk or a read-only folder, for every command that writes.

Each command must stop with exit 2 (nothing was changed), a message that says what is wrong
and what to do (free some space / choose a folder you can write to), no traceback, no
temporary file left behind; and the vault must still open with every record it had, and
verify. (As root, chmod does not stop writes, so the failures are simulated: faults.py.)
"""

from __future__ import annotations

import pytest

from ..conftest import PASS, make_wav, write_jsonl
from .faults import DiskFault, files_under

KINDS = ["full", "erofs", "eacces"]


@pytest.fixture
def seeded(cli, vault, vault_path, tmp_path):
    """A vault with three contacts (one with a recording), and the inputs the commands read."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    wav = make_wav(inputs / "first.wav", seconds=0.5)
    for i, extra in enumerate([["--audio", str(wav)], [], []]):
        r = cli("add", "--at", f"2026-03-0{3 + i}T22:30", "--channel", "call", "--number", "+79161234567",
                "--content", f"call {i}", *extra)
        assert r.code == 0, r.err
    make_wav(inputs / "second.wav", seconds=0.7, freq=300)
    write_jsonl(inputs / "more.jsonl", [{"source_id": f"j{i}", "occurred_at": f"2026-03-10T1{i}:00:00",
                                         "channel": "sms", "number": "900", "content": "долг"} for i in range(5)])
    (inputs / "usb").mkdir()
    (inputs / "out").mkdir()
    return inputs


def _state(cli):
    r = cli("list", "--json")
    assert r.code == 0, r.err
    return [(e["id"], e["content"], e.get("voided"), len(e["attachments"])) for e in r.json()]


COMMANDS = {
    "add": lambda i: ["add", "--at", "2026-03-12T23:10", "--channel", "call", "--number", "+79160000000",
                      "--content", "new"],
    "import": lambda i: ["import", "jsonl", str(i / "more.jsonl")],
    "edit": lambda i: ["edit", "2", "--content", "corrected", "--reason", "typo"],
    "void": lambda i: ["void", "3", "--reason", "duplicate"],
    "passwd": lambda i: ["passwd"],
    "attach": lambda i: ["attach", "2", str(i / "second.wav")],
    "backup": lambda i: ["backup", "--out", str(i / "usb" / "case.backup")],
    "export": lambda i: ["export", "dossier", "--out", str(i / "out" / "case.zip"), "--lang", "en"],
}
# Where the command writes: the vault's folder, or the folder the person chose with --out.
OUT_FOLDER = {"backup": "usb", "export": "out"}


def _check_refused(r, kind: str, before_files, folders, vault_before: bytes, vault_path, state_before, cli,
                   monkeypatch):
    assert r.code == 2, (r.code, r.err)
    assert "Traceback" not in r.err and "Internal error" not in r.err, r.err
    low = r.err.lower()
    if kind == "full":
        assert "full" in low and "free some space" in low, r.err
    else:
        assert "read-only" in low or "not writable" in low, r.err
        assert "write to" in low or "writable" in low, r.err  # what to do: a folder you can write to
    assert "nothing was" in low or "unchanged" in low or "as it was" in low, r.err
    assert files_under(*folders) == before_files, "a temporary file was left behind"
    assert vault_path.read_bytes() == vault_before
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", PASS)
    assert _state(cli) == state_before
    v = cli("verify")
    assert v.code == 0, v.err


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_write_failure_leaves_the_vault_as_it_was(cli, seeded, vault_path, tmp_path, monkeypatch, command, kind):
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", "a brand new passphrase")
    target = seeded / OUT_FOLDER[command] if command in OUT_FOLDER else tmp_path
    folders = [tmp_path]
    state_before = _state(cli)
    vault_before = vault_path.read_bytes()
    before_files = files_under(*folders)
    with pytest.MonkeyPatch.context() as mp:
        fault = DiskFault(mp, [target], kind, budget=64, match=None if command in OUT_FOLDER else
                          (lambda p: not p.is_relative_to(seeded)))
        r = cli(*COMMANDS[command](seeded))
    assert fault.hits, "the simulated failure never happened: the test would prove nothing"
    _check_refused(r, kind, before_files, folders, vault_before, vault_path, state_before, cli, monkeypatch)


@pytest.mark.parametrize("budget", [0, 300, 5000])
@pytest.mark.parametrize("command", ["add", "import", "passwd"])
def test_disk_full_part_way_through_the_vault(cli, seeded, vault_path, tmp_path, monkeypatch, command, budget):
    """The disk fills at the header, inside the header, or inside the body of the new vault."""
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", "a brand new passphrase")
    state_before, vault_before, files = _state(cli), vault_path.read_bytes(), files_under(tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        fault = DiskFault(mp, [tmp_path], "full", budget=budget, match=lambda p: not p.is_relative_to(seeded))
        r = cli(*COMMANDS[command](seeded))
    assert fault.hits
    _check_refused(r, "full", files, [tmp_path], vault_before, vault_path, state_before, cli, monkeypatch)


def test_attach_when_only_the_vault_save_fails_removes_the_stored_recording(cli, seeded, vault_path, tmp_path,
                                                                           monkeypatch):
    """The recording is stored, then saving the vault that refers to it fails: no orphan blob."""
    state_before, vault_before, files = _state(cli), vault_path.read_bytes(), files_under(tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        fault = DiskFault(mp, [tmp_path], "full", budget=0,
                          match=lambda p: p.name.startswith(vault_path.name + ".tmp-"))
        r = cli(*COMMANDS["attach"](seeded))
    assert fault.hits
    _check_refused(r, "full", files, [tmp_path], vault_before, vault_path, state_before, cli, monkeypatch)


def test_passwd_refused_keeps_the_old_passphrase(cli, seeded, vault_path, tmp_path, monkeypatch):
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", "a brand new passphrase")
    with pytest.MonkeyPatch.context() as mp:
        DiskFault(mp, [tmp_path], "full", budget=100, match=lambda p: not p.is_relative_to(seeded))
        assert cli("passwd").code == 2
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "a brand new passphrase")
    assert cli("list").code == 3
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", PASS)
    assert cli("list").code == 0
