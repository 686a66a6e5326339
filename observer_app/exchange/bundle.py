"""Bundles, the one file an observer hands in: written, signed and sealed; read back checked.

Reading is pure (bytes in, a checked Bundle or a one-line reason out) so that everything a
file can get wrong is found before the database is touched. docs/exchange.md is the
format's public description; the limits below are stated there too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from pydantic import TypeAdapter, ValidationError

from observer_app import __version__
from observer_app.exchange.documents import (
    RefusalKind,
    Refused,
    check_format,
    parse_model,
    read_json,
    schema_problem,
)
from observer_app.exchange.formats import (
    BUNDLE_FORMAT,
    ENCRYPTED_FORMAT,
    FORMAT_VERSION,
    Envelope,
    Manifest,
    SubmissionRecord,
)
from observer_app.exchange.keys import (
    CoordinatorKey,
    DeviceKey,
    b64decode,
    b64encode,
    shorten,
    usable_device_key,
    verify_signature,
)
from observer_app.exchange.records import Record, RecordError, record_from_model
from observer_app.exchange.safezip import ZipLimits, ZipRefused, read_members, write_zip
from observer_app.exchange.sealing import Envelope as SealEnvelope
from observer_app.exchange.sealing import SealError, seal, unseal

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SUBMISSIONS = "submissions.json"
ATTACHMENTS = "attachments/"
ENVELOPE = "envelope.json"
PAYLOAD = "payload.bin"

MiB = 1024 * 1024
#: A bundle file larger than this is refused unread.
MAX_FILE_BYTES = 256 * MiB
MAX_MEMBERS = 10_000
#: The most all members of a bundle may expand to together.
MAX_TOTAL_BYTES = 256 * MiB
MAX_MANIFEST_BYTES = 1 * MiB
MAX_SIGNATURE_BYTES = 1024
MAX_SUBMISSIONS_BYTES = 64 * MiB
MAX_ATTACHMENT_BYTES = 32 * MiB
MAX_ENVELOPE_BYTES = 4096

_SUBMISSION_LIST: TypeAdapter[list[SubmissionRecord]] = TypeAdapter(list[SubmissionRecord])


def _member_limit(name: str) -> int:
    if name == MANIFEST:
        return MAX_MANIFEST_BYTES
    if name == SIGNATURE:
        return MAX_SIGNATURE_BYTES
    if name == ENVELOPE:
        return MAX_ENVELOPE_BYTES
    if name == PAYLOAD:
        return MAX_FILE_BYTES
    if name == SUBMISSIONS:
        return MAX_SUBMISSIONS_BYTES
    return MAX_ATTACHMENT_BYTES


LIMITS = ZipLimits(max_members=MAX_MEMBERS, max_total=MAX_TOTAL_BYTES, member_limit=_member_limit)


@dataclass(frozen=True)
class Attachment:
    submission_id: str
    name: str
    content: bytes

    @cached_property
    def sha256(self) -> str:
        """Worked out once: the merge checks it against the answer, then stores it."""
        return hashlib.sha256(self.content).hexdigest()

    @property
    def path(self) -> str:
        return f"{ATTACHMENTS}{self.submission_id}/{self.name}"


@dataclass(frozen=True)
class Bundle:
    """A bundle that passed every check that needs no database."""

    manifest: Manifest
    records: list[Record]
    attachments: list[Attachment] = field(default_factory=list)
    encrypted: bool = False


# --- writing -------------------------------------------------------------------------


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def sign_bundle(manifest: Mapping[str, Any], members: Mapping[str, bytes], key: DeviceKey) -> bytes:
    """The plain bundle: `manifest` with the members' hashes filled in, signed, and zipped."""
    document = dict(manifest)
    document["members"] = {
        path: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        for path, content in members.items()
    }
    manifest_bytes = _json_bytes(document)
    signature = (b64encode(key.sign(manifest_bytes)) + "\n").encode("ascii")
    return write_zip({MANIFEST: manifest_bytes, SIGNATURE: signature, **members})


def seal_bundle(plain: bytes, recipient_public_key: bytes) -> bytes:
    """The encrypted bundle: envelope.json and the sealed plain bundle, in a ZIP of their own."""
    header, ciphertext = seal(plain, recipient_public_key)
    return write_zip({ENVELOPE: header, PAYLOAD: ciphertext}, compress=False)


