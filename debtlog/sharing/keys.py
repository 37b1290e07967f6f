"""A volunteer's identity: key pair, public key string, fingerprint.

Files, in ``DEBTLOG_HOME/volunteer/`` (folder 0700, files 0600):

- ``identity.debtlog``: a vault file (docs/vault-format.md: Argon2id, wrapped data key,
  atomic save) whose body is JSON with the X25519 and Ed25519 private keys and a random
  ``storage_key`` that seals the volunteer's casebook. Protected by the volunteer's passphrase.
- ``public-key.txt``: the public key string, so ``volunteer key`` needs no passphrase.

Public key string: ``dlvk1`` + lowercase base32 (no padding) of
``X25519 public (32) || Ed25519 public (32) || checksum (4)``, where the checksum is the first
4 bytes of SHA-256(b"debtlog volunteer key v1|" + the 64 key bytes): a mistyped or cut
key is refused instead of sealing a case to nobody.

Fingerprint: the first 80 bits of SHA-256(label + public key bytes) in Crockford base32, as
four groups of four (``7K3Q-M2XA-9FRT-B4ZD``): no I, L, O or U, so it reads aloud without
ambiguity. The same scheme names a borrower's vault key (label ``debtlog vault key v1|``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import InvalidInput, VaultDamaged, WrongPassphrase
from ..i18n import _

KEY_PREFIX = "dlvk1"
VOLUNTEER_LABEL = b"debtlog volunteer key v1|"
VAULT_LABEL = b"debtlog vault key v1|"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def fingerprint(public_bytes: bytes, label: bytes = VOLUNTEER_LABEL) -> str:
    """80 bits of SHA-256 as 4 groups of 4 Crockford base32 characters."""
    n = int.from_bytes(hashlib.sha256(label + public_bytes).digest()[:10], "big")
    chars = "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(16)))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


def vault_fingerprint(ed25519_public: bytes) -> str:
    return fingerprint(ed25519_public, VAULT_LABEL)


@dataclass(frozen=True)
class PublicKey:
    """A volunteer's public keys: X25519 (cases are sealed to it) and Ed25519 (signs)."""

    x25519: bytes
    ed25519: bytes

    @property
    def raw(self) -> bytes:
        return self.x25519 + self.ed25519

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    def __str__(self) -> str:
        check = hashlib.sha256(VOLUNTEER_LABEL + self.raw).digest()[:4]
        return KEY_PREFIX + base64.b32encode(self.raw + check).decode("ascii").rstrip("=").lower()

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        s = "".join((text or "").split())  # pasted keys may be wrapped over lines
        hint = _("Ask the volunteer to run 'debtlog volunteer key' and paste the whole line that starts with "
                 "{prefix}.").format(prefix=KEY_PREFIX)
        if not s.lower().startswith(KEY_PREFIX):
            raise InvalidInput(_("'{k}' is not a debtlog volunteer key.").format(k=_shorten(s)), hint)
        body = s[len(KEY_PREFIX):].upper()
        try:
            raw = base64.b32decode(body + "=" * (-len(body) % 8))
        except ValueError:
            raw = b""
        if len(raw) != 68:
            raise InvalidInput(_("The volunteer key is incomplete or mistyped ({n} characters after "
                                 "{prefix}; it should have 109).").format(n=len(body), prefix=KEY_PREFIX), hint)
        keys, check = raw[:64], raw[64:]
        # The last character also carries a padding bit that decoding ignores: a key differing
        # only there is still a mistyped key (re-encode and compare).
        canonical = base64.b32encode(raw).decode("ascii").rstrip("=")
        if hashlib.sha256(VOLUNTEER_LABEL + keys).digest()[:4] != check or canonical != body:
            raise InvalidInput(_("The volunteer key is mistyped: its checksum does not match."), hint)
        return cls(keys[:32], keys[32:])


def _shorten(s: str) -> str:
    return s if len(s) <= 24 else s[:20] + "..."


@dataclass
class Identity:
    """The volunteer's private keys (after the passphrase unlocked them)."""

    x25519_private: bytes
    ed25519_private: bytes
    storage_key: bytes
    public: PublicKey
    created: str

    def x25519(self):
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        return X25519PrivateKey.from_private_bytes(self.x25519_private)

    def ed25519(self):
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(self.ed25519_private)


def volunteer_dir(home: Path) -> Path:
    return home / "volunteer"


def identity_path(home: Path) -> Path:
    return volunteer_dir(home) / "identity.debtlog"


