"""The exchange file formats as pydantic models: the one definition of a valid document.

The reader validates with these models and docs/schemas/ is exported from them, so the
documentation another program follows and the check this program makes cannot drift.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

BUNDLE_FORMAT = "observer-bundle"
ENCRYPTED_FORMAT = "observer-bundle-encrypted"
MISSION_FORMAT = "observer-mission"
#: The format version this release writes and the newest it reads, for all three formats.
FORMAT_VERSION = 1
SEAL_ALGORITHM = "X25519-HKDF-SHA256-ChaCha20Poly1305"

_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
#: A member path: relative, "/"-separated segments of letters, digits, ".", "_", "-", none
#: starting with "." (so no "." or ".." segment, and no hidden file).
_SEGMENT = r"[A-Za-z0-9_-][A-Za-z0-9._-]*"
MEMBER_PATH = rf"^{_SEGMENT}(/{_SEGMENT})*$"

#: RFC 3339 date-time with its UTC offset, as Python's isoformat() writes it.
_TIME = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})$"
)


def _time(value: Any) -> Any:
    """A time as RFC 3339 text only: not a number of seconds, not a time without offset,
    and one whose UTC instant is a date of the years 1 to 9999 (the store keeps the
    instant: "9999-12-31T23:59:59-12:00" is in the year 10000 in UTC)."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not re.match(_TIME, value):
        raise ValueError('expected a date-time such as "2021-01-10T07:30:00+06:00"')
    moment = datetime.fromisoformat(value)
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("a date-time outside the years 1 to 9999 in UTC") from None
    return moment


def _exact_int(value: Any) -> Any:
    """An integer written as one: `true` or `1.0` is not the format version 1."""
    if type(value) is not int:
        raise ValueError("expected the integer 1")
    return value


Time = Annotated[
    datetime,
    BeforeValidator(_time),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _TIME}),
]
Uuid = Annotated[str, StringConstraints(pattern=_UUID)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
#: 32 bytes in standard base64 with its padding: 43 characters and "=".
Key32 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")]
#: 12 bytes in standard base64: 16 characters, no padding.
Nonce12 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{16}$")]
MemberPath = Annotated[str, StringConstraints(pattern=MEMBER_PATH, max_length=200)]
#: Text read by people (names of observers, teams, missions): no control characters,
#: which would reach a coordinator's terminal (ESC sequences) or forge lines (newlines).
Name = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
#: The highest revision and form version: what every database keeps as an integer.
MAX_NUMBER = 2**31 - 1
#: The format version, 1, written as the integer 1.
Version1 = Annotated[Literal[1], BeforeValidator(_exact_int)]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=64)]
AttachmentName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$", max_length=100)
]


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Member(_Document):
    """A member of the ZIP as the manifest vouches for it."""

    sha256: Sha256 = Field(description="SHA-256 of the member's uncompressed bytes, lower-case hex")
    size: int = Field(ge=0, description="uncompressed size in bytes")


class MissionRef(_Document):
    id: Uuid = Field(description="the mission's id, from the mission package")
    name: Name = Field(description="the mission's name, for people; the id is what is checked")


class DeviceRef(_Document):
    id: Uuid = Field(description="the laptop's random device id, made with its key")
    public_key: Key32 = Field(description="the device's raw 32-byte Ed25519 public key, base64")


class Counts(_Document):
    submissions: int = Field(ge=0, description="number of records in submissions.json")
    attachments: int = Field(ge=0, description="number of entries in `attachments`")


class AttachmentRef(_Document):
    """A file that belongs to a submission (a photo of a protocol, say)."""

    path: MemberPath = Field(description='the member, "attachments/<submission id>/<name>"')
    submission_id: Uuid
    name: AttachmentName


