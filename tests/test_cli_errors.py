"""No traceback reaches the user, except with --debug; unexpected errors still say what to do."""

from __future__ import annotations

import subprocess

from .conftest import DEBTLOG, subprocess_env


def test_debug_shows_a_traceback(cli, vault, monkeypatch):
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "wrong wrong wrong")
    r = cli("--debug", "list")
    assert r.code == 3
    assert "Traceback" in r.err and "WrongPassphrase" in r.err
    r = cli("list")
    assert r.code == 3 and "Traceback" not in r.err


def test_internal_error_is_reported_without_traceback(cli, vault, monkeypatch):
    from debtlog.vault import log as logmod

    def boom(self, **kw):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(logmod.EvidenceLog, "entries", boom)
    r = cli("list")
    assert r.code == 70
    assert "Internal error: RuntimeError: simulated bug" in r.err
    assert "--debug" in r.err and "Traceback" not in r.err


def test_usage_errors_exit_2(cli, vault):
    r = cli("list", "--no-such-option")
    assert r.code == 2
    r = cli("show", "not-a-number")
    assert r.code == 2
    r = cli("frobnicate")
    assert r.code == 2


def test_broken_pipe_is_quiet(vault, tmp_path):
    env = subprocess_env(tmp_path)
    for i in range(30):
        subprocess.run([*DEBTLOG, "add", "--at", f"2026-03-03T10:{i:02d}", "--channel", "sms", "--number", "900",
                        "--content", "x" * 200], env=env, check=True, capture_output=True)
    p = subprocess.run(" ".join(DEBTLOG) + " list --json | head -c 100", shell=True, env=env, capture_output=True,
                       text=True)
    assert "Traceback" not in p.stderr
    assert "Internal error" not in p.stderr
