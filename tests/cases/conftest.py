"""Fixtures for the volunteer workflow: a borrower's vault, a volunteer's key, a share."""

from __future__ import annotations

import pytest

from ..conftest import PASS, run_cli

VOLUNTEER_PASS = "volunteer passphrase long"


@pytest.fixture(autouse=True)
def registered():
    """The lead registers these in debtlog/cli/app.py; until then, register them for these tests only
    (and take them away again, so the rest of the suite sees the app as it is)."""
    from debtlog.cli import cases_cmd
    from debtlog.cli.app import app

    commands, groups = list(app.registered_commands), list(app.registered_groups)
    if not any(c.name == "share" for c in app.registered_commands):
        app.command("share")(cases_cmd.share)
    names = {g.name for g in app.registered_groups}
    if "volunteer" not in names:
        app.add_typer(cases_cmd.volunteer_app, name="volunteer")
    if "cases" not in names:
        app.add_typer(cases_cmd.cases_app, name="cases")
    yield
    app.registered_commands[:] = commands
    app.registered_groups[:] = groups


def as_volunteer(monkeypatch):
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", VOLUNTEER_PASS)


def as_borrower(monkeypatch):
    monkeypatch.setenv("DEBTLOG_PASSPHRASE", PASS)


@pytest.fixture
def volunteer(cli, monkeypatch, tmp_path):
    """A volunteer key in DEBTLOG_HOME; returns the public key string."""
    as_volunteer(monkeypatch)
    r = cli("volunteer", "init", "--json")
    assert r.code == 0, r.err
    as_borrower(monkeypatch)
    return r.json()["public_key"]


@pytest.fixture
def borrower(cli, vault):
    """A borrower's RU vault with a few contacts, one of them at night (a likely violation)."""
    for at, content in (("2026-03-03T22:30", "звонок ночью"), ("2026-03-04T10:00", "утром"),
                        ("2026-03-05T11:00", "днём")):
        r = cli("add", "--at", at, "--channel", "call", "--direction", "incoming", "--outcome", "answered",
                "--number", "+79161234567", "--agency", "ООО Пример", "--content", content)
        assert r.code == 0, r.err
    return vault


def make_share(cli, monkeypatch, key: str, out, *extra) -> dict:
    as_borrower(monkeypatch)
    r = cli("share", "--to", key, "--out", str(out), "--json", *extra)
    assert r.code == 0, r.err
    return r.json()


__all__ = ["PASS", "VOLUNTEER_PASS", "as_volunteer", "as_borrower", "make_share", "run_cli"]


def attach(vault_path, entry_id: int, data: bytes, tmp_path, name: str = "call.amr") -> str:
    """Attach a file to an entry through the library (a recording's original bytes)."""
    from debtlog.vault import open_log
    from debtlog.vault.attachments import store_file

    src = tmp_path / name
    src.write_bytes(data)
    with open_log(vault_path, PASS, write=True) as log:
        ov = log.vault_file
        info = store_file(ov.file.path, ov.data_key, ov.header.vault_id, src)
        log.add_attachment(entry_id, sha256=info["sha256"], size=info["size"], filename=name,
                           media_type="audio/amr")
    return info["sha256"]
