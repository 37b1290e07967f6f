"""What every command shares: where the vault is, the passphrase, output to stdout/stderr.

Kept light: importing this module must not import rich, sqlite-utils or cryptography, so
``debtlog --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer
import typer.core
from typing import Annotated

from ..errors import InvalidInput
from ..i18n import _

MIN_PASSPHRASE = 8
# Passphrases read from a file or typed at a prompt: main.py removes them from any message
# or --debug traceback (those from the environment it reads itself).
SECRETS: set[str] = set()


class State:
    vault: Optional[Path] = None
    passphrase_file: Optional[Path] = None
    debug: bool = False
    case: Optional[str] = None  # --case NAME: a volunteer's imported case (read-only)


state = State()

VaultOpt = Annotated[
    Optional[Path],
    typer.Option("--vault", help="Path of the vault file (default: $DEBTLOG_VAULT, or vault.debtlog in the "
                                 "user data folder).", show_default=False, rich_help_panel="Vault"),
]
PassphraseFileOpt = Annotated[
    Optional[Path],
    typer.Option("--passphrase-file", help="Read the passphrase from the first line of this file.",
                 show_default=False, rich_help_panel="Vault"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout (messages go to stderr).")]


def refuse_case_file(path: Path, hint: str) -> None:
    """A volunteer's imported case (a file under $DEBTLOG_HOME/cases) is a borrower's evidence:
    commands that rewrite a vault file by path (passwd, restore) must not touch it."""
    try:
        inside = Path(path).resolve().parent == (home() / "cases").resolve()
    except OSError:
        inside = False
    if inside and Path(path).suffix == ".debtlog":
        raise InvalidInput(
            _("{path} is a case a borrower shared with you: their evidence is read-only, and nothing was "
              "changed.").format(path=path), hint)


def home() -> Path:
    raw = os.environ.get("DEBTLOG_HOME")
    if raw:
        return Path(raw).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("debtlog", appauthor=False))


def vault_path(option: Optional[Path] = None) -> Path:
    chosen = option or state.vault
    if chosen:
        if state.case:
            raise InvalidInput(_("Give either --case or --vault, not both."))
        return Path(chosen).expanduser()
    case = active_case()
    if case:
        from ..sharing.cases import known_case

        return known_case(home(), case)
    raw = os.environ.get("DEBTLOG_VAULT")
    if raw:
        return Path(raw).expanduser()
    return home() / "vault.debtlog"


def active_case() -> Optional[str]:
    """The case read commands work on: --case NAME, else the one 'cases open' chose (unless --vault)."""
    if state.case:
        return state.case
    if state.vault:
        return None
    from ..sharing.cases import current_case

    return current_case(home())


# Commands that may run against a case (cases are read-only: the borrower's evidence stays as
# signed). (command, subcommands or None for any); "profile" only without options.
CASE_COMMANDS: dict[str, Optional[frozenset]] = {
    "list": None, "show": None, "check": None, "verify": None, "history": None, "profile": None,
    "export": None, "rules": None, "cases": None, "volunteer": None,
    "audio": frozenset({"list", "info", "export", "play"}), "collectors": frozenset({"list"}),
    "debts": frozenset({"list"}), "milestone": frozenset({"list"}),
}


COMMAND_GROUPS = {"audio", "collectors", "contacts", "debts", "milestone", "import", "export", "rules"}


def check_case_command(command: Optional[str], args: list) -> None:
    """Refuse, before it runs, a command that would change an open case."""
    if not command or command in ("cases", "volunteer") or any(a in ("--help", "-h") for a in args):
        return
    if not state.case and any(a == "--vault" or a.startswith("--vault=") for a in args):
        return  # an explicit --vault after the command: the person's own vault, not the open case
    try:
        case = active_case()
    except InvalidInput:
        case = None
    if not case:
        return
    allowed = command in CASE_COMMANDS
    rest = args[args.index(command) + 1:] if command in args else []
    subs = CASE_COMMANDS.get(command)
    if allowed and subs is not None:
        words = [a for a in rest if not a.startswith("-")]
        allowed = bool(words) and words[0] in subs
    if allowed and command == "profile":
        allowed = all(a == "--json" for a in rest)
    if not allowed:
        raise InvalidInput(
            _("Case {name} is open read-only, and '{cmd}' would change it; nothing was changed.").format(
                name=case, cmd=" ".join([command] + ([w for w in rest if not w.startswith("-")][:1]
                                                     if command in COMMAND_GROUPS else []))),
            _("Add your own notes with: debtlog cases note {name} TEXT. "
              "To work on another vault, run: debtlog cases close").format(name=case),
        )


class CaseAwareGroup(typer.core.TyperGroup):
    """The root group: keeps the command line so the root callback can check it against a case."""

    def parse_args(self, ctx, args):
        ctx.meta["debtlog.args"] = list(args)
        return super().parse_args(ctx, args)


def adopt_profile_language(log) -> None:
    """The vault is open: speak its profile's language unless --lang or DEBTLOG_LANG chose one."""
    from .. import i18n

    if i18n.language_source() in ("option", "env", "profile"):
        return  # chosen already, or the settings file (this person's choice) spoke first
    try:
        if active_case():
            return  # a volunteer reading a borrower's case keeps their own language
        code = log.profile.language
    except Exception:  # noqa: BLE001 - a vault without a profile yet: the command itself says so
        return
    i18n.adopt_profile_language(code)


