"""Child of the crash-safety test: saves answers in a loop, reporting each save that returned."""

from __future__ import annotations

import sys

from observer_app.formspec import FormLibrary
from observer_app.store import SubmissionStore, open_database
from tests.conftest import build, q

QUESTIONS = 5000
FORM = build(*(q(f"answer_{i}", "text") for i in range(QUESTIONS)), id="crash", place="any")


def main(url: str) -> None:
    store = SubmissionStore(open_database(url), FormLibrary({("crash", 1): FORM}))
    submission_id = store.create("crash", observer="Сәуле", team="Team 1").id
    print(f"created {submission_id}", flush=True)
    for i in range(QUESTIONS):
        store.save_answer(submission_id, f"answer_{i}", f"жауап {i}")
        print(f"saved {i}", flush=True)  # only after save_answer returned


if __name__ == "__main__":
    main(sys.argv[1])
