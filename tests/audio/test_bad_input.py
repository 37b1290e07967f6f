"""Bad recordings: a clear message, exit 2, and nothing half-stored (the vault and its store unchanged)."""

from __future__ import annotations

import errno
import wave

import pytest

from .conftest import make_wav

CALL = ("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567")


def snapshot(vault_path):
    store = vault_path.with_name(vault_path.name + ".attachments")
    files = sorted((p.name, p.read_bytes()) for p in store.iterdir()) if store.exists() else []
    return vault_path.read_bytes(), files


@pytest.fixture
def bad_files(recordings, tmp_path):
    header_only = tmp_path / "header_only.wav"
    with wave.open(str(header_only), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
    empty = tmp_path / "empty.mp3"
    empty.write_bytes(b"")
    text = tmp_path / "notes.amr"
    text.write_text("this is a text file pretending to be a recording\n" * 20)
    pdf = tmp_path / "letter.m4a"
    pdf.write_bytes(b"%PDF-1.7\n" + b"0" * 4000)
    cut = {}
    for fmt in ("mp3", "m4a", "ogg", "amr", "wav"):
        data = recordings[fmt].read_bytes()
        cut[fmt] = tmp_path / f"cut.{fmt}"
        cut[fmt].write_bytes(data[: len(data) // 2])
    return {"header_only": (header_only, "empty"), "empty": (empty, "empty"), "text": (text, "not audio"),
            "pdf": (pdf, "PDF"), "missing": (tmp_path / "nope.mp3", "does not exist"),
            **{f"cut_{k}": (v, "truncated") for k, v in cut.items()}}


@pytest.mark.parametrize("case", ["header_only", "empty", "text", "pdf", "missing", "cut_mp3", "cut_m4a", "cut_ogg",
                                  "cut_amr", "cut_wav"])
def test_add_refuses_bad_recordings(cli, vault, vault_path, bad_files, recordings, case):
    path, words = bad_files[case]
    before = snapshot(vault_path)
    # A good recording first: it must not be stored either.
    r = cli(*CALL, "--audio", str(recordings["mp3"]), "--audio", str(path))
    assert r.code == 2, r.err
    assert words in r.err
    assert "Traceback" not in r.err
    assert snapshot(vault_path) == before


@pytest.mark.parametrize("case", ["header_only", "text", "cut_m4a", "missing"])
def test_attach_refuses_bad_recordings(cli, vault, vault_path, bad_files, case):
    assert cli(*CALL).code == 0
    before = snapshot(vault_path)
    path, words = bad_files[case]
    r = cli("attach", "1", str(path))
    assert r.code == 2 and words in r.err
    assert snapshot(vault_path) == before


def test_a_file_larger_than_the_free_disk(cli, vault, vault_path, recordings, monkeypatch):
    import shutil
    from collections import namedtuple

    before = snapshot(vault_path)
    Usage = namedtuple("Usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: Usage(10**9, 10**9 - 1000, 1000))
    r = cli(*CALL, "--audio", str(recordings["wav"]))
    assert r.code == 2
    assert "not enough free disk space" in r.err and "Nothing was stored" in r.err
    assert snapshot(vault_path) == before


def test_disk_full_while_writing(cli, vault, vault_path, recordings, monkeypatch):
    from debtlog.vault import crypto

    before = snapshot(vault_path)
    real = crypto.seal_stream
    calls = []

    def failing(key, purpose, chunks, out):
        calls.append(1)
        if len(calls) == 2:  # the second recording: the first one's blob must go too
            out.write(b"partial")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(key, purpose, chunks, out)

    monkeypatch.setattr(crypto, "seal_stream", failing)
    r = cli(*CALL, "--audio", str(recordings["mp3"]), "--audio", str(recordings["opus"]))
    assert r.code == 2, r.err
    assert "disk became full" in r.err
    assert snapshot(vault_path) == before


def test_failed_save_removes_new_blobs(cli, vault, vault_path, recordings, monkeypatch):
    from debtlog.vault.store import OpenVault

    before = snapshot(vault_path)

    def boom(self, db_bytes):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(OpenVault, "save", boom)
    r = cli(*CALL, "--audio", str(recordings["mp3"]))
    assert r.code != 0
    assert snapshot(vault_path) == before


def test_existing_blob_is_kept_when_a_second_entry_fails(cli, vault, vault_path, recordings, monkeypatch):
    """A recording already in the store (another entry) is never deleted by a failed command."""
    assert cli(*CALL, "--audio", str(recordings["mp3"])).code == 0
    before = snapshot(vault_path)
    from debtlog.vault.store import OpenVault

    with monkeypatch.context() as m:
        m.setattr(OpenVault, "save", lambda self, b: (_ for _ in ()).throw(OSError(errno.EIO, "I/O")))
        assert cli(*CALL, "--audio", str(recordings["mp3"])).code != 0
    assert snapshot(vault_path)[1] == before[1]
    assert cli("verify").code == 0


def test_lying_extension_is_kept_with_the_true_type(cli, vault, recordings, tmp_path):
    liar = tmp_path / "call.amr"
    liar.write_bytes(recordings["m4a"].read_bytes())
    r = cli(*CALL, "--audio", str(liar), "--json")
    assert r.code == 0, r.err
    assert r.json()["attachments"][0]["media_type"] == "audio/mp4"


def test_directory_is_refused(cli, vault, tmp_path):
    r = cli(*CALL, "--audio", str(tmp_path))
    assert r.code == 2 and "not a file" in r.err


def test_changed_while_storing(tmp_path):
    """A recording still being written (its size changes) is refused."""
    from debtlog.errors import InvalidInput
    from debtlog.vault import attachments

    src = make_wav(tmp_path / "growing.wav", seconds=1.0)
    real_open = open

    class Growing:
        def __init__(self, f):
            self.f = f

        def __getattr__(self, k):
            return getattr(self.f, k)

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.f.close()

        def read(self, n):
            data = self.f.read(n)
            return data + b"\0" * 10 if data else data

    import builtins

    def fake_open(p, mode="r", *a, **k):
        f = real_open(p, mode, *a, **k)
        return Growing(f) if str(p) == str(src) else f

    vault = tmp_path / "v.debtlog"
    builtins_open = builtins.open
    try:
        attachments.open = fake_open  # module-level name lookup
        with pytest.raises(InvalidInput, match="changed while"):
            attachments.store_file(vault, b"k" * 32, b"i" * 16, src)
    finally:
        del attachments.open
        assert builtins.open is builtins_open
