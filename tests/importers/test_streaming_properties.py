"""Property tests: the SMS Backup & Restore reader gives the same records however the bytes are split."""

from __future__ import annotations

import io
import subprocess
import sys

from hypothesis import given, settings, strategies as st

from .fixtures import sbr_sms, sms

TEXTS = st.text(alphabet=st.sampled_from(list("aé Ж中\n&<>\"'😀🏽")), max_size=12)


def _refs(text: str) -> str:
    """Write the text the way SB&R does: characters beyond the BMP as UTF-16 surrogate-pair references."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp > 0xFFFF:
            v = cp - 0x10000
            out.append(f"&#{0xD800 + (v >> 10)};&#{0xDC00 + (v & 0x3FF)};")
        elif ch in "&<>\"'\n":
            out.append(f"&#{cp};")
        else:
            out.append(ch)
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(bodies=st.lists(TEXTS, min_size=1, max_size=6), read_size=st.integers(min_value=1, max_value=64))
def test_any_split_reads_the_same(monkeypatch_module, bodies, read_size):
    from debtlog.importers import sbr

    doc = sbr_sms([sms("+79161234567", 1_700_000_000_000 + i, "", raw_body=_refs(b)) for i, b in enumerate(bodies)])
    monkeypatch_module.setattr(sbr, "READ_SIZE", read_size)
    items = list(sbr.read_sbr(io.BytesIO(doc.encode("utf-8")), timezone="UTC", region="RU"))
    assert [r.content for _pos, r in items] == bodies


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=200))
def test_garbage_never_raises(data):
    from debtlog.importers import RecordProblem
    from debtlog.importers.sbr import read_sbr

    items = list(read_sbr(io.BytesIO(data), timezone="UTC", region="RU"))
    assert all(isinstance(r, RecordProblem) for _p, r in items)


def test_help_with_phone_imports_registered_stays_light():
    """Once app.py registers this module, --help must still load nothing heavy (tests/test_startup.py)."""
    code = ("import sys\n"
            "from debtlog.cli import app as m, phone_imports\n"
            "m.app.add_typer(phone_imports.contacts_app, name='contacts')\n"
            "from debtlog.cli.main import main\n"
            "try:\n    main(['import', '--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(n for n in sys.modules if n.split('.')[0] in "
            "('sqlite3', 'cryptography', 'phonenumbers', 'sqlite_utils') or n.startswith('debtlog.importers') "
            "or n.startswith('debtlog.vault'))\n"
            "print('HEAVY:' + ','.join(heavy), file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "HEAVY:\n" in r.stderr + "\n" and "sms-backup" in r.stdout
