"""Reading a ZIP that a stranger may have made: every member checked before a byte is expanded.

Bundles and mission packages arrive by USB stick and messenger, so a file may be broken,
foreign or hostile. Members are read into memory only, never extracted by their names,
and refused on a path that climbs out (`..`, absolute, drive letters), on a declared or
a real expansion over the limits (zip bombs), and on anything ZIP can do that the format
does not use (ZIP encryption, exotic compression, one name twice).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
_READABLE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    struct.error,
    NotImplementedError,
    OverflowError,
    OSError,
    KeyError,
    IndexError,
    UnicodeDecodeError,
)


class ZipRefused(ValueError):
    """A ZIP that is refused; the message is the one-line reason. `damaged`: cut short or
    corrupted (a copy to fix), as opposed to a ZIP the format does not allow."""

    def __init__(self, message: str, *, damaged: bool = False, not_zip: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged
        self.not_zip = not_zip


@dataclass(frozen=True)
class ZipLimits:
    """How much a ZIP may hold: members, bytes in all, bytes per member (by path)."""

    max_members: int
    max_total: int
    member_limit: Callable[[str], int]


def member_path_problem(name: str) -> str | None:
    """Why `name` is not a safe member path, or None when it is."""
    if not name:
        return "an empty name"
    if name.startswith("/") or "\\" in name or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    segments = name.split("/")
    if any(segment in ("..", ".") for segment in segments):
        return "a path with '..' or '.' in it"
    if len(name) > 200 or not all(_SAFE_SEGMENT.fullmatch(segment) for segment in segments):
        return "a name outside letters, digits, '.', '_', '-' and '/'"
    return None


def deflate_bound(size: int) -> int:
    """The most bytes deflate ever needs for `size` bytes (zlib's compressBound, with slack)."""
    return size + (size >> 12) + (size >> 14) + (size >> 25) + 13 + 64


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(_ZIP_MAGIC) or data.startswith(_EMPTY_ZIP):
            raise ZipRefused(
                "truncated or damaged: the ZIP's directory at its end is missing", damaged=True
            ) from None
        raise ZipRefused("not a ZIP file", not_zip=True) from None
    except _READABLE_ERRORS as exc:
        raise ZipRefused(f"damaged ZIP ({exc})", damaged=True) from None


def read_members(data: bytes, limits: ZipLimits) -> dict[str, bytes]:
    """Every file member of the ZIP in `data`, by path; ZipRefused with the reason otherwise."""
    archive = _open(data)
    try:
        infos = archive.infolist()
    except _READABLE_ERRORS as exc:  # pragma: no cover - infolist is read at open
        raise ZipRefused(f"damaged ZIP ({exc})") from None
    if len(infos) > limits.max_members:
        raise ZipRefused(f"{len(infos)} members, more than the {limits.max_members} allowed")
    files: list[zipfile.ZipInfo] = []
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if info.orig_filename != name and "\\" in info.orig_filename:
            raise ZipRefused(f"member {info.orig_filename!r} has an absolute path")
        folder = name.endswith("/")  # not info.is_dir(), which fails on an empty name
        problem = member_path_problem(name[:-1] if folder else name)
        if problem:
            raise ZipRefused(f"member {name!r} has {problem}")
        if name in seen:
            raise ZipRefused(f"member {name!r} appears twice")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise ZipRefused(f"member {name!r} uses ZIP encryption, which the format does not")
        if folder:
            if info.file_size:
                raise ZipRefused(f"member {name!r} is a folder with content")
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ZipRefused(f"member {name!r} uses a compression other than stored or deflate")
        limit = limits.member_limit(name)
        if info.file_size > limit:
            raise ZipRefused(
                f"member {name!r} expands to {info.file_size:,} bytes, over its limit of "
                f"{limit:,} (a zip bomb or an oversize member)"
            )
        total += info.file_size
        if total > limits.max_total:
            raise ZipRefused(
                f"the members expand to more than {limits.max_total:,} bytes in all (a zip bomb)"
            )
        stored = info.compress_type == zipfile.ZIP_STORED
        if (stored and info.compress_size != info.file_size) or (
            not stored and info.compress_size > deflate_bound(info.file_size)
        ):
            raise ZipRefused(
                f"member {name!r} holds more data than its declared size of "
                f"{info.file_size:,} bytes (a zip bomb or a damaged file)"
            )
        files.append(info)
    return {info.filename: _read(archive, info) for info in files}


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, never more than it declares: an expansion past that is refused."""
    try:
        with archive.open(info) as member:
            content = member.read(info.file_size + 1)
    except _READABLE_ERRORS as exc:
        reason = str(exc).split("\n")[0] or type(exc).__name__
        raise ZipRefused(f"member {info.filename!r} is damaged ({reason})", damaged=True) from None
    if len(content) != info.file_size:
        raise ZipRefused(
            f"member {info.filename!r} expands to other than its declared "
            f"{info.file_size:,} bytes (a zip bomb or a damaged file)"
        )
    return content


def write_zip(members: dict[str, bytes], *, compress: bool = True) -> bytes:
    """A ZIP of `members` in the given order, with a fixed date so nothing leaks the clock."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
