"""exchange: the mission's forms, pinned device keys, merged bundles, versions, attachments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:55:59.434183
"""

from alembic import op
import sqlalchemy as sa

from observer_app.store.types import UtcDateTime


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('devices',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('first_seen_at', UtcDateTime(), nullable=False),
    sa.Column('first_bundle', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_devices'))
    )
    op.create_table('mission_forms',
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('form_id', 'version', name=op.f('pk_mission_forms'))
    )
    op.create_table('bundles',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('observer', sa.String(length=200), nullable=False),
    sa.Column('team', sa.String(length=200), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('created_offset', sa.Integer(), nullable=False),
    sa.Column('merged_at', UtcDateTime(), nullable=False),
    sa.Column('submissions', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_bundles_device_id_devices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundles'))
    )
    with op.batch_alter_table('bundles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bundles_device_id'), ['device_id'], unique=False)

    op.create_table('submission_attachments',
    sa.Column('submission_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_submission_attachments_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'name', 'sha256', name=op.f('pk_submission_attachments'))
    )
    op.create_table('submission_versions',
    sa.Column('submission_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('record_sha256', sa.String(length=64), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.Column('kept_as', sa.String(length=16), nullable=False),
    sa.Column('record', sa.Text(), nullable=True),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.Column('bundle_id', sa.String(length=36), nullable=True),
    sa.Column('received_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_submission_versions_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'revision', 'content_hash', name=op.f('pk_submission_versions'))
    )
    with op.batch_alter_table('submission_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_versions_kept_as'), ['kept_as'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('submission_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_versions_kept_as'))

    op.drop_table('submission_versions')
    op.drop_table('submission_attachments')
    with op.batch_alter_table('bundles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bundles_device_id'))

    op.drop_table('bundles')
    op.drop_table('mission_forms')
    op.drop_table('devices')
