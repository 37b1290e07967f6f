"""The catalogs: complete, current with the code, and safe to .format()."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from debtlog.i18n.extract import PACKAGE, POT, mo_path, po_path, render_mo, render_po, template as build_template
from debtlog.i18n.extract import merged

from .helpers import LANGS, catalog, placeholders, template

HEADER_DATES = ("POT-Creation-Date", "PO-Revision-Date")


def _strip_dates(data: bytes) -> str:
    return "\n".join(line for line in data.decode("utf-8").splitlines() if not line.startswith(tuple(
        '"' + h for h in HEADER_DATES)))


@pytest.mark.parametrize("code", LANGS)
def test_every_message_is_translated(code):
    """Fails until the translators are done: lists what is missing, first ones first."""
    cat = catalog(code)
    missing, fuzzy = [], []
    for m in template():
        if not m.id:
            continue
        t = cat.get(m.id)
        strings = (t.string if isinstance(t.string, (list, tuple)) else [t.string]) if t is not None else [""]
        if t is None or not all(s and s.strip() for s in strings):
            missing.append(m.id if isinstance(m.id, str) else m.id[0])
        elif t.fuzzy:
            fuzzy.append(m.id if isinstance(m.id, str) else m.id[0])
    total = len([m for m in template() if m.id])
    problems = []
    if missing:
        problems.append(f"{len(missing)} of {total} messages have no {code} translation, e.g.:\n  "
                        + "\n  ".join(repr(x[:100]) for x in missing[:10]))
    if fuzzy:
        problems.append(f"{len(fuzzy)} {code} translations are marked fuzzy (review them), e.g.:\n  "
                        + "\n  ".join(repr(x[:100]) for x in fuzzy[:10]))
    assert not problems, f"{po_path(code)}:\n" + "\n".join(problems)


def test_template_is_current():
    """Re-extracting gives the committed .pot: run  python -m debtlog.i18n.extract  after changing a message."""
    fresh = render_po(build_template(), template=True)
    assert _strip_dates(POT.read_bytes()) == _strip_dates(fresh), (
        "debtlog/locale/debtlog.pot is stale: run  python -m debtlog.i18n.extract")


@pytest.mark.parametrize("code", LANGS)
def test_po_files_hold_every_message(code):
    """Each .po has been merged with the current template (all msgids, translations kept)."""
    fresh = render_po(merged(code, build_template()))
    assert _strip_dates(po_path(code).read_bytes()) == _strip_dates(fresh), (
        f"{po_path(code)} is not merged with the template: run  python -m debtlog.i18n.extract")


@pytest.mark.parametrize("code", LANGS)
def test_mo_files_are_compiled_from_the_po_files(code):
    assert mo_path(code).exists(), f"{mo_path(code)} is missing: run  python -m debtlog.i18n.compile"
    assert mo_path(code).read_bytes() == render_mo(catalog(code)), (
        f"{mo_path(code)} is older than its .po: run  python -m debtlog.i18n.compile")


@pytest.mark.parametrize("code", LANGS)
def test_translations_keep_the_placeholders(code):
    """{name} fields equal the msgid's, so .format() can never raise KeyError (or lose a value)."""
    bad = []
    for m in catalog(code):
        if not m.id or not m.string:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        want = set().union(*(placeholders(i) for i in ids))
        for s in strings:
            if not s:
                continue
            got = placeholders(s)
            # A plural form may leave out the count itself ("un altro contatto" for "{n} more"),
            # since .format() ignores a value it is not asked for; nothing else may differ.
            if got != want and not (len(ids) > 1 and got <= want and want - got <= {"n"}):
                bad.append(f"{ids[0]!r}: {sorted(got)} instead of {sorted(want)}")
    assert not bad, f"{code}: placeholders differ from the English:\n  " + "\n  ".join(bad[:20])


def test_placeholder_check_catches_a_renamed_field():
    assert placeholders("Wrong passphrase for the vault {path}.") == {"path"}
    assert placeholders("Неверная фраза для {путь}.") != {"path"}
    assert placeholders("{{literal}} and {n}") == {"n"}


def test_catalog_msgids_include_help_texts_and_rule_packs():
    ids = {m.id for m in template() if m.id}
    assert "Show which contacts likely broke which rule of your jurisdiction, why, and the citation." in ids
    assert "Contact outside the allowed hours" in ids  # ru.230fz.hours, from the pack
    assert "Wrong passphrase for the vault {path}." in ids
    assert "Likely violations of a bright-line rule" in ids  # an N_() table value
    assert "Show this message and exit." in ids  # click's own words


def test_no_translation_call_hides_inside_an_f_string():
    """The extractor cannot see _("...") inside an f-string: such a message would never be translated."""
    hidden = []
    for path in sorted(Path(PACKAGE).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for sub in ast.walk(node):
                    if (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name)
                            and sub.func.id in ("_", "N_", "ngettext") and sub.args
                            and isinstance(sub.args[0], ast.Constant)):
                        hidden.append(f"{path.relative_to(PACKAGE.parent)}:{sub.lineno}")
    assert not hidden, "move these _() calls out of the f-string: " + ", ".join(hidden)


def test_no_f_string_is_a_msgid():
    """_(f"...") would look up a different msgid for every value: use _("... {x}").format(x=...)."""
    bad = []
    for path in sorted(Path(PACKAGE).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.JoinedStr)):
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert not bad, ", ".join(bad)
