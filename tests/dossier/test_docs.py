"""docs/dossier.md: the hand-verification script works on a real dossier, and catches a change."""

from __future__ import annotations

import re
import subprocess
import sys

from ..conftest import ROOT
from .conftest import export, rewrite


def test_manual_verification_script(cli, case, tmp_path):
    doc = (ROOT / "docs" / "dossier.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(# verify_dossier\.py.*?)```", doc, re.S).group(1)
    script = tmp_path / "verify_dossier.py"
    script.write_text(code, encoding="utf-8")
    out = tmp_path / "d.zip"
    fp = export(cli, out, "--json").json()["key_fingerprint"]
    r = subprocess.run([sys.executable, str(script), str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert fp in r.stdout and "changed: none" in r.stdout
    bad = tmp_path / "bad.zip"
    rewrite(out, bad, lambda n, d: d + b" " if n == "contacts.csv" else d)
    r = subprocess.run([sys.executable, str(script), str(bad)], capture_output=True, text=True)
    assert r.returncode == 1 and "contacts.csv" in r.stdout
