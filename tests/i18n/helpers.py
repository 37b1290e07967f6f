"""What the language tests share: the catalogs as translators leave them."""

from __future__ import annotations

import re
import string

from debtlog.i18n import SUPPORTED
from debtlog.i18n.extract import POT, po_path, read_po

LANGS = [c for c in SUPPORTED if c != "en"]
ROOT_HELP = ("An encrypted evidence log for people harassed by debt collectors.\n\n"
             "Record every collector contact, see which ones likely broke the law where you live, and export a "
             "signed dossier for a lawyer, a regulator or a court. Start with: debtlog init")
# Scripts tell the languages apart: Cyrillic, CJK ideographs, and for Italian its own words.
SCRIPT = {"ru": re.compile(r"[А-Яа-яЁё]{3,}"), "zh_CN": re.compile(r"[\u4e00-\u9fff]{2,}"),
          "it": re.compile(r"\b(il|la|di|per|che|non|errata|Opzioni|Comandi)\b")}


def catalog(code):
    return read_po(po_path(code), code)


def template():
    return read_po(POT)


def placeholders(text: str) -> set[str]:
    """The {name} fields of a str.format template ('{}' and '{0}' count by position)."""
    names = set()
    for _lit, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


def first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip()
