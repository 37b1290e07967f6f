"""debtlog attach and debtlog audio: keep, inspect, play, cut and transcribe recordings.

Light at import time: everything heavy (the vault, ffmpeg, pydub, mutagen) is imported
inside the commands.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated, Iterator, List, Optional

import typer

from ..errors import InvalidInput
from ..i18n import _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt

audio_app = typer.Typer(help="Recordings: list, inspect, export, play, cut clips, transcribe.", no_args_is_help=True)

TABLE_ROWS = 50
TIME_LABELS = {"modified": _("File modified"), "changed": _("File changed"), "created": _("File created"),
               "container_created": _("Recorder's time stamp")}
ShaArg = Annotated[str, typer.Argument(help="The recording's SHA-256 (a unique prefix will do; see debtlog audio list).",
                                       metavar="SHA256")]


@contextlib.contextmanager
def _vault(write: bool = False) -> Iterator:
    from ..vault import open_log
    from ..vault.attachments import cleanup_on_failure

    if write:
        with cleanup_on_failure(), open_log(common.vault_path(), common.passphrase(), write=True) as log:
            yield log
    else:
        with open_log(common.vault_path(), common.passphrase()) as log:
            yield log


def _store_folder(log) -> Path:
    from ..vault.attachments import store_dir

    return store_dir(log.vault_file.file.path)


def _original(log, att: dict) -> Iterator[bytes]:
    from ..vault.attachments import open_blob

    ov = log.vault_file
    return open_blob(ov.file.path, ov.data_key, ov.header.vault_id, att["sha256"])


def _meta(log, sha: str) -> dict:
    from ..vault import derived

    m = derived.latest(log, sha, "metadata")
    return m["params"] if m else {}


def _require_playable(log, att: dict) -> None:
    from ..audio import is_audio_type

    meta = _meta(log, att["sha256"])
    if not is_audio_type(att["media_type"]) or meta.get("playable") is False:
        raise InvalidInput(
            _("The recording {sha} ({t}) cannot be played here: {why}.").format(
                sha=att["sha256"][:16], t=meta.get("codec") or att["media_type"],
                why=meta.get("note") or _("this ffmpeg cannot decode it")),
            _("It is kept byte for byte. Export it with: debtlog audio export {sha} --out FILE "
              "and open it with a player that knows the format.").format(sha=att["sha256"][:16]))


def _logged_duration(entry) -> float | None:
    return getattr(entry.record, "duration_s", None)


# -- attach ---------------------------------------------------------------------------------

def attach(
    entry_id: Annotated[int, typer.Argument(help="The entry (see debtlog list).", metavar="ID")],
    files: Annotated[List[Path], typer.Argument(help="Recordings (or screenshots, PDFs) to keep with it.",
                                                metavar="FILE...", show_default=False)],
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Attach recordings (or screenshots) to an entry: kept byte for byte, encrypted, in the hash chain."""
    from dataclasses import replace

    from ..audio import duration_mismatch, fmt_duration
    from ..vault.attachments import attach_files, prepare_files, recording_duration

    common.use_options(vault, passphrase_file)
    infos = prepare_files(files, audio_only=False)  # everything is checked before the vault is opened
    notes = []
    with _vault(write=True) as log:
        entry = log.get(entry_id)
        added = attach_files(log, entry_id, files, infos)
        length = recording_duration([i for i in infos if i is not None])
        logged = _logged_duration(entry)
        if entry.type == "contact" and not entry.voided and logged is None and length:
            log.revise(entry_id, replace(entry.record, duration_s=float(round(length))),
                       _("length taken from the attached recording"))
            notes.append(("info", _("The contact's length was missing: set to {d} from the recording.").format(
                d=fmt_duration(length))))
        elif duration_mismatch(logged, length):
            notes.append(("warn", _("The logged length ({a}) differs from the recording's ({b}).").format(
                a=fmt_duration(logged), b=fmt_duration(length))))
        entry = log.get(entry_id)
    for i, info in zip(added, infos, strict=True):
        if info is not None and not info.playable:
            notes.append(("warn", _("{f}: kept, but it cannot be played here ({why}).").format(
                f=i["filename"], why=info.note)))
    if json_out:
        doc = entry.to_json()
        doc["notes"] = [n for _level, n in notes]
        common.print_json(doc)
    else:
        for a in added:
            common.ok(_("Attached {f} to entry {id} (SHA-256 {sha}).").format(f=a["filename"], id=entry_id,
                                                                           sha=a["sha256"][:16]))
    for level, n in notes:
        (common.warn if level == "warn" else common.say)(n)


