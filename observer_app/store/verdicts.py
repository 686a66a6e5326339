"""Verdicts kept beside completed submissions, brought up to date before a summary reads them.

A submission's verdicts (formspec.verdicts) are worked out when it is completed or merged.
Some are missing or out of date: submissions stored before verdicts were kept, completed
without the form at hand, or kept with a form definition or release that has changed
since (CompiledForm.fingerprint). `keep_verdicts` works those out once and stores them,
so the next summary, and every one after, reads them instead of running the forms.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Table, and_, bindparam, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from observer_app.domain.json_reading import read_json
from observer_app.domain.submission import SubmissionStatus
from observer_app.formspec import CompiledForm, FormLibrary
from observer_app.formspec.verdicts import verdicts_of
from observer_app.store.database import Database, DatabaseBusy
from observer_app.store.models import SubmissionRow
from observer_app.store.records import verdicts_text

#: Submissions worked out and written per transaction.
BATCH = 500

SUBMISSIONS: Table = SubmissionRow.__table__  # type: ignore[assignment]


def _out_of_date(forms: Iterable[CompiledForm]) -> ColumnElement[bool]:
    """Completed submissions of these forms whose kept verdicts are missing or stale."""
    s = SubmissionRow
    return and_(
        s.status == SubmissionStatus.COMPLETE.value,
        or_(
            *(
                and_(
                    s.form_id == form.id,
                    s.form_version == form.version,
                    or_(s.verdicts_form.is_(None), s.verdicts_form != form.fingerprint),
                )
                for form in forms
            )
        ),
    )


def keep_verdicts(database: Database, library: FormLibrary) -> int:
    """Work out and store the verdicts that are missing or stale; how many were stored.

    Each batch is its own short transaction, and a verdict is only stored while the
    submission still has the content it was worked out from (a merge may change it
    meanwhile). A database that cannot be written (read-only, or busy) is left as it is:
    the summary then works the verdicts out as it counts, as it would have anyway.
    """
    if not len(library):
        return 0
    s = SubmissionRow
    with database.reading() as session:  # nothing to do is the common case: no write lock
        stale = list(session.scalars(select(s.id).where(_out_of_date(library)).order_by(s.id)))
    stored = 0
    table = SUBMISSIONS
    store = (
        update(table)
        .where(table.c.id == bindparam("key"), table.c.content_hash == bindparam("hash"))
        .values(verdicts=bindparam("verdicts"), verdicts_form=bindparam("form"))
    )
    try:
        for start in range(0, len(stale), BATCH):
            with database.transaction() as session:
                rows = session.execute(
                    select(s.id, s.form_id, s.form_version, s.content_hash, s.document).where(
                        s.id.in_(stale[start : start + BATCH])
                    )
                )
                values = []
                for submission_id, form_id, version, content_hash, document in rows:
                    form = library.forms.get((form_id, version))
                    if form is None:
                        continue
                    answers = read_json(document)["answers"]
                    values.append(
                        {
                            "key": submission_id,
                            "hash": content_hash,
                            "verdicts": verdicts_text(verdicts_of(form, answers)),
                            "form": form.fingerprint,
                        }
                    )
                if values:
                    session.connection().execute(store, values)
                    stored += len(values)
    except (SQLAlchemyError, DatabaseBusy):
        pass  # not writable now: counted from verdicts worked out on the way instead
    return stored
