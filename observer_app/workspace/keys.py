"""The coordinator's and the device's key files, with one message for each way they go wrong.

The window and the command line read the coordinator key here, so a damaged or missing key
file is reported the same way in both: its path, what is wrong, and what to do. A key is
never replaced behind the user's back: a damaged file is left as it is for them to restore.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from observer_app.exchange.keys import (
    CoordinatorKey,
    DeviceKey,
    KeyFileError,
    coordinator_key_path,
    load_coordinator_key,
    load_or_create_coordinator_key,
    load_or_create_device_key,
)
from observer_app.exchange.mission import Mission
from observer_app.workspace.errors import KeyProblem

#: How to name another key file, in the command line and in the window.
CHOOSE_KEY = "--key FILE on the command line, File → Coordinator key file… in the window"


def default_coordinator_key_path() -> Path:
    return coordinator_key_path()


def read_coordinator_key(
    mission: Mission | None, path: Path | None = None
) -> CoordinatorKey | None:
    """The coordinator key that opens the mission's bundles; None when none is needed.

    `path` is a key file the user named; without one the default file in the data folder
    is used when it exists. Raises KeyProblem when a named file is missing, when any key
    file is damaged, and when the mission encrypts its bundles and no key file is there.
    """
    named = path is not None
    path = path or coordinator_key_path()
    if not path.exists():
        if named:
            raise KeyProblem(
                f"{path}: no coordinator key file there. Choose the key file made with "
                f"`observer-app coordinator-key` ({CHOOSE_KEY})."
            )
        if mission is not None and mission.encrypted:
            raise KeyProblem(
                f"{path}: no coordinator key file there, and this mission's files are "
                f"encrypted to the key {mission.coordinator_short_fingerprint}. Copy the key "
                f"file there from its backup, or choose where it is ({CHOOSE_KEY})."
            )
        return None
    try:
        return load_coordinator_key(path)
    except KeyFileError as error:
        raise KeyProblem(
            f"{error}. Restore the coordinator key file from its backup, or choose the right "
            f"one ({CHOOSE_KEY}); nothing was merged."
        ) from None


def make_or_read_coordinator_key(path: Path | None = None) -> tuple[CoordinatorKey, Path, bool]:
    """The coordinator key at `path` (the data folder's by default), made if absent.

    Returns the key, its file and whether it was made now. Raises KeyProblem for a file
    that exists and cannot be used: it is never overwritten.
    """
    path = path or coordinator_key_path()
    try:
        key, created = load_or_create_coordinator_key(path)
    except KeyFileError as error:
        raise KeyProblem(
            f"{error}. Restore it from its backup; it was left as it is, since a new key "
            "could not open the files already encrypted to the old one."
        ) from None
    return key, path, created


@dataclass(frozen=True)
class DeviceInfo:
    """What an observer reads out at the briefing: this laptop's id and key fingerprint."""

    device_id: str
    fingerprint: str
    created: bool


def device_key(path: Path | None = None) -> tuple[DeviceKey, bool]:
    """This laptop's signing key, made on first use. Raises KeyProblem for a damaged file."""
    try:
        return load_or_create_device_key(path)
    except KeyFileError as error:
        raise KeyProblem(
            f"{error}. It was left as it is: restore it from a backup, or ask your coordinator "
            "before making a new one (a new key is a new device to the coordinator)."
        ) from None


def device_info(path: Path | None = None) -> DeviceInfo:
    key, created = device_key(path)
    return DeviceInfo(str(key.device_id), key.short_fingerprint, created)
