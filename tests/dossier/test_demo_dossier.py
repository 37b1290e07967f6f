"""debtlog demo writes a demo dossier and says where."""

from __future__ import annotations

from pathlib import Path


def test_demo_writes_a_verified_dossier(cli, tmp_path):
    r = cli("demo", "--dir", str(tmp_path / "d"), "--json")
    assert r.code == 0, r.err
    path = Path(r.json()["dossier"])
    assert path == tmp_path / "d" / "demo-dossier.zip" and path.exists()
    assert cli("verify", str(path)).code == 0
    r = cli("demo", "--dir", str(tmp_path / "d2"))
    assert r.code == 0 and "demo-dossier.zip" in r.out
