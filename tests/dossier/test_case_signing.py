"""A dossier a volunteer exports from an imported case: signed with the volunteer's key, and it says so."""

from __future__ import annotations

import json

from ..cases.conftest import as_volunteer, borrower, make_share, registered, volunteer  # noqa: F401 - fixtures
from .conftest import export, members


def test_case_dossier_is_signed_by_the_volunteer(cli, monkeypatch, tmp_path, borrower, volunteer):  # noqa: F811
    own_fp = make_share(cli, monkeypatch, volunteer, tmp_path / "case.dlshare")["fingerprint"]
    # the borrower's own dossier carries the vault's fingerprint, the one 'share' reads out
    mine = export(cli, tmp_path / "mine.zip", "--json").json()
    assert mine["key_fingerprint"] == own_fp
    as_volunteer(monkeypatch)
    case = cli("cases", "import", str(tmp_path / "case.dlshare"), "--json").json()["case"]
    vkey = cli("volunteer", "key", "--json")
    assert vkey.code == 0, vkey.err
    out = tmp_path / "case.zip"
    r = cli("--case", case, "export", "dossier", "--out", str(out), "--json")
    assert r.code == 0, r.err
    doc = r.json()
    manifest = json.loads(members(out)["manifest.json"])
    assert manifest["vault"]["signed_by"] == "volunteer"
    assert doc["key_fingerprint"] != mine["key_fingerprint"]
    assert doc["key_fingerprint"] == vkey.json()["fingerprint"]  # what 'volunteer key' prints
    v = cli("verify", str(out), "--json")
    assert v.code == 0 and v.json()["key_fingerprint"] == doc["key_fingerprint"]
    html = members(out)["dossier.html"].decode("utf-8")
    assert "волонтёр" in html  # the integrity page says who signed
