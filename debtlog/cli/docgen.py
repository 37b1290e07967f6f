"""Generate docs/commands.md from the live command definitions.

    python -m debtlog.cli.docgen > docs/commands.md

tests/test_docs.py fails when the file is stale, so the reference cannot drift from the code.
"""

from __future__ import annotations

import inspect


def _walk(cmd, path):
    yield path, cmd
    sub = getattr(cmd, "commands", None)
    if sub:
        for name in sub:
            yield from _walk(sub[name], path + [name])


def _param_line(p) -> str:
    if p.param_type_name == "argument":
        name = (p.metavar or p.name).upper()
        return f"| `{name}` | {_clean(getattr(p, 'help', '') or '')} |"
    opts = list(p.opts) + [o for o in p.secondary_opts]
    flags = ", ".join(f"`{o}`" for o in opts)
    return f"| {flags} | {_clean(p.help or '')} |"


def _clean(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render() -> str:
    import typer

    from .app import app

    root = typer.main.get_command(app)
    out = ["# Command reference", "",
           "Generated from the commands themselves (`python -m debtlog.cli.docgen > docs/commands.md`);",
           "`tests/test_docs.py` fails when this page is stale. Every command also takes `--help`.", "",
           "Options shared by every command that opens the vault: `--vault PATH` (or `DEBTLOG_VAULT`),",
           "`--passphrase-file PATH` (or `DEBTLOG_PASSPHRASE` / `DEBTLOG_PASSPHRASE_FILE`). `--json` prints one",
           "JSON document on stdout; messages go to stderr.", ""]
    for path, cmd in _walk(root, []):
        if not path:
            continue
        if getattr(cmd, "hidden", False):
            continue
        title = "debtlog " + " ".join(path)
        out.append("#" * min(len(path) + 1, 4) + f" `{title}`")
        out.append("")
        doc = inspect.cleandoc(cmd.help or "") if cmd.help else ""
        if doc:
            out.append(doc)
            out.append("")
        params = [p for p in cmd.params if p.name not in ("help",) and not getattr(p, "hidden", False)
                  and p.name not in ("vault", "passphrase_file")]
        if params and not getattr(cmd, "commands", None):
            out.append("| argument / option | meaning |")
            out.append("|---|---|")
            out.extend(_param_line(p) for p in params)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())
