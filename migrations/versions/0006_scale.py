"""scale: stored contact score, edition results version, queue and ranking indexes

Revision ID: 0006_scale
Revises: 0005_mail
Create Date: 2026-12-02 00:50:00

"""
import sqlite3
import uuid

from alembic import op
import sqlalchemy as sa


revision = '0006_scale'
down_revision = '0005_mail'
branch_labels = None
depends_on = None

# Step 1 of the ranking's method for the contacts stored before this column existed; new
# writes go through juror_app.models.derived (the same formula, in Python).
BACKFILL = """
UPDATE contact SET score = (
    SELECT 100.0 * sum(points * weight)
           / nullif(sum(CASE WHEN points IS NOT NULL THEN max_points * weight END), 0.0)
    FROM criterion_score WHERE criterion_score.contact_id = contact.id)
"""


def upgrade():
    old_sqlite = sqlite3.sqlite_version_info < (3, 35)
    # Plain ALTER TABLE ADD COLUMN on both databases: no copy of the contact table.
    with op.batch_alter_table('contact', schema=None,
                              recreate='auto' if old_sqlite else 'never') as batch_op:
        batch_op.add_column(sa.Column('score', sa.Double(), nullable=True))
    with op.batch_alter_table('edition', schema=None,
                              recreate='auto' if old_sqlite else 'never') as batch_op:
        batch_op.add_column(sa.Column('results_version', sa.String(length=32),
                                      server_default='0', nullable=False))
    op.execute(BACKFILL)
    # A token no other database shares, so no process's cached ranking matches it.
    op.execute(sa.text("UPDATE edition SET results_version = :v").bindparams(v=uuid.uuid4().hex))
    # Partial: only waiting (resp. approved) contacts; the queries spell the same condition.
    waiting = sa.text("status IN ('resubmitted', 'submitted')")
    approved = sa.text("status = 'approved'")
    op.create_index('ix_contact_waiting', 'contact', ['received_at', 'id', 'assignment_id'],
                    sqlite_where=waiting, postgresql_where=waiting)
    op.create_index('ix_contact_received', 'contact', ['received_at', 'id'])
    op.create_index('ix_contact_approved', 'contact', ['assignment_id', 'channel', 'score'],
                    sqlite_where=approved, postgresql_where=approved)


def downgrade():
    old_sqlite = sqlite3.sqlite_version_info < (3, 35)
    op.drop_index('ix_contact_approved', table_name='contact')
    op.drop_index('ix_contact_received', table_name='contact')
    op.drop_index('ix_contact_waiting', table_name='contact')
    with op.batch_alter_table('edition', schema=None,
                              recreate='auto' if old_sqlite else 'never') as batch_op:
        batch_op.drop_column('results_version')
    with op.batch_alter_table('contact', schema=None,
                              recreate='auto' if old_sqlite else 'never') as batch_op:
        batch_op.drop_column('score')
