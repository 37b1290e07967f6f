"""A share: a borrower's case sealed to one volunteer's key and signed with the vault's key.

Layout (docs/volunteer-guide.md, "File formats", has the byte-level description):

    b"DLSHARE\\0"                 8 bytes, magic
    format version               2 bytes, big-endian (1)
    envelope length E            4 bytes, big-endian
    envelope                     E bytes, JSON in the clear: recipient fingerprint, ephemeral X25519 key
    sealed header length H       4 bytes, big-endian
    sealed header                H bytes, AES-256-GCM (key K1, nonce 0): JSON about the case
    payload                      chunked AEAD stream (key K2; crypto.seal_stream): database + every blob
    sealed signature             92 bytes, AES-256-GCM (key K1, nonce 1) of the Ed25519 signature

K1 || K2 = HKDF-SHA256(X25519(ephemeral, recipient), salt = ephemeral public || recipient X25519
public, info = b"debtlog share v1|" + envelope), 64 bytes. The signature (by the vault's Ed25519
key) covers SHA-256 of every byte before the sealed signature and SHA-256 of the header's
plaintext. Only the recipient fingerprint and the ephemeral key are readable without the
volunteer's private key; the signer's identity, the case and its size inside are not.

Reading: the envelope names the recipient (wrong volunteer: exit 2 before any passphrase is
asked); the header must open (altered or not for us: exit 1); the file must have exactly
the length the header announces (truncated: exit 1); the signature must verify over the
whole file before a single byte of the payload is decrypted (exit 1).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from ..errors import DebtlogError, InvalidInput, VerificationFailed
from ..i18n import _
from .keys import Identity, PublicKey, vault_fingerprint

MAGIC = b"DLSHARE\x00"
FORMAT_VERSION = 1
PREFIX = struct.Struct(">8sHI")
U32 = struct.Struct(">I")
SIG_BOX = 12 + 64 + 16
HEADER_NONCE = bytes(12)
SIG_NONCE = bytes(11) + b"\x01"
HEADER_AAD = b"debtlog share header v1"
SIG_AAD = b"debtlog share signature v1"
SIG_MESSAGE = b"debtlog share signature v1|"
PAYLOAD_PURPOSE = b"share payload"
CIPHER = "X25519/HKDF-SHA256/AES-256-GCM"
READ_SIZE = 1 << 20


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _keys(shared: bytes, epk: bytes, recipient_x: bytes, envelope: bytes) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    okm = HKDF(algorithm=hashes.SHA256(), length=64, salt=epk + recipient_x,
               info=b"debtlog share v1|" + envelope).derive(shared)
    return okm[:32], okm[32:]


def stream_length(size: int) -> int:
    """Bytes of a sealed stream (crypto.seal_stream) holding ``size`` bytes of plaintext."""
    from ..vault import crypto

    chunks = max(1, -(-size // crypto.CHUNK_SIZE))
    return crypto.SALT + chunks * crypto.TAG + size


class _HashingWriter:
    def __init__(self, f: BinaryIO):
        self.f = f
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, b: bytes) -> int:
        self.sha.update(b)
        self.size += len(b)
        return self.f.write(b)


# -- writing --------------------------------------------------------------------------------

@dataclass
class ShareSummary:
    path: Path
    recipient: str
    case_id: str
    head: str
    links: int
    entries: int
    blobs: int
    size: int
    vault_fingerprint: str
    partial: dict[str, Any] | None = None  # a partial share: period and what was withheld


def blob_list(conn) -> list[tuple[str, int]]:
    """Every blob the database refers to (originals and derived copies): (sha256, size)."""
    out: dict[str, int] = {}
    for sha, size in conn.execute("SELECT sha256, size FROM attachments ORDER BY link"):
        out.setdefault(sha, size)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='derived'").fetchone():
        for sha, size in conn.execute("SELECT sha256, size FROM derived WHERE sha256 IS NOT NULL ORDER BY link"):
            out.setdefault(sha, size)
    return list(out.items())


def shareable_database(db_bytes: bytes, path: Path, window: tuple | None = None,
                       tz: str | None = None) -> tuple[bytes, list[tuple[str, int]], dict[str, Any] | None]:
    """The borrower's database without the vault's private signing key; its blobs; the partial record.

    The volunteer must not be able to sign as the borrower (a forged share or dossier would
    then carry the borrower's signature). The chain and every table verify depends on are
    untouched; secure_delete and VACUUM leave no copy of the key in free pages.

    ``window`` = (since, until): a partial share (debtlog/sharing/partial.py): what lies
    outside is withheld, and the recordings of withheld entries are left out.
    """
    from ..vault import _connect
    from . import partial as partial_mod

    conn = _connect(db_bytes, path)
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("DELETE FROM meta WHERE key = 'signing_key'")
    partial = None
    if window is not None:
        partial = partial_mod.redact(conn, window[0], window[1], tz or "UTC")  # VACUUMs
    else:
        conn.execute("VACUUM")
    blobs = blob_list(conn)
    out = conn.serialize()
    conn.close()
    return out, blobs, partial


def write_share(vault_path: Path, passphrase: str, recipient: PublicKey, out_path: Path,
                progress: Callable[[int], None] | None = None,
                window: Callable[[Any], tuple] | None = None) -> ShareSummary:
    """Seal the vault at ``vault_path`` to ``recipient`` and sign it; atomic write to ``out_path``.

    ``window(log) -> (since, until)`` (datetimes or None): share only that period (a partial
    share, debtlog/sharing/partial.py); called once the vault is open, so dates can be read in
    the vault's time zone and language.
    """
    import base64
    from datetime import datetime, timezone

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from .. import __version__
    from ..vault import _connect, crypto
    from ..vault.attachments import open_blob
    from ..vault.log import EvidenceLog
    from ..vault.store import VaultFile

    opened = VaultFile(vault_path).unlock(passphrase)
    db_bytes = opened.db_bytes
    conn = _connect(db_bytes, vault_path)
    log = EvidenceLog(conn)
    row = conn.execute("SELECT value FROM meta WHERE key='signing_key'").fetchone()
    if row is None:
        raise InvalidInput(_("This vault has no signing key (it is a case imported from a share?); "
                             "only the borrower's own vault can be shared."))
    signer = Ed25519PrivateKey.from_private_bytes(base64.b64decode(row[0]))
    genesis = conn.execute("SELECT hash, payload FROM chain WHERE seq = 1").fetchone()
    public = signer.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if genesis is None or json.loads(genesis[1]).get("public_key") != base64.b64encode(public).decode():
        raise VerificationFailed(_("The vault's signing key does not match the key in its first link."),
                                 _("Run debtlog verify; restore the vault from a backup."))
    report = log.verify()
    if not report.ok:
        raise VerificationFailed(_("The vault does not verify ({msg}); it cannot be shared as evidence.")
                                 .format(msg=report.problems[0].message), _("Run: debtlog verify"))
    profile = log.profile
    entries = log.count()
    period = window(log) if window is not None else None
    if period is not None and period[0] is None and period[1] is None:
        period = None
    conn.close()
    db, blobs, partial = shareable_database(db_bytes, vault_path, period, profile.timezone)
    del db_bytes
    if partial is not None:
        entries = partial["entries"]
    header = {
        "format": FORMAT_VERSION,
        "case_id": genesis[0],
        "vault_key": base64.b64encode(public).decode(),
        "head": report.head,
        "links": report.links,
        "entries": entries,
        "jurisdiction": profile.jurisdiction,
        "timezone": profile.timezone,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "to": recipient.fingerprint,
        "db": {"size": len(db), "sha256": hashlib.sha256(db).hexdigest()},
        "blobs": [{"sha256": sha, "size": size} for sha, size in blobs],
        "payload_size": len(db) + sum(size for _sha, size in blobs),
        "tool": f"debtlog {__version__}",
    }
    if partial is not None:
        header["partial"] = partial
    header_json = _canonical(header)

    eph = X25519PrivateKey.generate()
    epk = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    envelope = _canonical({"format": FORMAT_VERSION, "cipher": CIPHER, "to": recipient.fingerprint,
                           "epk": base64.b64encode(epk).decode()})
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient.x25519))
    k1, k2 = _keys(shared, epk, recipient.x25519, envelope)
    sealed_header = AESGCM(k1).encrypt(HEADER_NONCE, header_json, HEADER_AAD)

    def payload() -> Iterator[bytes]:
        view = memoryview(db)
        for i in range(0, len(view), READ_SIZE):
            yield bytes(view[i:i + READ_SIZE])
        done = len(db)
        for sha, size in blobs:
            n = 0
            for chunk in open_blob(vault_path, opened.data_key, opened.header.vault_id, sha):
                n += len(chunk)
                yield chunk
            if n != size:
                from ..errors import VaultDamaged

                raise VaultDamaged(_("Attachment {sha} has {n} bytes, the log says {size}.").format(
                    sha=sha[:16], n=n, size=size))
            done += n
            if progress:
                progress(done)

    out_path = Path(out_path).expanduser()
    if out_path.is_dir():
        raise InvalidInput(_("{p} is a folder; give a file name, e.g. --out case.dlshare").format(p=out_path))
    folder = out_path.parent
    if not folder.exists():
        raise InvalidInput(_("The folder {p} does not exist.").format(p=folder))
    tmp = folder / f".{out_path.name}.tmp-{os.getpid()}-{os.urandom(4).hex()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as raw:
            w = _HashingWriter(raw)
            w.write(PREFIX.pack(MAGIC, FORMAT_VERSION, len(envelope)))
            w.write(envelope)
            w.write(U32.pack(len(sealed_header)))
            w.write(sealed_header)
            crypto.seal_stream(k2, PAYLOAD_PURPOSE, payload(), w)
            message = SIG_MESSAGE + w.sha.digest() + hashlib.sha256(header_json).digest()
            signature = signer.sign(message)
            raw.write(SIG_NONCE + AESGCM(k1).encrypt(SIG_NONCE, signature, SIG_AAD))
            raw.flush()
            os.fsync(raw.fileno())
            size = w.size + SIG_BOX
        os.replace(tmp, out_path)
    except OSError as e:
        from ..fsutil import write_problem

        _unlink(tmp)
        why, hint = write_problem(e, folder)
        raise DebtlogError(_("Could not write {p}: {e}. Nothing was written.").format(p=out_path, e=why),
                           hint) from None
    except BaseException:
        _unlink(tmp)
        raise
    return ShareSummary(out_path, recipient.fingerprint, genesis[0], report.head, report.links, entries,
                        len(blobs), size, vault_fingerprint(public), partial)


def _unlink(p: Path) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


# -- reading --------------------------------------------------------------------------------

def _not_verified(path: Path, why: str) -> VerificationFailed:
    return VerificationFailed(
        _("The share {p} does not verify: {why}. Nothing was imported.").format(p=path, why=why),
        _("Ask the borrower to make a new share (debtlog share --to YOUR_KEY --out FILE) and send it again."),
    )


@dataclass
class Envelope:
    to: str
    epk: bytes
    raw: bytes
    offset: int  # where the sealed header length starts


def read_envelope(path: Path) -> Envelope:
    """The part in the clear: is it a share, and for whom."""
    import base64

    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise InvalidInput(_("There is no file {p}.").format(p=path)) from None
    except IsADirectoryError:
        raise InvalidInput(_("{p} is a folder, not a share file.").format(p=path)) from None
    except OSError as e:
        raise InvalidInput(_("Could not read {p}: {e}").format(p=path, e=e.strerror or e)) from None
    with f:
        prefix = f.read(PREFIX.size)
        if not prefix or not MAGIC.startswith(prefix[:len(MAGIC)]):
            raise InvalidInput(_("{p} is not a debtlog share.").format(p=path),
                               _("A share is the file the borrower made with: debtlog share --to YOUR_KEY --out FILE"))
        if len(prefix) < PREFIX.size:
            raise _not_verified(path, _("the file is truncated"))
        magic, version, n = PREFIX.unpack(prefix)
        if magic != MAGIC:
            raise InvalidInput(_("{p} is not a debtlog share.").format(p=path))
        if version != FORMAT_VERSION:
            raise InvalidInput(_("{p} is a share of format version {v}; this debtlog reads version {mine}.").format(
                p=path, v=version, mine=FORMAT_VERSION), _("Upgrade debtlog to import it."))
        if n > 65536:
            raise _not_verified(path, _("its envelope length is implausible"))
        raw = f.read(n)
    if len(raw) != n:
        raise _not_verified(path, _("the file is truncated"))
    try:
        doc = json.loads(raw.decode("utf-8"))
        to, epk = str(doc["to"]), base64.b64decode(doc["epk"], validate=True)
        if doc.get("cipher") != CIPHER or len(epk) != 32:
            raise ValueError(doc.get("cipher"))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise _not_verified(path, _("its envelope cannot be read")) from None
    return Envelope(to, epk, raw, PREFIX.size + n)


def check_recipient(path: Path, envelope: Envelope, mine: PublicKey) -> None:
    if envelope.to != mine.fingerprint:
        raise InvalidInput(
            _("The share {p} is sealed to another volunteer's key ({theirs}); yours is {mine}. "
              "Nothing was imported.").format(p=path, theirs=envelope.to, mine=mine.fingerprint),
            _("Ask the borrower to share again with your key: run 'debtlog volunteer key' and send them the line "
              "it prints."),
        )


@dataclass
class VerifiedShare:
    """A share whose signature verified; ``payload()`` decrypts it."""

    path: Path
    header: dict[str, Any]
    vault_key: bytes
    payload_key: bytes
    payload_offset: int

    @property
    def vault_fingerprint(self) -> str:
        return vault_fingerprint(self.vault_key)

    def chunks(self) -> Iterator[bytes]:
        """The decrypted payload (database, then every blob), chunk by chunk."""
        from ..errors import VaultDamaged
        from ..vault import crypto

        end = self.payload_offset + stream_length(self.header["payload_size"])
        with open(self.path, "rb") as f:
            f.seek(self.payload_offset)
            src = io.BufferedReader(_Window(f, end - self.payload_offset), READ_SIZE)  # type: ignore[arg-type]
            try:
                yield from crypto.open_stream(self.payload_key, PAYLOAD_PURPOSE, src, _("the share's contents"))
            except VaultDamaged as e:
                raise _not_verified(self.path, e.message.rstrip(".")) from None


class _Window(io.RawIOBase):
    """Reads at most ``limit`` bytes of a file: the payload, without the sealed signature after it."""

    def __init__(self, f: BinaryIO, limit: int):
        self.f = f
        self.left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = min(len(b), self.left)
        if n <= 0:
            return 0
        data = self.f.read(n)
        b[:len(data)] = data
        self.left -= len(data)
        return len(data)


def open_share(path: Path, envelope: Envelope, identity: Identity) -> VerifiedShare:
    """Open the header and verify the signature over the whole file; decrypt nothing else."""
    import base64

    from cryptography.exceptions import InvalidSignature, InvalidTag
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_recipient(path, envelope, identity.public)
    try:
        shared = identity.x25519().exchange(X25519PublicKey.from_public_bytes(envelope.epk))
    except ValueError:
        raise _not_verified(path, _("its ephemeral key is invalid")) from None
    k1, k2 = _keys(shared, envelope.epk, identity.public.x25519, envelope.raw)
    total = path.stat().st_size
    with open(path, "rb") as f:
        f.seek(envelope.offset)
        n_raw = f.read(U32.size)
        if len(n_raw) != U32.size:
            raise _not_verified(path, _("the file is truncated"))
        (n,) = U32.unpack(n_raw)
        if n > 16 << 20:
            raise _not_verified(path, _("its header length is implausible"))
        sealed = f.read(n)
        if len(sealed) != n:
            raise _not_verified(path, _("the file is truncated"))
        try:
            header_json = AESGCM(k1).decrypt(HEADER_NONCE, sealed, HEADER_AAD)
        except InvalidTag:
            raise _not_verified(path, _("its header does not authenticate (the file was altered, or it was not "
                                        "sealed with your key)")) from None
        try:
            header = json.loads(header_json.decode("utf-8"))
            vault_key = base64.b64decode(header["vault_key"], validate=True)
            payload_size = int(header["payload_size"])
            if header.get("to") != identity.public.fingerprint or len(vault_key) != 32 or payload_size < 0:
                raise ValueError("header")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise _not_verified(path, _("its header cannot be read")) from None
        payload_offset = envelope.offset + U32.size + n
        expected = payload_offset + stream_length(payload_size) + SIG_BOX
        if total < expected:
            raise _not_verified(path, _("the file is truncated ({have} bytes of {want})").format(
                have=total, want=expected))
        if total > expected:
            raise _not_verified(path, _("{n} unexpected bytes follow its end").format(n=total - expected))
        f.seek(0)
        sha = hashlib.sha256()
        left = expected - SIG_BOX
        while left:
            block = f.read(min(READ_SIZE, left))
            if not block:
                raise _not_verified(path, _("the file is truncated"))
            sha.update(block)
            left -= len(block)
        box = f.read(SIG_BOX)
    try:
        signature = AESGCM(k1).decrypt(box[:12], box[12:], SIG_AAD) if box[:12] == SIG_NONCE else None
    except InvalidTag:
        signature = None
    if signature is None:
        raise _not_verified(path, _("its signature block was altered or cut off"))
    try:
        Ed25519PublicKey.from_public_bytes(vault_key).verify(
            signature, SIG_MESSAGE + sha.digest() + hashlib.sha256(header_json).digest())
    except InvalidSignature:
        raise _not_verified(path, _("its signature does not match the borrower's key (the file was altered)")) from None
    return VerifiedShare(path, header, vault_key, k2, payload_offset)
