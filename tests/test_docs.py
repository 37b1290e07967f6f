"""The docs cannot drift from the code."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys

from .conftest import PASS, ROOT


def test_command_reference_is_current():
    from debtlog.cli.docgen import render

    current = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert current == render(), "docs/commands.md is stale: run  python -m debtlog.cli.docgen > docs/commands.md"


def test_every_command_is_in_the_reference():
    import typer

    from debtlog.cli.app import app
    from debtlog.cli.docgen import _walk

    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for path, _cmd in _walk(typer.main.get_command(app), []):
        if path:
            assert f"`debtlog {' '.join(path)}`" in text


def test_vault_format_decryptor_works(cli, vault, vault_path, tmp_path):
    """The 30-line decryptor in docs/vault-format.md reads a real vault."""
    assert cli("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567",
               "--content", "проверка формата").code == 0
    doc = (ROOT / "docs" / "vault-format.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(# decrypt_vault\.py.*?)```", doc, re.S).group(1)
    assert len([line for line in code.splitlines() if line.strip() and not line.startswith("#")]) <= 30
    script = tmp_path / "decrypt_vault.py"
    script.write_text(code, encoding="utf-8")
    out = tmp_path / "out.sqlite"
    r = subprocess.run([sys.executable, str(script), str(vault_path), str(out)], env={"PASS": PASS},
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(out)
    payloads = [row[0] for row in conn.execute("SELECT payload FROM chain WHERE kind = 'contact'")]
    assert any("проверка формата" in p for p in payloads)


def test_readme_commands_match_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = re.findall(r"```sh\n(python3 -m venv .*?)\n```", readme)[1]
    assert test_cmd in ci
