"""Optional offline transcription: a small interface, pocketsphinx as the reference backend.

Never required. A backend turns 16 kHz mono 16-bit PCM into text; debtlog stores the text
as a derived item of the recording (in the hash chain), and ``audio list --search`` finds it.

Another engine (Vosk, whisper.cpp, ...) plugs in by implementing ``Backend`` and exposing it
under the ``debtlog.transcribers`` entry-point group::

    [project.entry-points."debtlog.transcribers"]
    vosk = "mypackage.debtlog_vosk:VoskBackend"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol

from .errors import InvalidInput
from .i18n import N_, _

SAMPLE_RATE = 16000


@dataclass
class Transcript:
    text: str
    backend: str
    model: str
    language: str
    segments: list[dict] = field(default_factory=list)  # {"start_s", "end_s", "text"}


class Backend(Protocol):
    """What a transcription engine implements."""

    name: str
    languages: tuple[str, ...]  # ISO 639-1 codes it has models for; empty: any

    def available(self) -> str | None:
        """None when usable; otherwise why not (shown to the user)."""

    def transcribe(self, pcm: Iterable[bytes], language: str) -> Transcript:
        """Text from 16 kHz mono signed 16-bit little-endian PCM."""


class PocketsphinxBackend:
    """CMU PocketSphinx 5: its wheel ships a US English model. Fast, offline, modest accuracy."""

    name = "pocketsphinx"
    languages = ("en",)

    def available(self) -> str | None:
        try:
            import pocketsphinx  # noqa: F401
        except ImportError:
            return _("pocketsphinx is not installed")
        return None

    def transcribe(self, pcm: Iterable[bytes], language: str) -> Transcript:
        from pocketsphinx import Config, Decoder

        config = Config(samprate=SAMPLE_RATE, loglevel="FATAL")
        decoder = Decoder(config)
        frame = 100  # the decoder's frame rate (frames per second)
        texts: list[str] = []
        segments: list[dict] = []
        offset = 0.0
        buf = b""
        # Utterances of about 20 s keep the search small and give rough timestamps.
        utt_bytes = SAMPLE_RATE * 2 * 20

        def run(data: bytes) -> None:
            nonlocal offset
            decoder.start_utt()
            decoder.process_raw(data, full_utt=True)
            decoder.end_utt()
            hyp = decoder.hyp()
            if hyp is not None and hyp.hypstr.strip():
                words = [(s.word, s.start_frame, s.end_frame) for s in decoder.seg()
                         if s.word not in ("<s>", "</s>", "<sil>", "[NOISE]") and not s.word.startswith("+")]
                text = hyp.hypstr.strip()
                texts.append(text)
                start = offset + (words[0][1] / frame if words else 0)
                end = offset + (words[-1][2] / frame if words else len(data) / (SAMPLE_RATE * 2))
                segments.append({"start_s": round(start, 2), "end_s": round(end, 2), "text": text})
            offset += len(data) / (SAMPLE_RATE * 2)

        for chunk in pcm:
            buf += chunk
            while len(buf) >= utt_bytes:
                run(buf[:utt_bytes])
                buf = buf[utt_bytes:]
        if buf:
            run(buf)
        return Transcript(" ".join(texts), self.name, "en-us (pocketsphinx " + _version() + ")", "en", segments)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("pocketsphinx")
    except Exception:  # noqa: BLE001
        return "?"


BUILTIN = {"pocketsphinx": PocketsphinxBackend}


def backends() -> dict[str, type]:
    """Built-in backends plus those other packages register (entry points)."""
    found = dict(BUILTIN)
    try:
        from importlib.metadata import entry_points

        for ep in entry_points(group="debtlog.transcribers"):
            found.setdefault(ep.name, ep)
    except Exception:  # noqa: BLE001 - a broken plug-in must not break the command
        pass
    return found


HOW_TO_ADD = N_("Transcription is optional and needs an offline speech engine. Install the reference one with:\n"
              "  pip install 'debtlog[transcribe]'    (pocketsphinx, English model included)\n"
              "or another engine that provides a 'debtlog.transcribers' plug-in.")


def get_backend(name: str | None = None) -> Backend:
    """The named backend, or the first that is usable; InvalidInput saying how to add one."""
    found = backends()
    names = [name] if name else list(found)
    if name and name not in found:
        raise InvalidInput(_("There is no transcription backend called '{n}' (known: {all}).").format(
            n=name, all=", ".join(sorted(found))), _(HOW_TO_ADD))
    reasons = []
    for n in names:
        factory = found[n]
        if hasattr(factory, "load") and not isinstance(factory, type):
            try:
                factory = factory.load()
            except Exception as e:  # noqa: BLE001
                reasons.append(f"{n}: {e}")
                continue
        backend = factory()
        why = backend.available()
        if why is None:
            return backend
        reasons.append(f"{n}: {why}")
    raise InvalidInput(_("No transcription backend is available ({why}).").format(why="; ".join(reasons)),
                       _(HOW_TO_ADD))
