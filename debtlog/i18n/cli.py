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


# A line break a translator kept from the English layout, between two Chinese characters: typer
# turns it into a space, and rich, which breaks lines only at spaces, then starts a new line there.
_CJK_BREAK = None


def _help(text: str) -> str:
    """The translated help text, with mid-sentence line breaks between CJK characters removed."""
    global _CJK_BREAK
    out = _(text)
    if "\n" in out and language().startswith("zh"):
        if _CJK_BREAK is None:
            import re

            from .cjkwrap import CJK

            _CJK_BREAK = re.compile(f"(?<=[{CJK}])\n(?=[{CJK}])")
        out = _CJK_BREAK.sub("", out)
    return out


def translate_tree(cmd) -> None:
    """Translate the help texts of ``cmd`` and everything under it, in place."""
    if language() == "en":
        return
    for _path, c in walk(cmd):
        for attr in ("help", "short_help", "rich_help_panel"):
            text = getattr(c, attr, None)
            if isinstance(text, str) and text.strip():
                setattr(c, attr, _help(text))
        for p in c.params:
            for attr in ("help", "rich_help_panel"):
                text = getattr(p, attr, None)
                if isinstance(text, str) and text.strip():
                    setattr(p, attr, _help(text))
        _wrap_formatting(c)


def _wrap_formatting(c) -> None:
    """Per-instance hooks: typer's own words are swapped only when help is actually shown."""
    format_help, get_usage, get_help_option = c.format_help, c.get_usage, c.get_help_option

    def localized_format_help(ctx, formatter):
        _patch_typer()
        return format_help(ctx, formatter)

    def localized_usage(ctx):
        import sys

        # An error panel is being drawn (typer prints the usage, then "Try ... for help.", then
        # the panel): its words are swapped now, before that line is printed.
        if "typer.rich_utils" in sys.modules:
            _patch_typer()
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


# Usage errors ("No such option: --x"): typer 0.28 carries its own copy of click, which words
# them with f-strings, not gettext. They are recognised by their English shape and reworded
# through the catalog when shown (format_message), so a mistyped option is explained in the
# person's language too. A message click rewords later simply stays English.
_USAGE = [
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"No such command (?P<name>'[^']*')\.", N_("No such command {name}.")),
    (r"Missing command\.", N_("Missing command.")),
    (r"Missing argument (?P<name>.+?)\.", N_("Missing argument {name}.")),
    (r"Missing option (?P<name>.+?)\.", N_("Missing option {name}.")),
    (r"Missing parameter (?P<name>.+?)\.", N_("Missing parameter {name}.")),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", N_("Got unexpected extra argument(s) ({args})")),
    (r"Option (?P<name>'[^']*') requires an argument\.", N_("Option {name} requires an argument.")),
    (r"Option (?P<name>'[^']*') requires (?P<n>\d+) arguments\.", N_("Option {name} requires {n} arguments.")),
    (r"Option (?P<name>'[^']*') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Invalid value for (?P<name>[^:]+): (?P<message>.*)", N_("Invalid value for {name}: {message}")),
    (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
    (r"(?P<value>'.*') is not one of (?P<choices>.*)\.", N_("{value} is not one of {choices}.")),
    (r"(?P<value>'.*') is not (?P<choice>'[^']*')\.", N_("{value} is not {choice}.")),
    (r"(?P<value>'.*') is not a valid int(?:eger)?\.", N_("{value} is not a valid integer.")),
    (r"(?P<value>'.*') is not a valid float\.", N_("{value} is not a valid number.")),
    (r"(?P<value>'.*') is not a valid boolean\. Recognized values: (?P<values>.*)",
     N_("{value} is not a valid yes/no value. Recognised values: {values}")),
]
_TAILS = [
    (r" Did you mean (?P<suggestions>.+)\?", N_("Did you mean {suggestions}?")),
    (r" \(Possible options: (?P<options>.+)\)", N_("(Possible options: {options})")),
]
_USAGE_RE: list = []


def translate_usage(message: str) -> str:
    """A click usage error, reworded in the current language (unchanged when not recognised)."""
    import re

    if not _USAGE_RE:
        _USAGE_RE.extend((re.compile(rf"^{pat}(?P<_tail>.*)$", re.S), msgid) for pat, msgid in _USAGE)
        _USAGE_RE.extend((re.compile(rf"^{pat}$", re.S), msgid) for pat, msgid in _TAILS)
    for rx, msgid in _USAGE_RE[:len(_USAGE)]:
        m = rx.match(message)
        if m is None:
            continue
        fields = {k: v for k, v in m.groupdict().items() if k != "_tail"}
        if "message" in fields:
            fields["message"] = translate_usage(fields["message"])
        text = _(msgid).format(**fields)
        tail = m.group("_tail")
        for trx, tmsg in _USAGE_RE[len(_USAGE):]:
            t = trx.match(tail)
            if t is not None:
                return text + " " + _(tmsg).format(**t.groupdict())
        return text + tail
    return message


def _localize_usage_errors() -> None:
    """Reword typer's click usage errors, and its error panel's words, when they are shown."""
    import sys

    from typer._click import exceptions as click_errors

    for cls in vars(click_errors).values():
        if isinstance(cls, type) and "format_message" in vars(cls) and not getattr(
                cls.format_message, "_debtlog", False):
            english = cls.format_message

            def format_message(self, _english=english):
                if "typer.rich_utils" in sys.modules:  # the error panel is being drawn: its words too
                    _patch_typer()
                return translate_usage(_english(self))

            format_message._debtlog = True
            _ENGLISH_USAGE[cls] = english
            cls.format_message = format_message


_ENGLISH_USAGE: dict = {}


def _restore_usage_errors() -> None:
    for cls, english in _ENGLISH_USAGE.items():
        cls.format_message = english
    _ENGLISH_USAGE.clear()


def localized_command(app):
    """The click command of the typer ``app``, its help texts in the current language."""
    import typer.main

    restore_typer()
    _restore_usage_errors()
    cmd = typer.main.get_command(app)
    translate_tree(cmd)
    if language() != "en":
        _localize_usage_errors()
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
