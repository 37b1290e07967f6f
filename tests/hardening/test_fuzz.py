"""The fuzz targets (fuzz/): a few seconds of each under atheris, and every input that once crashed.

The short runs check that the targets still work and catch shallow regressions; longer
campaigns are run by hand (docs/security.md, "Fuzzing"). Without atheris (it ships wheels for
Linux x86-64 only) the short runs are skipped; the regression inputs run everywhere.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUZZ = ROOT / "fuzz"
TARGETS = ["sbr", "vcard", "jsonl"]


def _target(name: str):
    spec = importlib.util.spec_from_file_location(f"fuzz_{name}", FUZZ / f"fuzz_{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(FUZZ))  # for fuzz/_harness.py
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(FUZZ))
    return module


REGRESSIONS = sorted((t, p) for t in TARGETS for p in (FUZZ / "regressions" / t).glob("*") if p.is_file())
SEEDS = sorted((t, p) for t in TARGETS for p in (FUZZ / "corpus" / t).glob("*") if p.is_file())


@pytest.mark.parametrize("target, path", REGRESSIONS + SEEDS, ids=lambda v: v if isinstance(v, str) else v.name)
def test_crashers_and_seeds_give_records_or_clear_problems(target, path):
    """Inputs that once raised (fuzz/regressions/) and the seed corpus: the invariant holds."""
    _target(target).check(path.read_bytes())


def test_every_target_has_regressions_or_seeds():
    for t in TARGETS:
        assert any(p.is_file() for p in (FUZZ / "corpus" / t).iterdir()), t


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed (pip install -e '.[fuzz]')")
@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_briefly(target, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FUZZ / "corpus" / target, corpus)  # the fuzzer adds to it: keep the project's copy as is
    r = subprocess.run(
        [sys.executable, str(FUZZ / f"fuzz_{target}.py"), str(corpus), "-max_total_time=4", "-timeout=20",
         "-rss_limit_mb=2048", "-max_len=8192", f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=180, cwd=tmp_path,
    )
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert r.returncode == 0 and not crashes, (
        f"fuzz_{target} found a crash: {crashes}\n{r.stderr[-4000:]}\n"
        f"Reproduce: python fuzz/fuzz_{target}.py {tmp_path}/CRASH_FILE; add it to fuzz/regressions/{target}/")
    assert "Done" in r.stderr, r.stderr[-2000:]


def test_a_date_beyond_any_calendar_is_a_clear_error(cli, vault, tmp_path):
    """Found by fuzz_sbr: a 17-digit date made datetime raise (exit 70). Now: exit 2, the line named."""
    f = tmp_path / "sms.xml"
    f.write_text("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"2\">\n"
                 '<sms address="900" date="1709494200000" type="1" body="ok" />\n'
                 '<sms address="900" date="17094949160000000" type="1" body="x" />\n'
                 '<sms address="900" date="1e999" type="1" body="y" />\n</smses>\n', encoding="utf-8")
    r = cli("import", "sms-backup", str(f), "--all", "--json")
    assert r.code == 2, (r.code, r.err)
    assert "Internal error" not in r.err and "Line 4" in r.err and "date" in r.err, r.err
    assert cli("list", "--json").json() == []
    r = cli("import", "sms-backup", str(f), "--all", "--partial", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 1 and [e["line"] for e in r.json()["errors"]] == [4, 5]


def test_a_vcard_charset_with_a_nul_byte_falls_back(cli, vault, tmp_path):
    """Found by fuzz_vcard: CHARSET=UTF\\0... made bytes.decode raise ValueError (exit 70)."""
    f = tmp_path / "c.vcf"
    f.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF\x00-8:\xd0\x9c\xd0\xb0\xd0\xbc\xd0\xb0;;;;\r\n"
                  b"TEL;CELL:+7 916 123-45-67\r\nEND:VCARD\r\n")
    r = cli("contacts", "import", str(f), "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 1


@pytest.mark.parametrize("value", [1e17, 1e20, float("inf"), float("nan")])
def test_out_of_range_epoch_times_are_a_value_error_for_every_importer(value):
    """The same class of bug in the other phone-log readers (carrier CSV, Android call log): an
    epoch count beyond any calendar is a ValueError, which each reader reports for its row."""
    from debtlog.importers.android import android_call
    from debtlog.importers.common import Localiser, number_normaliser
    from debtlog.importers import RecordProblem

    loc = Localiser("Europe/Moscow")
    with pytest.raises(ValueError):
        loc.from_ms(value)
    with pytest.raises(ValueError):
        loc.from_unix(value)
    row = {"date": repr(value), "type": "1", "number": "900"}
    assert isinstance(android_call(row, loc, number_normaliser("RU"), "Europe/Moscow"), RecordProblem)
