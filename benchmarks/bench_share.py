"""Share and case import speed and memory: prints figures (not a test; machines here are noisy).

    python benchmarks/bench_share.py [--contacts 10000] [--recording-mb 100] [--kdf standard|minimum]

Builds a borrower's vault (contacts via `import jsonl`, one recording of the given size), a
volunteer key, then times `share` (seal + sign), `cases import` (verify the signature over the
whole file, decrypt, verify the chain, re-seal the recording) and `cases list`, in process,
with the peak memory of the process after each step. Every step includes its key derivations.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_vault import _records  # noqa: E402

BORROWER, VOLUNTEER = "benchmark passphrase", "volunteer benchmark passphrase"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=10000)
    ap.add_argument("--recording-mb", type=int, default=100)
    ap.add_argument("--kdf", default="standard", choices=("standard", "minimum"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        env = dict(os.environ, DEBTLOG_HOME=str(d / "home"), DEBTLOG_VAULT=str(d / "v.debtlog"),
                   DEBTLOG_PASSPHRASE=BORROWER, DEBTLOG_KDF_PROFILE=a.kdf)
        os.environ.update(env)
        run = lambda *args, **kw: subprocess.run([sys.executable, "-m", "debtlog", *args], env=env, check=True,  # noqa: E731
                                                 capture_output=True, **kw)
        run("init", "--jurisdiction", "RU", "--timezone", "Europe/Moscow")
        src = d / "contacts.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records(a.contacts)), "utf-8")
        run("import", "jsonl", str(src))
        rec = d / "call.amr"
        with open(rec, "wb") as f:
            for _ in range(a.recording_mb):
                f.write(os.urandom(1 << 20))
        from debtlog.sharing.cases import import_share, list_cases
        from debtlog.sharing.keys import create_identity
        from debtlog.sharing.share import write_share
        from debtlog.vault import open_log
        from debtlog.vault.attachments import store_file

        with open_log(d / "v.debtlog", BORROWER, write=True) as log:
            ov = log.vault_file
            info = store_file(ov.file.path, ov.data_key, ov.header.vault_id, rec)
            log.add_attachment(1, sha256=info["sha256"], size=info["size"], filename="call.amr", media_type="audio/amr")
        public = create_identity(d / "home", VOLUNTEER)
        print(f"{a.contacts} contacts, one {a.recording_mb} MB recording, KDF profile {a.kdf}")
        t = time.perf_counter()
        s = write_share(d / "v.debtlog", BORROWER, public, d / "case.dlshare")
        print(f"share:        {time.perf_counter() - t:6.2f} s  file {s.size / 1e6:7.1f} MB  peak RSS {_peak_mb():6.0f} MB")
        t = time.perf_counter()
        r = import_share(d / "home", d / "case.dlshare", VOLUNTEER)
        print(f"cases import: {time.perf_counter() - t:6.2f} s  {r.entries} entries           peak RSS {_peak_mb():6.0f} MB")
        t = time.perf_counter()
        list_cases(d / "home", VOLUNTEER)
        print(f"cases list:   {time.perf_counter() - t:6.2f} s")


if __name__ == "__main__":
    main()