def add_audio_notes(entry, infos) -> list[str]:
    """For ``add --audio``: the mismatch between the logged length and the recording's, if any."""
    from ..audio import duration_mismatch, fmt_duration
    from ..vault.attachments import recording_duration

    out = []
    length = recording_duration([i for i in infos if i is not None])
    logged = _logged_duration(entry)
    if duration_mismatch(logged, length):
        out.append(_("The logged length ({a}) differs from the recording's ({b}).").format(
            a=fmt_duration(logged), b=fmt_duration(length)))
    for info in infos:
        if info is not None and not info.playable:
            out.append(_("A recording is kept, but it cannot be played here ({why}).").format(why=info.note))
    return out


# -- list / info ----------------------------------------------------------------------------

def _rows(log, search: str | None = None, entry_id: int | None = None) -> list[dict]:
    from ..audio import duration_mismatch
    from ..vault import derived

    atts = log.attachments()
    if entry_id is not None:
        atts = [a for a in atts if a["entry_id"] == entry_id]
    audio_count: dict[int, int] = {}
    for a in atts:
        if (a["media_type"] or "").startswith("audio/"):
            audio_count[a["entry_id"]] = audio_count.get(a["entry_id"], 0) + 1
    if search:
        hits = derived.sources_matching(log, search)
        atts = [a for a in atts if a["sha256"] in hits]
    meta = derived.metadata_by_source(log)
    made: dict[tuple[int, str], dict] = {}
    for item in derived.items(log):
        d = made.setdefault((item["entry_id"], item["source_sha256"]), {"playable": None, "waveform": None,
                                                                       "clips": [], "transcript": None})
        if item["kind"] in ("playable", "waveform"):
            d[item["kind"]] = item["sha256"]
        elif item["kind"] == "clip":
            d["clips"].append({"id": item["id"], "sha256": item["sha256"], **{
                k: item["params"].get(k) for k in ("start_s", "end_s", "note")}})
        elif item["kind"] == "transcript":
            d["transcript"] = item["text"]
    entries = {}
    for eid in sorted({a["entry_id"] for a in atts}):
        with contextlib.suppress(InvalidInput):
            entries[eid] = log.get(eid)
    rows = []
    for a in atts:
        m = meta.get(a["sha256"], {})
        e = entries.get(a["entry_id"])
        logged = _logged_duration(e) if e else None
        rows.append({
            **{k: a[k] for k in ("sha256", "filename", "media_type", "size", "duration_s")},
            "entry_id": a["entry_id"],
            "occurred_at": e.payload.get("occurred_at") if e else None,
            "codec": m.get("codec"), "sample_rate": m.get("sample_rate"), "channels": m.get("channels"),
            "playable": m.get("playable", True) if m else None, "note": m.get("note"),
            "logged_duration_s": logged,
            # Compared only when the entry has this one recording (parts of a call add up).
            "duration_mismatch": audio_count.get(a["entry_id"]) == 1 and duration_mismatch(logged, a["duration_s"]),
            "derived": made.get((a["entry_id"], a["sha256"]), {"playable": None, "waveform": None, "clips": [],
                                                              "transcript": None}),
        })
    return rows


