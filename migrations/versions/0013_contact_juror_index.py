"""contact juror index in the queue's order: one juror's contacts without a sort

Revision ID: 0013_contact_juror_index
Revises: 0012_channel_totals
Create Date: 2026-12-07 00:50:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_contact_juror_index'
down_revision = '0012_channel_totals'
branch_labels = None
depends_on = None


def upgrade():
    # (juror_id, received_at, id) serves the queue filtered by a juror in its order, and
    # every look-up by juror_id the single-column index served.
    op.create_index('ix_contact_juror', 'contact', ['juror_id', 'received_at', 'id'])
    op.drop_index('ix_contact_juror_id', table_name='contact')


def downgrade():
    op.create_index('ix_contact_juror_id', 'contact', ['juror_id'])
    op.drop_index('ix_contact_juror', table_name='contact')
