"""submission documents: a submission's record as one JSON document, no row per answer

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 01:10:00.000000

Each submission's answers move from the `answers` table (a row per answer) into its own
row, as the canonical text of its record (domain.submission), which is then read back as
the submission; two columns wait for its verdicts (formspec.verdicts), worked out by the
next summary. Revisions, conflicts and decisions already keep records as text and stay as
they are. An index answers what a summary asks of every submission without reading its
document; the file hash of merged bundles gets one too: a file merged before is looked
up by it.

The record is written here by this migration's own code, as the record format stood at
this revision, so that a later change of the format cannot change what this step did.
SQLite's columns are added in place (ALTER TABLE): rebuilding the submissions table would
cascade its deletion to every table that refers to it.
"""

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from alembic import op

from observer_app.store.types import JsonText, UtcDateTime

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

#: Submissions moved per statement.
BATCH = 500

SUBMISSIONS = sa.table(
    'submissions',
    sa.column('id', sa.String()),
    sa.column('form_id', sa.String()),
    sa.column('form_version', sa.Integer()),
    sa.column('station_id', sa.String()),
    sa.column('tec_id', sa.String()),
    sa.column('region', sa.String()),
    sa.column('observer', sa.String()),
    sa.column('team', sa.String()),
    sa.column('status', sa.String()),
    sa.column('revision', sa.Integer()),
    sa.column('created_at', UtcDateTime()),
    sa.column('created_offset', sa.Integer()),
    sa.column('updated_at', UtcDateTime()),
    sa.column('updated_offset', sa.Integer()),
    sa.column('completed_at', UtcDateTime()),
    sa.column('completed_offset', sa.Integer()),
    sa.column('content_hash', sa.String()),
    sa.column('document', JsonText()),
)


def _time(moment: datetime | None, offset: int | None) -> str | None:
    """A stored instant in the observer's offset, as a record writes it (ISO 8601)."""
    if moment is None:
        return None
    return moment.astimezone(timezone(timedelta(minutes=offset or 0))).isoformat()


def _canonical(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(',', ':'), allow_nan=False
    )


def _answer(raw: Any) -> Any:
    """An `answers.value` as stored: JSON text, or a number SQLite's JSON column's numeric
    affinity had already made of it (kept as that number, which is what was stored)."""
    return json.loads(raw) if isinstance(raw, str) else raw


def _document(row: Any, answers: dict[str, Any]) -> str:
    return _canonical(
        {
            'id': row.id,
            'form_id': row.form_id,
            'form_version': row.form_version,
            'station_id': row.station_id,
            'tec_id': row.tec_id,
            'region': row.region,
            'observer': row.observer,
            'team': row.team,
            'status': row.status,
            'revision': row.revision,
            'created_at': _time(row.created_at, row.created_offset),
            'updated_at': _time(row.updated_at, row.updated_offset),
            'completed_at': _time(row.completed_at, row.completed_offset),
            'content_hash': row.content_hash,
            'answers': {key: value for key, value in answers.items() if value is not None},
        }
    )


def _move_answers(connection: sa.Connection) -> None:
    postgresql = connection.dialect.name == 'postgresql'
    value = 'CAST(value AS TEXT)' if postgresql else 'value'
    ids = connection.execute(sa.select(SUBMISSIONS.c.id).order_by(SUBMISSIONS.c.id)).scalars().all()
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        answers: dict[str, dict[str, Any]] = {submission_id: {} for submission_id in chunk}
        for submission_id, question_id, raw in connection.execute(
            sa.text(
                f'SELECT submission_id, question_id, {value} FROM answers '
                'WHERE submission_id IN :ids'
            ).bindparams(sa.bindparam('ids', expanding=True)),
            {'ids': chunk},
        ):
            answers[submission_id][question_id] = _answer(raw)
        rows = connection.execute(sa.select(SUBMISSIONS).where(SUBMISSIONS.c.id.in_(chunk)))
        documents = [
            {'key': row.id, 'document': _document(row, answers[row.id])} for row in rows
        ]
        connection.execute(
            SUBMISSIONS.update()
            .where(SUBMISSIONS.c.id == sa.bindparam('key'))
            .values(document=sa.bindparam('document')),
            documents,
        )


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == 'sqlite'
    # SQLite adds a NOT NULL column in place only with a default; the others are told
    # NOT NULL once every row has its document.
    op.add_column(
        'submissions',
        sa.Column(
            'document', JsonText(), nullable=not sqlite, server_default='' if sqlite else None
        ),
    )
    op.add_column('submissions', sa.Column('verdicts', sa.Text(), nullable=True))
    op.add_column('submissions', sa.Column('verdicts_form', sa.String(length=64), nullable=True))
    _move_answers(connection)
    if not sqlite:
        op.alter_column('submissions', 'document', nullable=False)
    op.drop_table('answers')
    op.drop_index('ix_submissions_form', table_name='submissions')  # the next one leads so
    op.create_index(
        'ix_submissions_counted',
        'submissions',
        ['form_id', 'form_version', 'verdicts_form', 'status', 'region', 'team'],
        unique=False,
    )
    op.create_index(op.f('ix_bundles_file_sha256'), 'bundles', ['file_sha256'], unique=False)


def downgrade() -> None:
    """Back to a row per answer, from the documents (SQLite 3.35 or newer drops columns)."""
    op.drop_index(op.f('ix_bundles_file_sha256'), table_name='bundles')
    op.drop_index('ix_submissions_counted', table_name='submissions')
    op.create_index('ix_submissions_form', 'submissions', ['form_id', 'form_version'], unique=False)
    answers = op.create_table(
        'answers',
        sa.Column('submission_id', sa.String(length=36), nullable=False),
        sa.Column('question_id', sa.String(length=64), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.Column('saved_at', UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['submission_id'],
            ['submissions.id'],
            name=op.f('fk_answers_submission_id_submissions'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('submission_id', 'question_id', name=op.f('pk_answers')),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(SUBMISSIONS.c.id, SUBMISSIONS.c.updated_at, SUBMISSIONS.c.document)
    ).all()
    values = [
        {'submission_id': row.id, 'question_id': key, 'value': value, 'saved_at': row.updated_at}
        for row in rows
        for key, value in json.loads(row.document)['answers'].items()
    ]
    if values:
        connection.execute(sa.insert(answers), values)
    op.drop_column('submissions', 'verdicts_form')
    op.drop_column('submissions', 'verdicts')
    op.drop_column('submissions', 'document')