@audio_app.command("list")
def audio_list(
    search: Annotated[Optional[str], typer.Option("--search", "-s", help="Only recordings whose transcript contains this text.")] = None,
    entry: Annotated[Optional[int], typer.Option("--entry", help="Only this entry's recordings.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Show every recording in the table (it shows the last 50).")] = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """List the recordings and attachments: length, format, what was made from them."""
    common.use_options(vault, passphrase_file)
    with _vault() as log:
        rows = _rows(log, search, entry)
    if json_out:
        for r in rows:
            if r["derived"]["transcript"]:
                r["derived"]["transcript"] = True
        common.print_json(rows)
        return
    if not rows:
        common.say(_("No recordings match.") if search or entry else
                   _("No recordings yet. Attach one with: debtlog attach ID FILE  (or debtlog add --audio FILE)"))
        return
    from rich.table import Table

    from ..audio import fmt_duration

    total = len(rows)
    if not show_all and total > TABLE_ROWS:
        rows = rows[-TABLE_ROWS:]
    console = common.out_console()
    narrow = console.width < 110  # then the file name and the derived copies go (see: audio info)
    t = Table(header_style="bold", pad_edge=False)
    for col in (_("Entry"), _("When"), _("SHA-256"), _("Length"), _("Size")):
        t.add_column(col, no_wrap=True)
    extra = (_("Format"), _("Note")) if narrow else (_("File"), _("Format"), _("Made"), _("Note"))
    for col in extra:
        t.add_column(col, overflow="fold", min_width=6)
    for r in rows:
        d = r["derived"]
        made = " ".join(x for x in (
            _("play") if d["playable"] else "", _("wave") if d["waveform"] else "",
            _("{n} clips").format(n=len(d["clips"])) if d["clips"] else "", _("text") if d["transcript"] else "") if x)
        note = []
        if r["playable"] is False:
            note.append(_("cannot be played here"))
        if r["duration_mismatch"]:
            note.append(_("logged {d}").format(d=fmt_duration(r["logged_duration_s"])))
        cells = [str(r["entry_id"]), (r["occurred_at"] or "")[:16].replace("T", " "), r["sha256"][:12],
                 fmt_duration(r["duration_s"]), common.size_text(r["size"]), r["filename"] or "",
                 r["codec"] or r["media_type"] or "", made, "; ".join(note)]
        if narrow:
            del cells[7], cells[5]
        t.add_row(*cells)
    console.print(t)
    if total > len(rows):
        common.say(_("Showing the last {n} of {total} recordings; use --all, --entry ID or --json for others.")
                   .format(n=len(rows), total=total))


@audio_app.command("info")
def audio_info(
    sha: ShaArg,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Everything about one recording: codec, length, rate, channels, size, SHA-256, file times, copies."""
    from ..vault import derived

    common.use_options(vault, passphrase_file)
    with _vault() as log:
        att = derived.resolve(log, sha)
        rows = [r for r in _rows(log) if r["sha256"] == att["sha256"]]
        meta = _meta(log, att["sha256"])
        items = [i for i in derived.items(log, source_sha256=att["sha256"]) if i["kind"] != "metadata"]
    doc = dict(rows[0])
    doc["entries"] = [r["entry_id"] for r in rows]
    doc.update({"container": meta.get("container"), "bitrate": meta.get("bitrate"),
                "duration_source": meta.get("duration_source"), "file_times": meta.get("file_times", {})})
    doc["derived"] = [{k: i[k] for k in ("id", "kind", "sha256", "media_type", "size", "params")}
                      | ({"text": i["text"]} if i["text"] else {}) for i in items]
    if json_out:
        common.print_json(doc)
        return
    from rich.table import Table

    from ..audio import fmt_duration

    t = Table(show_header=False, box=None, pad_edge=False)
    t.add_column(style="bold")
    t.add_column(overflow="fold")
    yes_no = {True: _("yes"), False: _("no: ") + (doc.get("note") or ""), None: _("unknown")}
    for label, value in (
        (_("SHA-256"), doc["sha256"]),
        (_("File"), doc["filename"] or ""),
        (_("Entries"), ", ".join(str(e) for e in doc["entries"])),
        (_("Type"), doc["media_type"] or ""),
        (_("Container"), doc["container"] or ""),
        (_("Codec"), doc["codec"] or ""),
        (_("Length"), f"{fmt_duration(doc['duration_s'])} ({doc['duration_s']} s, {doc['duration_source'] or '?'})"
         if doc["duration_s"] is not None else _("unknown")),
        (_("Logged length"), fmt_duration(doc["logged_duration_s"]) + (
            "  " + _("(differs from the recording)") if doc["duration_mismatch"] else "")),
        (_("Sample rate"), f"{doc['sample_rate']} Hz" if doc["sample_rate"] else ""),
        (_("Channels"), str(doc["channels"] or "")),
        (_("Size"), _("{size} ({n} bytes)").format(size=common.size_text(doc["size"]), n=doc["size"])),
        (_("Playable here"), yes_no.get(doc["playable"], "")),
        *[(TIME_LABELS.get(k, k), v) for k, v in doc["file_times"].items()],
    ):
        t.add_row(label, str(value))
    for i in doc["derived"]:
        what = i["kind"]
        if what == "clip":
            what += f" {fmt_duration(i['params'].get('start_s'))}–{fmt_duration(i['params'].get('end_s'))}"
        t.add_row(_("Derived #{id}").format(id=i["id"]),
                  f"{what}  {(i['sha256'] or '')[:16]}  " + (i.get("text", "")[:200] if i["kind"] == "transcript" else ""))
    common.out_console().print(t)


# -- export ----------------------------------------------------------------------------------

def _write_out(out: Path, chunks) -> int:
    """Write to ``out`` atomically (temporary file, then rename), readable by this user only."""
    import secrets

    if str(out) == "-":
        n = 0
        for c in chunks:
            sys.stdout.buffer.write(c)
            n += len(c)
        sys.stdout.buffer.flush()
        return n
    out = out.expanduser()
    if out.is_dir():
        raise InvalidInput(_("{p} is a folder; give a file name.").format(p=out))
    if not out.parent.exists():
        raise InvalidInput(_("The folder {p} does not exist.").format(p=out.parent))
    tmp = out.with_name(f".{out.name}.tmp-{secrets.token_hex(4)}")
    n = 0
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as f:
            for c in chunks:
                f.write(c)
                n += len(c)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InvalidInput(_("Could not write {p}: {e}.").format(p=out, e=e.strerror or e)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return n


@audio_app.command("export")
def audio_export(
    sha: ShaArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write it ('-' for stdout).")],
    playable: Annotated[bool, typer.Option("--playable", help="The mono, loudness-normalised MP3 instead of the original.")] = False,
    waveform: Annotated[bool, typer.Option("--waveform", help="The waveform picture (SVG) instead of the original.")] = False,
    clip: Annotated[Optional[int], typer.Option("--clip", help="A clip (its number in debtlog audio info).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a file that already has content.")] = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Write a recording's original bytes (checked against its SHA-256), or a copy made from it."""
    from ..vault import derived

    common.use_options(vault, passphrase_file)
    if sum(bool(x) for x in (playable, waveform, clip is not None)) > 1:
        raise InvalidInput(_("Choose one of --playable, --waveform and --clip."))
    if str(out) != "-" and out.expanduser().is_file() and out.expanduser().stat().st_size > 0 and not force:
        raise InvalidInput(_("{p} already exists; nothing was written.").format(p=out),
                           _("Choose another name, or add --force to replace it."))
    with _vault() as log:
        att = derived.resolve(log, sha)
        what = _("the original")
        if playable or waveform:
            kind = "playable" if playable else "waveform"
            item = derived.latest(log, att["sha256"], kind)
            if item:
                chunks = derived.open_item(log, item["sha256"])
            else:
                _require_playable(log, att)
                chunks = _make_playable(log, att) if playable else iter([_make_waveform(log, att).encode("utf-8")])
            what = _("the playable copy") if playable else _("the waveform")
        elif clip is not None:
            item = next((i for i in derived.items(log, source_sha256=att["sha256"], kind="clip") if i["id"] == clip),
                        None)
            if item is None:
                raise InvalidInput(_("Recording {sha} has no clip {n}.").format(sha=att["sha256"][:16], n=clip),
                                   _("See its clips with: debtlog audio info {sha}").format(sha=att["sha256"][:16]))
            chunks = derived.open_item(log, item["sha256"])
            what = _("clip {n}").format(n=clip)
        else:
            chunks = _original(log, att)
        n = _write_out(out, chunks)
    if str(out) != "-":
        common.ok(_("Wrote {what} of {sha} to {p} ({n} bytes).").format(what=what, sha=att["sha256"][:16], p=out, n=n))


# -- derived copies --------------------------------------------------------------------------

def _make_playable(log, att: dict, start_s: float | None = None, end_s: float | None = None) -> Iterator[bytes]:
    from ..audio import playable_copy

    return playable_copy(_original(log, att), media_type=att["media_type"], spool_dir=_store_folder(log),
                         start_s=start_s, end_s=end_s)


def _make_waveform(log, att: dict) -> str:
    from ..audio import WAVE_RATE, pcm, peaks, waveform_svg

    levels = peaks(pcm(_original(log, att), rate=WAVE_RATE, channels=1, media_type=att["media_type"],
                       spool_dir=_store_folder(log)), att["duration_s"])
    return waveform_svg(levels, att["duration_s"], title=att["filename"] or att["sha256"][:16])


def _prepare_one(log, att: dict) -> list[str]:
    from ..audio import playable_params
    from ..vault import derived

    made = []
    if not derived.latest(log, att["sha256"], "playable"):
        stored = derived.store(log, _make_playable(log, att), what=_("the playable copy"))
        derived.record(log, att["entry_id"], att["sha256"], "playable", sha256=stored["sha256"],
                       media_type="audio/mpeg", size=stored["size"], params=playable_params())
        made.append("playable")
    if not derived.latest(log, att["sha256"], "waveform"):
        svg = _make_waveform(log, att).encode("utf-8")
        stored = derived.store(log, [svg], what=_("the waveform"))
        derived.record(log, att["entry_id"], att["sha256"], "waveform", sha256=stored["sha256"],
                       media_type="image/svg+xml", size=stored["size"],
                       params={"buckets": 600, "rate": 8000, "format": "svg", "scale": "peak dBFS, -60 to 0"})
        made.append("waveform")
    return made


@audio_app.command("prepare")
def audio_prepare(
    sha: Annotated[Optional[str], typer.Argument(help="The recording (default with --all: every one).",
                                                 metavar="[SHA256]")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every recording that lacks them.")] = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Make the dossier copies: a mono, loudness-normalised MP3 and a waveform picture (originals untouched)."""
    from ..audio import is_audio_type
    from ..vault import derived

    common.use_options(vault, passphrase_file)
    if not sha and not all_:
        raise InvalidInput(_("Say which recording (SHA256), or --all."))
    done = []
    skipped = []
    with _vault(write=True) as log:
        if sha:
            targets = [derived.resolve(log, sha)]
            _require_playable(log, targets[0])
        else:
            targets = []
            seen = set()
            for a in log.attachments():
                if a["sha256"] in seen or not is_audio_type(a["media_type"]):
                    continue
                seen.add(a["sha256"])
                if _meta(log, a["sha256"]).get("playable") is False:
                    skipped.append(a["sha256"])
                    continue
                targets.append(a)
        for att in targets:
            made = _prepare_one(log, att)
            done.append({"sha256": att["sha256"], "made": made})
    if json_out:
        common.print_json({"prepared": done, "cannot_be_played": skipped})
        return
    for d in done:
        common.ok(_("{sha}: {what}").format(sha=d["sha256"][:16], what=", ".join(d["made"]) or _("already prepared")))
    for s in skipped:
        common.warn(_("{sha} cannot be played here; kept as it is.").format(sha=s[:16]))


@audio_app.command("clip")
def audio_clip(
    sha: ShaArg,
    start: Annotated[str, typer.Option("--start", help="Where the clip starts in the recording: seconds or M:SS.")],
    end: Annotated[str, typer.Option("--end", help="Where it ends: seconds or M:SS.")],
    note: Annotated[Optional[str], typer.Option("--note", help="What happens in it, e.g. 'threatens to call my employer'.")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Cut a clip for the dossier: a derived copy with its offsets in the original recorded."""
    from ..audio import fmt_duration, parse_offset, playable_params
    from ..vault import derived

    common.use_options(vault, passphrase_file)
    start_s, end_s = parse_offset(start), parse_offset(end)
    if end_s <= start_s:
        raise InvalidInput(_("The clip must end after it starts ({a} to {b}).").format(
            a=fmt_duration(start_s), b=fmt_duration(end_s)))
    with _vault(write=True) as log:
        att = derived.resolve(log, sha)
        _require_playable(log, att)
        length = att["duration_s"]
        if length is not None and start_s >= length:
            raise InvalidInput(_("The recording is only {d} long; the clip cannot start at {s}.").format(
                d=fmt_duration(length), s=fmt_duration(start_s)))
        if length is not None and end_s > length:
            end_s = length
        stored = derived.store(log, _make_playable(log, att, start_s, end_s), what=_("the clip"))
        if stored["size"] == 0:
            raise InvalidInput(_("The clip {a}–{b} holds no sound.").format(a=fmt_duration(start_s),
                                                                           b=fmt_duration(end_s)))
        item = derived.record(log, att["entry_id"], att["sha256"], "clip", sha256=stored["sha256"],
                              media_type="audio/mpeg", size=stored["size"],
                              params={"start_s": round(start_s, 3), "end_s": round(end_s, 3), "note": note,
                                      **playable_params()})
    if json_out:
        common.print_json({k: v for k, v in item.items() if k != "text"})
        return
    common.ok(_("Clip {n}: {a}–{b} of {sha} (export it with: debtlog audio export {sha} --clip {n} --out clip.mp3)")
              .format(n=item["id"], a=fmt_duration(start_s), b=fmt_duration(end_s), sha=att["sha256"][:16]))


# -- play ------------------------------------------------------------------------------------

# Players that read MP3 from stdin, in order of preference.
PLAYERS = (
    ("mpv", ["mpv", "--no-video", "--really-quiet", "-"]),
    ("ffplay", ["ffplay", "-nodisp", "-autoexit", "-loglevel", "error", "-i", "-"]),
    ("cvlc", ["cvlc", "--play-and-exit", "--quiet", "-"]),
    ("mpg123", ["mpg123", "-q", "-"]),
    ("play", ["play", "-q", "-t", "mp3", "-"]),
)
# Players that need WAV on stdin.
WAV_PLAYERS = (
    ("paplay", ["paplay"]),
    ("aplay", ["aplay", "-q", "-"]),
)


def find_player(choice: str | None = None) -> tuple[list[str], bool] | None:
    """The player command and whether it wants WAV (else MP3), or None."""
    import shlex
    import shutil

    choice = choice or os.environ.get("DEBTLOG_PLAYER")
    if choice:
        cmd = shlex.split(choice)
        if not cmd or not shutil.which(cmd[0]):
            raise InvalidInput(_("The player '{p}' was not found.").format(p=choice))
        return cmd, False
    for name, cmd in PLAYERS:
        if shutil.which(name):
            return cmd, False
    for name, cmd in WAV_PLAYERS:
        if shutil.which(name):
            return cmd, True
    return None


@audio_app.command("play")
def audio_play(
    sha: ShaArg,
    player: Annotated[Optional[str], typer.Option("--player", help="A command that plays MP3 from its standard input "
                                                                   "(default: $DEBTLOG_PLAYER, else mpv, ffplay, vlc, mpg123, sox, paplay, aplay).")] = None,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Play a recording (the loudness-normalised copy) with an installed player."""
    import subprocess

    from ..vault import derived

    common.use_options(vault, passphrase_file)
    found = find_player(player)
    with _vault() as log:
        att = derived.resolve(log, sha)
        _require_playable(log, att)
        if found is None:
            raise InvalidInput(
                _("No audio player was found (looked for mpv, ffplay, vlc, mpg123, sox, paplay, aplay)."),
                _("Export a copy and open it with any player: debtlog audio export {sha} --playable --out call.mp3 "
                  "(or the original: debtlog audio export {sha} --out FILE)").format(sha=att["sha256"][:16]))
        cmd, wants_wav = found
        item = derived.latest(log, att["sha256"], "playable")
        if wants_wav:
            from ..audio import ffmpeg_stream

            src = derived.open_item(log, item["sha256"]) if item else _original(log, att)
            chunks = ffmpeg_stream(src, ["-vn", "-ac", "1", "-f", "wav", "pipe:1"],
                                   media_type="audio/mpeg" if item else att["media_type"],
                                   spool_dir=_store_folder(log))
        else:
            chunks = derived.open_item(log, item["sha256"]) if item else _make_playable(log, att)
        common.say(_("Playing {f} ({sha}) with {p}; Ctrl+C stops.").format(
            f=att["filename"] or "", sha=att["sha256"][:16], p=cmd[0]))
        try:
            from ..audio import child_env

            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=child_env())
        except OSError as e:
            raise InvalidInput(_("Could not start {p}: {e}").format(p=cmd[0], e=e.strerror or e)) from None
        try:
            for c in chunks:
                proc.stdin.write(c)
        except (BrokenPipeError, OSError):
            pass  # the player was closed
        except KeyboardInterrupt:
            proc.kill()
        finally:
            with contextlib.suppress(OSError):
                proc.stdin.close()
            proc.wait()


# -- transcribe ------------------------------------------------------------------------------

LANGS = {"RU": "ru", "CN": "zh", "IT": "it", "US": "en", "GB": "en", "IN": "en"}


@audio_app.command("transcribe")
def audio_transcribe(
    sha: Annotated[Optional[str], typer.Argument(help="The recording (or --all).", metavar="[SHA256]")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every recording without a transcript.")] = False,
    backend: Annotated[Optional[str], typer.Option("--backend", help="The engine (default: the first installed; pocketsphinx).")] = None,
    language: Annotated[Optional[str], typer.Option("--language", help="The language spoken (default: from your jurisdiction).")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Transcribe recordings offline (optional extra); the text is stored with the entry and searchable."""
    from ..audio import is_audio_type, pcm
    from ..transcribe import SAMPLE_RATE, get_backend
    from ..vault import derived

    common.use_options(vault, passphrase_file)
    if not sha and not all_:
        raise InvalidInput(_("Say which recording (SHA256), or --all."))
    engine = get_backend(backend)
    results = []
    with _vault(write=True) as log:
        lang = (language or LANGS.get(log.profile.jurisdiction, "en")).lower()
        if engine.languages and lang not in engine.languages:
            raise InvalidInput(
                _("The {b} backend has no model for '{l}' (it has: {have}).").format(
                    b=engine.name, l=lang, have=", ".join(engine.languages)),
                _("Add --language {have} if the call was in that language, or install an engine with a model "
                  "for yours (a 'debtlog.transcribers' plug-in).").format(have=engine.languages[0]))
        if sha:
            targets = [derived.resolve(log, sha)]
            _require_playable(log, targets[0])
        else:
            have = {i["source_sha256"] for i in derived.items(log, kind="transcript")}
            targets = [a for a in log.attachments() if is_audio_type(a["media_type"]) and a["sha256"] not in have
                       and _meta(log, a["sha256"]).get("playable") is not False]
        for att in targets:
            common.say(_("Transcribing {f} ({sha})...").format(f=att["filename"] or "", sha=att["sha256"][:16]))
            t = engine.transcribe(pcm(_original(log, att), rate=SAMPLE_RATE, channels=1, media_type=att["media_type"],
                                      spool_dir=_store_folder(log)), lang)
            item = derived.record(log, att["entry_id"], att["sha256"], "transcript", media_type="text/plain",
                                  text=t.text, params={"backend": t.backend, "model": t.model,
                                                       "language": t.language, "segments": t.segments})
            results.append({"sha256": att["sha256"], "entry_id": att["entry_id"], "id": item["id"], "text": t.text})
    if json_out:
        common.print_json(results)
        return
    for r in results:
        common.ok(_("Entry {id}, {sha}: {text}").format(id=r["entry_id"], sha=r["sha256"][:16],
                                                         text=r["text"] or _("(no words recognised)")))
    if not results:
        common.say(_("Nothing to transcribe."))
