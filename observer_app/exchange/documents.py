"""Reading the JSON documents of exchange files: refuse bad JSON, other formats, newer versions.

Shared by bundles and mission packages so that both say the same thing about the same
fault, in one line that names the member and the field.
"""

from __future__ import annotations

import json
import math
import re
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from observer_app.exchange.formats import FORMAT_VERSION
from observer_app.formspec.answers import INT64_MAX, INT64_MIN

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
    NOT_ENCRYPTED = "not_encrypted"  # plain, for a mission whose bundles are encrypted


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


#: The integers every reader can hold exactly: a signed 64-bit integer (INT64_MIN..MAX).
#: A decimal written with more significant digits than this reads differently in a
#: reader that keeps them all than in one that rounds to a double (as the hash does).
MAX_SIGNIFICANT_DIGITS = 17


class _BadNumber:
    """A number in a JSON text that not every reader reads alike: kept in place of its
    value while parsing, so that the refusal can name where it stood."""

    __slots__ = ("reason", "text")

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        keys = [key for key, _ in pairs]
        repeated = next(key for key in keys if keys.count(key) > 1)
        raise ValueError(f"the key {repeated!r} appears twice in one object")
    return found


def _significant_digits(text: str) -> int:
    mantissa = text.lstrip("-").split("e")[0].split("E")[0].replace(".", "")
    return len(mantissa.strip("0"))


def _where_bad(value: Any, path: str = "") -> tuple[str, _BadNumber] | None:
    """Where in a parsed document the first bad number stands, as `[0].answers.votes`."""
    if isinstance(value, _BadNumber):
        return path, value
    items: Any = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found = _where_bad(item, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}")
        if found is not None:
            return found
    return None


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(document: Any) -> bool:
    try:
        json.dumps(document, ensure_ascii=False, default=lambda _: None).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_json(name: str, content: bytes) -> Any:
    """The one reading of a JSON member, which every check and the store then use.

    Refused, naming the member and the key, on what two readers could read differently:
    a key twice in one object (one keeps the first, another the last), an integer outside
    64 bits, a decimal with more digits than a double holds, NaN or infinity. A file that
    one program reads one way and another program another cannot be signed for one
    meaning.
    """
    bad: list[_BadNumber] = []

    def refuse(text: str, reason: str) -> _BadNumber:
        number = _BadNumber(text, reason)
        bad.append(number)
        return number

    def parse_int(text: str) -> int | _BadNumber:
        try:
            value = int(text)
        except ValueError:  # more digits than Python converts
            return refuse(text, "an integer outside the 64-bit range")
        if not INT64_MIN <= value <= INT64_MAX:
            return refuse(text, "an integer outside the 64-bit range")
        return value

    def parse_float(text: str) -> float | _BadNumber:
        value = float(text)
        if not math.isfinite(value):
            return refuse(text, "a number too large for a double")
        if _significant_digits(text) > MAX_SIGNIFICANT_DIGITS:
            return refuse(text, f"more than {MAX_SIGNIFICANT_DIGITS} significant digits")
        return value

    def parse_constant(text: str) -> _BadNumber:
        return refuse(text, "NaN or infinity, which JSON does not allow")

    try:
        document = json.loads(
            content.decode("utf-8"),
            object_pairs_hook=_no_duplicate_keys,
            parse_int=parse_int,
            parse_float=parse_float,
            parse_constant=parse_constant,
        )
    except UnicodeDecodeError:
        raise Refused(f"{name}: not valid JSON (not UTF-8 text)") from None
    except RecursionError:
        raise Refused(f"{name}: not valid JSON (nested too deeply)") from None
    except ValueError as exc:
        raise Refused(f"{name}: not valid JSON ({exc})") from None
    if _SURROGATE_ESCAPE.search(content) and _has_lone_surrogate(document):
        raise Refused(f"{name}: a \\u escape of half a UTF-16 pair, which is no character")
    if bad:
        found = _where_bad(document)
        where, number = found if found is not None else ("", bad[0])
        shown = number.text if len(number.text) <= 40 else number.text[:37] + "..."
        raise Refused(
            f"{name}: at {where.lstrip('.') or 'the top level'}: {shown}: {number.reason}"
        )
    return document


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


def parse_model(name: str, document: Any, model: type[M]) -> M:
    """`document` (as read_json read it) validated strictly as `model`; Refused with the
    first problem otherwise."""
    try:
        return model.model_validate(document, strict=True)
    except ValidationError as error:
        raise Refused(schema_problem(name, error)) from None
