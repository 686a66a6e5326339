"""Reading the JSON documents of exchange files: refuse bad JSON, other formats, newer versions.

Shared by bundles and mission packages so that both say the same thing about the same
fault, in one line that names the member and the field.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from observer_app.exchange.formats import FORMAT_VERSION

M = TypeVar("M", bound=BaseModel)


class RefusalKind(StrEnum):
    """The refusals a coordinator meets most, named so that a window can say them, and what
    to do, in its own language; the message stays the full reason, in English."""

    DAMAGED = "damaged"  # cut short or damaged on the way (a USB stick pulled out)
    NOT_A_BUNDLE = "not_a_bundle"  # not a file written by Observer's export
    MISSION_PACKAGE = "mission_package"  # the coordinator's own package, not a bundle
    OTHER_MISSION = "other_mission"  # detail: the other mission's name
    NO_KEY = "no_key"  # encrypted, and no coordinator key to open it
    WRONG_KEY = "wrong_key"  # encrypted for another coordinator key


class Refused(ValueError):
    """A file refused whole; the message is the one-line reason (without the file's name).

    `kind` names a common refusal (None for the others), `detail` what its wording needs.
    """

    def __init__(
        self, message: str, kind: RefusalKind | None = None, detail: str | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.detail = detail


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        repeated = next(key for key in keys if keys.count(key) > 1)
        raise ValueError(f"the key {repeated!r} appears twice in one object")
    return dict(pairs)


def peek_json(name: str, content: bytes) -> Any:
    """Parse a small JSON member for a first look; Refused on bad JSON or a repeated key."""
    try:
        return json.loads(content.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except UnicodeDecodeError:
        raise Refused(f"{name}: not valid JSON (not UTF-8 text)") from None
    except RecursionError:
        raise Refused(f"{name}: not valid JSON (nested too deeply)") from None
    except ValueError as exc:
        raise Refused(f"{name}: not valid JSON ({exc})") from None


def check_format(name: str, document: Any, expected: str) -> None:
    """Refuse another kind of document, or a newer version of this one, before its schema."""
    found = document.get("format") if isinstance(document, dict) else None
    if found != expected:
        what = f"its format is {found!r}" if isinstance(found, str) else 'no "format" field'
        raise Refused(f"{name}: not an {expected} document ({what})")
    version = document.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise Refused(
            f"{name}: made by a newer release (format version {version}; this release reads "
            f"up to {FORMAT_VERSION}): update Observer to read it"
        )


def schema_problem(name: str, error: ValidationError) -> str:
    """The first problem pydantic found, as one line naming the member and the field."""
    first = error.errors(include_url=False)[0]
    if first["type"] == "json_invalid":
        detail = str(first.get("ctx", {}).get("error", first["msg"]))
        return f"{name}: not valid JSON ({detail})"
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"])
    where = where.lstrip(".") or "the top level"
    message = str(first["msg"]).replace("\n", " ")
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{name}: schema violation at {where}: {message}{more}"


def parse_model(name: str, content: bytes, model: type[M]) -> M:
    """`content` validated strictly as `model`; Refused with the first problem otherwise."""
    try:
        return model.model_validate_json(content, strict=True)
    except ValidationError as error:
        raise Refused(schema_problem(name, error)) from None
