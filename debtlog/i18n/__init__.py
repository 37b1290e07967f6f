"""The one seam for translating what debtlog says.

Every user-facing string goes through ``_()`` (or ``ngettext`` when it counts something).
English is the source language: the msgid is the English text, and the catalogs in
``debtlog/locale/<lang>/LC_MESSAGES/debtlog.mo`` hold Russian, Chinese (simplified) and
Italian. ``N_()`` only marks a string for the extractor (a table of labels translated later,
where it is shown).

The language is chosen once per command (``setup``), in this order: ``--lang``,
``DEBTLOG_LANG``, the profile's language (kept readable before the vault is unlocked in
``$DEBTLOG_HOME/settings.json``), the system locale (LC_ALL, LC_MESSAGES, LANG), English.
Nothing is read from disk until the first ``_()`` call that needs a catalog, and English
never reads one: ``debtlog --help`` stays fast (docs/i18n.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Optional

SOURCE = "en"
SUPPORTED = ("en", "ru", "zh_CN", "it")
NAMES = {"en": "English", "ru": "Русский", "zh_CN": "简体中文", "it": "Italiano"}
DOMAIN = "debtlog"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SETTINGS_FILE = "settings.json"
# Where the language came from, lowest priority last.
SOURCES = ("option", "env", "profile", "locale", "default")

_lang: Optional[str] = None
_source: Optional[str] = None
_gettext: Optional[Callable[[str], str]] = None
_ngettext: Optional[Callable[[str, str, int], str]] = None
_catalogs: dict = {}


class UnknownLanguage(ValueError):
    pass


def normalize(value: Optional[str]) -> Optional[str]:
    """A supported language code for ``value`` (``ru_RU.UTF-8`` -> ``ru``), or None.

    Every Chinese variant maps to zh_CN: a reader of traditional characters reads the
    simplified catalog far better than the English one.
    """
    if not value:
        return None
    v = value.strip().split(".")[0].split("@")[0].replace("-", "_")
    if not v:
        return None
    low = v.lower()
    if low in ("c", "posix"):
        return SOURCE
    base = low.split("_")[0]
    if base == "zh":
        return "zh_CN"
    if base in ("en", "ru", "it"):
        return base
    return None


def parse_lang_option(value: str) -> str:
    """The code for a --lang value, or UnknownLanguage naming the supported ones."""
    code = normalize(value)
    if code is None:
        raise UnknownLanguage(value)
    return code


def supported_text() -> str:
    return ", ".join(f"{c} ({NAMES[c]})" for c in SUPPORTED)


def settings_home() -> Path:
    """$DEBTLOG_HOME, else the platform's user data folder, without importing platformdirs
    (it costs 20 ms at start-up); tests/i18n/test_runtime.py checks both agree."""
    raw = os.environ.get("DEBTLOG_HOME")
    if raw:
        return Path(raw).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "debtlog"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "debtlog"
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    return Path(xdg if xdg else Path.home() / ".local" / "share") / "debtlog"


def saved_language() -> Optional[str]:
    """The profile's language as last saved in the settings file (readable before unlocking)."""
    try:
        import json

        with open(settings_home() / SETTINGS_FILE, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError):
        return None
    return normalize(doc.get("language")) if isinstance(doc, dict) else None


def save_language(code: Optional[str]) -> None:
    """Remember the profile's language for the next start (None forgets it)."""
    import json

    path = settings_home() / SETTINGS_FILE
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if not isinstance(doc, dict):
            doc = {}
    except (OSError, ValueError):
        doc = {}
    if code:
        doc["language"] = code
    else:
        doc.pop("language", None)
    from ..fsutil import atomic_file, make_private_folder

    make_private_folder(path.parent)
    with atomic_file(path) as f:  # 0600, like every file debtlog writes
        f.write((json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def system_language() -> Optional[str]:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize(value)  # the first one set decides, as in POSIX
    return None


def resolve(option: Optional[str] = None) -> tuple[str, str]:
    """(language, where it came from). ``option`` is --lang's value, already checked."""
    if option:
        return parse_lang_option(option), "option"
    env = normalize(os.environ.get("DEBTLOG_LANG"))
    if env:
        return env, "env"
    saved = saved_language()
    if saved:
        return saved, "profile"
    system = system_language()
    if system:
        return system, "locale"
    return SOURCE, "default"


def set_language(code: str, source: str = "option") -> None:
    global _lang, _source, _gettext, _ngettext
    if code not in SUPPORTED:
        code = parse_lang_option(code)
    _lang, _source = code, source
    _gettext = _ngettext = None
    _line_breaking(code)


def _line_breaking(code: str | None) -> None:
    """Chinese breaks lines between characters (debtlog/i18n/cjkwrap.py); rich is only touched
    when Chinese is chosen or was."""
    import sys

    if code is not None and code.startswith("zh"):
        from . import cjkwrap

        cjkwrap.enable()
    elif "debtlog.i18n.cjkwrap" in sys.modules:
        sys.modules["debtlog.i18n.cjkwrap"].disable()


def setup(option: Optional[str] = None) -> str:
    """Choose the language for this command (main() calls it first thing)."""
    set_language(*resolve(option))
    return _lang  # type: ignore[return-value]


def adopt_profile_language(code: Optional[str]) -> None:
    """The vault is open and its profile names a language: use it, unless --lang or
    DEBTLOG_LANG chose one (the settings file normally has already done this)."""
    code = normalize(code)
    if code and language_source() not in ("option", "env") and (code != language() or _source != "profile"):
        set_language(code, "profile")


def reset() -> None:
    """Forget the chosen language (tests): the next ``_()`` resolves it again."""
    global _lang, _source, _gettext, _ngettext
    _lang = _source = None
    _line_breaking(None)
    _gettext = _ngettext = None


def language() -> str:
    if _lang is None:
        set_language(*resolve())
    return _lang  # type: ignore[return-value]


def language_source() -> str:
    language()
    return _source  # type: ignore[return-value]


def catalog(code: str):
    """The gettext translations of one language (NullTranslations for English or a missing file)."""
    t = _catalogs.get(code)
    if t is None:
        import gettext

        t = gettext.NullTranslations()
        if code != SOURCE:
            try:
                with open(LOCALE_DIR / code / "LC_MESSAGES" / (DOMAIN + ".mo"), "rb") as f:
                    t = gettext.GNUTranslations(f)
            except OSError:
                pass
        _catalogs[code] = t
    return t


def _bind() -> None:
    global _gettext, _ngettext
    code = language()
    if code == SOURCE:
        _gettext = _identity
        _ngettext = _english_plural
    else:
        t = catalog(code)
        _gettext, _ngettext = t.gettext, t.ngettext


def _identity(message: str) -> str:
    return message


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def _(message: str) -> str:
    if _gettext is None:
        _bind()
    return _gettext(message)  # type: ignore[misc]


def ngettext(singular: str, plural: str, n: int) -> str:
    if _ngettext is None:
        _bind()
    return _ngettext(singular, plural, n)  # type: ignore[misc]


def N_(message: str) -> str:
    """Marks ``message`` for extraction only; translate it with ``_()`` where it is shown."""
    return message


def translator(code: str) -> Callable[[str], str]:
    """``_()`` for one given language, whatever the command's language (the dossier's)."""
    code = normalize(code) or SOURCE
    if code == SOURCE:
        return _identity
    return catalog(code).gettext


__all__ = ["_", "ngettext", "N_", "SUPPORTED", "NAMES", "language", "set_language", "setup", "translator",
           "normalize", "resolve", "UnknownLanguage"]
