"""evidence flags: participants' optional position, contacts' anomaly flags

Revision ID: 0008_evidence_flags
Revises: 0007_account_sessions
Create Date: 2026-12-02 01:25:00

"""
import sqlite3

from alembic import op

from juror_app.ops.downgrade_guard import Held, refuse_losing
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_evidence_flags'
down_revision = '0007_account_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Double(), nullable=True))
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flags', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('flag_count', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    # Participants' positions are typed in by a coordinator; the flags are what reviewers saw
    # when they decided (`flask evidence flags` would recompute them under today's settings,
    # and evidence archives hold them).
    refuse_losing('0008_evidence_flags', [
        Held('participant', "participants' positions",
             'latitude IS NOT NULL OR longitude IS NOT NULL'),
        Held('contact', "contacts' anomaly flags", 'flag_count <> 0')])
    # As in 0002: copying contact/participant would drop them under rows pointing at them.
    recreate = 'auto' if sqlite3.sqlite_version_info < (3, 35) else 'never'
    with op.batch_alter_table('contact', schema=None, recreate=recreate) as batch_op:
        batch_op.drop_column('flag_count')
        batch_op.drop_column('flags')
    with op.batch_alter_table('participant', schema=None, recreate=recreate) as batch_op:
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