def write_bundle(
    records: Sequence[Record],
    *,
    mission_id: str,
    mission_name: str,
    device_key: DeviceKey,
    observer: str,
    team: str,
    created_at: datetime,
    recipient_public_key: bytes | None,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """A complete bundle file of `records`, sealed when a recipient key is given."""
    manifest: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "format_version": FORMAT_VERSION,
        "bundle_id": str(uuid.uuid4()),
        "generator": f"observer-app {__version__}",
        "mission": {"id": mission_id, "name": mission_name},
        "device": {"id": str(device_key.device_id), "public_key": b64encode(device_key.public_key)},
        "observer": observer,
        "team": team,
        "created_at": created_at.isoformat(),
        "counts": {"submissions": len(records), "attachments": len(attachments)},
        "attachments": [
            {"path": a.path, "submission_id": a.submission_id, "name": a.name} for a in attachments
        ],
    }
    members = {SUBMISSIONS: _json_bytes([record.document for record in records])}
    members.update({attachment.path: attachment.content for attachment in attachments})
    plain = sign_bundle(manifest, members, device_key)
    if recipient_public_key is None:
        return plain
    return seal_bundle(plain, recipient_public_key)


# --- reading -------------------------------------------------------------------------


def read_bundle(data: bytes, coordinator_key: CoordinatorKey | None) -> Bundle:
    """The checked content of a bundle file; Refused with the reason otherwise.

    Checks everything that needs no database: the ZIP, the envelope and decryption, the
    manifest's schema and version, the signature, every member's SHA-256 and size, the
    records' schema and content hashes. The mission, the forms and the device's pinned
    key are the merge's to check.
    """
    if len(data) > MAX_FILE_BYTES:
        raise Refused(f"{len(data):,} bytes, over the limit of {MAX_FILE_BYTES:,}")
    members = _members(data)
    encrypted = ENVELOPE in members
    if encrypted:
        members = _members(_open_envelope(members, coordinator_key))
        if ENVELOPE in members:
            raise Refused("an encrypted bundle inside an encrypted bundle")
    elif MANIFEST not in members:
        raise Refused(
            f"not an Observer bundle (neither {MANIFEST} nor {ENVELOPE})", RefusalKind.NOT_A_BUNDLE
        )
    manifest_bytes = members.pop(MANIFEST, None)
    if manifest_bytes is None:
        raise Refused(f"the encrypted content has no {MANIFEST}")
    manifest_document = read_json(MANIFEST, manifest_bytes)
    check_format(MANIFEST, manifest_document, BUNDLE_FORMAT)
    manifest = parse_model(MANIFEST, manifest_document, Manifest)
    _check_signature(manifest, manifest_bytes, members.pop(SIGNATURE, None))
    _check_members(manifest, members)
    records = _records(manifest, members.pop(SUBMISSIONS))
    attachments = _attachments(manifest, members, {record.id for record in records})
    return Bundle(manifest, records, attachments, encrypted)


def _members(data: bytes) -> dict[str, bytes]:
    try:
        return read_members(data, LIMITS)
    except ZipRefused as refused:
        kind = (
            RefusalKind.DAMAGED
            if refused.damaged
            else RefusalKind.NOT_A_BUNDLE
            if refused.not_zip
            else None
        )
        raise Refused(str(refused), kind) from None


def _open_envelope(members: dict[str, bytes], key: CoordinatorKey | None) -> bytes:
    if set(members) != {ENVELOPE, PAYLOAD}:
        others = ", ".join(sorted(set(members) - {ENVELOPE})) or f"no {PAYLOAD}"
        raise Refused(f"an encrypted bundle holds {ENVELOPE} and {PAYLOAD} only ({others})")
    header = members[ENVELOPE]
    envelope_document = read_json(ENVELOPE, header)
    check_format(ENVELOPE, envelope_document, ENCRYPTED_FORMAT)
    envelope = parse_model(ENVELOPE, envelope_document, Envelope)
    if key is None:
        raise Refused(
            f"encrypted for coordinator key {shorten(envelope.recipient)}, and no coordinator "
            "key file was given to open it",
            RefusalKind.NO_KEY,
            shorten(envelope.recipient),
        )
    sealed = SealEnvelope(
        envelope.recipient,
        base64.b64decode(envelope.ephemeral_public_key),
        base64.b64decode(envelope.nonce),
    )
    try:
        return unseal(header, sealed, members[PAYLOAD], key)
    except SealError as error:
        other_key = envelope.recipient != key.fingerprint
        raise Refused(
            str(error),
            RefusalKind.WRONG_KEY if other_key else RefusalKind.DAMAGED,
            shorten(envelope.recipient),
        ) from None


