"""The device key and the coordinator key: made once, readable by their owner alone, never lost."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from observer_app.cli import main
from observer_app.exchange.keys import (
    KeyFileError,
    load_or_create_coordinator_key,
    load_or_create_device_key,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@posix_only
def test_the_device_key_is_made_on_first_run_readable_by_the_user_alone(home: Path) -> None:
    key, created = load_or_create_device_key()
    again, created_again = load_or_create_device_key()

    assert (created, created_again) == (True, False)
    assert (again.device_id, again.public_key) == (key.device_id, key.public_key)
    path = home / "device-key.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in home.iterdir() if p.name.startswith(".")]  # no temporary left


def test_the_device_command_shows_the_fingerprint_to_note_at_the_briefing(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["device"]) == 0
    first = capsys.readouterr().out
    assert main(["device"]) == 0
    second = capsys.readouterr().out

    key, _ = load_or_create_device_key()
    assert f"fingerprint: {key.short_fingerprint}" in first
    assert f"device id:   {key.device_id}" in first
    assert "a new device key was made" in first
    assert "a new device key" not in second
    assert len(key.short_fingerprint) == 24  # "XXXX-XXXX-XXXX-XXXX-XXXX"


def test_a_damaged_device_key_is_reported_and_never_replaced(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_or_create_device_key()
    path = home / "device-key.json"
    path.write_text(path.read_text()[:40])

    with pytest.raises(KeyFileError, match="not a key file"):
        load_or_create_device_key()
    assert main(["device"]) == 1
    assert capsys.readouterr().err.startswith(f"{path}: ")
    assert len(path.read_text()) == 40


@posix_only
def test_a_loosened_key_file_is_made_private_again(home: Path) -> None:
    load_or_create_device_key()
    path = home / "device-key.json"
    path.chmod(0o644)
    load_or_create_device_key()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@posix_only
def test_the_coordinator_key_is_made_once_and_kept_private(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["coordinator-key"]) == 0
    out = capsys.readouterr().out
    path = home / "coordinator-key.json"
    key, created = load_or_create_coordinator_key(path)

    assert not created
    assert "(made now)" in out and "Back this file up" in out
    assert f"fingerprint:     {key.short_fingerprint}" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["algorithm"] == "X25519"
