"""official results and quarantine decisions: the commission's per-station figures, and the
coordinator's decisions to count a protocol copy that a protocol rule flags

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 04:10:00.000000

Two new tables; nothing that exists changes.
"""

import sqlalchemy as sa
from alembic import op

from observer_app.store.types import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "official_results",
        sa.Column("station_id", sa.String(length=48), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("ballots_issued", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Integer(), nullable=False),
        sa.Column("invalid", sa.Integer(), nullable=False),
        sa.Column("votes", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("imported_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_official_results")),
    )
    op.create_index(
        op.f("ix_official_results_region"), "official_results", ["region"], unique=False
    )
    op.create_table(
        "quarantine_decisions",
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", UtcDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_quarantine_decisions_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("submission_id", name=op.f("pk_quarantine_decisions")),
    )


def downgrade() -> None:
    op.drop_table("quarantine_decisions")
    op.drop_index(op.f("ix_official_results_region"), table_name="official_results")
    op.drop_table("official_results")