def _check_signature(manifest: Manifest, manifest_bytes: bytes, signature: bytes | None) -> None:
    if signature is None:
        raise Refused(f"unsigned: no {SIGNATURE}")
    try:
        raw = b64decode(signature.decode("ascii").strip(), 64)
    except (UnicodeDecodeError, ValueError):
        raise Refused(f"{SIGNATURE}: not a base64 Ed25519 signature") from None
    public_key = b64decode(manifest.device.public_key, 32)
    if not usable_device_key(public_key):
        raise Refused(
            f"{MANIFEST}: device.public_key is not a usable Ed25519 key (a weak key of small "
            "order, with which anyone could sign)"
        )
    if not verify_signature(public_key, raw, manifest_bytes):
        raise Refused(
            "bad signature: manifest.json was altered or not signed by the device key it names"
        )


def _check_members(manifest: Manifest, members: Mapping[str, bytes]) -> None:
    listed, present = set(manifest.members), set(members)
    if missing := sorted(listed - present):
        raise Refused(f"member {missing[0]!r} is listed in the manifest but missing")
    if unlisted := sorted(present - listed):
        raise Refused(f"member {unlisted[0]!r} is not listed in the manifest")
    for path, member in manifest.members.items():
        content = members[path]
        if len(content) != member.size or hashlib.sha256(content).hexdigest() != member.sha256:
            raise Refused(f"{path}: SHA-256 does not match the manifest (the member was altered)")
    if SUBMISSIONS not in members:
        raise Refused(f"no {SUBMISSIONS}")
    if unknown := sorted(p for p in present if p != SUBMISSIONS and not p.startswith(ATTACHMENTS)):
        raise Refused(f"member {unknown[0]!r} is not part of the format")


def _records(manifest: Manifest, content: bytes) -> list[Record]:
    try:
        models = _SUBMISSION_LIST.validate_python(read_json(SUBMISSIONS, content), strict=True)
    except ValidationError as error:
        raise Refused(schema_problem(SUBMISSIONS, error)) from None
    if len(models) != manifest.counts.submissions:
        raise Refused(
            f"{SUBMISSIONS}: {len(models)} submissions, but the manifest counts "
            f"{manifest.counts.submissions}"
        )
    seen: set[str] = set()
    records: list[Record] = []
    for model in models:
        if model.id in seen:
            raise Refused(f"{SUBMISSIONS}: submission {model.id} appears twice")
        seen.add(model.id)
        if model.status != "complete":
            raise Refused(
                f"{SUBMISSIONS}: submission {model.id} is a draft; a bundle carries completed "
                "submissions only (a draft stays on the laptop until it is completed)"
            )
        try:
            records.append(record_from_model(model))
        except RecordError as error:
            raise Refused(f"{SUBMISSIONS}: {error}") from None
    return records


def _attachments(
    manifest: Manifest, members: Mapping[str, bytes], submission_ids: set[str]
) -> list[Attachment]:
    if len(manifest.attachments) != manifest.counts.attachments:
        raise Refused(
            f"{MANIFEST}: {len(manifest.attachments)} attachments, but it counts "
            f"{manifest.counts.attachments}"
        )
    attachments: list[Attachment] = []
    for ref in manifest.attachments:
        expected = f"{ATTACHMENTS}{ref.submission_id}/{ref.name}"
        if ref.path != expected:
            raise Refused(f"attachment {ref.path!r}: its path must be {expected!r}")
        if ref.submission_id not in submission_ids:
            raise Refused(f"attachment {ref.path!r}: no such submission in this bundle")
        if ref.path not in members:
            raise Refused(f"attachment {ref.path!r}: no such member")
        attachments.append(Attachment(ref.submission_id, ref.name, members[ref.path]))
    listed = {attachment.path for attachment in attachments}
    if len(listed) != len(attachments):
        raise Refused(f"{MANIFEST}: an attachment is listed twice")
    if stray := sorted(p for p in members if p.startswith(ATTACHMENTS) and p not in listed):
        raise Refused(f"member {stray[0]!r} is not among the manifest's attachments")
    return attachments


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
