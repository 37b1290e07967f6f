"""Simulated disk failures: a full disk (ENOSPC) and a read-only folder (EROFS, EACCES).

As root, ``chmod`` does not stop writes, and a real full disk is hard to arrange in a test,
so the operating system's answers are simulated where Python asks for them: ``os.open``,
``os.fdopen``, ``open``/``io.open`` (also tarfile's), ``os.mkdir``, ``os.replace``, ``os.rename``, ``os.link``
and ``os.write``. Only paths inside the chosen folders fail; everything else works.

- ``full``: files can be created, but writing to them fails with ENOSPC once ``budget`` bytes
  went into them (so a half-written temporary file exists when the error comes).
- ``erofs``: the folder is on a read-only file system: any open for writing, creating a
  file or folder, or renaming into it fails with EROFS (even an existing lock file).
- ``eacces``: the folder is not writable by this user: creating, renaming into or removing
  an entry fails with EACCES; existing files the user owns can still be opened.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import tarfile
from pathlib import Path

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class _FullFile:
    """A file whose writes fail with ENOSPC once the shared budget is spent."""

    def __init__(self, f, fault):
        self._f = f
        self._fault = fault

    def write(self, data):
        n = len(memoryview(data).cast("B"))
        if self._fault.spent + n > self._fault.budget:
            self._fault.hits += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._fault.spent += n
        return self._f.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()

    def __iter__(self):
        return iter(self._f)

    def __getattr__(self, name):
        return getattr(self._f, name)


class DiskFault:
    def __init__(self, monkeypatch, folders, kind: str, budget: int = 64, match=None):
        self.folders = [Path(f).resolve() for f in folders]
        self.kind = kind
        self.budget = budget
        self.spent = 0
        self.hits = 0
        self.match = match or (lambda p: True)  # which paths inside the folders fail
        self._fds: set[int] = set()
        self._install(monkeypatch)

    def inside(self, path) -> bool:
        try:
            p = Path(os.fsdecode(path)).absolute()
        except TypeError:
            return False
        parent = p.parent.resolve()
        return any(parent == f or f in parent.parents for f in self.folders) and self.match(p)

    def _err(self, code: int, path) -> OSError:
        self.hits += 1
        return OSError(code, os.strerror(code), os.fsdecode(path))

    def _install(self, mp) -> None:
        real_open, real_fdopen, real_io_open = os.open, os.fdopen, io.open
        real_mkdir, real_replace, real_rename, real_link, real_unlink = os.mkdir, os.replace, os.rename, os.link, os.unlink
        real_write = os.write
        fault = self

        def fake_open(path, flags, mode=0o777, *, dir_fd=None):
            if dir_fd is None and flags & WRITE_FLAGS and fault.inside(path):
                exists = os.path.exists(path)
                if fault.kind == "erofs":
                    raise fault._err(errno.EROFS, path)
                if fault.kind == "eacces" and (not exists or flags & os.O_EXCL):
                    raise fault._err(errno.EACCES, path)
                fd = real_open(path, flags, mode)
                if fault.kind == "full":
                    fault._fds.add(fd)
                return fd
            return real_open(path, flags, mode, dir_fd=dir_fd)

        def fake_fdopen(fd, *args, **kwargs):
            f = real_fdopen(fd, *args, **kwargs)
            return _FullFile(f, fault) if fd in fault._fds else f

        def fake_io_open(file, mode="r", *args, **kwargs):
            writing = any(c in mode for c in "wax+")
            if writing and isinstance(file, (str, bytes, os.PathLike)) and fault.inside(file):
                if fault.kind == "erofs":
                    raise fault._err(errno.EROFS, file)
                if fault.kind == "eacces" and ("x" in mode or not os.path.exists(file)):
                    raise fault._err(errno.EACCES, file)
                f = real_io_open(file, mode, *args, **kwargs)
                return _FullFile(f, fault) if fault.kind == "full" else f
            return real_io_open(file, mode, *args, **kwargs)

        def fake_write(fd, data):
            if fd in fault._fds and fault.spent + len(data) > fault.budget:
                raise fault._err(errno.ENOSPC, f"fd {fd}")
            return real_write(fd, data)

        def guard(real, code_for):
            def fake(*args, **kwargs):
                target = args[-1] if real is not real_mkdir and real is not real_unlink else args[0]
                if fault.inside(target):
                    code = code_for()
                    if code:
                        raise fault._err(code, target)
                return real(*args, **kwargs)
            return fake

        def no_create():
            return {"erofs": errno.EROFS, "eacces": errno.EACCES}.get(fault.kind)

        mp.setattr(os, "open", fake_open)
        mp.setattr(os, "fdopen", fake_fdopen)
        mp.setattr(os, "write", fake_write)
        mp.setattr(io, "open", fake_io_open)
        mp.setattr(builtins, "open", fake_io_open)
        mp.setattr(tarfile, "bltn_open", fake_io_open)  # tarfile keeps its own reference to open()
        mp.setattr(os, "mkdir", guard(real_mkdir, no_create))
        mp.setattr(os, "replace", guard(real_replace, no_create))
        mp.setattr(os, "rename", guard(real_rename, no_create))
        mp.setattr(os, "link", guard(real_link, no_create))
        mp.setattr(os, "unlink", guard(real_unlink, no_create))


def files_under(*folders) -> set[str]:
    out = set()
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                out.add(os.path.relpath(os.path.join(root, name), folder))
    return out
