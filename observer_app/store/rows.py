"""A submission's `submissions` row, worked out from its record: no database needed.

Kept apart from store.records, which reads and writes rows, so that the merge's reading
process (exchange.merge_reading) works out the rows of a bundle without loading any
database code: it is a process of its own, and what it imports it holds in memory for
the whole merge.
"""

from __future__ import annotations

from typing import Any

from observer_app.domain.json_writing import sorted_json
from observer_app.domain.submission import Submission, SubmissionStatus, split_time
from observer_app.formspec import CompiledForm
from observer_app.formspec.verdicts import Verdicts, verdicts_of


def verdict_values(submission: Submission, form: CompiledForm | None) -> dict[str, Any]:
    """The verdict columns of `submission`: worked out with `form` when it is complete.

    Without the form (or for a draft) they are left empty; a summary that needs them
    works them out then (analysis.verdicts).
    """
    if form is None or submission.status != SubmissionStatus.COMPLETE:
        return {"verdicts": None, "verdicts_form": None}
    return {
        "verdicts": verdicts_text(verdicts_of(form, submission.answers)),
        "verdicts_form": form.fingerprint,
    }


def verdicts_text(verdicts: Verdicts) -> str:
    """The verdicts as kept in the `verdicts` column: compact JSON with sorted keys, which
    keeps a calculation's NaN or infinity (Verdicts.from_text reads it back)."""
    return sorted_json(verdicts.document(), allow_nan=True).decode("utf-8")


def row_values(
    submission: Submission, *, form: CompiledForm | None = None, text: str | None = None
) -> dict[str, Any]:
    """The submissions row of `submission`, column by column.

    `text` is the record's canonical text when the caller has it already (a merged record);
    `form` is the submission's form, to keep its verdicts when it is complete.
    """
    created_at, created_offset = split_time(submission.created_at)
    updated_at, updated_offset = split_time(submission.updated_at)
    completed_at, completed_offset = (
        split_time(submission.completed_at) if submission.completed_at is not None else (None, None)
    )
    return {
        "id": str(submission.id),
        "form_id": submission.form_id,
        "form_version": submission.form_version,
        "station_id": submission.station_id,
        "tec_id": submission.tec_id,
        "region": submission.region,
        "observer": submission.observer,
        "team": submission.team,
        "status": submission.status.value,
        "revision": submission.revision,
        "created_at": created_at,
        "created_offset": created_offset,
        "updated_at": updated_at,
        "updated_offset": updated_offset,
        "completed_at": completed_at,
        "completed_offset": completed_offset,
        "content_hash": submission.content_hash,
        "document": text if text is not None else submission.text(),
        **verdict_values(submission, form),
    }