def remember_language(code: Optional[str]) -> None:
    """The profile's language changed: keep it readable before unlocking, and speak it now."""
    from .. import i18n

    try:
        i18n.save_language(code)
    except OSError as e:
        warn(_("Could not save the language setting: {e}").format(e=e))
    if code:
        i18n.adopt_profile_language(code)


def use_options(vault: Optional[Path], passphrase_file: Optional[Path]) -> None:
    """Per-command --vault/--passphrase-file override the ones given before the command."""
    if vault:
        state.vault = vault
    if passphrase_file:
        state.passphrase_file = passphrase_file


def interactive() -> bool:
    """True when a person is at the terminal (prompts allowed)."""
    try:
        return sys.stdin.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")
    except (AttributeError, ValueError):
        return False


def _read_passphrase_file(path: Path) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            line = f.readline()
    except FileNotFoundError:
        raise InvalidInput(_("The passphrase file {p} does not exist.").format(p=path)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput(_("Could not read the passphrase file {p}: {e}").format(p=path, e=e)) from None
    value = line.rstrip("\r\n")
    SECRETS.add(value)
    if not value:
        raise InvalidInput(_("The passphrase file {p} is empty: its first line must be the passphrase.").format(p=path))
    return value


def passphrase(*, new: bool = False, what: str | None = None) -> str:
    """The passphrase from --passphrase-file, the environment, or the terminal.

    ``new``: it is being chosen (init, passwd): asked twice on a terminal and checked for length.
    """
    value: str | None = None
    if state.passphrase_file:
        value = _read_passphrase_file(state.passphrase_file)
    elif os.environ.get("DEBTLOG_PASSPHRASE"):
        value = os.environ["DEBTLOG_PASSPHRASE"]
    elif os.environ.get("DEBTLOG_PASSPHRASE_FILE"):
        value = _read_passphrase_file(Path(os.environ["DEBTLOG_PASSPHRASE_FILE"]).expanduser())
    if value is None:
        if not interactive():
            # One line, as the contract asks: scripts log it whole.
            raise InvalidInput(_("No passphrase and no terminal to ask on: set DEBTLOG_PASSPHRASE or "
                                 "DEBTLOG_PASSPHRASE_FILE, or pass --passphrase-file PATH."))
        if what is None and not new:
            try:
                what = _("Volunteer passphrase") if active_case() else None
            except InvalidInput:
                pass
        value = _ask(new, what)
    if new and len(value) < MIN_PASSPHRASE:
        raise InvalidInput(
            _("The passphrase is too short ({n} characters); use at least {m}.").format(n=len(value), m=MIN_PASSPHRASE),
            _("A few unrelated words are easy to remember and hard to guess."),
        )
    return value


def _ask(new: bool, what: str | None) -> str:
    import getpass

    label = what or (_("Choose a passphrase for the vault") if new else _("Vault passphrase"))
    try:
        first = getpass.getpass(label + ": ")
        SECRETS.add(first)
        if not new:
            return first
        if len(first) < MIN_PASSPHRASE:
            return first  # the caller explains
        second = getpass.getpass(_("Type it again") + ": ")
    except (EOFError, KeyboardInterrupt):
        raise InvalidInput(_("No passphrase given; nothing was changed.")) from None
    if first != second:
        raise InvalidInput(_("The two passphrases differ; nothing was changed."), _("Run the command again."))
    return first


def err_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def out_console():
    from rich.console import Console

    return Console(highlight=False)


def say(message: str, style: str | None = None) -> None:
    """A message for the person (stderr, so stdout stays clean for --json and pipes)."""
    err_console().print(message, style=style, markup=False)


def ok(message: str) -> None:
    say("✓ " + message, style="green")


def warn(message: str) -> None:
    say(_("Warning: ") + message, style="yellow")


def print_json(doc: Any) -> None:
    """One JSON document on stdout: indented for a person at a terminal, compact for a pipe.

    (Indenting makes Python use its slow pure-Python encoder: 0.8 s for the findings of a
    100,000-contact case, against a few milliseconds compact.)
    """
    try:
        pretty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        pretty = False
    if pretty:
        text = json.dumps(doc, ensure_ascii=False, indent=2, default=str)
    else:
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str)
    sys.stdout.write(text)
    sys.stdout.write("\n")
    sys.stdout.flush()


