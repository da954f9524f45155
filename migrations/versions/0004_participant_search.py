"""participant search: name and city folded (case, Polish diacritics) for search

Revision ID: 0004_participant_search
Revises: 0003_audit_chain
Create Date: 2026-12-02 00:55:00

"""
from alembic import op
import sqlalchemy as sa

from juror_app.core.text import fold

# revision identifiers, used by Alembic.
revision = '0004_participant_search'
down_revision = '0003_audit_chain'
branch_labels = None
depends_on = None

participants = sa.table('participant', sa.column('id', sa.Integer),
                        sa.column('name', sa.String), sa.column('city', sa.String),
                        sa.column('search_text', sa.String))


def upgrade():
    # In place (SQLite ADD/DROP COLUMN): rebuilding would drop a table others point at.
    with op.batch_alter_table('participant', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(length=300), server_default='',
                                      nullable=False))
    # Backfill with the same fold the model applies (neither database can do it in SQL).
    conn = op.get_bind()
    rows = conn.execute(sa.select(participants.c.id, participants.c.name, participants.c.city))
    for pid, name, city in rows.all():
        conn.execute(participants.update().where(participants.c.id == pid)
                     .values(search_text=fold(f"{name or ''} {city or ''}")))


def downgrade():
    # In place (SQLite ADD/DROP COLUMN): rebuilding would drop a table others point at.
    with op.batch_alter_table('participant', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('search_text')
