"""Probing, checking and decoding recordings with the ffmpeg that imageio-ffmpeg ships.

This module stores nothing (design.md): it tells what a file is, refuses what is not a
usable recording, and turns audio into PCM, a playable copy, clips and a waveform.

- No system ffmpeg and no ffprobe: stream facts come from ``ffmpeg -i`` (its stderr), the
  duration from mutagen, from the WAV header, or from counting raw AMR frames (ffmpeg's
  estimate for raw AMR is a few per cent off).
- The format comes from the content, never from the extension.
- Sources are either a path, or an iterable of byte chunks (a decrypted attachment, fed
  to ffmpeg through a pipe). MP4-family files need a seekable input: those are spooled to
  an anonymous temporary file (O_TMPFILE where the system has it) next to the vault.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import subprocess
import sys
import threading
from array import array
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import DebtlogError, InvalidInput
from .i18n import _

READ_SIZE = 1 << 16

MAGIC_TYPES = (
    (b"#!AMR-WB\n", "audio/amr-wb"),
    (b"#!AMR\n", "audio/amr"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"\x1aE\xdf\xa3", "audio/webm"),
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"%PDF", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
)
# Containers that ffmpeg must be able to seek in (the index may sit at the end).
SEEKABLE_TYPES = {"audio/mp4", "audio/3gpp", "audio/3gpp2"}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "application/pdf"}


def sniff_media_type(head: bytes, filename: str = "") -> str:
    """The media type from the first bytes of the content (the extension may lie)."""
    for magic, mtype in MAGIC_TYPES:
        if head.startswith(magic):
            return mtype
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] == b"RIFF" and head[8:12] == b"QLCM":
        return "audio/qcelp"
    if head[4:8] == b"ftyp":
        brand = head[8:11]
        if brand == b"3g2":
            return "audio/3gpp2"
        if brand == b"3gp":
            return "audio/3gpp"
        return "audio/mp4"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "audio/aac"  # ADTS
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio/mpeg"
    return "application/octet-stream"


def is_audio_type(media_type: str | None) -> bool:
    return bool(media_type) and media_type.startswith("audio/")


# -- ffmpeg --------------------------------------------------------------------------------

def ffmpeg_exe() -> str:
    """The bundled ffmpeg (imageio-ffmpeg), or $DEBTLOG_FFMPEG / IMAGEIO_FFMPEG_EXE if set."""
    override = os.environ.get("DEBTLOG_FFMPEG")
    if override:
        return override
    try:
        import imageio_ffmpeg
    except ImportError:
        raise DebtlogError(_("debtlog cannot read recordings: its ffmpeg (the imageio-ffmpeg package) is missing."),
                           _("Reinstall debtlog, or run: pip install imageio-ffmpeg")) from None
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as e:
        raise DebtlogError(_("debtlog cannot find its ffmpeg: {e}").format(e=e),
                           _("Reinstall the imageio-ffmpeg package.")) from None


def ffmpeg_version() -> str:
    try:
        import imageio_ffmpeg

        return "imageio-ffmpeg " + imageio_ffmpeg.__version__
    except ImportError:  # pragma: no cover
        return "ffmpeg"


def child_env() -> dict[str, str]:
    """The environment for a program debtlog starts (ffmpeg, a player): without the passphrase."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("DEBTLOG_PASSPHRASE", "DEBTLOG_NEW_PASSPHRASE"))}


def _run(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", *args], capture_output=True,
                              timeout=timeout, stdin=subprocess.DEVNULL, env=child_env())
    except subprocess.TimeoutExpired:
        raise InvalidInput(_("Reading the recording took longer than {s} s; it may be damaged. Nothing was stored.")
                           .format(s=int(timeout))) from None
    except OSError as e:
        raise DebtlogError(_("debtlog could not run its ffmpeg: {e}").format(e=e.strerror or e),
                           _("Reinstall the imageio-ffmpeg package.")) from None


_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_CREATED = re.compile(r"creation_time\s*:\s*(\S+)")
_INPUT = re.compile(r"Input #0, ([^,]+(?:,[^,\s]+)*), from")
_AUDIO = re.compile(r"Stream #0:\d+.*?: Audio: ([^,\s]+)(?: \(([^)]*)\))?.*?(?:, (\d+) Hz)?(?:, ([^,]+))?(?:, |$)")


