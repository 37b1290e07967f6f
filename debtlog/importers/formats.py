"""The formats debtlog imports, and telling them apart by their content.

``detect`` reads the first 64 KiB (or, for SQLite, the table names) and never trusts the
file name alone: phones and apps name exports as they like.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import N_

# name: (kind, command, description)
FORMATS: dict[str, tuple[str, str, str]] = {
    "jsonl": ("records", "import jsonl", N_("JSON Lines, one contract record per line")),
    "sms-backup": ("calls", "import sms-backup", N_("SMS Backup & Restore XML: calls-*.xml, sms-*.xml (sms and mms)")),
    "android": ("calls", "import android", N_("Android calllog.db (the calls table; rooted phone or backup)")),
    "adb": ("calls", "import adb", N_("text of: adb shell content query --uri content://call_log/calls")),
    "ios": ("calls", "import ios", N_("iOS CallHistory.storedata (ZCALLRECORD)")),
    "whatsapp": ("calls", "import whatsapp", N_("WhatsApp call history on iOS: CallHistory.sqlite (ZWACDCALLEVENT)")),
    "csv": ("calls", "import csv", N_("CSV with a column mapping or a carrier preset (--map, --preset)")),
    "recordings": ("recordings", "import recordings", N_("a folder of call recordings (BCR, Cube ACR, Samsung, MIUI, "
                                                      "Google Phone...)")),
    "vcard": ("contacts", "contacts import", N_("vCard 2.1, 3.0, 4.0 (.vcf)")),
    "google-csv": ("contacts", "contacts import", N_("Google Contacts CSV (and Outlook CSV)")),
    "ios-contacts": ("contacts", "contacts import", N_("iOS AddressBook.sqlitedb")),
}


def _sqlite_tables(path: Path) -> set[str]:
    import sqlite3

    try:
        # as_uri() escapes '#', '?' and '%' in the name: in "file:{path}" they would end the path, and SQLite
        # would open (and create, empty) another file ("backup#2.db" -> "backup")
        conn = sqlite3.connect(Path(path).absolute().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            return {r[0].lower() for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
        finally:
            conn.close()
    except sqlite3.Error:
        return set()


def detect(path: Path, kinds: tuple[str, ...] = ("calls", "contacts", "records")) -> str | None:
    """The format name of ``path`` (for contacts, "ios" means the iOS address book)."""
    path = Path(path)
    if path.is_dir():
        return "recordings" if "recordings" in kinds else None
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except OSError:
        return None
    if head.startswith(b"SQLite format 3\x00"):
        tables = _sqlite_tables(path)
        if "contacts" in kinds and "abperson" in tables:
            return "ios"
        if "calls" in kinds:
            if "zcallrecord" in tables:
                return "ios"
            if "zwacdcallevent" in tables:
                return "whatsapp"
            if "calls" in tables:
                return "android"
        return None
    from . import google_csv, sbr, vcard

    if "calls" in kinds and sbr.sniff(head):
        return "sms-backup"
    if "contacts" in kinds and vcard.sniff(head):
        return "vcard"
    if "contacts" in kinds and google_csv.sniff(head):
        return "google-csv"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if "calls" in kinds and text.startswith(b"Row: ") and b"number=" in text[:4000]:
        return "adb"
    if "records" in kinds and text.startswith(b"{"):
        return "jsonl"
    if "calls" in kinds:
        first = text.split(b"\n", 1)[0]
        if first.count(b",") >= 2 or first.count(b";") >= 2 or first.count(b"\t") >= 2:
            return "csv"
    return None
