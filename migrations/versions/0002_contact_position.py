"""contact position: where the juror was at a visit, with their consent

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 08:14:47.255287

"""
import sqlite3

from alembic import op

from juror_app.ops.downgrade_guard import Held, refuse_losing
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite rebuilds the table, PostgreSQL gets plain ALTER TABLE.
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('position_accuracy_m', sa.Double(), nullable=True))


def downgrade():
    # Positions come from the phones' GPS at the contact: nothing can recompute them.
    refuse_losing('0002', [Held('contact', "contacts' positions (latitude, longitude, accuracy)",
                                'latitude IS NOT NULL OR longitude IS NOT NULL '
                                'OR position_accuracy_m IS NOT NULL')])
    # Copying the table would drop `contact` under rows of photo and criterion_score that
    # point at it, which SQLite's enforced foreign keys refuse; SQLite 3.35+ drops a plain
    # column in place, so copy only on an older SQLite.
    old_sqlite = sqlite3.sqlite_version_info < (3, 35)
    with op.batch_alter_table('contact', schema=None,
                              recreate='auto' if old_sqlite else 'never') as batch_op:
        batch_op.drop_column('position_accuracy_m')
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
