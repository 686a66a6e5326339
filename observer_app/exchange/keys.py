"""The exchange's keys: a laptop's Ed25519 signing key and the coordinator's X25519 key.

A device key proves which laptop wrote a bundle; the coordinator key lets only the
coordinator read one. Both live in files readable by their owner alone, never in the
database: a database copied for a report must not carry the power to sign or decrypt.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import stat
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl.bindings import crypto_core_ed25519_is_valid_point

from observer_app.exchange.documents import Refused
from observer_app.exchange.files import read_regular_file
from observer_app.store.paths import data_dir

DEVICE_KEY_FILE = "device-key.json"
COORDINATOR_KEY_FILE = "coordinator-key.json"
DEVICE_KEY_FORMAT = "observer-device-key"
COORDINATOR_KEY_FORMAT = "observer-coordinator-key"
KEY_FILE_VERSION = 1
#: A key file is a few hundred bytes; anything much larger is not one.
MAX_KEY_FILE_BYTES = 64 * 1024


class KeyFileError(ValueError):
    """A key file that cannot be used; the message names the file and says why."""


def b64encode(data: bytes) -> str:
    """Standard base64 with padding (RFC 4648 §4), as every key and signature is written."""
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str, length: int) -> bytes:
    """Strict base64 of exactly `length` bytes; ValueError otherwise."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("not base64") from None
    if len(data) != length:
        raise ValueError(f"{len(data)} bytes where {length} are expected")
    return data


def fingerprint(public_key: bytes) -> str:
    """SHA-256 (hex) of a raw 32-byte public key: the key's name in files and in the database."""
    return hashlib.sha256(public_key).hexdigest()


def short_fingerprint(public_key: bytes) -> str:
    """The first 80 bits of the fingerprint as five groups, to read aloud at a briefing."""
    return shorten(fingerprint(public_key))


def shorten(fingerprint_hex: str) -> str:
    """A fingerprint as its short, spoken form: "62C4-BE15-E705-C0B9-030B"."""
    head = fingerprint_hex[:20].upper()
    return "-".join(head[i : i + 4] for i in range(0, 20, 4))


def _raw_public(key: Ed25519PublicKey | Any) -> bytes:
    raw: bytes = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return raw


def usable_device_key(public_key: bytes) -> bool:
    """Whether `public_key` is an Ed25519 key a signature can prove anything with.

    A point of small order (the identity among them) or one off the main subgroup, or an
    encoding that is not canonical, makes a key whose "signatures" anyone can forge: the
    identity key with the identity as R verifies for every message. libsodium's check
    (through PyNaCl) refuses them all; the list is the library's, not ours.
    """
    return len(public_key) == 32 and bool(crypto_core_ed25519_is_valid_point(public_key))


def verify_signature(public_key: bytes, signature: bytes, data: bytes) -> bool:
    """Whether `signature` is the Ed25519 signature of `data` by `public_key`, a key that
    `usable_device_key` accepts."""
    if not usable_device_key(public_key):
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except Exception:  # InvalidSignature, or a malformed key
        return False
    return True


