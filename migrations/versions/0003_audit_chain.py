"""audit chain: each event hashes its content and the previous event's hash

Revision ID: 0003_audit_chain
Revises: 0002
Create Date: 2026-12-02 00:45:00

"""
from types import SimpleNamespace

from alembic import op

from juror_app.ops.downgrade_guard import Held, refuse_losing
import sqlalchemy as sa

import juror_app.models.base
from juror_app.audit.chain import GENESIS, event_hash, plain_json

# revision identifiers, used by Alembic.
revision = '0003_audit_chain'
down_revision = '0002'
branch_labels = None
depends_on = None

events = sa.table(
    'audit_event', sa.column('id', sa.Integer), sa.column('at', juror_app.models.base.UTCDateTime()),
    sa.column('actor_id', sa.Integer), sa.column('action', sa.String),
    sa.column('entity_type', sa.String), sa.column('entity_id', sa.String),
    sa.column('before', sa.JSON), sa.column('after', sa.JSON), sa.column('seq', sa.Integer),
    sa.column('prev_hash', sa.String), sa.column('hash', sa.String),
)


def upgrade():
    op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    op.create_table('audit_chain_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checked_at', juror_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('through_seq', sa.Integer(), nullable=False),
    sa.Column('through_hash', sa.String(length=64), nullable=False),
    sa.Column('broken_seq', sa.Integer(), nullable=True),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_check'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    last_seq, last_hash = _chain_existing_events(op.get_bind())
    op.bulk_insert(sa.table('audit_chain_head', sa.column('id', sa.Integer),
                            sa.column('seq', sa.Integer), sa.column('last_hash', sa.String)),
                   [{'id': 1, 'seq': last_seq, 'last_hash': last_hash}])
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_event_seq'), ['seq'])


def _chain_existing_events(conn):
    """Earlier events join the chain in the order they were written (by id)."""
    seq, last_hash = 0, GENESIS
    for row in conn.execute(sa.select(events).order_by(events.c.id)).all():
        seq += 1
        link = SimpleNamespace(**row._asdict())
        link.before, link.after = plain_json(link.before), plain_json(link.after)
        link.seq, link.prev_hash = seq, last_hash
        last_hash = event_hash(link)
        conn.execute(events.update().where(events.c.id == row.id)
                     .values(seq=seq, prev_hash=link.prev_hash, hash=last_hash))
    return seq, last_hash


def downgrade():
    # The upgrade re-chains events by id: it would re-hash an edited event into an intact
    # chain (hiding the edit), may order concurrent writers' events otherwise than their
    # seq (so the hashes in archives already exported no longer match), and the record of
    # past verifications would be gone.
    refuse_losing('0003_audit_chain', [
        Held('audit_event', "the audit chain's hashes (seq, prev_hash, hash) of every event"),
        Held('audit_chain_check', "the record of past `flask audit verify` runs")])
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_event_seq'), type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
    op.drop_table('audit_chain_check')
    op.drop_table('audit_chain_head')
