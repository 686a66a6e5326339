"""A minimal bundle writer made from docs/exchange.md alone: the standard library and
`cryptography`, not a line of Observer's code (a test checks the imports).

If Observer accepts what this writes, the documentation is enough to write a bundle.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import uuid
import zipfile

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def canonical(value: object) -> bytes:
    """§ The content hash: canonical JSON."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_hash(record: dict[str, object]) -> str:
    answers = record["answers"]
    assert isinstance(answers, dict)
    document = {
        "id": record["id"],
        "form": record["form_id"],
        "form_version": record["form_version"],
        "station": record["station_id"],
        "tec": record["tec_id"],
        "observer": record["observer"],
        "team": record["team"],
        "status": record["status"],
        "revision": record["revision"],
        "answers": {k: v for k, v in answers.items() if v is not None},
    }
    return hashlib.sha256(canonical(document)).hexdigest()


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def write_bundle(
    *,
    mission_id: str,
    coordinator_public_key: str | None,
    device_id: str,
    device_key: Ed25519PrivateKey,
    observer: str,
    team: str,
    records: list[dict[str, object]],
    attachments: dict[tuple[str, str], bytes],
) -> bytes:
    """Steps 3 to 6 of "Writing a bundle, step by step"."""
    for record in records:
        record["content_hash"] = content_hash(record)
    members = {"submissions.json": json.dumps(records, ensure_ascii=False).encode("utf-8")}
    attachment_list = []
    for (submission_id, name), content in attachments.items():
        path = f"attachments/{submission_id}/{name}"
        members[path] = content
        attachment_list.append({"path": path, "submission_id": submission_id, "name": name})
    public = device_key.public_key().public_bytes_raw()
    manifest = {
        "format": "observer-bundle",
        "format_version": 1,
        "bundle_id": str(uuid.uuid4()),
        "generator": "independent writer",
        "mission": {"id": mission_id, "name": "as the package says"},
        "device": {"id": device_id, "public_key": b64(public)},
        "observer": observer,
        "team": team,
        "created_at": "2021-01-10T21:05:00+06:00",
        "counts": {"submissions": len(records), "attachments": len(attachment_list)},
        "members": {
            path: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for path, content in members.items()
        },
        "attachments": attachment_list,
    }
    manifest_bytes = json.dumps(manifest, indent=2).encode("utf-8")
    signature = b64(device_key.sign(manifest_bytes)).encode("ascii")
    plain = zip_of({"manifest.json": manifest_bytes, "manifest.sig": signature, **members})
    if coordinator_public_key is None:
        return plain
    return encrypt(plain, base64.b64decode(coordinator_public_key))


def encrypt(plain: bytes, recipient: bytes) -> bytes:
    """§ The encryption, steps 1 to 7."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient,
        info=b"observer-bundle/1 payload key",
    ).derive(shared)
    nonce = os.urandom(12)
    envelope = json.dumps(
        {
            "format": "observer-bundle-encrypted",
            "format_version": 1,
            "algorithm": "X25519-HKDF-SHA256-ChaCha20Poly1305",
            "recipient": hashlib.sha256(recipient).hexdigest(),
            "ephemeral_public_key": b64(ephemeral_public),
            "nonce": b64(nonce),
        }
    ).encode("utf-8")
    payload = ChaCha20Poly1305(key).encrypt(nonce, plain, envelope)
    return zip_of({"envelope.json": envelope, "payload.bin": payload}, zipfile.ZIP_STORED)
