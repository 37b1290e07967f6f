"""The passphrase never leaves debtlog: not in a child process's argv or environment, not in
--debug output or the traceback of an internal error, whichever way it was given; no option
takes it on the command line; and every file debtlog writes is 0600, every folder it creates 0700.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from ..conftest import PASS, make_wav, run_cli

SECRET = "s3cret-Пароль-密码-" + "x" * 8  # distinctive: any sighting of it is a leak
NEW_SECRET = "n3w-secret-Новый-" + "y" * 8


def _given(how: str, monkeypatch, tmp_path) -> list[str]:
    """Give SECRET the way a person would; returns the extra command-line arguments."""
    monkeypatch.delenv("DEBTLOG_PASSPHRASE", raising=False)
    if how == "env":
        monkeypatch.setenv("DEBTLOG_PASSPHRASE", SECRET)
        return []
    f = tmp_path / "pass.txt"
    f.write_text(SECRET + "\n", encoding="utf-8")
    f.chmod(0o600)
    if how == "env-file":
        monkeypatch.setenv("DEBTLOG_PASSPHRASE_FILE", str(f))
        return []
    return ["--passphrase-file", str(f)]


HOW = ["env", "env-file", "option-file"]


@pytest.fixture
def secret_vault(cli, monkeypatch, tmp_path, vault_path):
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", SECRET)
    r = cli("init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow")
    assert r.code == 0, r.err
    wav = make_wav(tmp_path / "call.wav", seconds=1.0)
    r = cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567",
            "--content", "угрозы", "--audio", str(wav))
    assert r.code == 0, r.err
    return vault_path


def _leaks(text: str) -> bool:
    return SECRET in text or NEW_SECRET in text or SECRET.encode().hex() in text


# -- child processes -----------------------------------------------------------------------------

@pytest.mark.parametrize("how", HOW)
def test_no_passphrase_in_a_child_process(cli, secret_vault, monkeypatch, tmp_path, how):
    """ffmpeg (playable copies, probing) gets neither the passphrase in argv nor in its environment."""
    seen: list[tuple[list[str], dict | None]] = []
    real = subprocess.Popen

    class Spy(real):
        def __init__(self, args, *a, **kw):
            seen.append(([os.fsdecode(x) for x in ([args] if isinstance(args, (str, bytes)) else args)],
                         kw.get("env")))
            super().__init__(args, *a, **kw)

    extra = _given(how, monkeypatch, tmp_path)
    monkeypatch.setattr(subprocess, "Popen", Spy)
    sha = run_cli(*extra, "list", "--json").json()[0]["attachments"][0]["sha256"]
    for args in (["attach", "1", str(make_wav(tmp_path / "second.wav", seconds=1.5, freq=300))],
                 ["audio", "export", sha[:16], "--playable", "--out", str(tmp_path / "call.mp3")],
                 ["export", "dossier", "--out", str(tmp_path / "d.zip")]):
        r = run_cli(*extra, *args)
        assert r.code == 0, (args, r.err)
        assert not _leaks(r.out + r.err)
    assert seen, "no child process ran: the test would prove nothing"
    for argv, env in seen:
        assert not any(SECRET in a for a in argv), argv
        child_env = os.environ if env is None else env
        assert not any(SECRET in v for v in child_env.values()), "the passphrase reached a child's environment"
        assert not any(k.startswith("DEBTLOG_PASSPHRASE") for k in child_env), sorted(child_env)


# -- messages, --debug, internal errors ---------------------------------------------------------

@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("debug", [False, True])
def test_no_passphrase_in_errors_or_debug_output(cli, secret_vault, monkeypatch, tmp_path, how, debug):
    extra = _given(how, monkeypatch, tmp_path) + (["--debug"] if debug else [])
    outputs = []
    # Ordinary commands and expected failures.
    outputs.append(cli(*extra, "list"))
    outputs.append(cli(*extra, "add", "--at", "not a time", "--channel", "call"))
    # A damaged vault (exit 5).
    good = secret_vault.read_bytes()
    secret_vault.write_bytes(good[:-40] + bytes(40))
    r = cli(*extra, "list")
    assert r.code == 5
    outputs.append(r)
    secret_vault.write_bytes(good)
    # An internal error whose message carries the passphrase, as a careless library might write it.
    from debtlog.vault import crypto

    real = crypto.derive_key

    def careless(passphrase, *a, **kw):
        raise ValueError(f"cannot derive a key from {passphrase!r}")

    monkeypatch.setattr(crypto, "derive_key", careless)
    r = cli(*extra, "list")
    assert r.code == 70, r.err
    assert "Internal error" in r.err
    if debug:
        assert "Traceback" in r.err and "careless" in r.err  # --debug shows the traceback, redacted
    else:
        assert "Traceback" not in r.err
    outputs.append(r)
    monkeypatch.setattr(crypto, "derive_key", real)
    # passwd: the new passphrase must not show either.
    monkeypatch.setenv("DEBTLOG_NEW_PASSPHRASE", NEW_SECRET)
    r = cli(*extra, "passwd")
    assert r.code == 0, r.err
    outputs.append(r)
    for r in outputs:
        assert not _leaks(r.out + r.err), r.err


def test_a_passphrase_that_is_not_text_is_refused_clearly(cli, vault, monkeypatch):
    """Bytes that are not UTF-8 (a terminal in another encoding) give exit 2, not an internal error
    whose message would carry part of the passphrase."""
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", "abc\udcffdefghijk")  # os.environ's surrogateescape of b"\xff"
    r = cli("list")
    assert r.code == 2, (r.code, r.err)
    assert "UTF-8" in r.err and "Internal error" not in r.err
    assert "\udcff" not in r.err and "defghijk" not in r.err


def test_no_option_takes_the_passphrase_itself():
    """The passphrase is never an argument (other users can read a process's argv): only files."""
    import typer

    from debtlog.cli.app import app

    found = []

    def walk(cmd, path):
        for p in cmd.params:
            for opt in list(p.opts) + list(p.secondary_opts):
                found.append((path, opt))
        if hasattr(cmd, "commands"):  # a group (typer may carry its own copy of click)
            for name, sub in cmd.commands.items():
                walk(sub, path + [name])

    walk(typer.main.get_command(app), ["debtlog"])
    assert len(found) > 50  # the walk saw the whole tree
    suspicious = [(p, o) for p, o in found
                  if any(w in o.lower() for w in ("pass", "secret", "pwd", "pin", "key"))
                  and not o.endswith("-file")]
    # --to takes the volunteer's *public* key; nothing here may take a secret.
    assert suspicious == [], suspicious


# -- file and folder permissions ---------------------------------------------------------------

def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_everything_debtlog_writes_is_private_even_with_a_permissive_umask(cli, monkeypatch, tmp_path):
    """Under umask 000, every file debtlog writes is 0600 and every folder it creates 0700."""
    old = os.umask(0)
    try:
        home = tmp_path / "home"
        vault = tmp_path / "new" / "deeper" / "vault.debtlog"
        monkeypatch.setenv("DEBTLOG_VAULT", str(vault))
        monkeypatch.setenv("DEBTLOG_PASSPHRASE", PASS)
        assert cli("init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow").code == 0
        wav = make_wav(tmp_path / "call.wav", seconds=0.5)
        assert cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567",
                   "--audio", str(wav)).code == 0
        out = tmp_path / "exports"
        assert cli("backup", "--out", str(out / "usb" / "case.backup")).code == 0
        out.joinpath("d").mkdir(parents=True)
        assert cli("export", "dossier", "--out", str(out / "d" / "case.zip")).code == 0
        assert cli("export", "dossier", "--out", str(out / "d" / "case.html")).code == 0
        monkeypatch.setenv("DEBTLOG_PASSPHRASE", "volunteer passphrase long")
        key = cli("volunteer", "init", "--json").json()["public_key"]
        monkeypatch.setenv("DEBTLOG_PASSPHRASE", PASS)
        assert cli("share", "--to", key, "--out", str(out / "d" / "case.dlshare")).code == 0
        monkeypatch.setenv("DEBTLOG_PASSPHRASE", "volunteer passphrase long")
        assert cli("cases", "import", str(out / "d" / "case.dlshare")).code == 0
    finally:
        os.umask(old)
    written = [p for p in [*(tmp_path / "new").rglob("*"), *home.rglob("*"), *out.rglob("*")]]
    assert any(p.suffix == ".backup" for p in written) and any(p.suffix == ".zip" for p in written)
    wrong = [(str(p.relative_to(tmp_path)), oct(_mode(p))) for p in written
             if (p.is_dir() and p != out / "d" and _mode(p) != 0o700) or (p.is_file() and _mode(p) != 0o600)]
    wrong += [(str(p.relative_to(tmp_path)), oct(_mode(p))) for p in (tmp_path / "new", home) if _mode(p) != 0o700]
    assert wrong == [], "\n".join(map(str, wrong))