def _parse_ffmpeg_info(text: str) -> dict:
    """Container, codec, rate, channels and duration from ``ffmpeg -i`` output."""
    info: dict = {}
    m = _INPUT.search(text)
    if m:
        info["container"] = m.group(1)
    m = _DURATION.search(text)
    if m:
        h, mi, s = m.groups()
        info["duration_s"] = int(h) * 3600 + int(mi) * 60 + float(s)
    for line in text.splitlines():
        if "Stream #0" in line and ": Audio: " in line:
            desc = line.split(": Audio: ", 1)[1]
            parts = [p.strip() for p in re.split(r",(?![^(]*\))", desc)]
            info["codec"] = parts[0].split(" ")[0]
            detail = re.search(r"\(([^)]*)\)", parts[0])
            if detail and "/" not in detail.group(1):
                info["codec_detail"] = detail.group(1)
            for p in parts[1:]:
                if p.endswith(" Hz") and p[:-3].isdigit():
                    info["sample_rate"] = int(p[:-3])
                elif p in ("mono",):
                    info["channels"] = 1
                elif p in ("stereo",):
                    info["channels"] = 2
                elif re.fullmatch(r"(\d+) channels", p):
                    info["channels"] = int(p.split()[0])
                elif re.fullmatch(r"\d(\.\d)?(\(side\))?", p):
                    info["channels"] = int(p[0]) + (1 if p[1:3] == ".1" else 0)
                elif p.endswith(" kb/s"):
                    with contextlib.suppress(ValueError):
                        info["bitrate"] = int(p[:-5].split()[-1]) * 1000
            break
    return info


# -- what a file is ------------------------------------------------------------------------

@dataclass
class AudioInfo:
    """What debtlog knows about a recording (from the file; nothing stored)."""

    media_type: str
    size: int
    container: str | None = None
    codec: str | None = None
    duration_s: float | None = None
    sample_rate: int | None = None
    channels: int | None = None
    bitrate: int | None = None
    playable: bool = True
    note: str | None = None
    duration_source: str | None = None
    file_times: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


class BadAudio(InvalidInput):
    """Not a usable recording (empty, truncated, not audio): nothing is stored (exit 2)."""


def _bad(path: Path, why: str, hint: str | None = None) -> BadAudio:
    return BadAudio(_("{p}: {why}. Nothing was stored.").format(p=path, why=why),
                    hint or _("Copy the recording from the phone again (the whole file) and retry."))


def file_times(path: Path) -> dict:
    """The original file's times as the file system gives them (ISO 8601, UTC)."""
    from datetime import datetime, timezone

    st = os.stat(path)
    out = {"modified": datetime.fromtimestamp(st.st_mtime, timezone.utc).isoformat(timespec="seconds"),
           "changed": datetime.fromtimestamp(st.st_ctime, timezone.utc).isoformat(timespec="seconds")}
    birth = getattr(st, "st_birthtime", None)
    if birth:
        out["created"] = datetime.fromtimestamp(birth, timezone.utc).isoformat(timespec="seconds")
    return out


