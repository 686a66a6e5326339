"""baseline: registry, submissions, answers, revisions

Revision ID: 0001
Revises:
Create Date: 2026-11-25 20:22:47.316621
"""

from alembic import op
import sqlalchemy as sa

from observer_app.store.types import UtcDateTime


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('regions',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_ru', sa.String(length=200), nullable=False),
    sa.Column('name_kk', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_regions'))
    )
    op.create_table('submissions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.String(length=48), nullable=True),
    sa.Column('tec_id', sa.String(length=32), nullable=True),
    sa.Column('region', sa.String(length=16), nullable=True),
    sa.Column('observer', sa.String(length=200), nullable=False),
    sa.Column('team', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('created_offset', sa.Integer(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.Column('updated_offset', sa.Integer(), nullable=False),
    sa.Column('completed_at', UtcDateTime(), nullable=True),
    sa.Column('completed_offset', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions'))
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index('ix_submissions_form', ['form_id', 'form_version'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_updated_at'), ['updated_at'], unique=False)

    op.create_table('answers',
    sa.Column('submission_id', sa.String(length=36), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('saved_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_answers_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'question_id', name=op.f('pk_answers'))
    )
    op.create_table('submission_revisions',
    sa.Column('submission_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('recorded_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_submission_revisions_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'revision', name=op.f('pk_submission_revisions'))
    )
    op.create_table('tecs',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('region', sa.String(length=16), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('name_ru', sa.String(length=300), nullable=False),
    sa.Column('name_kk', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['region'], ['regions.code'], name=op.f('fk_tecs_region_regions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_tecs'))
    )
    with op.batch_alter_table('tecs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tecs_region'), ['region'], unique=False)

    op.create_table('stations',
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=16), nullable=False),
    sa.Column('tec', sa.String(length=32), nullable=False),
    sa.Column('district', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=1000), nullable=False),
    sa.Column('accessible', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['region'], ['regions.code'], name=op.f('fk_stations_region_regions')),
    sa.ForeignKeyConstraint(['tec'], ['tecs.code'], name=op.f('fk_stations_tec_tecs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stations'))
    )
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stations_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_stations_tec'), ['tec'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stations_tec'))
        batch_op.drop_index(batch_op.f('ix_stations_region'))

    op.drop_table('stations')
    with op.batch_alter_table('tecs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tecs_region'))

    op.drop_table('tecs')
    op.drop_table('submission_revisions')
    op.drop_table('answers')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submissions_updated_at'))
        batch_op.drop_index(batch_op.f('ix_submissions_station_id'))
        batch_op.drop_index('ix_submissions_form')

    op.drop_table('submissions')
    op.drop_table('regions')
