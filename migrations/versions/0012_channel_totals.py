"""channel totals: contacts, and Σ and count of approved scores, per participant × channel

Revision ID: 0012_channel_totals
Revises: 0011_photo_sha256_index
Create Date: 2026-12-06 21:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_channel_totals'
down_revision = '0011_photo_sha256_index'
branch_labels = None
depends_on = None

# Counted once here from the contacts stored so far; every later change keeps them in step
# (juror_app.models.derived, juror_app.models.totals — the same query as totals.rebuild).
FILL = """
INSERT INTO channel_total (participant_id, channel, edition_id, score_sum, scored, contacts)
SELECT assignment.participant_id, contact.channel, assignment.edition_id,
       coalesce(sum(CASE WHEN contact.status = 'approved' THEN contact.score END), 0.0),
       count(CASE WHEN contact.status = 'approved' THEN contact.score END), count(*)
FROM contact JOIN assignment ON contact.assignment_id = assignment.id
GROUP BY assignment.participant_id, contact.channel, assignment.edition_id
"""


def upgrade():
    op.create_table(
        'channel_total',
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('score_sum', sa.Double(), nullable=False),
        sa.Column('scored', sa.Integer(), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['edition_id'], ['edition.id'],
                                name=op.f('fk_channel_total_edition_id_edition')),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ondelete='CASCADE',
                                name=op.f('fk_channel_total_participant_id_participant')),
        sa.PrimaryKeyConstraint('participant_id', 'channel', name=op.f('pk_channel_total')),
    )
    op.create_index(op.f('ix_channel_total_edition_id'), 'channel_total', ['edition_id'])
    op.execute(FILL)


def downgrade():
    op.drop_index(op.f('ix_channel_total_edition_id'), table_name='channel_total')
    op.drop_table('channel_total')