def public_path(home: Path) -> Path:
    return volunteer_dir(home) / "public-key.txt"


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def create_identity(home: Path, passphrase: str) -> PublicKey:
    """Generate the key pairs and seal them with the passphrase. Refuses to overwrite."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from ..vault.store import VaultFile

    path = identity_path(home)
    if path.exists():
        raise InvalidInput(
            _("You already have a volunteer key ({path}).").format(path=path),
            _("Show it with: debtlog volunteer key. A new key would make every share sealed to the old one "
              "unreadable; move the folder away first if you really want a new one."),
        )
    folder = volunteer_dir(home)
    from ..fsutil import make_private_folder

    make_private_folder(folder)  # DEBTLOG_HOME too, when debtlog creates it
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    raw = serialization.Encoding.Raw
    x = X25519PrivateKey.generate()
    e = Ed25519PrivateKey.generate()
    xp = x.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    ep = e.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = PublicKey(x.public_key().public_bytes(raw, serialization.PublicFormat.Raw),
                       e.public_key().public_bytes(raw, serialization.PublicFormat.Raw))
    doc = {"format": 1, "x25519": _b64(xp), "ed25519": _b64(ep), "storage_key": _b64(secrets.token_bytes(32)),
           "public_key": str(public), "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    try:
        VaultFile(path).create(passphrase, json.dumps(doc, sort_keys=True).encode("utf-8"))
        write_private_file(public_path(home), (str(public) + "\n").encode("ascii"))
    except InvalidInput:  # another process made a key meanwhile: it is theirs, leave it
        raise
    except BaseException:  # no half-made key (a private key without its public file would block a new init)
        for p in (public_path(home), path, path.with_name(path.name + ".lock")):
            with contextlib.suppress(OSError):
                os.unlink(p)
        raise
    return public


def load_public(home: Path) -> PublicKey:
    path = public_path(home)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise InvalidInput(_("You have no volunteer key yet."), _("Create one with: debtlog volunteer init")) from None
    except (OSError, UnicodeDecodeError) as e:
        raise VaultDamaged(_("Could not read your public key {p}: {e}").format(p=path, e=e)) from None
    try:
        return PublicKey.parse(text)
    except InvalidInput:
        raise VaultDamaged(_("Your public key file {p} is damaged.").format(p=path),
                           _("Restore the folder {d} from a backup.").format(d=path.parent)) from None


def unlock_identity(home: Path, passphrase: str) -> Identity:
    from ..vault.store import VaultFile
    from .passwd import finish_pending

    finish_pending(home)  # a passphrase change killed half-way: complete it first
    path = identity_path(home)
    if not path.exists():
        raise InvalidInput(_("You have no volunteer key yet."), _("Create one with: debtlog volunteer init"))
    try:
        opened = VaultFile(path).unlock(passphrase)
    except WrongPassphrase:
        raise WrongPassphrase(
            _("Wrong passphrase for your volunteer key ({path}).").format(path=path),
            _("Type the passphrase you chose at 'debtlog volunteer init'; letters are case-sensitive."),
        ) from None
    try:
        doc = json.loads(opened.db_bytes.decode("utf-8"))
        x = base64.b64decode(doc["x25519"])
        e = base64.b64decode(doc["ed25519"])
        storage = base64.b64decode(doc["storage_key"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise VaultDamaged(_("Your volunteer key file {p} is damaged.").format(p=path),
                           _("Restore the folder {d} from a backup.").format(d=path.parent)) from None
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    raw = serialization.Encoding.Raw
    public = PublicKey(
        X25519PrivateKey.from_private_bytes(x).public_key().public_bytes(raw, serialization.PublicFormat.Raw),
        Ed25519PrivateKey.from_private_bytes(e).public_key().public_bytes(raw, serialization.PublicFormat.Raw),
    )
    if load_public(home) != public:
        # Someone who could write to the folder swapped the key you hand out for theirs.
        raise VaultDamaged(
            _("Your public key file {p} does not match your private keys: it was replaced or damaged.").format(
                p=public_path(home)),
            _("Do not send the key it holds to anyone. Restore the folder {d} from a backup; "
              "your correct public key is {k}").format(d=path.parent, k=str(public)),
        )
    return Identity(x, e, storage, public, str(doc.get("created", "")))


def write_private_file(path: Path, data: bytes) -> None:
    """Atomic write of a small file, readable by its owner only."""
    from ..fsutil import atomic_file

    with atomic_file(path) as f:
        f.write(data)
