"""login failures: an index on the time, so rows older than the window go cheaply

Revision ID: 0009_login_failure_at
Revises: 0008_evidence_flags
Create Date: 2026-12-02 02:10:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_login_failure_at'
down_revision = '0008_evidence_flags'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index('ix_login_failure_at', ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failure_at')
