"""Entry point: runs the typer app and turns expected failures into the contract's exit codes."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("DEBTLOG_DEBUG") == "1"
    from ..errors import DebtlogError
    from ..i18n import _

    try:
        from ..i18n.cli import localized_command, setup_from_args

        setup_from_args(args)  # before typer: the help texts need the language
        from .app import app

        localized_command(app)(args=args, prog_name="debtlog", standalone_mode=True)
    except DebtlogError as e:
        if debug:
            _print_traceback(args)
        _report(e.message, e.hint, args)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        _report(_("Interrupted; nothing was changed."), None)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (debtlog list | head): not an error worth a message.
        try:
            sys.stdout = open(os.devnull, "w")
        finally:
            sys.exit(0)
    except MemoryError:
        _report(_("Out of memory; nothing was changed."), _("Close other programs and try again."))
        sys.exit(70)
    except Exception as e:  # noqa: BLE001 - the last line of defence against tracebacks
        if debug:
            _print_traceback(args)
        _report(_("Internal error: {kind}: {error}. Nothing was changed.").format(kind=type(e).__name__, error=e),
                _("Run the command again with --debug and report what it prints (it contains no passphrase)."), args)
        sys.exit(70)


def _secrets(args: list[str]) -> set[str]:
    """Every passphrase this command was given, in the forms a message or traceback could show it."""
    values = {os.environ.get("DEBTLOG_PASSPHRASE"), os.environ.get("DEBTLOG_NEW_PASSPHRASE")}
    files = [os.environ.get("DEBTLOG_PASSPHRASE_FILE")]
    for i, a in enumerate(args):
        for opt in ("--passphrase-file", "--new-passphrase-file"):
            if a == opt and i + 1 < len(args):
                files.append(args[i + 1])
            elif a.startswith(opt + "="):
                files.append(a.split("=", 1)[1])
    for f in files:
        if f:
            try:
                with open(os.path.expanduser(f), encoding="utf-8", errors="surrogateescape") as fh:
                    values.add(fh.readline().rstrip("\r\n"))
            except OSError:
                pass
    try:
        from .common import SECRETS

        values |= SECRETS
    except ImportError:  # pragma: no cover
        pass
    import unicodedata

    out: set[str] = set()
    for v in values:
        if v and len(v) >= 8:  # shorter ones are refused at init and passwd; redacting them would mangle words
            for form in (v, unicodedata.normalize("NFC", v), ascii(v)[1:-1], v.encode("unicode_escape").decode()):
                out.add(form)
    return out


def redact(text: str, args: list[str]) -> str:
    """Replace any passphrase in ``text`` (a message or traceback) by ***."""
    for secret in sorted(_secrets(args), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _print_traceback(args: list[str]) -> None:
    """--debug: the traceback, with any passphrase replaced by *** (an exception may quote one)."""
    import traceback

    print(redact(traceback.format_exc(), args), file=sys.stderr, end="")


def _report(message: str, hint: str | None, args: list[str] | None = None) -> None:
    from ..i18n import _

    text = _("Error: ") + message
    if hint:
        text += "\n" + hint
    text = redact(text, args or [])
    color = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
    if color:
        text = "\x1b[31m" + text + "\x1b[0m"
    print(text, file=sys.stderr)
