"""The signed ZIP: what it holds, and `debtlog verify` on it (no vault needed)."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from .conftest import export, members, rewrite

EXPECTED = {"dossier.html", "dossier.pdf", "contacts.csv", "contacts.json", "findings.json", "complaint-draft.txt",
            "manifest.json", "manifest.json.sig"}


def test_zip_holds_everything_and_the_manifest_lists_it(cli, case, tmp_path):
    out = tmp_path / "d.zip"
    r = export(cli, out, "--json")
    doc = r.json()
    assert doc["format"] == "zip" and doc["lang"] == "ru" and re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", doc["key_fingerprint"])
    files = members(out)
    assert EXPECTED <= set(files)
    manifest = json.loads(files["manifest.json"])
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json", "manifest.json.sig"}
    for name, f in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == f["sha256"] and len(files[name]) == f["size"]
    head = cli("verify", "--json").json()["head"]
    # the same fingerprint `debtlog share` prints as "your vault's fingerprint"
    from debtlog.sharing.keys import vault_fingerprint

    assert doc["key_fingerprint"] == vault_fingerprint(base64.b64decode(json.loads(files["manifest.json"])["vault"]["public_key"]))
    assert manifest["vault"]["chain_head"] == head
    assert manifest["tool"]["name"] == "debtlog" and manifest["created_at"]
    assert manifest["options"]["redact_third_parties"] is False
    assert manifest["redaction"]["third_parties_masked"] is False
    # the signature is Ed25519 over the exact manifest bytes, with the key in the manifest
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest["vault"]["public_key"]))
    key.verify(base64.b64decode(files["manifest.json.sig"]), files["manifest.json"])


def test_contacts_json_and_csv_have_the_contract_shapes(cli, case, tmp_path):
    out = tmp_path / "d.zip"
    export(cli, out)
    files = members(out)
    listed = cli("list", "--json", "--voided").json()
    exported = json.loads(files["contacts.json"])
    assert {e["id"] for e in exported} == {e["id"] for e in listed}
    for e in exported:
        for k in ("id", "source_id", "recorded_at", "attachments", "hash"):
            assert k in e
    csv_text = files["contacts.csv"].decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("id,type,source_id,occurred_at")
    findings = json.loads(files["findings.json"])
    assert findings["jurisdiction"] == "RU" and findings["findings"]
    assert {"rule", "category", "severity", "entries", "citation"} <= set(findings["findings"][0])


def test_verify_passes_without_a_vault_or_passphrase(cli, case, tmp_path, monkeypatch):
    out = tmp_path / "d.zip"
    export(cli, out)
    monkeypatch.setenv("DEBTLOG_VAULT", str(tmp_path / "nowhere.debtlog"))
    monkeypatch.delenv("DEBTLOG_PASSPHRASE")
    r = cli("verify", str(out))
    assert r.code == 0, r.err
    assert "verifies" in r.err
    r = cli("verify", str(out), "--json")
    doc = r.json()
    assert doc["ok"] is True and doc["problems"] == [] and doc["files"] >= 6
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", doc["key_fingerprint"])


@pytest.mark.parametrize("victim", ["contacts.csv", "contacts.json", "dossier.html", "findings.json", "dossier.pdf"])
def test_a_changed_file_fails_and_is_named(cli, case, tmp_path, victim):
    out, bad = tmp_path / "d.zip", tmp_path / "bad.zip"
    export(cli, out)
    rewrite(out, bad, lambda n, data: data.replace(b"22:30", b"21:30") + b" " if n == victim else data)
    r = cli("verify", str(bad))
    assert r.code == 1
    assert victim in r.err and "Traceback" not in r.err
    doc = cli("verify", str(bad), "--json").json()
    assert doc["ok"] is False and [p["file"] for p in doc["problems"]] == [victim]


def test_added_removed_and_resigned_files_fail(cli, case, tmp_path):
    out = tmp_path / "d.zip"
    export(cli, out)
    added = tmp_path / "added.zip"
    with open(out, "rb") as f:
        import zipfile

        rewrite(out, added, lambda n, d: d)
        with zipfile.ZipFile(added, "a") as zf:
            zf.writestr("extra.html", "<p>planted</p>")
    r = cli("verify", str(added), "--json")
    assert r.code == 1 and r.json()["problems"][0]["file"] == "extra.html"

    removed = tmp_path / "removed.zip"
    rewrite(out, removed, lambda n, d: None if n == "findings.json" else d)
    r = cli("verify", str(removed), "--json")
    assert r.code == 1 and r.json()["problems"][0]["file"] == "findings.json"

    # Changing a file and its hash in the manifest breaks the signature.
    files = members(out)
    manifest = json.loads(files["manifest.json"])
    new_csv = files["contacts.csv"] + b"1,contact\n"
    for f in manifest["files"]:
        if f["path"] == "contacts.csv":
            f["sha256"], f["size"] = hashlib.sha256(new_csv).hexdigest(), len(new_csv)
    forged = tmp_path / "forged.zip"
    rewrite(out, forged, lambda n, d: new_csv if n == "contacts.csv" else
            (json.dumps(manifest).encode() if n == "manifest.json" else d))
    r = cli("verify", str(forged), "--json")
    assert r.code == 1 and r.json()["problems"][0]["file"] == "manifest.json"

    nosig = tmp_path / "nosig.zip"
    rewrite(out, nosig, lambda n, d: None if n == "manifest.json.sig" else d)
    assert cli("verify", str(nosig)).code == 1


def test_not_a_dossier_or_a_damaged_zip(cli, case, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    r = cli("verify", str(junk))
    assert r.code == 2 and "Traceback" not in r.err
    out = tmp_path / "d.zip"
    export(cli, out)
    data = bytearray(out.read_bytes())
    pos = data.find(b"dossier.html") + 200  # inside the first member's compressed bytes
    data[pos:pos + 40] = b"\x00" * 40
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(data))
    r = cli("verify", str(broken))
    assert r.code == 1 and "dossier.html" in r.err and "Traceback" not in r.err


def test_the_vault_path_still_verifies_as_a_vault(cli, case, vault_path):
    r = cli("verify", str(vault_path))
    assert r.code == 0, r.err
    assert "vault verifies" in r.err


def test_single_html_and_pdf_formats(cli, case, tmp_path):
    html = tmp_path / "d.html"
    export(cli, html)
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    pdf = tmp_path / "out.bin"
    export(cli, pdf, "--format", "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    r = cli("export", "dossier", "--out", str(tmp_path / "x.zip"), "--format", "docx")
    assert r.code == 2
    r = cli("export", "dossier", "--out", str(tmp_path / "x.zip"), "--lang", "fr")
    assert r.code == 2 and "Traceback" not in r.err
    r = cli("export", "dossier", "--out", str(tmp_path / "no" / "such" / "x.zip"))
    assert r.code == 2 and "Traceback" not in r.err


def test_export_refuses_a_vault_that_does_not_verify(cli, case, tmp_path, vault_path, monkeypatch):
    from debtlog.vault.log import EvidenceLog, VerifyReport, ChainProblem

    monkeypatch.setattr(EvidenceLog, "verify", lambda self: VerifyReport(3, "0" * 64, [ChainProblem(2, "link 2 altered")]))
    r = cli("export", "dossier", "--out", str(tmp_path / "x.zip"))
    assert r.code == 1 and "link 2 altered" in r.err
    assert not (tmp_path / "x.zip").exists()


def test_an_empty_log_still_makes_a_dossier(cli, vault, tmp_path):
    out = tmp_path / "empty.zip"
    doc = export(cli, out, "--json").json()
    assert doc["contacts"] == 0 and doc["findings"] == 0
    assert cli("verify", str(out)).code == 0
    files = members(out)
    assert json.loads(files["contacts.json"]) == []
