"""An encrypted bundle reveals nothing without the coordinator's private key.

The test looks for the observer's words, names and places in the file's bytes, raw and
with every ZIP member inflated, in the encodings text could hide in.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
import zlib
from pathlib import Path

from observer_app.exchange.bundle import Refused, read_bundle
from observer_app.exchange.documents import RefusalKind
from observer_app.exchange.keys import CoordinatorKey, DeviceKey
from observer_app.exchange.merge import Merger
from observer_app.exchange.safezip import write_zip
from tests.exchange.conftest import Setup
from tests.exchange.factory import bundle, record

SECRETS = (
    "Бөгде адамдар урнаға бюллетень салды",
    "Ballot box stuffing by PEC chair Nurlan",
    "Айгүл Сейітова",
    "Team 7",
    "Kazakhstan 2021",
    "pressure_intimidation",
    "школа № 12",
)


def readable_forms(data: bytes) -> list[bytes]:
    """The bytes as they are, and each ZIP member's bytes inflated, for whoever looks."""
    forms = [data]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            content = archive.read(info)
            forms.append(content)
            with contextlib.suppress(zlib.error):
                forms.append(zlib.decompress(content, -15))
    return forms


def test_no_answer_or_name_can_be_read_from_an_encrypted_bundle(
    setup: Setup, device: DeviceKey
) -> None:
    records = [record(description=SECRETS[0]), record(description=SECRETS[1])]
    sealed = bundle(records, setup.package.mission, device)

    for form in readable_forms(sealed):
        for secret in SECRETS:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be", "cp1251"):
                try:
                    needle = secret.encode(encoding)
                except UnicodeEncodeError:
                    continue
                assert needle not in form, (secret, encoding)
        assert str(device.device_id).encode() not in form
        assert records[0].id.encode() not in form


def test_the_plain_bundle_does_hold_them_so_the_search_would_find_them(
    setup: Setup, device: DeviceKey
) -> None:
    plain = bundle([record(description=SECRETS[0])], setup.package.mission, device, encrypt=False)
    assert any(SECRETS[0].encode() in form for form in readable_forms(plain))


def test_only_the_coordinators_private_key_opens_it(setup: Setup, device: DeviceKey) -> None:
    sealed = bundle([record(description=SECRETS[0])], setup.package.mission, device)
    try:
        read_bundle(sealed, CoordinatorKey.generate())
    except Refused as refused:
        assert "encrypted for another coordinator key" in str(refused)
    else:  # pragma: no cover
        raise AssertionError("opened with another key")
    opened = read_bundle(sealed, setup.key)
    assert opened.encrypted
    assert opened.records[0].answers["description"] == SECRETS[0]


def test_a_bundle_sealed_with_a_forged_recipient_still_cannot_be_read(
    setup: Setup, device: DeviceKey
) -> None:
    """Claiming the coordinator's fingerprint without its key gets nowhere: AEAD says no."""
    other = CoordinatorKey.generate()
    sealed = bundle([record()], setup.package.mission, device)
    with zipfile.ZipFile(io.BytesIO(sealed)) as archive:
        envelope = json.loads(archive.read("envelope.json"))
        payload = archive.read("payload.bin")
    envelope["recipient"] = other.fingerprint
    forged = write_zip({"envelope.json": json.dumps(envelope).encode(), "payload.bin": payload})
    try:
        read_bundle(forged, other)
    except Refused as refused:
        assert str(refused).startswith("decryption failed")
    else:  # pragma: no cover
        raise AssertionError("read without the key it was sealed to")


def test_an_unencrypted_bundle_of_an_encrypted_mission_is_refused_saying_why(
    merger: Merger, setup: Setup, device: DeviceKey, tmp_path: Path
) -> None:
    """A mission with a coordinator key sends every file encrypted: a plain one was
    readable on the way, so it is refused rather than taken as if nothing happened."""
    path = tmp_path / "plain.zip"
    path.write_bytes(bundle([record()], setup.package.mission, device, encrypt=False))
    result = merger.merge_file(path)
    assert result.reason is not None
    assert result.reason.startswith("not encrypted, but this mission's bundles are encrypted")
    assert str(setup.package.mission.coordinator_short_fingerprint) in result.reason
    assert result.kind == RefusalKind.NOT_ENCRYPTED
