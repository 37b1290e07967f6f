"""A dossier exported from a case is signed by the volunteer: the borrower's key never left their vault."""

from __future__ import annotations

import dataclasses

import pytest

from .conftest import VOLUNTEER_PASS, as_volunteer, make_share


@pytest.fixture
def case_name(cli, monkeypatch, tmp_path, borrower, volunteer):
    make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")
    as_volunteer(monkeypatch)
    r = cli("cases", "import", str(tmp_path / "case.dlshare"), "--json")
    assert r.code == 0, r.err
    return r.json()["case"]


def test_library_dossier_from_a_case_verifies(case_name, tmp_path):
    """What 'export dossier' does on a case once it signs with case_signing_public_key (see the report)."""
    pytest.importorskip("debtlog.dossier")
    from debtlog.dossier import Options, build, export, verify_dossier
    from debtlog.sharing.cases import case_marker, case_path, case_signing_public_key
    from debtlog.sharing.keys import load_public, unlock_identity
    from debtlog.vault import open_log

    home = tmp_path / "home"
    with open_log(case_path(home, case_name), VOLUNTEER_PASS) as log:
        marker = case_marker(log)
        key = case_signing_public_key(log)
        assert key == load_public(home).ed25519
        assert marker["volunteer_fingerprint"] == unlock_identity(home, VOLUNTEER_PASS).public.fingerprint
        d = dataclasses.replace(build(log, Options(format="zip", with_audio=False)), public_key=key)
        export(d, tmp_path / "d.zip", log.signing_key())
    report = verify_dossier(tmp_path / "d.zip")
    assert not report.problems


def test_cli_export_dossier_from_a_case(cli, case_name, tmp_path):
    r = cli("--case", case_name, "export", "dossier", "--out", str(tmp_path / "d.zip"))
    assert r.code == 0, r.err
    assert cli("verify", str(tmp_path / "d.zip")).code == 0
