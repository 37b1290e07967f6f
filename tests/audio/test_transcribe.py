"""Optional transcription: the backend interface, storage as derived text, search, and the no-backend message."""

from __future__ import annotations

import hashlib

import pytest

from debtlog import transcribe
from debtlog.transcribe import Transcript

CALL = ("add", "--at", "2026-03-03T22:30", "--channel", "call", "--number", "+79161234567")


class FakeBackend:
    name = "fake"
    languages = ()

    def available(self):
        return None

    def transcribe(self, pcm, language):
        data = b"".join(pcm)
        seconds = len(data) / 32000
        return Transcript(f"you will pay today or we call your employer ({seconds:.0f} s)", self.name, "fake-1",
                          language, [{"start_s": 0, "end_s": seconds, "text": "..."}])


class MissingBackend:
    name = "missing"
    languages = ("en",)

    def available(self):
        return "not installed"


def test_transcripts_are_stored_and_searchable(cli, vault, recordings, monkeypatch):
    monkeypatch.setattr(transcribe, "BUILTIN", {"fake": FakeBackend})
    assert cli(*CALL, "--audio", str(recordings["ogg"])).code == 0
    assert cli(*CALL, "--audio", str(recordings["mp3"])).code == 0
    sha = hashlib.sha256(recordings["ogg"].read_bytes()).hexdigest()
    r = cli("audio", "transcribe", sha[:8], "--json")
    assert r.code == 0, r.err
    [t] = r.json()
    assert t["entry_id"] == 1 and "employer (6 s)" in t["text"]  # 6 s of 16 kHz mono PCM reached the backend
    rows = cli("audio", "list", "--search", "EMPLOYER", "--json").json()
    assert [row["sha256"] for row in rows] == [sha]
    assert cli("audio", "list", "--search", "nothing like this", "--json").json() == []
    info = cli("audio", "info", sha[:8], "--json").json()
    [d] = info["derived"]
    assert d["kind"] == "transcript" and d["params"]["backend"] == "fake" and d["params"]["language"] == "ru"
    # --all does the rest; the text is in the hash chain, so verify covers it.
    r = cli("audio", "transcribe", "--all", "--json")
    assert [x["entry_id"] for x in r.json()] == [2]
    assert cli("verify").code == 0
    from debtlog.vault import open_log
    from debtlog.vault.derived import search_transcripts

    from ..conftest import PASS

    with open_log(vault, PASS) as log:
        assert search_transcripts(log, "employer") == {1, 2}


def test_without_a_backend_it_says_how_to_add_one(cli, vault, recordings, monkeypatch):
    monkeypatch.setattr(transcribe, "BUILTIN", {"missing": MissingBackend})
    assert cli(*CALL, "--audio", str(recordings["ogg"])).code == 0
    r = cli("audio", "transcribe", "--all")
    assert r.code == 2
    assert "No transcription backend" in r.err and "pip install 'debtlog[transcribe]'" in r.err
    r = cli("audio", "transcribe", "--all", "--backend", "whisper")
    assert r.code == 2 and "no transcription backend called 'whisper'" in r.err


def test_a_backend_without_the_language_is_refused(cli, vault, recordings, monkeypatch):
    class EnglishOnly(FakeBackend):
        languages = ("en",)

    monkeypatch.setattr(transcribe, "BUILTIN", {"en": EnglishOnly})
    assert cli(*CALL, "--audio", str(recordings["ogg"])).code == 0
    r = cli("audio", "transcribe", "--all")  # the vault is RU: Russian speech
    assert r.code == 2 and "no model for 'ru'" in r.err and "--language en" in r.err
    assert cli("audio", "transcribe", "--all", "--language", "en").code == 0


def test_pocketsphinx_reference_backend(recordings):
    pytest.importorskip("pocketsphinx")
    from debtlog.audio import pcm

    backend = transcribe.get_backend("pocketsphinx")
    assert backend.available() is None
    t = backend.transcribe(pcm(recordings["wav"], rate=16000), "en")
    assert t.backend == "pocketsphinx" and t.language == "en" and isinstance(t.text, str)
    assert t.model.startswith("en-us")
