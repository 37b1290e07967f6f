"""Start-up stays fast: --help must not import the heavy modules (design.md, "Startup time")."""

from __future__ import annotations

import subprocess
import sys

HEAVY_PACKAGES = {"sqlite_utils", "sqlite3", "cryptography", "phonenumbers", "holidays", "pydub", "platformdirs",
                  "fpdf", "jinja2", "mutagen"}
HEAVY_MODULES = {"debtlog.vault", "debtlog.rules", "debtlog.importers"}


def _loaded(args):
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "debtlog", *args],
                       capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    assert r.returncode == 0, r.stderr[-2000:]
    names = set()
    for line in r.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_help_imports_nothing_heavy():
    names = _loaded(["--help"])
    assert "debtlog.cli.app" in names
    heavy = sorted(n for n in names if n.split(".")[0] in HEAVY_PACKAGES or n in HEAVY_MODULES)
    assert heavy == [], f"--help imported {heavy}"


def test_subcommand_help_imports_nothing_heavy():
    names = _loaded(["add", "--help"])
    assert not {"sqlite_utils", "cryptography", "phonenumbers"} & {n.split(".")[0] for n in names}