def probe(path: Path, check: bool = True) -> AudioInfo:
    """Identify a recording by its content; raise BadAudio for empty, truncated or non-audio files.

    A file that is audio but that this ffmpeg cannot decode (a codec it lacks) is returned
    with ``playable=False``: it is kept, marked "cannot be played here".
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        raise InvalidInput(_("The recording {p} does not exist.").format(p=path)) from None
    except IsADirectoryError:
        raise InvalidInput(_("{p} is a folder, not a recording.").format(p=path)) from None
    except OSError as e:
        raise InvalidInput(_("Could not read {p}: {e}").format(p=path, e=e.strerror or e)) from None
    if size == 0:
        raise _bad(path, _("the file is empty"))
    media_type = sniff_media_type(head, path.name)
    info = AudioInfo(media_type=media_type, size=size, file_times=file_times(path))
    if media_type in IMAGE_TYPES or media_type in ("application/zip", "image/webp"):
        raise _not_audio(path, media_type)
    # Structural checks that ffmpeg does not make (it decodes a cut-off file without a word).
    if media_type == "audio/wav":
        _check_wav(path, head, size, info)
    elif media_type in ("audio/amr", "audio/amr-wb"):
        _check_amr(path, media_type, info)
    elif media_type == "audio/qcelp":
        _check_qcp(path, size, info)
    elif media_type == "audio/ogg":
        _check_ogg(path, size)
    elif media_type == "audio/mpeg":
        _check_mp3(path, head, size)
    r = _run(["-i", str(path)], timeout=60)
    text = r.stderr.decode("utf-8", "replace")
    ff = _parse_ffmpeg_info(text)
    info.container = ff.get("container")
    info.codec = ff.get("codec")
    info.sample_rate = ff.get("sample_rate")
    info.channels = ff.get("channels")
    info.bitrate = ff.get("bitrate")
    created = _CREATED.search(text)
    if created and not created.group(1).startswith(("1904", "1970")):
        info.file_times["container_created"] = created.group(1)  # the recorder's own stamp (MP4/3GP mvhd)
    if "codec" not in ff:
        if "moov atom not found" in text or "File ended prematurely" in text:
            raise _bad(path, _("the file is truncated or damaged (its index is missing)"))
        if is_audio_type(media_type) and media_type != "audio/mpeg":
            # Looks like audio by its first bytes, but this ffmpeg cannot open it: keep it.
            info.playable = False
            info.note = _("cannot be played here: this ffmpeg does not read {t}").format(t=media_type)
            return info
        raise _not_audio(path, media_type)
    if info.duration_s is None:
        _duration_from_mutagen(path, info)
    if info.duration_s is None and "duration_s" in ff:
        info.duration_s = round(ff["duration_s"], 3)
        info.duration_source = "ffmpeg"
    if check:
        _check_decodes(path, info, text)
    if info.playable and info.duration_s is not None and info.duration_s <= 0:
        raise _bad(path, _("the recording contains no sound (its length is 0 seconds)"))
    return info


def _not_audio(path: Path, media_type: str) -> BadAudio:
    what = {"image/png": _("a PNG picture"), "image/jpeg": _("a JPEG picture"), "image/gif": _("a GIF picture"),
            "image/webp": _("a WebP picture"), "application/pdf": _("a PDF document"),
            "application/zip": _("a ZIP archive")}.get(media_type, _("not a recording debtlog recognises"))
    ext = path.suffix.lower()
    lie = _(" (whatever its name ending {ext} says)").format(ext=ext) if ext else ""
    return BadAudio(_("{p} is not audio: its content is {what}{lie}. Nothing was stored.").format(
        p=path, what=what, lie=lie),
        _("Attach the recording itself: MP3, AMR, 3GP, M4A/AAC, Opus, Ogg, WebM or WAV."))


def _duration_from_mutagen(path: Path, info: AudioInfo) -> None:
    try:
        import mutagen
    except ImportError:
        return
    try:
        m = mutagen.File(path)
    except Exception:  # noqa: BLE001 - mutagen raises many kinds for odd files; ffmpeg decides
        return
    length = getattr(getattr(m, "info", None), "length", None) if m is not None else None
    if length:
        info.duration_s = round(float(length), 3)
        info.duration_source = "mutagen"


def _check_wav(path: Path, head: bytes, size: int, info: AudioInfo) -> None:
    """Walk the RIFF chunks: the data chunk must be present, non-empty and complete."""
    import struct

    with open(path, "rb") as f:
        f.seek(12)
        byte_rate = None
        while True:
            hdr = f.read(8)
            if len(hdr) < 8:
                raise _bad(path, _("the WAV file has no sound data (it is truncated)"))
            cid, n = hdr[:4], struct.unpack("<I", hdr[4:])[0]
            if cid == b"fmt ":
                fmt = f.read(n)
                if len(fmt) >= 16:
                    _tag, ch, rate, byte_rate = struct.unpack("<HHII", fmt[:12])
                    info.channels, info.sample_rate = ch, rate
                f.seek(n % 2, 1)
                continue
            if cid == b"data":
                pos = f.tell()
                if n in (0, 0xFFFFFFFF):  # streaming writers may leave the size unset
                    n = size - pos
                if n == 0:
                    raise _bad(path, _("the WAV file is empty: it has a header but no sound"))
                if pos + n > size:
                    raise _bad(path, _("the WAV file is truncated: its header promises {n} bytes of sound, "
                                       "the file holds {m}").format(n=n, m=size - pos))
                if byte_rate:
                    info.duration_s = round(n / byte_rate, 3)
                    info.duration_source = "wav header"
                return
            f.seek(n + n % 2, 1)


def _check_qcp(path: Path, size: int, info: AudioInfo) -> None:
    """QCELP (.qcp, old CDMA phones): 20 ms packets, counted in the 'vrat' chunk."""
    import struct

    packets = None
    with open(path, "rb") as f:
        f.seek(12)
        while True:
            hdr = f.read(8)
            if len(hdr) < 8:
                raise _bad(path, _("the QCP file has no sound data (it is truncated)"))
            cid, n = hdr[:4], struct.unpack("<I", hdr[4:])[0]
            if cid == b"vrat" and n >= 8:
                packets = struct.unpack("<II", f.read(8))[1]
                f.seek(n - 8 + n % 2, 1)
                continue
            if cid == b"data":
                if n == 0:
                    raise _bad(path, _("the QCP file holds no sound"))
                if f.tell() + n > size:
                    raise _bad(path, _("the QCP recording is truncated"))
                break
            f.seek(n + n % 2, 1)
    if packets:
        info.duration_s = round(packets * 0.02, 3)
        info.duration_source = "QCP packet count"


AMR_NB_SIZES = (12, 13, 15, 17, 19, 20, 26, 31, 5, 6, 5, 5, 0, 0, 0, 0)
AMR_WB_SIZES = (17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0)


def amr_frames(path: Path, media_type: str) -> tuple[int, bool]:
    """Count the 20 ms frames of a raw AMR file; (frames, truncated)."""
    sizes = AMR_WB_SIZES if media_type == "audio/amr-wb" else AMR_NB_SIZES
    magic = 9 if media_type == "audio/amr-wb" else 6
    frames = 0
    with open(path, "rb") as f:
        f.seek(magic)
        buf = b""
        pos = 0
        while True:
            if pos >= len(buf):
                more = f.read(READ_SIZE * 16)
                if not more:
                    return frames, False
                buf, pos = buf[pos:] + more, 0
            need = 1 + sizes[(buf[pos] >> 3) & 0x0F]
            if pos + need > len(buf):
                more = f.read(READ_SIZE * 16)
                if not more:
                    return frames, True
                buf, pos = buf[pos:] + more, 0
                continue
            pos += need
            frames += 1


def _check_amr(path: Path, media_type: str, info: AudioInfo) -> None:
    frames, truncated = amr_frames(path, media_type)
    if truncated:
        raise _bad(path, _("the AMR recording is truncated: its last frame is cut off"))
    if frames == 0:
        raise _bad(path, _("the AMR file holds no sound"))
    info.duration_s = round(frames * 0.02, 3)
    info.duration_source = "AMR frame count"


def _check_ogg(path: Path, size: int) -> None:
    """The last Ogg page must be complete and mark the end of the stream."""
    with open(path, "rb") as f:
        f.seek(max(0, size - 70000))
        tail = f.read()
    base = max(0, size - 70000)
    at = tail.rfind(b"OggS")
    while at >= 0:
        page = tail[at:]
        if len(page) >= 27 and page[4] == 0:  # version 0: a real page header
            nseg = page[26]
            if len(page) < 27 + nseg:
                break
            body = sum(page[27:27 + nseg])
            end = base + at + 27 + nseg + body
            if end > size:
                break
            if not page[5] & 0x04:
                raise _bad(path, _("the Ogg recording is truncated: it stops before its end-of-stream mark"))
            return
        at = tail.rfind(b"OggS", 0, at)
    raise _bad(path, _("the Ogg recording is truncated: its last page is cut off"))


_MP3_BITRATES = {
    (1, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (1, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (1, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (2, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (2, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mp3_frame_len(h: bytes) -> int:
    if len(h) < 4 or h[0] != 0xFF or h[1] & 0xE0 != 0xE0:
        return 0
    ver, layer = (h[1] >> 3) & 3, 4 - ((h[1] >> 1) & 3)
    bidx, ridx, pad = h[2] >> 4, (h[2] >> 2) & 3, (h[2] >> 1) & 1
    if ver == 1 or layer == 4 or bidx in (0, 15) or ridx == 3:
        return 0
    v = 1 if ver == 3 else 2
    kbps = _MP3_BITRATES[(v, layer if v == 1 else (1 if layer == 1 else 2))][bidx]
    rate = _MP3_RATES[ver][ridx]
    if layer == 1:
        return (12 * kbps * 1000 // rate + pad) * 4
    if layer == 3 and v == 2:
        return 72 * kbps * 1000 // rate + pad
    return 144 * kbps * 1000 // rate + pad


def _check_mp3(path: Path, head: bytes, size: int) -> None:
    """Walk the MPEG frames: the last one must be complete (tags at the end are allowed)."""
    with open(path, "rb") as f:
        data_start = 0
        if head[:3] == b"ID3" and len(head) >= 10:
            data_start = 10 + ((head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9])
        pos = data_start
        frames = 0
        buf, buf_at = b"", 0
        while pos < size:
            if pos + 4 > buf_at + len(buf):
                f.seek(pos)
                buf, buf_at = f.read(1 << 20), pos
            h = buf[pos - buf_at:pos - buf_at + 4]
            n = _mp3_frame_len(h)
            if n == 0:
                if h[:3] == b"TAG" or h == b"APET" or h[:3] == b"LYR" or frames == 0:
                    return  # trailing tags, or a stream we cannot walk: let ffmpeg judge
                return
            if pos + n > size:
                raise _bad(path, _("the MP3 recording is truncated: its last frame is cut off"))
            pos += n
            frames += 1


def _check_decodes(path: Path, info: AudioInfo, ffinfo: str) -> None:
    """Decode the first and the last seconds; a decoder error there means damage or truncation."""
    if "Decoder" in ffinfo and "not found" in ffinfo:
        info.playable = False
    spans = [["-t", "8"]]
    if info.duration_s and info.duration_s > 20:
        spans.append(["-sseof", "-8"])
    for span in spans:
        pre = span if span[0] == "-sseof" else []
        post = [] if pre else span
        r = _run(["-v", "error", *pre, "-i", str(path), *post, "-vn", "-f", "null", "-"], timeout=300)
        err = r.stderr.decode("utf-8", "replace")
        if "Decoder (codec" in err and "not found" in err or "not currently supported" in err:
            info.playable = False
        elif r.returncode != 0 or _serious(err):
            if not info.playable:
                continue
            raise _bad(path, _("the recording is damaged or truncated (ffmpeg: {e})").format(
                e=_first_line(err) or _("exit code {c}").format(c=r.returncode)))
    if not info.playable:
        info.note = _("cannot be played here: this ffmpeg has no decoder for {c}").format(c=info.codec)


def _serious(err: str) -> bool:
    return any(s in err for s in ("Invalid data found", "ended prematurely", "Corrupt", "truncated",
                                  "Error submitting packet", "error while decoding"))


def _first_line(err: str) -> str:
    for line in err.splitlines():
        line = re.sub(r"^\[[^\]]*\]\s*", "", line).strip()
        line = re.sub(r"^\[[^\]]*\]\s*", "", line).strip()
        if line:
            return line[:160]
    return ""


# -- running ffmpeg over a source ----------------------------------------------------------

@contextlib.contextmanager
def _input(source, media_type: str | None, spool_dir: Path | None):
    """Yield (input argument, chunks to feed on stdin or None, fds to pass)."""
    if isinstance(source, (str, Path)):
        yield str(source), None, ()
        return
    if media_type not in SEEKABLE_TYPES:
        yield "pipe:0", source, ()
        return
    import tempfile

    # The MP4 index may be at the end: ffmpeg must seek. An anonymous file (no name on disk
    # on Linux, O_TMPFILE), readable by this user only, gone when closed.
    with tempfile.TemporaryFile(dir=spool_dir) as tmp:
        os.fchmod(tmp.fileno(), 0o600) if hasattr(os, "fchmod") else None
        for chunk in source:
            tmp.write(chunk)
        tmp.flush()
        tmp.seek(0)
        fd = tmp.fileno()
        yield f"/dev/fd/{fd}", None, (fd,)


def ffmpeg_stream(source, out_args: list[str], *, media_type: str | None = None, in_args: list[str] | None = None,
                  spool_dir: Path | None = None, read_size: int = READ_SIZE) -> Iterator[bytes]:
    """Run ffmpeg on a source and yield what it writes to stdout (``out_args`` end with ``pipe:1``)."""
    with _input(source, media_type, spool_dir) as (arg, feed, fds):
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin" if feed is None else "-y", "-v", "error",
               *(in_args or []), "-i", arg, *out_args]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if feed is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=fds, env=child_env())
        errors: list[bytes] = []
        problems: list[BaseException] = []

        def pump_in() -> None:
            try:
                for chunk in feed:
                    proc.stdin.write(chunk)
            except (BrokenPipeError, ValueError, OSError):
                pass  # ffmpeg had enough (a clip ends early) or stopped
            except BaseException as e:  # a damaged attachment: re-raised below
                problems.append(e)
            finally:
                with contextlib.suppress(OSError, ValueError):
                    proc.stdin.close()

        def pump_err() -> None:
            errors.append(proc.stderr.read())

        threads = [threading.Thread(target=pump_err, daemon=True)]
        if feed is not None:
            threads.append(threading.Thread(target=pump_in, daemon=True))
        for t in threads:
            t.start()
        try:
            while True:
                piece = proc.stdout.read(read_size)
                if not piece:
                    break
                yield piece
        finally:
            if proc.poll() is None:
                proc.stdout.close()
                proc.kill()
            proc.wait()
            for t in threads:
                t.join(timeout=5)
        if problems:
            raise problems[0]
        if proc.returncode != 0:
            err = b"".join(errors).decode("utf-8", "replace")
            raise DebtlogError(_("ffmpeg could not convert the recording: {e}").format(
                e=_first_line(err) or proc.returncode))


def pcm(source, *, rate: int = 16000, channels: int = 1, media_type: str | None = None,
        spool_dir: Path | None = None, start_s: float | None = None, end_s: float | None = None) -> Iterator[bytes]:
    """Signed 16-bit little-endian PCM from any source."""
    out = ["-vn"]
    if start_s is not None:
        out += ["-ss", f"{start_s:.3f}"]
    if end_s is not None:
        out += ["-to", f"{end_s:.3f}"]
    out += ["-ac", str(channels), "-ar", str(rate), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"]
    return ffmpeg_stream(source, out, media_type=media_type, spool_dir=spool_dir)


def decode_segment(source, *, rate: int | None = None, channels: int | None = None, media_type: str | None = None,
                   spool_dir: Path | None = None):
    """A pydub AudioSegment decoded by the bundled ffmpeg (pydub's own loader needs ffprobe).

    Holds the whole PCM in memory: for short recordings, clips and tests.
    """
    AudioSegment = pydub_segment_class()
    if rate is None or channels is None:
        if isinstance(source, (str, Path)):
            info = probe(Path(source), check=False)
            rate = rate or info.sample_rate or 16000
            channels = channels or min(info.channels or 1, 2)
        else:
            rate, channels = rate or 16000, channels or 1
    data = b"".join(pcm(source, rate=rate, channels=channels, media_type=media_type, spool_dir=spool_dir))
    return AudioSegment(data=data, sample_width=2, frame_rate=rate, channels=channels)


def pydub_segment_class():
    """pydub's AudioSegment, set to export with the bundled ffmpeg (it looks for a system one)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "Couldn't find ffmpeg": we give it ours
        warnings.simplefilter("ignore", DeprecationWarning)  # audioop on 3.11-3.12
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_exe()
    return AudioSegment


# Loudness-normalised mono speech for dossiers: EBU R128 to -16 LUFS (quiet calls become
# audible), MP3 because every browser and media player reads it.
PLAYABLE_ARGS = ["-vn", "-ac", "1", "-af", "loudnorm=I=-16:TP=-1.5:LRA=11", "-ar", "22050",
                 "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", "pipe:1"]
PLAYABLE_TYPE = "audio/mpeg"


def playable_copy(source, *, media_type: str | None = None, spool_dir: Path | None = None,
                  start_s: float | None = None, end_s: float | None = None) -> Iterator[bytes]:
    """A mono, loudness-normalised MP3 of the whole recording or of a span of it."""
    span = []
    if start_s is not None:
        span += ["-ss", f"{start_s:.3f}"]
    if end_s is not None:
        span += ["-to", f"{end_s:.3f}"]
    return ffmpeg_stream(source, span + PLAYABLE_ARGS, media_type=media_type, spool_dir=spool_dir)


def playable_params() -> dict:
    return {"tool": ffmpeg_version(), "codec": "mp3", "channels": 1, "sample_rate": 22050, "bitrate": 48000,
            "loudness": "EBU R128 loudnorm I=-16 TP=-1.5 LRA=11"}


# -- waveform ------------------------------------------------------------------------------

WAVE_RATE = 8000


def peaks(pcm_chunks: Iterable[bytes], duration_s: float | None, buckets: int = 600) -> list[float]:
    """Peak level (0..1) of each of ``buckets`` equal slices of mono 16-bit PCM, streaming."""
    total = int((duration_s or 0) * WAVE_RATE) or WAVE_RATE * 60
    per = max(1, -(-total // buckets))
    out: list[float] = []
    current = 0
    filled = 0
    rest = b""
    for chunk in pcm_chunks:
        data = rest + chunk
        cut = len(data) - len(data) % 2
        rest = data[cut:]
        samples = array("h")
        samples.frombytes(data[:cut])
        if samples.itemsize == 2 and sys.byteorder == "big":  # pragma: no cover
            samples.byteswap()
        i = 0
        n = len(samples)
        while i < n:
            take = min(per - filled, n - i)
            part = samples[i:i + take]
            current = max(current, max(part), -min(part))
            filled += take
            i += take
            if filled >= per:
                out.append(min(current, 32767) / 32767)
                current, filled = 0, 0
    if filled:
        out.append(min(current, 32767) / 32767)
    return out


def waveform_svg(levels: list[float], duration_s: float | None, width: int = 1200, height: int = 160,
                 title: str = "") -> str:
    """A self-contained SVG of the waveform with a time axis (no external fonts or scripts)."""
    from html import escape

    n = max(1, len(levels))
    mid = height / 2
    bar = width / n
    parts = []
    for i, v in enumerate(levels):
        # Decibels from -60 dBFS to 0: a quiet call still shows, a loud one does not clip.
        db = 20 * math.log10(v) if v > 0 else -60.0
        h = max(0.5, max(0.0, 1 + db / 60) * (height / 2 - 4))
        parts.append(f"M{i * bar:.2f} {mid - h:.1f}V{mid + h:.1f}")
    ticks = []
    if duration_s:
        step = next((s for s in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
                     if duration_s / s <= 12), 7200)
        t = 0
        while t <= duration_s:
            x = t / duration_s * width
            label = f"{int(t // 60)}:{int(t % 60):02d}" if t < 3600 else f"{int(t // 3600)}:{int(t % 3600 // 60):02d}:00"
            ticks.append(f'<line x1="{x:.1f}" y1="{height}" x2="{x:.1f}" y2="{height + 4}" stroke="#666"/>'
                         f'<text x="{x + 2:.1f}" y="{height + 14}" font-size="10" font-family="sans-serif" '
                         f'fill="#444">{label}</text>')
            t += step
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 18}" '
            f'viewBox="0 0 {width} {height + 18}" role="img">'
            f'<title>{escape(title)}</title>'
            f'<rect width="{width}" height="{height}" fill="#f7f7f7"/>'
            f'<line x1="0" y1="{mid}" x2="{width}" y2="{mid}" stroke="#ccc"/>'
            f'<path d="{"".join(parts)}" stroke="#1f5f99" stroke-width="{max(bar * 0.8, 0.6):.2f}" fill="none"/>'
            + "".join(ticks) + "</svg>\n")


# -- durations -----------------------------------------------------------------------------

def duration_mismatch(logged_s: float | None, recording_s: float | None) -> bool:
    """A logged call length that differs from the recording's by more than 10 s and 10 %."""
    if not logged_s or not recording_s:
        return False
    diff = abs(logged_s - recording_s)
    return diff > 10 and diff > 0.1 * max(logged_s, recording_s)


def fmt_duration(s: float | None) -> str:
    if s is None:
        return "–"
    s = int(round(s))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def parse_offset(text: str) -> float:
    """Seconds from '75', '75.5', '1:15' or '1:02:03'."""
    t = text.strip()
    try:
        parts = [float(p) for p in t.split(":")]
    except ValueError:
        raise InvalidInput(_("'{t}' is not a time in the recording; write seconds or M:SS, e.g. 1:15.")
                           .format(t=text)) from None
    if not parts or len(parts) > 3 or any(p < 0 for p in parts):
        raise InvalidInput(_("'{t}' is not a time in the recording; write seconds or M:SS, e.g. 1:15.").format(t=text))
    secs = 0.0
    for p in parts:
        secs = secs * 60 + p
    return secs


__all__ = ["AudioInfo", "BadAudio", "probe", "sniff_media_type", "pcm", "decode_segment", "playable_copy",
           "peaks", "waveform_svg", "ffmpeg_stream"]
