"""Attachments answered to `image` and `file` questions: what is accepted, and the reference kept.

A photo of the signed protocol is evidence, so what it is must not depend on what the file is
called: the type is told from the first bytes of its content (JPEG, PNG and PDF each open with
a fixed signature), never from the name's extension. The answer stored in the submission is
only a reference (content hash, file name, media type, size); the bytes are kept apart, keyed
by the hash, so the canonical record stays small and the same photo is stored once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Final

from observer_app.formspec.models import FileQuestion, ImageQuestion

JPEG: Final = "image/jpeg"
PNG: Final = "image/png"
PDF: Final = "application/pdf"

#: What each question type takes.
IMAGE_TYPES: Final = (JPEG, PNG)
FILE_TYPES: Final = (PDF, JPEG, PNG)

#: The opening bytes of each accepted type (its "magic number").
_SIGNATURES: Final = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"%PDF-", PDF),
)
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_REFERENCE_KEYS: Final = frozenset({"sha256", "name", "media_type", "size"})
#: File names are shown and printed; a path or a control character in one is a forged answer.
_MAX_NAME = 255


class AttachmentRefused(ValueError):
    """A file an observer tried to attach that the question does not take; the message names
    the file and the reason, and nothing is stored.

    `kind` ("empty", "too_large", "wrong_type") with `size`, `limit`, `found` and `allowed`
    let a window word the same reason in the observer's language.
    """

    def __init__(
        self,
        name: str,
        reason: str,
        *,
        kind: str = "",
        size: int = 0,
        limit: int = 0,
        found: str | None = None,
        allowed: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.reason = reason
        self.kind = kind
        self.size = size
        self.limit = limit
        self.found = found
        self.allowed = allowed
        super().__init__(f"{name}: {reason}")


@dataclass(frozen=True)
class AttachmentRef:
    """What an answer holds for an attached file: enough to find, show and check its bytes."""

    sha256: str
    name: str
    media_type: str
    size: int

    def to_answer(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "name": self.name,
            "media_type": self.media_type,
            "size": self.size,
        }

    @classmethod
    def from_answer(cls, value: Any) -> AttachmentRef:
        """The reference in a stored answer; ValueError if it is not one."""
        if (problem := reference_problem(value)) is not None:
            raise ValueError(problem)
        return cls(value["sha256"], value["name"], value["media_type"], value["size"])


AttachmentQuestion = ImageQuestion | FileQuestion


def sniff_media_type(data: bytes) -> str | None:
    """The media type the content opens with, or None for anything else."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    return None


def accepted_types(question: AttachmentQuestion) -> tuple[str, ...]:
    return IMAGE_TYPES if isinstance(question, ImageQuestion) else FILE_TYPES


def accept_attachment(question: AttachmentQuestion, name: str, data: bytes) -> AttachmentRef:
    """The reference for `data` as an answer to `question`, or AttachmentRefused saying why."""
    shown = PurePath(name).name or name
    if not data:
        raise AttachmentRefused(shown, "the file is empty", kind="empty")
    if len(data) > question.max_bytes:
        raise too_large(shown, len(data), question.max_bytes)
    media_type = sniff_media_type(data)
    allowed = accepted_types(question)
    if media_type not in allowed:
        wanted = " or ".join(_KIND_NAMES[t] for t in allowed)
        found = _KIND_NAMES[media_type] if media_type else "not a file of a known type"
        raise AttachmentRefused(
            shown,
            f"the content is {found}; this question takes {wanted}",
            kind="wrong_type",
            found=media_type,
            allowed=allowed,
        )
    return AttachmentRef(hashlib.sha256(data).hexdigest(), shown[:_MAX_NAME], media_type, len(data))


def too_large(name: str, size: int, limit: int) -> AttachmentRefused:
    """The refusal of a file over the question's limit, told before its bytes are read."""
    return AttachmentRefused(
        name,
        f"{_megabytes(size)} is over the limit of {_megabytes(limit)}",
        kind="too_large",
        size=size,
        limit=limit,
    )


def reference_problem(value: Any) -> str | None:
    """Why `value` is not an attachment reference, or None if it is one."""
    if not isinstance(value, dict) or set(value) != _REFERENCE_KEYS:
        return "expected an attachment reference (sha256, name, media_type, size)"
    if not isinstance(value["sha256"], str) or not _SHA256.fullmatch(value["sha256"]):
        return f"not a SHA-256 content hash: {value['sha256']!r}"
    name = value["name"]
    if (
        not isinstance(name, str)
        or not name
        or len(name) > _MAX_NAME
        or PurePath(name).name != name
        or any(ord(c) < 32 for c in name)
    ):
        return f"not a file name: {name!r}"
    if value["media_type"] not in FILE_TYPES:
        return f"not an accepted media type: {value['media_type']!r}"
    size = value["size"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        return f"not a file size: {size!r}"
    return None


def answer_problem(question: AttachmentQuestion, value: Any) -> str | None:
    """Why `value` is not a reference this question could have accepted."""
    if (problem := reference_problem(value)) is not None:
        return problem
    if value["media_type"] not in accepted_types(question):
        return f"{value['media_type']} is not taken by a {question.type} question"
    if value["size"] > question.max_bytes:
        return f"{value['size']} bytes, over the question's limit of {question.max_bytes}"
    return None


_KIND_NAMES: Final = {JPEG: "a JPEG image", PNG: "a PNG image", PDF: "a PDF document"}


def _megabytes(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


_EXTENSIONS: Final = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}


def stored_name(ref: AttachmentRef) -> str:
    """The name its bytes are kept and carried under: the content hash and the type's extension.

    The observer's own file name ("Протокол 12.jpg") may hold any character, so it stays in
    the answer for people to read; the name in the database and in the bundle is made of
    the hash alone, so it can neither collide nor carry a path.
    """
    return f"{ref.sha256}{_EXTENSIONS[ref.media_type]}"


def references(answers: Mapping[str, Any]) -> dict[str, AttachmentRef]:
    """The attachment references among a submission's answers, by question id.

    Told by their shape, so that a laptop hands in, and a reader finds, a submission's files
    without its form; the merge checks them against the form's question types.
    """
    return {
        question_id: AttachmentRef.from_answer(value)
        for question_id, value in answers.items()
        if isinstance(value, dict) and reference_problem(value) is None
    }


def caption(ref: AttachmentRef) -> str:
    """How an answered file is shown in words: its own name and its size."""
    return f"{ref.name} · {_megabytes(ref.size)}"
