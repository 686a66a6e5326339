"""The corpus of bad files: each refused with one line naming it, the database left byte for byte.

Every case goes through the command line a coordinator runs (`observer-app merge`), and
the database file is compared before and after, closed, so that not even a rolled-back
write may have touched it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import struct
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from observer_app.cli import main
from observer_app.exchange.bundle import SUBMISSIONS, Refused, seal_bundle, sign_bundle
from observer_app.exchange.keys import CoordinatorKey, DeviceKey, b64encode, write_secret_file
from observer_app.exchange.records import make_record, record_hash
from observer_app.exchange.safezip import write_zip
from tests.exchange.conftest import Setup, file_digest
from tests.exchange.factory import bundle, document, record

Case = Callable[[Setup, DeviceKey], bytes]


def manifest_for(
    setup: Setup, device: DeviceKey, records: int = 1, **changes: Any
) -> dict[str, Any]:
    mission = setup.package.mission
    manifest: dict[str, Any] = {
        "format": "observer-bundle",
        "format_version": 1,
        "bundle_id": str(uuid.uuid4()),
        "generator": "tests",
        "mission": {"id": mission.id, "name": mission.name},
        "device": {"id": str(device.device_id), "public_key": b64encode(device.public_key)},
        "observer": "Айгүл Сейітова",
        "team": "Team 7",
        "created_at": "2021-01-10T20:00:00+06:00",
        "counts": {"submissions": records, "attachments": 0},
    }
    manifest.update(changes)
    return manifest


def signed(
    setup: Setup, device: DeviceKey, submissions: bytes, records: int = 1, **changes: Any
) -> bytes:
    """A correctly signed and hashed bundle around whatever `submissions` holds, sealed."""
    plain = sign_bundle(
        manifest_for(setup, device, records, **changes), {SUBMISSIONS: submissions}, device
    )
    assert setup.package.mission.coordinator_key is not None
    return seal_bundle(plain, setup.package.mission.coordinator_key)


def records_json(*documents: dict[str, Any]) -> bytes:
    return json.dumps(list(documents), ensure_ascii=False).encode("utf-8")


def plain(setup: Setup, device: DeviceKey) -> bytes:
    return bundle([record()], setup.package.mission, device, encrypt=False)


def rezip(data: bytes, change: Callable[[str, bytes], tuple[str, bytes]]) -> bytes:
    """The ZIP with each member passed through `change(name, content)`."""
    members: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name, content = change(info.filename, archive.read(info))
            members[name] = content
    return write_zip(members)


def raw_zip(members: dict[str, bytes]) -> bytes:
    """A ZIP written without our writer's care: any name goes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The ZIP with `name`'s uncompressed size rewritten in its local and central headers."""
    patched = bytearray(data)
    encoded = name.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := patched.find(signature, start)) != -1:
            if patched[start + name_at : start + name_at + len(encoded)] == encoded:
                struct.pack_into("<I", patched, start + offset, size)
            start += 4
    return bytes(patched)


def not_a_zip(setup: Setup, device: DeviceKey) -> bytes:
    return "Отчёт наблюдателя, участок 12\n".encode()


def truncated(setup: Setup, device: DeviceKey) -> bytes:
    whole = bundle([record() for _ in range(5)], setup.package.mission, device)
    return whole[: len(whole) // 2]


def dot_dot_path(setup: Setup, device: DeviceKey) -> bytes:
    return raw_zip({"manifest.json": b"{}", "../../.bashrc": b"echo owned"})


def absolute_path(setup: Setup, device: DeviceKey) -> bytes:
    return raw_zip({"manifest.json": b"{}", "/etc/cron.d/observer": b"* * * * * root sh"})


def windows_absolute_path(setup: Setup, device: DeviceKey) -> bytes:
    return raw_zip({"manifest.json": b"{}", "C:\\Windows\\evil.dll": b"MZ"})


def zip_bomb_declared(setup: Setup, device: DeviceKey) -> bytes:
    return declare_size(plain(setup, device), SUBMISSIONS, 4_000_000_000)


def zip_bomb_real(setup: Setup, device: DeviceKey) -> bytes:
    """Sixteen MiB of zeros that claim to be a thousand bytes."""
    bomb = raw_zip({"manifest.json": b"{}", SUBMISSIONS: bytes(16 * 1024 * 1024)})
    return declare_size(bomb, SUBMISSIONS, 1000)


def oversize_member(setup: Setup, device: DeviceKey) -> bytes:
    manifest = manifest_for(setup, device, generator="x" * (1024 * 1024 + 1))
    return raw_zip({"manifest.json": json.dumps(manifest).encode(), SUBMISSIONS: b"[]"})


def bad_json(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, b'[{"id": "6f1c0d3e-0000-4000-8000-000000000001", "revision": ')


def schema_violation(setup: Setup, device: DeviceKey) -> bytes:
    broken = document()
    broken["revision"] = "two"
    return signed(setup, device, records_json(broken))


def unknown_form(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(document(form=("leaflets", 1), answers={})))


def unknown_form_version(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(document(form=("incident", 7))))


def bad_signature(setup: Setup, device: DeviceKey) -> bytes:
    def rename_observer(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "manifest.json":
            content = content.replace("Айгүл".encode(), b"Someone else")
        return name, content

    return rezip(plain(setup, device), rename_observer)


def signed_by_another_key(setup: Setup, device: DeviceKey) -> bytes:
    impostor = DeviceKey.generate()
    manifest = manifest_for(setup, device)  # names `device`'s key, signed by another
    return sign_bundle(manifest, {SUBMISSIONS: records_json(document())}, impostor)


def tampered_member(setup: Setup, device: DeviceKey) -> bytes:
    def soften(name: str, content: bytes) -> tuple[str, bytes]:
        if name == SUBMISSIONS:
            content = content.replace(b'"pressure_intimidation"', b'"other"')
        return name, content

    return rezip(plain(setup, device), soften)


def another_mission(setup: Setup, device: DeviceKey) -> bytes:
    other = {"id": str(uuid.uuid4()), "name": "Another mission"}
    return signed(setup, device, records_json(document()), mission=other)


def newer_format_version(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(document()), format_version=2)


def encrypted_for_another_key(setup: Setup, device: DeviceKey) -> bytes:
    plain_bundle = sign_bundle(
        manifest_for(setup, device), {SUBMISSIONS: records_json(document())}, device
    )
    return seal_bundle(plain_bundle, CoordinatorKey.generate().public_key)


def altered_ciphertext(setup: Setup, device: DeviceKey) -> bytes:
    """One bit of the encrypted content flipped, in a ZIP whose own checksums are right."""

    def flip(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "payload.bin":
            content = content[:40] + bytes([content[40] ^ 1]) + content[41:]
        return name, content

    return rezip(bundle([record()], setup.package.mission, device), flip)


def altered_envelope(setup: Setup, device: DeviceKey) -> bytes:
    def other_nonce(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "envelope.json":
            envelope = json.loads(content)
            envelope["nonce"] = b64encode(bytes(12))
            content = json.dumps(envelope).encode()
        return name, content

    return rezip(bundle([record()], setup.package.mission, device), other_nonce)


def content_hash_mismatch(setup: Setup, device: DeviceKey) -> bytes:
    forged = document()
    forged["answers"]["prevented_from_observing"] = "yes"
    return signed(setup, device, records_json(forged))


def wrong_answer_shape(setup: Setup, device: DeviceKey) -> bytes:
    answers = {**document()["answers"], "prevented_from_observing": "maybe"}
    return signed(setup, device, records_json(document(answers=answers)))


def unlisted_member(setup: Setup, device: DeviceKey) -> bytes:
    data = plain(setup, device)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["notes.txt"] = b"not in the manifest"
    return write_zip(members)


def member_twice(setup: Setup, device: DeviceKey) -> bytes:
    buffer = io.BytesIO()
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(buffer, "w") as archive,
    ):
        archive.writestr(SUBMISSIONS, b"[]")
        archive.writestr(SUBMISSIONS, records_json(document()))
    return buffer.getvalue()


def mission_package_instead(setup: Setup, device: DeviceKey) -> bytes:
    return setup.data


def count_mismatch(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(document(), document()), records=1)


def draft_marked_complete(setup: Setup, device: DeviceKey) -> bytes:
    odd = document()
    odd["completed_at"] = None
    return signed(setup, device, records_json(odd))


def answer_not_finite(setup: Setup, device: DeviceKey) -> bytes:
    text = records_json(document()).replace(b'"prevented_from_observing": "no"', b'"x": NaN')
    return signed(setup, device, text)


# --- a hostile sender with a mission package (issue 17) --------------------------------


def with_text(setup: Setup, device: DeviceKey, old: bytes, new: bytes) -> bytes:
    """A signed bundle whose submissions.json text has `old` replaced by `new`."""
    text = records_json(document())
    assert old in text
    return signed(setup, device, text.replace(old, new, 1))


def duplicate_answer_key(setup: Setup, device: DeviceKey) -> bytes:
    """Two readings of one record: a first-wins reader sees "violence", we saw the last."""
    category = b'"category": "pressure_intimidation"'
    return with_text(setup, device, category, b'"category": "violence", ' + category)


def duplicate_record_id(setup: Setup, device: DeviceKey) -> bytes:
    """`id` is outside the content hash: a first-wins reader would place it elsewhere."""
    text = records_json(document())
    other = str(uuid.uuid4()).encode()
    return signed(setup, device, text.replace(b'[{"id": ', b'[{"id": "' + other + b'", "id": ', 1))


def small_order_key(setup: Setup, device: DeviceKey) -> bytes:
    """The identity point as the key, identity||0 as the signature: it "verifies" for any
    manifest, so whoever pins it lets anyone sign as that device."""
    identity = bytes([1]) + bytes(31)
    manifest = manifest_for(setup, device)
    manifest["device"] = {"id": str(uuid.uuid4()), "public_key": b64encode(identity)}
    members = {SUBMISSIONS: records_json(document())}
    manifest["members"] = {
        name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        for name, content in members.items()
    }
    text = json.dumps(manifest).encode()
    signature = b64encode(identity + bytes(32)).encode()
    plain_bundle = write_zip({"manifest.json": text, "manifest.sig": signature, **members})
    assert setup.package.mission.coordinator_key is not None
    return seal_bundle(plain_bundle, setup.package.mission.coordinator_key)


def answer_past_64_bits(setup: Setup, device: DeviceKey) -> bytes:
    answers = {"arrival_time": "07:05", "voters_on_list": 2**70}
    return signed(setup, device, records_json(document(form=("voting", 1), answers=answers)))


def decimal_past_a_double(setup: Setup, device: DeviceKey) -> bytes:
    return with_text(
        setup, device, b'"prevented_from_observing": "no"', b'"x": 0.10000000000000000001'
    )


def number_past_a_double(setup: Setup, device: DeviceKey) -> bytes:
    return with_text(setup, device, b'"prevented_from_observing": "no"', b'"x": 1e400')


def lone_surrogate(setup: Setup, device: DeviceKey) -> bytes:
    return with_text(setup, device, b'"prevented_from_observing": "no"', b'"x": "\\ud800"')


def repeat_question_at_top_level(setup: Setup, device: DeviceKey) -> bytes:
    """`votes` is asked in each row of the party table: at the top level no export reads it."""
    made = document(form=("counting", 1), answers={"votes": 5})
    return signed(setup, device, records_json(made))


def placed(station: str | None, tec: str | None, region: str | None) -> dict[str, Any]:
    made = document()
    made.update(station_id=station, tec_id=tec, region=region)
    made["content_hash"] = record_hash(made)
    return made


def unknown_station(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(placed("ZZZ-99999", None, None)))


def look_alike_region(setup: Setup, device: DeviceKey) -> bytes:
    """Cyrillic А in "АKM": counted as a region of its own in the coverage."""
    return signed(setup, device, records_json(placed(None, None, "\u0410KM")))


def hidden_character_in_station(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(placed("AKM-1\u200b", "AKM-01", "AKM")))


def nul_in_tec(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(placed(None, "AKM-01\u0000", "AKM")))


def station_in_another_region(setup: Setup, device: DeviceKey) -> bytes:
    """The station is real, the region (outside the content hash) is not its region."""
    return signed(setup, device, records_json(placed("AKM-1", None, "AKT")))


def revision_past_64_bits(setup: Setup, device: DeviceKey) -> bytes:
    made = document()
    made["revision"] = 2**63
    made["content_hash"] = record_hash(made)
    return signed(setup, device, records_json(made))


def revision_past_the_store(setup: Setup, device: DeviceKey) -> bytes:
    made = document()
    made["revision"] = 2**31
    made["content_hash"] = record_hash(made)
    return signed(setup, device, records_json(made))


def time_past_year_9999_in_utc(setup: Setup, device: DeviceKey) -> bytes:
    made = document()
    made["updated_at"] = made["completed_at"] = "9999-12-31T23:59:59-12:00"
    return signed(setup, device, records_json(made))


def time_before_year_1_in_utc(setup: Setup, device: DeviceKey) -> bytes:
    made = document()
    made["created_at"] = "0001-01-01T00:00:00+14:00"
    return signed(setup, device, records_json(made))


def manifest_time_past_year_9999(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(document()), created_at="9999-12-31T23:59:59-12:00")


def format_version_true(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(document()), format_version=True)


def control_character_in_observer(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(document()), observer="Aygul\n\x1b[2Jmerged")


def a_draft(setup: Setup, device: DeviceKey) -> bytes:
    return signed(setup, device, records_json(document(complete=False)))


def plain_for_an_encrypted_mission(setup: Setup, device: DeviceKey) -> bytes:
    return plain(setup, device)


CASES: dict[str, tuple[Case, str]] = {
    "not a ZIP": (not_a_zip, "not a ZIP file"),
    "truncated": (truncated, "truncated or damaged"),
    "member path with ..": (dot_dot_path, "'../../.bashrc' has a path with '..'"),
    "absolute member path": (absolute_path, "'/etc/cron.d/observer' has an absolute path"),
    "drive-letter member path": (windows_absolute_path, "has an absolute path"),
    "zip bomb, declared": (zip_bomb_declared, "expands to 4,000,000,000 bytes, over its limit"),
    "zip bomb, real": (zip_bomb_real, "holds more data than its declared size of 1,000 bytes"),
    "oversize member": (oversize_member, "over its limit of 1,048,576"),
    "bad JSON": (bad_json, "submissions.json: not valid JSON"),
    "schema violation": (schema_violation, "submissions.json: schema violation at [0].revision"),
    "unknown form": (unknown_form, "unknown form 'leaflets'"),
    "unknown form version": (unknown_form_version, "unknown form version incident v7"),
    "bad signature": (bad_signature, "bad signature"),
    "signed by another key": (signed_by_another_key, "bad signature"),
    "tampered member": (tampered_member, "submissions.json: SHA-256 does not match"),
    "another mission": (another_mission, "a bundle of another mission ('Another mission'"),
    "newer format version": (newer_format_version, "made by a newer release (format version 2"),
    "encrypted for another key": (encrypted_for_another_key, "encrypted for another coordinator"),
    "altered ciphertext": (altered_ciphertext, "decryption failed"),
    "altered envelope": (altered_envelope, "decryption failed"),
    "content hash mismatch": (content_hash_mismatch, "content hash does not match its content"),
    "wrong answer shape": (wrong_answer_shape, "answer prevented_from_observing: 'maybe'"),
    "unlisted member": (unlisted_member, "'notes.txt' is not listed in the manifest"),
    "member twice": (member_twice, "'submissions.json' appears twice"),
    "a mission package": (mission_package_instead, "a mission package, not a bundle"),
    "count mismatch": (count_mismatch, "2 submissions, but the manifest counts 1"),
    "completion time without completion": (draft_marked_complete, "completed_at is set exactly"),
    "NaN answer": (answer_not_finite, "NaN or infinity"),
    "a key twice in an answer": (duplicate_answer_key, "the key 'category' appears twice"),
    "a record's id twice": (duplicate_record_id, "the key 'id' appears twice"),
    "small-order device key": (small_order_key, "device.public_key is not a usable Ed25519"),
    "answer past 64 bits": (
        answer_past_64_bits,
        "[0].answers.voters_on_list: 1180591620717411303424: an integer outside the 64-bit range",
    ),
    "decimal past a double": (
        decimal_past_a_double,
        "[0].answers.x: 0.10000000000000000001: more than 17",
    ),
    "number past a double": (number_past_a_double, "[0].answers.x: 1e400: a number too large"),
    "lone surrogate": (lone_surrogate, "half a UTF-16 pair"),
    "repeat question at the top level": (
        repeat_question_at_top_level,
        "answer votes: a question of the rows of 'party_votes'",
    ),
    "unknown station": (
        unknown_station,
        "polling station 'ZZZ-99999' is not in the mission's registry",
    ),
    "look-alike region": (look_alike_region, "region 'АKM' is not in the mission's registry"),
    "hidden character in a station": (
        hidden_character_in_station,
        "is not in the mission's registry",
    ),
    "NUL in a TEC": (nul_in_tec, "TEC 'AKM-01\\x00' is not in the mission's registry"),
    "station in another region": (
        station_in_another_region,
        "polling station 'AKM-1' is in region 'AKM', not 'AKT'",
    ),
    "revision past 64 bits": (
        revision_past_64_bits,
        "[0].revision: 9223372036854775808: an integer outside",
    ),
    "revision past the store": (
        revision_past_the_store,
        "schema violation at [0].revision: Input should be less than or equal to 2147483647",
    ),
    "time past 9999 in UTC": (time_past_year_9999_in_utc, "outside the years 1 to 9999 in UTC"),
    "time before year 1 in UTC": (
        time_before_year_1_in_utc,
        "[0].created_at: Value error, a date-time outside the years 1",
    ),
    "manifest time past 9999": (
        manifest_time_past_year_9999,
        "manifest.json: schema violation at created_at",
    ),
    "format_version true": (
        format_version_true,
        "manifest.json: schema violation at format_version: Value error, expected the integer 1",
    ),
    "control characters in a name": (
        control_character_in_observer,
        "manifest.json: schema violation at observer",
    ),
    "a draft": (a_draft, "is a draft; a bundle carries completed submissions only"),
    "plain file of an encrypted mission": (
        plain_for_an_encrypted_mission,
        "not encrypted, but this mission's bundles are encrypted",
    ),
}


@pytest.fixture
def key_file(setup: Setup, tmp_path: Path) -> Path:
    path = tmp_path / "coordinator-key.json"
    write_secret_file(path, json.dumps(setup.key.to_json()))
    return path


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_bad_file_is_refused_with_one_line_and_the_database_untouched(
    case: str,
    setup: Setup,
    device: DeviceKey,
    db_path: Path,
    key_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make, reason = CASES[case]
    bad = tmp_path / f"{case.replace(' ', '-')}.zip"
    bad.write_bytes(make(setup, device))
    before = file_digest(db_path)

    status = main(["merge", str(bad), "--db", f"sqlite:///{db_path}", "--key", str(key_file)])

    out, err = capsys.readouterr()
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{bad}: "), lines[0]
    assert reason in lines[0], lines[0]
    assert "rejected" in out
    assert file_digest(db_path) == before


def test_a_device_known_by_another_key_is_refused(
    setup: Setup,
    device: DeviceKey,
    db_path: Path,
    key_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = tmp_path / "first.zip"
    first.write_bytes(bundle([record()], setup.package.mission, device))
    url = f"sqlite:///{db_path}"
    assert main(["merge", str(first), "--db", url, "--key", str(key_file)]) == 0
    before = file_digest(db_path)
    capsys.readouterr()

    # Same device id, another key: a copied device id, or a laptop whose key was replaced.
    impostor = DeviceKey(device.device_id, DeviceKey.generate().private_key, device.created_at)
    second = tmp_path / "second.zip"
    second.write_bytes(bundle([record()], setup.package.mission, impostor))
    status = main(["merge", str(second), "--db", url, "--key", str(key_file)])

    err = capsys.readouterr().err
    assert status == 1
    assert err.strip() == (
        f"{second}: device {device.device_id} is known by another key "
        f"({device.short_fingerprint}); this bundle is signed by "
        f"{impostor.short_fingerprint}: refused"
    )
    assert file_digest(db_path) == before


def test_an_encrypted_bundle_without_the_coordinator_key_is_refused(
    setup: Setup, device: DeviceKey, db_path: Path, tmp_path: Path, home: Path, capsys: Any
) -> None:
    sealed = tmp_path / "sealed.zip"
    sealed.write_bytes(bundle([record()], setup.package.mission, device))
    before = file_digest(db_path)
    assert main(["merge", str(sealed), "--db", f"sqlite:///{db_path}"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{home / 'coordinator-key.json'}: no coordinator key file there")
    assert "encrypted to the key" in err and "--key FILE" in err
    assert file_digest(db_path) == before


def test_a_good_file_beside_bad_ones_is_merged_and_the_status_is_still_1(
    setup: Setup,
    device: DeviceKey,
    db_path: Path,
    key_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-good.zip").write_bytes(bundle([record(), record()], setup.package.mission, device))
    (folder / "b-bad.zip").write_bytes(not_a_zip(setup, device))
    (folder / "notes.txt").write_text("not a bundle: ignored in a folder")

    status = main(["merge", str(folder), "--db", f"sqlite:///{db_path}", "--key", str(key_file)])

    out, err = capsys.readouterr()
    assert status == 1
    assert err.strip() == f"{folder / 'b-bad.zip'}: not a ZIP file"
    assert "a-good.zip" in out and "merged" in out
    assert "total: 2 file(s)" in out and "1 rejected" in out


def test_a_missing_file_is_refused_by_name(
    db_path: Path, key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.zip"
    assert main(["merge", str(missing), "--db", f"sqlite:///{db_path}", "--key", str(key_file)])
    assert capsys.readouterr().err.strip() == f"{missing}: no such file"


def test_make_record_refuses_a_forged_hash_directly() -> None:
    forged = document()
    forged["observer"] = "Someone else"
    with pytest.raises(ValueError, match="content hash does not match"):
        make_record(forged)


# --- refusals that depend on what was merged before, and on the file itself -----------


def merge_cli(path: Path, db_path: Path, key_file: Path) -> int:
    return main(["merge", str(path), "--db", f"sqlite:///{db_path}", "--key", str(key_file)])


def counted(db_path: Path, submission_id: str) -> tuple[str, int, str] | None:
    """What the coordinator counts of a submission: its status, revision and content."""
    connection = sqlite3.connect(db_path)
    try:
        row = connection.execute(
            "SELECT status, revision, content_hash FROM submissions WHERE id = ?",
            (submission_id,),
        ).fetchone()
    finally:
        connection.close()
    return None if row is None else tuple(row)


def test_a_draft_never_hides_a_completed_revision(
    setup: Setup,
    device: DeviceKey,
    db_path: Path,
    key_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A draft at a higher revision used to become current, and the observation left the
    report; a bundle carries completed submissions only."""
    completed = record()
    first = tmp_path / "first.zip"
    first.write_bytes(bundle([completed], setup.package.mission, device))
    assert merge_cli(first, db_path, key_file) == 0
    before, counted_before = file_digest(db_path), counted(db_path, completed.id)
    capsys.readouterr()

    draft = record(completed.id, revision=2, complete=False)
    second = tmp_path / "second.zip"
    second.write_bytes(bundle([draft], setup.package.mission, device))
    assert merge_cli(second, db_path, key_file) == 1

    assert "is a draft" in capsys.readouterr().err
    assert (
        counted(db_path, completed.id) == counted_before == ("complete", 1, completed.content_hash)
    )
    assert file_digest(db_path) == before