def size_text(n: int | float | None) -> str:
    """A file size for people, in the language's units and number format: ``82 kB``, ``0,2 МБ``."""
    from ..i18n.formats import format_number

    if n is None:
        return ""
    if n < 1000:
        # Translators: a file size in bytes; {n} is already formatted.
        return _("{n} B").format(n=format_number(int(n)))
    if n < 1e6:
        # Translators: a file size in kilobytes; {n} is already formatted.
        return _("{n} kB").format(n=format_number(round(n / 1e3)))
    if n < 1e9:
        # Translators: a file size in megabytes; {n} is already formatted.
        return _("{n} MB").format(n=format_number(round(n / 1e6, 1)))
    # Translators: a file size in gigabytes; {n} is already formatted.
    return _("{n} GB").format(n=format_number(round(n / 1e9, 1)))


def confirm(question: str, default: bool = False, console=None) -> bool:
    """A yes/no question with the language's answer letters ([д/н], [s/n]); y and n always work."""
    from rich.markup import escape
    from rich.prompt import Confirm, InvalidResponse

    # Translators: the one-letter answers to a yes/no question at a prompt, as typed ("д", "s").
    yes, no = _("y").strip().lower() or "y", _("n").strip().lower() or "n"
    if yes == no:
        yes, no = "y", "n"
    hint = _("Please answer {yes} or {no}.").format(yes=yes, no=no)

    class LocalConfirm(Confirm):
        choices = [yes, no]
        validate_error_message = "[prompt.invalid]" + escape(hint)

        def process_response(self, value: str) -> bool:
            v = value.strip().lower()
            if v in (yes, _("yes").lower(), "y", "yes"):
                return True
            if v in (no, _("no").lower(), "n", "no"):
                return False
            raise InvalidResponse(self.validate_error_message)

    try:
        return LocalConfirm.ask(question, default=default, console=console or err_console())
    except EOFError:
        aborted()


def aborted():
    """End of input at a prompt (Ctrl+D): typer would say "Aborted." in English."""
    console = err_console()
    console.print()
    console.print(_("Aborted."), style="red", markup=False)
    raise typer.Exit(1)


def ask(question: str, **kwargs) -> str:
    """rich's Prompt.ask on stderr; Ctrl+D ends the command with a message in the language."""
    from rich.prompt import Prompt

    kwargs.setdefault("console", err_console())
    try:
        return Prompt.ask(question, **kwargs)
    except EOFError:
        aborted()
