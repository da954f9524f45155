"""reset requests: "forgot password" kept as it came, turned into a link by the mail sender

Revision ID: 0014_reset_request
Revises: 0013_contact_juror_index
Create Date: 2026-12-07 10:20:00

"""
import sqlalchemy as sa
from alembic import op

from juror_app.ops.downgrade_guard import Held, refuse_losing

from juror_app.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0014_reset_request'
down_revision = '0013_contact_juror_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reset_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('base_url', sa.String(length=300), nullable=False),
        sa.Column('requested_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reset_request')),
    )


def downgrade():
    # A "forgot password" request not yet turned into a mail would never be answered.
    refuse_losing('0014_reset_request',
                  [Held('reset_request', '"forgot password" requests not yet mailed')],
                  hint="Let the mail sender handle them first (flask mail send).")
    op.drop_table('reset_request')