class _Fingerprinted:
    """The public half of a key and the fingerprints people read out and compare."""

    private_key: Ed25519PrivateKey | X25519PrivateKey

    @property
    def public_key(self) -> bytes:
        return _raw_public(self.private_key.public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def short_fingerprint(self) -> str:
        return short_fingerprint(self.public_key)


@dataclass(frozen=True)
class DeviceKey(_Fingerprinted):
    """This laptop's identity: a random device id and the Ed25519 key that signs its bundles.

    The id is random rather than derived from the key so that a coordinator can tell a
    known laptop signing with a new key (refused) from a new laptop (welcomed).
    """

    device_id: uuid.UUID
    private_key: Ed25519PrivateKey
    created_at: datetime

    @classmethod
    def generate(cls) -> DeviceKey:
        return cls(uuid.uuid4(), Ed25519PrivateKey.generate(), datetime.now(UTC))

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": DEVICE_KEY_FORMAT,
            "format_version": KEY_FILE_VERSION,
            "device_id": str(self.device_id),
            "algorithm": "Ed25519",
            "private_key": b64encode(self.private_key.private_bytes_raw()),
            "public_key": b64encode(self.public_key),
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class CoordinatorKey(_Fingerprinted):
    """The coordinator's X25519 key: observers' bundles are encrypted to its public half."""

    private_key: X25519PrivateKey
    created_at: datetime

    @classmethod
    def generate(cls) -> CoordinatorKey:
        return cls(X25519PrivateKey.generate(), datetime.now(UTC))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its raw bytes: a merge hands the key to the process that reads ahead."""
        return (_coordinator_key, (self.private_key.private_bytes_raw(), self.created_at))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": COORDINATOR_KEY_FORMAT,
            "format_version": KEY_FILE_VERSION,
            "algorithm": "X25519",
            "private_key": b64encode(self.private_key.private_bytes_raw()),
            "public_key": b64encode(self.public_key),
            "created_at": self.created_at.isoformat(),
        }


def _coordinator_key(private: bytes, created_at: datetime) -> CoordinatorKey:
    return CoordinatorKey(X25519PrivateKey.from_private_bytes(private), created_at)


def device_key_path() -> Path:
    return data_dir() / DEVICE_KEY_FILE


def coordinator_key_path() -> Path:
    return data_dir() / COORDINATOR_KEY_FILE


def _read_key_file(path: Path, expected_format: str) -> dict[str, Any]:
    try:
        data = json.loads(read_regular_file(path, MAX_KEY_FILE_BYTES))
    except Refused as refused:
        raise KeyFileError(f"{path}: not a key file ({refused})") from None
    except FileNotFoundError:
        raise KeyFileError(f"{path}: no key file there") from None
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read the key file: {exc.strerror}") from None
    except (ValueError, RecursionError):
        raise KeyFileError(f"{path}: not a key file (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != expected_format:
        raise KeyFileError(f"{path}: not an {expected_format} file")
    if data.get("format_version") != KEY_FILE_VERSION:
        raise KeyFileError(
            f"{path}: key file version {data.get('format_version')!r} is not one this "
            f"release reads ({KEY_FILE_VERSION})"
        )
    _tighten(path)
    return data


def _tighten(path: Path) -> None:
    """Make a key file readable by its owner alone, as it was written, if it was loosened."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)


def load_device_key(path: Path | None = None) -> DeviceKey:
    path = path or device_key_path()
    data = _read_key_file(path, DEVICE_KEY_FORMAT)
    try:
        device_id = uuid.UUID(str(data["device_id"]))
        private = Ed25519PrivateKey.from_private_bytes(b64decode(str(data["private_key"]), 32))
        created_at = datetime.fromisoformat(str(data["created_at"]))
    except (KeyError, ValueError) as exc:
        raise KeyFileError(f"{path}: damaged device key file ({exc})") from None
    return DeviceKey(device_id, private, created_at)


def load_coordinator_key(path: Path | None = None) -> CoordinatorKey:
    path = path or coordinator_key_path()
    data = _read_key_file(path, COORDINATOR_KEY_FORMAT)
    try:
        private = X25519PrivateKey.from_private_bytes(b64decode(str(data["private_key"]), 32))
        created_at = datetime.fromisoformat(str(data["created_at"]))
    except (KeyError, ValueError) as exc:
        raise KeyFileError(f"{path}: damaged coordinator key file ({exc})") from None
    return CoordinatorKey(private, created_at)


def write_secret_file(path: Path, text: str) -> bool:
    """Write `text` to a new file readable by its owner alone; False if `path` already exists.

    The file appears whole or not at all (written aside, then hard-linked into place), and
    an existing file is never replaced: two first runs racing keep one key, not two.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links (FAT on a USB stick)
            if path.exists():
                return False
            os.replace(temporary, path)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def load_or_create_device_key(path: Path | None = None) -> tuple[DeviceKey, bool]:
    """This laptop's key, made on first use; (key, whether it was made just now).

    A damaged key file is reported, never silently replaced: a new key would make the
    coordinator refuse every later bundle of this laptop.
    """
    path = path or device_key_path()
    if path.exists():
        return load_device_key(path), False
    key = DeviceKey.generate()
    created = write_secret_file(path, json.dumps(key.to_json(), indent=2) + "\n")
    return (key, True) if created else (load_device_key(path), False)


def load_or_create_coordinator_key(path: Path | None = None) -> tuple[CoordinatorKey, bool]:
    """The coordinator's key at `path`, made if there is none; (key, whether it was made)."""
    path = path or coordinator_key_path()
    if path.exists():
        return load_coordinator_key(path), False
    key = CoordinatorKey.generate()
    created = write_secret_file(path, json.dumps(key.to_json(), indent=2) + "\n")
    return (key, True) if created else (load_coordinator_key(path), False)
