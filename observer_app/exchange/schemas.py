"""The JSON Schemas of the exchange formats, exported from their models into docs/schemas/.

`python -m observer_app.exchange.schemas docs/schemas` rewrites them; a test fails when the
files and the models part ways.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from observer_app.exchange.formats import Envelope, Manifest, MissionManifest, SubmissionRecord

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _schema(source: type[BaseModel] | TypeAdapter[Any], title: str) -> dict[str, Any]:
    schema = source.json_schema() if isinstance(source, TypeAdapter) else source.model_json_schema()
    return {"$schema": _DRAFT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every JSON document of the exchange."""
    return {
        "bundle-manifest.schema.json": _schema(Manifest, "Observer bundle: manifest.json"),
        "bundle-submissions.schema.json": _schema(
            TypeAdapter(list[SubmissionRecord]), "Observer bundle: submissions.json"
        ),
        "bundle-envelope.schema.json": _schema(
            Envelope, "Observer encrypted bundle: envelope.json"
        ),
        "mission.schema.json": _schema(MissionManifest, "Observer mission package: mission.json"),
    }


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schemas")):
        print(path)
