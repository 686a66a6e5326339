"""conflict decisions: a coordinator's choice between conflicting contents, on record

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 21:37:17.433883
"""

from alembic import op
import sqlalchemy as sa

from observer_app.store.types import UtcDateTime


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conflict_decisions',
    sa.Column('submission_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('kept_hash', sa.String(length=64), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('decided_at', UtcDateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_conflict_decisions_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'revision', name=op.f('pk_conflict_decisions'))
    )


def downgrade() -> None:
    op.drop_table('conflict_decisions')