class Manifest(_Document):
    """manifest.json of a bundle: who wrote it, for which mission, and what it holds."""

    model_config = ConfigDict(
        title="Observer bundle manifest",
        json_schema_extra={"description": "manifest.json of an Observer bundle (docs/exchange.md)"},
    )

    format: Literal["observer-bundle"]
    format_version: Version1
    bundle_id: Uuid = Field(description="a random UUID made for this file")
    generator: Name = Field(default="", description="the program that wrote it, free text")
    mission: MissionRef
    device: DeviceRef
    observer: Name
    team: Name
    created_at: Time = Field(description="when it was written, ISO 8601 with offset")
    counts: Counts
    members: dict[MemberPath, Member] = Field(
        description="every member but manifest.json and manifest.sig, by path"
    )
    attachments: list[AttachmentRef] = Field(default_factory=list)


class SubmissionRecord(_Document):
    """One submission in submissions.json: one revision of one filled checklist."""

    model_config = ConfigDict(title="Observer submission record")

    id: Uuid = Field(description="the submission's UUID, made on the device, lower-case")
    form_id: Identifier
    form_version: int = Field(ge=1, le=MAX_NUMBER)
    station_id: Annotated[str, StringConstraints(max_length=48)] | None
    tec_id: Annotated[str, StringConstraints(max_length=32)] | None
    region: Annotated[str, StringConstraints(max_length=16)] | None
    observer: Name
    team: Name
    status: Literal["draft", "complete"]
    revision: int = Field(ge=1, le=MAX_NUMBER, description="1, then one more at every reopening")
    created_at: Time
    updated_at: Time
    completed_at: Time | None = Field(description="set exactly when status is complete")
    content_hash: Sha256 = Field(description="SHA-256 over the content, as docs/exchange.md says")
    answers: dict[Identifier, JsonValue] = Field(description="answers by question id")

    @model_validator(mode="after")
    def _completion_time_matches_status(self) -> SubmissionRecord:
        if (self.status == "complete") != (self.completed_at is not None):
            raise ValueError("completed_at is set exactly when status is complete")
        return self


class Envelope(_Document):
    """envelope.json of an encrypted bundle: the only clear text it has."""

    model_config = ConfigDict(title="Observer encrypted bundle envelope")

    format: Literal["observer-bundle-encrypted"]
    format_version: Version1
    algorithm: Literal["X25519-HKDF-SHA256-ChaCha20Poly1305"]
    recipient: Sha256 = Field(description="SHA-256 of the coordinator's raw X25519 public key")
    ephemeral_public_key: Key32 = Field(description="this file's own X25519 public key")
    nonce: Nonce12 = Field(description="the ChaCha20-Poly1305 nonce, 12 bytes")


class CoordinatorKeyRef(_Document):
    algorithm: Literal["X25519"]
    public_key: Key32 = Field(description="the coordinator's raw 32-byte X25519 public key")


class FormRef(_Document):
    id: Identifier
    version: int = Field(ge=1, le=MAX_NUMBER)
    path: MemberPath = Field(description='the form\'s YAML member, under "forms/"')


#: A mission's name or election in the languages reports are printed in.
LocalizedText = dict[
    Literal["en", "ru", "kk"], Annotated[str, StringConstraints(min_length=1, max_length=200)]
]


class MissionManifest(_Document):
    """mission.json of a mission package: what a laptop is set up with."""

    model_config = ConfigDict(title="Observer mission package")

    format: Literal["observer-mission"]
    format_version: Version1
    id: Uuid = Field(description="the mission's id; every bundle names it")
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    election: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    names: LocalizedText | None = Field(
        default=None,
        description="the name per report language; older packages have none, and a language "
        "missing here is printed with `name`",
    )
    elections: LocalizedText | None = Field(
        default=None, description="the election per report language, as `names` for `election`"
    )
    created_at: Time
    coordinator_key: CoordinatorKeyRef | None = Field(
        description="when present, bundles are encrypted to this key"
    )
    forms: list[FormRef] = Field(min_length=1)
    members: dict[MemberPath, Member] = Field(description="every member but mission.json")