def test_another_laptop_cannot_change_a_submission_it_did_not_hand_in(
    setup: Setup,
    device: DeviceKey,
    db_path: Path,
    key_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A brand-new device key that knows a submission's id (a seized laptop, a leaked
    stick) cannot change what is counted for it: its record is refused and named, and
    the rest of its file is merged; the same record passed on unchanged is a duplicate."""
    own = record()
    first = tmp_path / "first.zip"
    first.write_bytes(bundle([own], setup.package.mission, device))
    assert merge_cli(first, db_path, key_file) == 0
    capsys.readouterr()

    stranger = DeviceKey.generate()
    for name, forged in (
        ("higher.zip", record(own.id, revision=2, description="nothing happened")),
        ("same-revision.zip", record(own.id, description="nothing happened", minute=59)),
        ("resaved.zip", record(own.id, minute=30)),
    ):
        theirs = record()
        path = tmp_path / name
        path.write_bytes(bundle([forged, theirs], setup.package.mission, stranger))
        assert merge_cli(path, db_path, key_file) == 1
        out, err = capsys.readouterr()
        assert err.strip() == (
            f"{path}: submission {own.id} was handed in first by another laptop; this "
            "file's record of it is refused, not counted"
        )
        assert "1 record(s) of other laptops' submissions refused" in out
        assert counted(db_path, own.id) == ("complete", 1, own.content_hash)
        assert counted(db_path, theirs.id) == ("complete", 1, theirs.content_hash)
        connection = sqlite3.connect(db_path)
        hashes = connection.execute(
            "SELECT content_hash, record_sha256 FROM submission_versions WHERE submission_id = ?",
            (own.id,),
        ).fetchall()
        connection.close()
        assert hashes == [(own.content_hash, own.record_sha256)]

    relayed = tmp_path / "relayed.zip"
    relayed.write_bytes(bundle([own], setup.package.mission, stranger))
    assert merge_cli(relayed, db_path, key_file) == 0
    assert counted(db_path, own.id) == ("complete", 1, own.content_hash)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("kind", ["symlink to /dev/zero", "named pipe"])
def test_only_a_regular_file_is_read_on_the_command_line_too(
    kind: str,
    db_path: Path,
    key_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """/dev/zero grew the process to gigabytes, a FIFO blocked forever: both are refused
    before a byte is read."""
    path = tmp_path / "bundle.zip"
    if kind == "symlink to /dev/zero":
        path.symlink_to("/dev/zero")
        reason = "not a regular file (a device)"
    else:
        os.mkfifo(path)
        reason = "not a regular file (a named pipe)"
    before = file_digest(db_path)

    assert merge_cli(path, db_path, key_file) == 1

    assert capsys.readouterr().err.strip().startswith(f"{path}: {reason}")
    assert file_digest(db_path) == before


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size `stat` reports is no bound: what is read is."""
    from observer_app.exchange import files

    path = tmp_path / "growing.zip"
    path.write_bytes(b"PK" + bytes(100))
    real_fstat = os.fstat
    monkeypatch.setattr(
        files.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:]))
    )
    with pytest.raises(Refused, match="more than 50 bytes"):
        files.read_regular_file(path, 50)


