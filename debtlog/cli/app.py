"""The typer application: the root options and where each command lives."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import __version__
from . import common

app = typer.Typer(
    name="debtlog",
    help="An encrypted evidence log for people harassed by debt collectors.\n\n"
    "Record every collector contact, see which ones likely broke the law where you live, "
    "and export a signed dossier for a lawyer, a regulator or a court. Start with: debtlog init",
    no_args_is_help=True,
    cls=common.CaseAwareGroup,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"debtlog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    vault: common.VaultOpt = None,
    passphrase_file: common.PassphraseFileOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback when something fails.")] = False,
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = None,
    lang: Annotated[
        Optional[str], typer.Option("--lang", help="Language of debtlog's messages: en, ru, zh_CN or it (default: "
                                    "$DEBTLOG_LANG, your profile's language, or the system's).",
                                    show_default=False, metavar="LANG")
    ] = None,
    case: Annotated[
        Optional[str], typer.Option("--case", help="Run a read command (list, check, export dossier, verify) on one of "
                                    "your imported cases (volunteers; see: debtlog cases list).",
                                    show_default=False, rich_help_panel="Vault")
    ] = None,
) -> None:
    common.state.vault = vault
    common.state.passphrase_file = passphrase_file
    common.state.debug = debug
    common.state.case = case
    common.check_case_command(ctx.invoked_subcommand, ctx.meta.get("debtlog.args", []))


def _register() -> None:
    from . import (audio_cmd, backup_cmd, cases_cmd, checking, demo, entries, export_cmd, importing, integrity,
                   phone_imports, registry)

    app.command("init")(entries.init)
    app.command("add")(entries.add)
    app.command("list")(entries.list_entries)
    app.command("show")(entries.show)
    app.command("edit")(entries.edit)
    app.command("void")(entries.void)
    app.command("profile")(entries.profile)
    app.command("passwd")(entries.passwd)
    app.add_typer(registry.milestone_app, name="milestone")
    app.add_typer(registry.collectors_app, name="collectors")
    app.add_typer(registry.debts_app, name="debts")
    app.command("attach")(audio_cmd.attach)
    app.add_typer(audio_cmd.audio_app, name="audio")
    app.add_typer(importing.import_app, name="import")
    app.add_typer(phone_imports.contacts_app, name="contacts")
    app.command("check")(checking.check)
    app.add_typer(checking.rules_app, name="rules")
    app.add_typer(export_cmd.export_app, name="export")
    app.command("verify")(integrity.verify)
    app.command("backup")(backup_cmd.backup)
    app.command("restore")(backup_cmd.restore)
    app.add_typer(cases_cmd.volunteer_app, name="volunteer")
    app.command("share")(cases_cmd.share)
    app.add_typer(cases_cmd.cases_app, name="cases")
    app.command("demo")(demo.demo)


_register()

__all__ = ["app", "Path"]
