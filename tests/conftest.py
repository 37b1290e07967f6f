"""Shared fixtures: every test gets its own DEBTLOG_HOME and vault, never the user's."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PASS = "correct horse battery staple"
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture(autouse=True)
def debtlog_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DEBTLOG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DEBTLOG_VAULT", str(tmp_path / "vault.debtlog"))
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", PASS)
    monkeypatch.setenv("DEBTLOG_KDF_PROFILE", "minimum")  # OWASP minimum: keeps the suite fast
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    for var in ("DEBTLOG_PASSPHRASE_FILE", "DEBTLOG_NEW_PASSPHRASE", "DEBTLOG_DEBUG",
                "DEBTLOG_LOCK_TIMEOUT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DEBTLOG_LANG", "en")  # the tests read English, whatever the machine's locale
    from debtlog import i18n

    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def vault_path(tmp_path) -> Path:
    return tmp_path / "vault.debtlog"


def run_cli(*args: str, input: str | None = None, tty: bool = False) -> Result:
    """Run debtlog in this process, as the console script does; capture exit code and output."""
    from debtlog.cli import common
    from debtlog.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    stdin = _FakeStdin(input or "", tty)
    code = 0
    old_interactive = common.interactive
    common.interactive = (lambda: True) if tty else (lambda: False)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _swap_stdin(stdin):
            try:
                main([str(a) for a in args])
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        common.interactive = old_interactive
    return Result(code, out.getvalue(), err.getvalue())


class _FakeStdin(io.StringIO):
    def __init__(self, text: str, tty: bool):
        super().__init__(text)
        self._tty = tty
        self.buffer = io.BytesIO(text.encode("utf-8"))

    def isatty(self) -> bool:
        return self._tty


@contextlib.contextmanager
def _swap_stdin(new):
    old = sys.stdin
    sys.stdin = new
    try:
        yield
    finally:
        sys.stdin = old


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def vault(cli, vault_path):
    """A fresh RU vault (Europe/Moscow)."""
    r = cli("init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow", "--name", "Test Debtor")
    assert r.code == 0, r.err
    return vault_path


def write_jsonl(path: Path, records) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path


def subprocess_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update({"DEBTLOG_HOME": str(tmp_path / "home"), "DEBTLOG_VAULT": str(tmp_path / "vault.debtlog"),
                "DEBTLOG_PASSPHRASE": PASS, "DEBTLOG_KDF_PROFILE": "minimum", "NO_COLOR": "1"})
    return env


DEBTLOG = [sys.executable, "-m", "debtlog"]


def make_wav(path: Path, seconds: float = 1.0, rate: int = 8000, freq: float = 440.0) -> Path:
    """A real (tiny) recording: 16-bit mono PCM, a tone, written with the standard library."""
    import math
    import struct
    import wave

    n = int(seconds * rate)
    one_cycle = [int(12000 * math.sin(2 * math.pi * freq * i / rate)) for i in range(rate)]
    frames = struct.pack(f"<{rate}h", *one_cycle)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        full, rest = divmod(n, rate)
        for _ in range(full):
            w.writeframes(frames)
        w.writeframes(frames[: rest * 2])
    return path
