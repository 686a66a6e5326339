"""Opening a file a stranger named: a regular file only, never more bytes than allowed.

A name on the command line may be a symlink to /dev/zero (endless bytes), a FIFO (a read
that never returns) or a file that grows while it is read; the size `stat` reports
before reading proves nothing about any of them. So the file is opened without waiting
for a writer, refused unless it is a regular file, and read up to one byte past its
limit, however long it turns out to be.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from observer_app.exchange.documents import Refused

#: Bytes read at a time.
_CHUNK = 1024 * 1024


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`; Refused when it is something else or
    holds more than `limit` bytes. OSError (no such file, no permission) is the caller's."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise Refused(f"not a regular file ({_kind(mode)}): only files are read")
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise Refused(f"{size:,} bytes, over the limit of {limit:,}")
        chunks: list[bytes] = []
        read = 0
        while chunk := os.read(descriptor, min(_CHUNK, limit + 1 - read)):
            chunks.append(chunk)
            read += len(chunk)
            if read > limit:
                raise Refused(f"more than {limit:,} bytes, over the limit (it grew while read)")
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
