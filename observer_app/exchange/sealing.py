"""Encryption of a bundle to the coordinator's key: X25519, HKDF-SHA256, ChaCha20-Poly1305.

An ECIES construction from `cryptography`'s reviewed primitives, nothing of our own
making: a fresh X25519 key per file agrees a secret with the coordinator's public key,
HKDF-SHA256 turns it into a one-time key, ChaCha20-Poly1305 encrypts and authenticates
the whole plain bundle. The envelope's own bytes are the AEAD's associated data, so
changing any header field spoils decryption. docs/exchange.md states it byte for byte.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from observer_app.exchange.formats import ENCRYPTED_FORMAT, FORMAT_VERSION, SEAL_ALGORITHM
from observer_app.exchange.keys import CoordinatorKey, b64encode, fingerprint, shorten

ALGORITHM = SEAL_ALGORITHM
HKDF_INFO = b"observer-bundle/1 payload key"
NONCE_BYTES = 12


class SealError(ValueError):
    """An envelope that cannot be opened with this key; the message says why."""


@dataclass(frozen=True)
class Envelope:
    """The clear header of an encrypted bundle: whom it is for and how to open it."""

    recipient: str  # fingerprint of the coordinator's public key
    ephemeral_public_key: bytes
    nonce: bytes

    def to_json(self) -> dict[str, object]:
        return {
            "format": ENCRYPTED_FORMAT,
            "format_version": FORMAT_VERSION,
            "algorithm": ALGORITHM,
            "recipient": self.recipient,
            "ephemeral_public_key": b64encode(self.ephemeral_public_key),
            "nonce": b64encode(self.nonce),
        }


def _payload_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    """The one-time key: HKDF-SHA256 over the X25519 secret, salted with both public keys."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=HKDF_INFO,
    ).derive(shared)


def seal(plain: bytes, recipient_public: bytes) -> tuple[bytes, bytes]:
    """(envelope.json bytes, ciphertext) of `plain` for the holder of `recipient_public`."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    envelope = Envelope(fingerprint(recipient_public), ephemeral_public, os.urandom(NONCE_BYTES))
    header = (json.dumps(envelope.to_json(), indent=2) + "\n").encode("utf-8")
    key = _payload_key(shared, ephemeral_public, recipient_public)
    return header, ChaCha20Poly1305(key).encrypt(envelope.nonce, plain, header)


def unseal(header: bytes, envelope: Envelope, ciphertext: bytes, key: CoordinatorKey) -> bytes:
    """The plain bundle inside; SealError if it is not for `key` or was altered."""
    if envelope.recipient != key.fingerprint:
        raise SealError(
            f"encrypted for another coordinator key ({shorten(envelope.recipient)}), "
            f"not this one ({key.short_fingerprint})"
        )
    try:
        shared = key.private_key.exchange(
            X25519PublicKey.from_public_bytes(envelope.ephemeral_public_key)
        )
    except ValueError:
        raise SealError("the envelope's ephemeral key is not a usable X25519 key") from None
    payload_key = _payload_key(shared, envelope.ephemeral_public_key, key.public_key)
    try:
        return ChaCha20Poly1305(payload_key).decrypt(envelope.nonce, ciphertext, header)
    except InvalidTag:
        raise SealError(
            "decryption failed: the encrypted content or its envelope was altered or damaged"
        ) from None
