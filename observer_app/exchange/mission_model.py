"""The mission a database is set up for, as every bundle is checked against it.

Apart from exchange.mission, which reads packages and sets databases up, so that the
merge's reading process (exchange.merge_reading), which checks each bundle against the
mission, loads no database code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from observer_app.domain.i18n import texts_by_language
from observer_app.exchange.keys import b64decode, b64encode, fingerprint, short_fingerprint

#: The member of a package that says what the mission is (a bundle has none).
MISSION_FILE = "mission.json"


@dataclass(frozen=True)
class Mission:
    """The mission a database is set up for: every bundle must name its id."""

    id: str
    name: str
    election: str
    created_at: datetime
    coordinator_key: bytes | None
    #: The name and the election per report language ("en", "ru", "kk"); a language
    #: missing here (every one, for packages made before) is printed with `name`/`election`.
    names: Mapping[str, str] = field(default_factory=dict)
    elections: Mapping[str, str] = field(default_factory=dict)

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name

    def election_in(self, language: str) -> str:
        return self.elections.get(language) or self.election

    @property
    def encrypted(self) -> bool:
        return self.coordinator_key is not None

    @property
    def coordinator_fingerprint(self) -> str | None:
        return None if self.coordinator_key is None else fingerprint(self.coordinator_key)

    @property
    def coordinator_short_fingerprint(self) -> str | None:
        return None if self.coordinator_key is None else short_fingerprint(self.coordinator_key)

    def to_setting(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "election": self.election,
            "names": dict(self.names),
            "elections": dict(self.elections),
            "created_at": self.created_at.isoformat(),
            "coordinator_key": (
                None if self.coordinator_key is None else b64encode(self.coordinator_key)
            ),
        }

    @classmethod
    def from_setting(cls, value: Mapping[str, Any]) -> Mission:
        key = value.get("coordinator_key")
        return cls(
            id=str(value["id"]),
            name=str(value["name"]),
            election=str(value["election"]),
            created_at=datetime.fromisoformat(str(value["created_at"])),
            coordinator_key=None if key is None else b64decode(str(key), 32),
            names=texts_by_language(value.get("names")),
            elections=texts_by_language(value.get("elections")),
        )
