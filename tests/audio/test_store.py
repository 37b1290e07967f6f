"""The blob store under audio: bounded memory, private files, free-space check, derived rows in the chain."""

from __future__ import annotations

import hashlib
import os
import stat
import tracemalloc

import pytest

from debtlog.errors import InvalidInput
from debtlog.vault.attachments import blob_name, cleanup_on_failure, open_blob, store_dir, store_file, store_stream


def test_storing_a_large_file_needs_little_memory(tmp_path):
    src = tmp_path / "big.wav"
    with open(src, "wb") as f:
        for _ in range(40):
            f.write(os.urandom(1 << 20))
    vault = tmp_path / "v.debtlog"
    key, vid = os.urandom(32), os.urandom(16)
    tracemalloc.start()
    info = store_file(vault, key, vid, src)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 12 * (1 << 20), f"peak {peak / 1e6:.1f} MB for a 42 MB file"
    assert info["size"] == 40 << 20
    h = hashlib.sha256()
    for chunk in open_blob(vault, key, vid, info["sha256"]):
        h.update(chunk)
    assert h.hexdigest() == info["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    folder = store_dir(vault)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    blob = folder / blob_name(key, info["sha256"])
    assert stat.S_IMODE(blob.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [blob.name]  # no temporary file left


def test_free_space_is_checked_before_writing(tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    Usage = namedtuple("Usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: Usage(100, 100, 10))
    with pytest.raises(InvalidInput, match="not enough free disk space"):
        store_stream(tmp_path / "v.debtlog", os.urandom(32), os.urandom(16), [b"x" * 100], what="x",
                     expected_size=100)
    assert list(store_dir(tmp_path / "v.debtlog").iterdir()) == []


def test_cleanup_on_failure_removes_only_new_blobs(tmp_path):
    vault, key, vid = tmp_path / "v.debtlog", os.urandom(32), os.urandom(16)
    old = store_stream(vault, key, vid, [b"already here"])
    with pytest.raises(RuntimeError):
        with cleanup_on_failure():
            store_stream(vault, key, vid, [b"already here"])
            store_stream(vault, key, vid, [b"new"])
            raise RuntimeError
    assert [p.name for p in store_dir(vault).iterdir()] == [blob_name(key, old["sha256"])]