@pytest.mark.parametrize(
    "name",
    [
        "team-07\nx.zip: merged\nforged.zip",
        "\x1b[2J\x1b[31mred.zip",
        "evil\u202egpj.zip",
        "[bold]markup[red].zip",
    ],
)
def test_a_name_is_shown_on_one_line_whatever_it_holds(
    name: str, db_path: Path, key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A newline in a name forged "merged" lines; ESC sequences reached the terminal."""
    path = tmp_path / name
    path.write_bytes(b"not a bundle")
    good = tmp_path / "good.zip"
    good.write_bytes(b"not one either")

    assert (
        main(
            ["merge", str(path), str(good), "--db", f"sqlite:///{db_path}", "--key", str(key_file)]
        )
        == 1
    )

    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 2, err
    assert "\x1b" not in out + err and "\u202e" not in out + err
    file_rows = [line for line in out.splitlines() if ".zip" in line]
    assert len(file_rows) == 2, out
    if "markup" in name:
        assert "[bold]markup[red].zip" in out


def test_the_windows_table_shows_a_name_on_one_line(
    setup: Setup, database: Any, key_file: Path, tmp_path: Path
) -> None:
    from observer_app.workspace.imports import import_files

    path = tmp_path / "a\nb\x1b[2J.zip"
    path.write_bytes(b"not a bundle")
    lines = import_files(database, [path], key_path=key_file).lines
    assert [line.name for line in lines] == ["a\\nb\\x1b[2J.zip"]
    assert lines[0].reason is not None and "\n" not in lines[0].path
