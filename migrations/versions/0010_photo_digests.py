"""photo digests: the phone's SHA-256 as sent and the display copy's SHA-256 at upload

Revision ID: 0010_photo_digests
Revises: 0009_login_failure_at
Create Date: 2026-12-02 03:00:00

"""
import sqlite3

import sqlalchemy as sa
from alembic import op

from juror_app.ops.downgrade_guard import Held, refuse_losing

# revision identifiers, used by Alembic.
revision = '0010_photo_digests'
down_revision = '0009_login_failure_at'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('display_sha256', sa.String(length=64), nullable=True))


def downgrade():
    # The phone's SHA-256 as sent and the display copy's at upload are evidence: computed
    # again from today's files they would vouch for whatever the files are now.
    refuse_losing('0010_photo_digests', [
        Held('photo', "photos' SHA-256 as sent by the phone and of the display copy at upload",
             'client_sha256 IS NOT NULL OR display_sha256 IS NOT NULL')])
    # As in 0008: drop the columns in place where SQLite can (no copy of the table).
    recreate = 'auto' if sqlite3.sqlite_version_info < (3, 35) else 'never'
    with op.batch_alter_table('photo', schema=None, recreate=recreate) as batch_op:
        batch_op.drop_column('display_sha256')
        batch_op.drop_column('client_sha256')
