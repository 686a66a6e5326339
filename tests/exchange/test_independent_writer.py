"""A bundle written from docs/exchange.md alone is merged; the docs' schemas are the models'."""

from __future__ import annotations

import ast
import io
import json
import uuid
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from observer_app.exchange.merge import Merger
from observer_app.exchange.schemas import schema_text, schemas
from observer_app.store import Database, SubmissionStore
from observer_app.store.models import AttachmentRow
from tests.conftest import ROOT
from tests.exchange import independent_writer
from tests.exchange.conftest import Setup

DOCS = ROOT / "docs"


def test_the_independent_writer_uses_no_project_code() -> None:
    tree = ast.parse(Path(independent_writer.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= {
        "__future__",
        "base64",
        "hashlib",
        "io",
        "json",
        "os",
        "uuid",
        "zipfile",
        "cryptography",
    }


def package_facts(setup: Setup) -> tuple[str, str | None]:
    """Step 1: the mission id and the coordinator key, read from the package as a ZIP."""
    with zipfile.ZipFile(io.BytesIO(setup.data)) as archive:
        mission = json.loads(archive.read("mission.json"))
    key = mission["coordinator_key"]
    return mission["id"], None if key is None else key["public_key"]


def test_a_bundle_written_from_the_documentation_is_merged(
    merger: Merger, database: Database, setup: Setup, tmp_path: Path
) -> None:
    mission_id, coordinator_key = package_facts(setup)
    submission_id = str(uuid.uuid4())
    record = {
        "id": submission_id,
        "form_id": "voting",
        "form_version": 1,
        "station_id": "ALA-101",
        "tec_id": "ALA-01",
        "region": "ALA",
        "observer": "Дәурен Әбілов",
        "team": "Team 12",
        "status": "complete",
        "revision": 1,
        "created_at": "2021-01-10T09:15:00+06:00",
        "updated_at": "2021-01-10T09:52:30+06:00",
        "completed_at": "2021-01-10T09:52:30+06:00",
        "answers": {
            "arrival_time": "09:15",
            "police_outside": "no",
            "ballot_stuffing": "yes",
            "voters_on_list": 1250,
            "proxies_parties": ["nur_otan", "ak_zhol"],
            "overcrowded": None,
        },
    }
    data = independent_writer.write_bundle(
        mission_id=mission_id,
        coordinator_public_key=coordinator_key,
        device_id=str(uuid.uuid4()),
        device_key=Ed25519PrivateKey.generate(),
        observer="Дәурен Әбілов",
        team="Team 12",
        records=[record],
        attachments={(submission_id, "protocol-page-1.jpg"): b"\xff\xd8\xff\xe0 jpeg"},
    )
    path = tmp_path / "from-another-program.zip"
    path.write_bytes(data)

    result = merger.merge_file(path)

    assert not result.rejected, result.message
    assert {o.value: n for o, n in result.counts.items() if n} == {"imported": 1}
    stored = SubmissionStore(database, setup.package.forms).get(uuid.UUID(submission_id))
    assert stored.answers["proxies_parties"] == ["nur_otan", "ak_zhol"]
    assert "overcrowded" not in stored.answers
    assert stored.station_id == "ALA-101"
    with database.transaction() as session:
        assert session.scalars(select(AttachmentRow.name)).all() == ["protocol-page-1.jpg"]


def test_the_documented_schemas_are_the_ones_the_reader_checks_with() -> None:
    for name, schema in schemas().items():
        path = DOCS / "schemas" / name
        assert path.read_text(encoding="utf-8") == schema_text(schema), (
            f"{path} is out of date: python -m observer_app.exchange.schemas docs/schemas"
        )


def test_the_readme_links_the_format() -> None:
    assert "docs/exchange.md" in (ROOT / "README.md").read_text(encoding="utf-8")
