"""A writer killed at any moment leaves the vault as before or after; concurrent writers both land."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from debtlog.vault import open_log

from .conftest import DEBTLOG, PASS, subprocess_env

WRITER = textwrap.dedent(
    """
    import sys, json
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    from debtlog.models import Contact
    from debtlog.vault import open_log
    path, start = sys.argv[1], int(sys.argv[2])
    tz = ZoneInfo("Europe/Moscow")
    i = start
    while True:
        with open_log(path, sys.argv[3], write=True) as log:
            for k in range(20):  # a bigger write each time: more time inside the save
                log.add(Contact(occurred_at=datetime(2026, 1, 1, tzinfo=tz) + timedelta(minutes=i * 20 + k),
                                channel="sms", number="+79161234567", content="x" * 500, source_id=f"w{i}-{k}"))
        print(i, flush=True)
        i += 1
    """
)


@pytest.mark.slow
def test_kill_9_during_writes_never_corrupts(cli, vault, vault_path, tmp_path):
    rng = random.Random(1234)
    committed = 0
    kills = 0
    for round_ in range(25):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(vault_path), str(committed), PASS],
                                stdout=subprocess.PIPE, text=True, env=subprocess_env(tmp_path))
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        kills += 1
        reported = len(out.split())
        with open_log(vault_path, PASS) as log:
            n = log.count()
            report = log.verify()
        assert report.ok, report.problems
        assert n % 20 == 0, "a half-written batch is visible"
        # Every batch the writer reported is there; at most one more (killed after the rename).
        assert committed * 20 + reported * 20 <= n <= (committed + reported + 1) * 20
        committed = n // 20
    assert kills == 25
    with open_log(vault_path, PASS, write=True):
        pass
    assert not list(vault_path.parent.glob(vault_path.name + ".tmp-*"))


@pytest.mark.slow
def test_kill_9_during_cli_import(cli, vault, vault_path, tmp_path):
    src = tmp_path / "big.jsonl"
    with open(src, "w") as f:
        for i in range(3000):
            f.write(json.dumps({"source_id": f"r{i}", "occurred_at": "2026-03-03T12:00:00", "channel": "call",
                                "content": "y" * 200}) + "\n")
    rng = random.Random(99)
    env = subprocess_env(tmp_path)
    for _ in range(8):
        proc = subprocess.Popen([*DEBTLOG, "import", "jsonl", str(src)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.5))
        proc.kill()
        proc.wait()
        with open_log(vault_path, PASS) as log:
            assert log.count() in (0, 3000)
            assert log.verify().ok
    r = subprocess.run([*DEBTLOG, "import", "jsonl", str(src), "--json"], env=env, capture_output=True, text=True)
    assert r.returncode == 0
    with open_log(vault_path, PASS) as log:
        assert log.count() == 3000


@pytest.mark.slow
def test_two_processes_adding_at_once_both_land(cli, vault, vault_path, tmp_path):
    env = subprocess_env(tmp_path)
    env["DEBTLOG_LOCK_TIMEOUT"] = "30"

    def adder(tag):
        script = "; ".join([
            "import subprocess, sys",
            f"[subprocess.run({DEBTLOG!r} + ['add', '--at', '2026-03-03T12:%02d' % i, '--channel', 'sms', "
            f"'--number', '900', '--content', '{tag}%d' % i], check=True, capture_output=True) for i in range(6)]",
        ])
        return subprocess.Popen([sys.executable, "-c", script], env=env)

    a, b = adder("a"), adder("b")
    assert a.wait(timeout=120) == 0
    assert b.wait(timeout=120) == 0
    with open_log(vault_path, PASS) as log:
        contents = sorted(e.record.content for e in log.entries())
        assert log.verify().ok
    assert contents == sorted([f"a{i}" for i in range(6)] + [f"b{i}" for i in range(6)])


def test_locked_vault_exits_4(cli, vault, vault_path, tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
         "print('locked', flush=True); time.sleep(10)", str(vault_path) + ".lock"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = subprocess_env(tmp_path)
        env["DEBTLOG_LOCK_TIMEOUT"] = "0.5"
        before = vault_path.read_bytes()
        r = subprocess.run([*DEBTLOG, "add", "--at", "2026-03-03T12:00", "--channel", "sms", "--number", "900"],
                           env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert r.returncode == 4
        assert "another debtlog process" in r.stderr
        assert "Traceback" not in r.stderr
        assert vault_path.read_bytes() == before
        r = subprocess.run([*DEBTLOG, "list", "--json"], env=env, capture_output=True, text=True)
        assert r.returncode == 0  # reading is never blocked
    finally:
        holder.kill()
        holder.wait()


def test_subprocess_exit_codes_have_no_traceback(vault, vault_path, tmp_path):
    env = subprocess_env(tmp_path)
    raw = bytearray(vault_path.read_bytes())
    raw[-5] ^= 0xFF
    vault_path.write_bytes(bytes(raw))
    r = subprocess.run([*DEBTLOG, "list"], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert r.returncode == 5
    assert "damaged" in r.stderr and "backup" in r.stderr
    assert "Traceback" not in r.stderr
    env["DEBTLOG_PASSPHRASE"] = "wrong wrong wrong"
    r = subprocess.run([*DEBTLOG, "list"], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert r.returncode == 3  # the key is checked before the body
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_kill_9_during_passwd_and_edit(cli, vault, vault_path, tmp_path):
    """passwd and edit killed at random moments: the vault opens with one of the two
    passphrases, every committed revision is there, and the chain verifies."""
    from debtlog.errors import WrongPassphrase

    assert cli("add", "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+79161234567",
               "--content", "v0").code == 0
    rng = random.Random(7)
    env = subprocess_env(tmp_path)
    passphrases = [PASS, "second long passphrase"]
    current = 0
    for round_ in range(12):
        new = 1 - current
        e = dict(env, DEBTLOG_PASSPHRASE=passphrases[current], DEBTLOG_NEW_PASSPHRASE=passphrases[new])
        proc = subprocess.Popen([*DEBTLOG, "passwd"], env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.5))
        proc.kill()
        proc.wait()
        opened = None
        for i in (current, new):
            try:
                with open_log(vault_path, passphrases[i]) as log:
                    assert log.verify().ok
                opened = i
                break
            except WrongPassphrase:
                continue
        assert opened is not None, "neither passphrase opens the vault"
        current = opened
        e = dict(env, DEBTLOG_PASSPHRASE=passphrases[current])
        proc = subprocess.Popen([*DEBTLOG, "edit", "1", "--content", f"v{round_ + 1}", "--reason", "r"], env=e,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.5))
        proc.kill()
        proc.wait()
        with open_log(vault_path, passphrases[current]) as log:
            assert log.verify().ok
            entry = log.get(1)
            assert entry.record.content.startswith("v")
            assert len(log.history(1)) == entry.revision


@pytest.mark.slow
def test_kill_9_during_attach(cli, vault, vault_path, tmp_path):
    """attach killed at random: the recording is either fully attached (and verifies) or absent."""
    from debtlog.vault.attachments import check_blobs

    from .conftest import make_wav

    assert cli("add", "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+79161234567").code == 0
    rng = random.Random(11)
    env = subprocess_env(tmp_path)
    for round_ in range(8):
        wav = make_wav(tmp_path / f"r{round_}.wav", seconds=60 + round_, freq=300 + 40 * round_)
        proc = subprocess.Popen([*DEBTLOG, "attach", "1", str(wav)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 1.0))
        proc.kill()
        proc.wait()
        with open_log(vault_path, PASS) as log:
            assert log.verify().ok
            assert check_blobs(log) == []
            assert len(log.attachments()) <= round_ + 1


# -- kill -9 at random points, many times over, for each command that writes (issue #9) ---------

NEW_PASS = "second long passphrase"


def _vault_state(vault_path, passphrases):
    """(the passphrase that opens the vault, its records): it must open, verify and hold every recording."""
    from debtlog.errors import WrongPassphrase
    from debtlog.vault.attachments import check_blobs

    for p in passphrases:
        try:
            with open_log(vault_path, p) as log:
                report = log.verify()
                assert report.ok, report.problems
                assert check_blobs(log) == []
                rows = sorted((e.id, e.revision, e.record.content, len(e.attachments)) for e in log.entries())
                return p, rows
        except WrongPassphrase:
            continue
    raise AssertionError("no passphrase opens the vault")


def _after(command, rnd, rows, tmp_path):
    """What the vault holds once round ``rnd`` of ``command`` committed, given what it held before."""
    nxt = max((r[0] for r in rows), default=0) + 1
    if command == "add":
        return sorted(rows + [(nxt, 1, f"a{rnd}", 0)])
    if command == "import":
        return sorted(rows + [(nxt + k, 1, f"i{rnd}-{k}", 0) for k in range(IMPORT_SIZE)])
    if command == "edit":
        return sorted([(i, rev + 1, f"e{rnd}", n) if i == 1 else (i, rev, c, n) for i, rev, c, n in rows])
    if command == "attach":  # the first recording also sets the call's duration: a new revision
        return sorted([(i, rev + (n == 0), c, n + 1) if i == 1 else (i, rev, c, n) for i, rev, c, n in rows])
    return rows  # passwd: the same records, under the other passphrase


IMPORT_SIZE = 300
KILL_ROUNDS = 25


def _argv(command, rnd, tmp_path):
    from .conftest import make_wav

    if command == "add":
        return ["add", "--at", f"2026-03-0{1 + rnd % 9}T12:{rnd % 60:02d}", "--channel", "sms", "--number", "900",
                "--content", f"a{rnd}"]
    if command == "import":
        src = tmp_path / f"i{rnd}.jsonl"
        with open(src, "w") as f:
            for k in range(IMPORT_SIZE):
                f.write(json.dumps({"source_id": f"i{rnd}-{k}", "occurred_at": "2026-03-03T12:00:00",
                                    "channel": "call", "content": f"i{rnd}-{k}"}) + "\n")
        return ["import", "jsonl", str(src)]
    if command == "edit":
        return ["edit", "1", "--content", f"e{rnd}", "--reason", "r"]
    if command == "attach":
        return ["attach", "1", str(make_wav(tmp_path / f"r{rnd}.wav", seconds=3, freq=200 + 10 * rnd))]
    return ["passwd"]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["add", "import", "edit", "passwd", "attach"])
def test_kill_9_at_random_points_many_times(cli, vault, vault_path, tmp_path, command):
    """Each command killed KILL_ROUNDS times at a random moment of its run (from start-up to the rename
    of the saved vault): after every kill the vault opens, verifies, and holds exactly the records it
    held before the command or exactly those after it, never anything in between."""
    assert cli("add", "--at", "2026-03-03T09:00", "--channel", "call", "--number", "+79161234567",
               "--content", "first").code == 0
    env = subprocess_env(tmp_path)
    passphrases = [PASS, NEW_PASS]
    current, rows = _vault_state(vault_path, passphrases)
    rng = random.Random(f"kill-{command}")
    run_time = None
    outcomes = {"before": 0, "after": 0}
    for rnd in range(KILL_ROUNDS + 1):
        other = NEW_PASS if current == PASS else PASS
        e = dict(env, DEBTLOG_PASSPHRASE=current, DEBTLOG_NEW_PASSPHRASE=other)
        expected_after = _after(command, rnd, rows, tmp_path)
        argv = _argv(command, rnd, tmp_path)
        started = time.monotonic()
        proc = subprocess.Popen([*DEBTLOG, *argv], env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if run_time is None:  # round 0 runs to the end: how long a whole run takes, and that it works
            assert proc.wait(timeout=60) == 0, proc.stderr.read()
            run_time = time.monotonic() - started
        else:
            time.sleep(rng.uniform(0.0, run_time * 1.1))
            proc.kill()
            proc.wait()
        proc.stderr.close()
        opened_with, now = _vault_state(vault_path, passphrases)
        after_pass = other if command == "passwd" else current
        if (opened_with, now) == (current, rows):
            outcomes["before"] += 1
        else:
            assert (opened_with, now) == (after_pass, expected_after), f"round {rnd}: neither before nor after"
            outcomes["after"] += 1
        current, rows = opened_with, now
    assert outcomes["after"] >= 1 and outcomes["before"] >= 1, outcomes  # kills landed on both sides
    with open_log(vault_path, current, write=True):  # the next writer removes a killed writer's leftovers
        pass
    assert not list(vault_path.parent.glob(vault_path.name + ".tmp-*"))
