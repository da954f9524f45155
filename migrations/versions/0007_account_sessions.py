"""account sessions: session/token versions on users and tokens, login failures

Revision ID: 0007_account_sessions
Revises: 0006_scale
Create Date: 2026-12-02 00:50:00

"""
import sqlite3

from alembic import op

from juror_app.ops.downgrade_guard import Held, refuse_losing
import sqlalchemy as sa

import juror_app.models.base


# revision identifiers, used by Alembic.
revision = '0007_account_sessions'
down_revision = '0006_scale'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1',
                                      nullable=False))
        batch_op.add_column(sa.Column('token_generation', sa.Integer(), server_default='1',
                                      nullable=False))
    with op.batch_alter_table('device_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('generation', sa.Integer(), server_default='1',
                                      nullable=False))
    op.create_table(
        'login_failure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=10), nullable=False),
        sa.Column('key', sa.String(length=254), nullable=False),
        sa.Column('at', juror_app.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure')),
    )
    op.create_index('ix_login_failure_scope_key_at', 'login_failure', ['scope', 'key', 'at'])


def downgrade():
    # Back to the default 1 after an upgrade, a bumped version would let a session or device
    # token ended by "sign out everywhere" or a password change work again. (login_failure
    # only throttles the next few minutes' attempts: dropped without asking.)
    refuse_losing('0007_account_sessions', [
        Held('user', "users' session and token versions (ended sessions and device tokens "
                     "would work again)", 'session_version <> 1 OR token_generation <> 1'),
        Held('device_token', "device tokens' generations", 'generation <> 1')])
    # As in 0002: copying `user` would drop it under the rows that point at it; SQLite
    # 3.35+ drops a plain column in place.
    recreate = 'auto' if sqlite3.sqlite_version_info < (3, 35) else 'never'
    op.drop_index('ix_login_failure_scope_key_at', table_name='login_failure')
    op.drop_table('login_failure')
    with op.batch_alter_table('device_token', schema=None,
                              recreate=recreate) as batch_op:
        batch_op.drop_column('generation')
    with op.batch_alter_table('user', schema=None, recreate=recreate) as batch_op:
        batch_op.drop_column('token_generation')
        batch_op.drop_column('session_version')
