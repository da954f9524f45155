"""contact juror indexes: one juror's contacts in the queue's order, a juror's neighbouring visits

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
    # The flags' "the juror's visit just before / after this one": a seek.
    op.create_index('ix_contact_juror_channel_started', 'contact',
                    ['juror_id', 'channel', 'started_at'])


def downgrade():
    op.drop_index('ix_contact_juror_channel_started', table_name='contact')
    op.create_index('ix_contact_juror_id', 'contact', ['juror_id'])
    op.drop_index('ix_contact_juror', table_name='contact')
