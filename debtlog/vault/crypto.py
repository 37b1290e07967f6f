"""Key derivation and the chunked AEAD stream used for the vault body and attachments.

The formats are specified in docs/vault-format.md; keep the two in step.

Stream ("STREAM" construction, as in age and Tink): a random 32-byte salt, then the
plaintext in chunks of ``chunk_size`` bytes, each sealed with AES-256-GCM under a key
derived for this stream alone (HKDF-SHA256 of the data key with the salt and a purpose
label). The 12-byte nonce is an 11-byte big-endian chunk counter and a last-chunk flag,
so reordering, dropping or truncating chunks fails authentication. A fresh salt for every
stream means a key/nonce pair is never reused.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from ..errors import VaultDamaged

CHUNK_SIZE = 1 << 20  # 1 MiB: bounded memory for any file size, negligible per-chunk overhead
TAG = 16
SALT = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored in the vault header so they can be raised later."""

    memory_kib: int
    iterations: int
    lanes: int

    def to_dict(self) -> dict:
        return {"name": "argon2id", "memory_kib": self.memory_kib, "iterations": self.iterations, "lanes": self.lanes}


# Default: 64 MiB, t=3, p=4 (about 0.25 s on a 2-core machine, design.md).
STANDARD_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
# The floor (OWASP's minimum for Argon2id: 19 MiB, t=2, p=1). A header asking for less is
# refused, so a tampered header cannot downgrade the key derivation.
MINIMUM_KDF = KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)
KDF_PROFILES = {"standard": STANDARD_KDF, "minimum": MINIMUM_KDF}


def kdf_params_from_env() -> KdfParams:
    """The KDF for a new vault or passphrase: ``DEBTLOG_KDF_PROFILE`` = standard | minimum."""
    name = os.environ.get("DEBTLOG_KDF_PROFILE", "standard").strip().lower() or "standard"
    try:
        return KDF_PROFILES[name]
    except KeyError:
        from ..errors import InvalidInput
        from ..i18n import _

        raise InvalidInput(
            _("DEBTLOG_KDF_PROFILE must be 'standard' or 'minimum', not '{name}'.").format(name=name)
        ) from None


def check_kdf_params(p: KdfParams) -> None:
    if p.memory_kib < MINIMUM_KDF.memory_kib or p.iterations < MINIMUM_KDF.iterations or p.lanes < 1:
        from ..i18n import _

        raise VaultDamaged(
            _("The vault header asks for a key derivation weaker than debtlog accepts "
              "({m} KiB, {t} passes); it may have been tampered with.").format(m=p.memory_kib, t=p.iterations),
            _("Restore the vault from a backup."),
        )
    if p.memory_kib > 4 * 1024 * 1024 or p.iterations > 100 or p.lanes > 64:
        from ..i18n import _

        raise VaultDamaged(_("The vault header asks for an unreasonable key derivation; it is damaged."))


def normalize_passphrase(passphrase: str) -> bytes:
    # NFC: the same passphrase typed through different input methods (Cyrillic, pinyin)
    # must give the same bytes.
    try:
        return unicodedata.normalize("NFC", passphrase).encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 (os.environ keeps them as surrogates)
        from ..errors import InvalidInput
        from ..i18n import _

        # Not the exception's own text: it would quote part of the passphrase.
        raise InvalidInput(_("The passphrase is not valid UTF-8 text."),
                           _("Check the encoding of your terminal or of the passphrase file (it must be UTF-8).")) from None


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(normalize_passphrase(passphrase))


def stream_key(data_key: bytes, salt: bytes, purpose: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"debtlog stream v1|" + purpose).derive(data_key)


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def seal_stream(data_key: bytes, purpose: bytes, chunks: Iterator[bytes], out: BinaryIO) -> int:
    """Encrypt an iterable of plaintext pieces to ``out``; returns the bytes written.

    The pieces are re-cut into CHUNK_SIZE chunks, so callers may pass any sizes.
    """
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(SALT)
    aead = AESGCM(stream_key(data_key, salt, purpose))
    out.write(salt)
    written = SALT
    counter = 0
    buf = bytearray()
    pending: bytes | None = None  # a full chunk held back until we know whether it is the last

    def emit(chunk: bytes, last: bool) -> None:
        nonlocal counter, written
        sealed = aead.encrypt(_nonce(counter, last), chunk, None)
        out.write(sealed)
        written += len(sealed)
        counter += 1

    for piece in chunks:
        buf += piece
        while len(buf) >= CHUNK_SIZE:
            if pending is not None:
                emit(pending, False)
            pending = bytes(buf[:CHUNK_SIZE])
            del buf[:CHUNK_SIZE]
    if buf:
        if pending is not None:
            emit(pending, False)
        emit(bytes(buf), True)
    elif pending is not None:
        emit(pending, True)
    else:
        emit(b"", True)  # an empty stream is still one authenticated (empty) last chunk
    return written


def open_stream(data_key: bytes, purpose: bytes, src: BinaryIO, what: str) -> Iterator[bytes]:
    """Yield the plaintext chunks of a sealed stream; raise VaultDamaged on any mismatch.

    ``what`` names the thing for the message ("the vault body", "attachment 3f2a...").
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from ..i18n import _

    salt = src.read(SALT)
    if len(salt) != SALT:
        raise VaultDamaged(_("{what} is truncated: it ends before its encryption header.").format(what=what))
    aead = AESGCM(stream_key(data_key, salt, purpose))
    counter = 0
    size = CHUNK_SIZE + TAG
    current = src.read(size)
    while True:
        if len(current) < TAG:
            raise VaultDamaged(_("{what} is truncated or damaged (chunk {n}).").format(what=what, n=counter))
        nxt = src.read(size) if len(current) == size else b""
        last = not nxt
        try:
            yield aead.decrypt(_nonce(counter, last), current, None)
        except InvalidTag:
            raise VaultDamaged(
                _("{what} is damaged: chunk {n} does not match its authentication tag "
                  "(altered, truncated or corrupted on disk).").format(what=what, n=counter)
            ) from None
        if last:
            return
        counter += 1
        current = nxt


def aead_seal(key: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def aead_open(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes | None:
    """Decrypt, or None when the tag does not match (the caller decides what that means)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        return None

