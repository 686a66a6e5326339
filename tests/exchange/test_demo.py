"""The demo mission looks like an election night: teams, regions, and the usual accidents."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from observer_app.exchange.demo import build_demo_mission
from observer_app.exchange.merge import Merger
from observer_app.exchange.mission import install_mission
from observer_app.exchange.rules import Outcome
from observer_app.store import open_database
from observer_app.store.models import SubmissionRow


def test_the_demo_mission_merges_as_an_election_night_does(tmp_path: Path) -> None:
    demo = build_demo_mission(tmp_path / "demo", teams=30)
    assert (tmp_path / "demo" / "mission.zip").is_file()
    assert demo.key_file.stat().st_mode & 0o077 == 0  # the coordinator's key: owner only
    database = open_database(f"sqlite:///{tmp_path / 'coordinator.sqlite3'}")
    with database.transaction() as session:
        install_mission(session, demo.package)
    report = Merger(database, coordinator_key=demo.coordinator_key).merge_files(demo.bundles)
    outcomes: Counter[Outcome] = Counter()
    for result in report.files:
        outcomes.update(result.counts)
    rejected = [result for result in report.files if result.rejected]
    assert [r.path.name for r in rejected] == ["team-09-broken.zip"]
    assert "truncated" in (rejected[0].reason or "")
    assert outcomes[Outcome.UPDATED] == 1
    assert outcomes[Outcome.CONFLICT] == 1
    assert outcomes[Outcome.DUPLICATE] > 20

    with database.transaction() as session:
        regions = session.scalar(select(func.count(func.distinct(SubmissionRow.region))))
        forms = Counter(session.scalars(select(SubmissionRow.form_id)))
        transparent = Counter(
            json.loads(document)["answers"].get("transparent")
            for document in session.scalars(select(SubmissionRow.document))
        )
    database.close()
    assert regions == 13  # as the 2021 mission: 13 of the 17 regions
    assert forms["opening"] == forms["counting"] == forms["tabulation"] == 30
    assert forms["voting"] > 200 and forms["incident"] > 5
    assert 0.5 < transparent["no"] / (transparent["no"] + transparent["yes"]) < 0.85
