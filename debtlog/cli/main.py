"""Entry point: runs the typer app and turns expected failures into the contract's exit codes."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("DEBTLOG_DEBUG") == "1"
    from ..errors import DebtlogError

    try:
        from .app import app

        app(args=args, prog_name="debtlog", standalone_mode=True)
    except DebtlogError as e:
        if debug:
            import traceback

            traceback.print_exc()
        _report(e.message, e.hint)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        _report("Interrupted; nothing was changed.", None)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (debtlog list | head): not an error worth a message.
        try:
            sys.stdout = open(os.devnull, "w")
        finally:
            sys.exit(0)
    except MemoryError:
        _report("Out of memory; nothing was changed.", "Close other programs and try again.")
        sys.exit(70)
    except Exception as e:  # noqa: BLE001 - the last line of defence against tracebacks
        if debug:
            raise
        _report(f"Internal error: {type(e).__name__}: {e}. Nothing was changed.",
                "Run the command again with --debug and report what it prints (it contains no passphrase).")
        sys.exit(70)


def _report(message: str, hint: str | None) -> None:
    from ..i18n import _

    text = _("Error: ") + message
    if hint:
        text += "\n" + hint
    color = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
    if color:
        text = "\x1b[31m" + text + "\x1b[0m"
    print(text, file=sys.stderr)
