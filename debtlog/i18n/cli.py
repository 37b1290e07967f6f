"""Help texts in the chosen language without touching every decorator.

typer builds the click command tree from the decorators, in English; ``translate_tree``
walks it and swaps every command's help and short help, every parameter's help and every
help panel's name for its translation (the English text is the msgid). ``help_texts``
walks the same tree for the extractor, so the catalogs hold exactly these msgids.

typer and click print a few words of their own (the panel titles, "Usage:", the --help
option's help, "[default: ...]"); they are msgids of ours too (``FRAMEWORK``) and are
swapped when help is formatted.
"""

from __future__ import annotations

from typing import Iterator

from . import N_, _, language

FRAMEWORK = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
HELP_OPTION = N_("Show this message and exit.")
USAGE = N_("Usage:")


def walk(cmd, path=()) -> Iterator[tuple[tuple[str, ...], object]]:
    yield path, cmd
    sub = getattr(cmd, "commands", None)
    if sub:
        for name in sorted(sub):
            yield from walk(sub[name], path + (name,))


def help_texts(cmd) -> Iterator[tuple[str, str]]:
    """(msgid, where) for every help text in the tree, in a stable order."""
    for path, c in walk(cmd):
        where = "debtlog " + " ".join(path) if path else "debtlog"
        for attr in ("help", "short_help", "rich_help_panel"):
            text = getattr(c, attr, None)
            if isinstance(text, str) and text.strip():
                yield text, f"{where} ({attr})"
        for p in c.params:
            for attr in ("help", "rich_help_panel"):
                text = getattr(p, attr, None)
                if isinstance(text, str) and text.strip():
                    yield text, f"{where} {p.opts[0] if p.opts else p.name} ({attr})"


def translate_tree(cmd) -> None:
    """Translate the help texts of ``cmd`` and everything under it, in place."""
    if language() == "en":
        return
    for _path, c in walk(cmd):
        for attr in ("help", "short_help", "rich_help_panel"):
            text = getattr(c, attr, None)
            if isinstance(text, str) and text.strip():
                setattr(c, attr, _(text))
        for p in c.params:
            for attr in ("help", "rich_help_panel"):
                text = getattr(p, attr, None)
                if isinstance(text, str) and text.strip():
                    setattr(p, attr, _(text))
        _wrap_formatting(c)


def _wrap_formatting(c) -> None:
    """Per-instance hooks: typer's own words are swapped only when help is actually shown."""
    format_help, get_usage, get_help_option = c.format_help, c.get_usage, c.get_help_option

    def localized_format_help(ctx, formatter):
        _patch_typer()
        return format_help(ctx, formatter)

    def localized_usage(ctx):
        text = get_usage(ctx)
        return text.replace("Usage:", _(USAGE), 1)

    def localized_help_option(ctx):
        opt = get_help_option(ctx)
        if opt is not None:
            opt.help = _(HELP_OPTION)
        return opt

    c.format_help, c.get_usage, c.get_help_option = localized_format_help, localized_usage, localized_help_option


_ENGLISH: dict = {}


def _patch_typer() -> None:
    from typer import rich_utils

    for name, msgid in FRAMEWORK.items():
        if hasattr(rich_utils, name):
            _ENGLISH.setdefault(name, getattr(rich_utils, name))
            setattr(rich_utils, name, _(msgid))
    make = getattr(rich_utils, "_make_rich_text", None)
    if make is not None and not getattr(make, "_debtlog_fold", False):
        # Chinese has no spaces to break lines at: in a help table, rich would cut a whole
        # sentence down to one line ending in "...". Fold long runs onto the next line instead.
        def folding_rich_text(*args, **kwargs):
            out = make(*args, **kwargs)
            if hasattr(out, "overflow"):
                out.overflow = "fold"
            return out

        folding_rich_text._debtlog_fold = True
        _ENGLISH.setdefault("_make_rich_text", make)
        rich_utils._make_rich_text = folding_rich_text


def restore_typer() -> None:
    """Put typer's English words back (a later command in the same process may be English)."""
    if not _ENGLISH:
        return
    from typer import rich_utils

    for name, value in _ENGLISH.items():
        setattr(rich_utils, name, value)


def localized_command(app):
    """The click command of the typer ``app``, its help texts in the current language."""
    import typer.main

    restore_typer()
    cmd = typer.main.get_command(app)
    translate_tree(cmd)
    return cmd


# Root options that take a value: skipped when looking for --lang before the command name.
ROOT_VALUE_OPTIONS = ("--vault", "--passphrase-file", "--case", "--lang")


def lang_option(args: list[str]) -> str | None:
    """The root --lang value, read before typer runs (help texts need the language first).

    Only before the command name: ``export dossier --lang`` is the dossier's language."""
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return None
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
        if a == "--lang":
            return args[i + 1] if i + 1 < len(args) else ""
        if a in ROOT_VALUE_OPTIONS:
            i += 2
            continue
        if not a.startswith("-"):
            return None  # the command name: root options end here
        i += 1
    return None


def setup_from_args(args: list[str]) -> str:
    """Choose this command's language: --lang, DEBTLOG_LANG, the profile, the system locale."""
    from . import UnknownLanguage, setup, supported_text

    option = lang_option(args)
    try:
        return setup(option)
    except UnknownLanguage:
        from ..errors import InvalidInput

        setup(None)  # say it in the language the person would otherwise get
        raise InvalidInput(_("Unknown language '{lang}'.").format(lang=option),
                           _("Use one of: {langs}.").format(langs=supported_text())) from None
