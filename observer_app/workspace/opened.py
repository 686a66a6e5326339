"""What both desks share: an open database, the forms it is read with, and printing from it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from observer_app.domain.i18n import Language
from observer_app.domain.submission import Submission
from observer_app.exchange.mission import Mission, current_mission
from observer_app.formspec import FormLibrary
from observer_app.store.database import Database


@dataclass
class OpenDatabase:
    database: Database
    forms: FormLibrary

    def mission(self) -> Mission | None:
        with self.database.reading() as session:
            return current_mission(session)

    def print_submission(
        self,
        submission_id: uuid.UUID,
        out: Path,
        *,
        language: Language = "en",
        paper: str = "a4",
    ) -> Submission:
        """One submission as a paper form (a backup, and for signature) at `out`."""
        from observer_app.workspace.printing import print_submission  # reportlab: on first use

        return print_submission(
            self.database, self.forms, submission_id, out, language=language, paper=paper
        )

    def close(self) -> None:
        self.database.close()
