"""kept counts: approved scores per participant × channel, contacts per task × channel × status

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
# (juror_app.models.derived, juror_app.models.totals — the same queries as totals.rebuild).
CHANNEL_TOTALS = """
INSERT INTO channel_total (participant_id, channel, edition_id, score_sum, scored)
SELECT assignment.participant_id, contact.channel, assignment.edition_id,
       sum(contact.score), count(contact.score)
FROM contact JOIN assignment ON contact.assignment_id = assignment.id
WHERE contact.status = 'approved' AND contact.score IS NOT NULL
GROUP BY assignment.participant_id, contact.channel, assignment.edition_id
"""
TASK_COUNTS = """
INSERT INTO task_count (assignment_id, channel, status, edition_id, contacts)
SELECT contact.assignment_id, contact.channel, contact.status, assignment.edition_id, count(*)
FROM contact JOIN assignment ON contact.assignment_id = assignment.id
GROUP BY contact.assignment_id, contact.channel, contact.status, assignment.edition_id
"""


def upgrade():
    op.create_table(
        'channel_total',
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('score_sum', sa.Double(), nullable=False),
        sa.Column('scored', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['edition_id'], ['edition.id'],
                                name=op.f('fk_channel_total_edition_id_edition')),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ondelete='CASCADE',
                                name=op.f('fk_channel_total_participant_id_participant')),
        sa.PrimaryKeyConstraint('participant_id', 'channel', name=op.f('pk_channel_total')),
    )
    op.create_index(op.f('ix_channel_total_edition_id'), 'channel_total', ['edition_id'])
    op.create_table(
        'task_count',
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], ondelete='CASCADE',
                                name=op.f('fk_task_count_assignment_id_assignment')),
        sa.ForeignKeyConstraint(['edition_id'], ['edition.id'],
                                name=op.f('fk_task_count_edition_id_edition')),
        sa.PrimaryKeyConstraint('assignment_id', 'channel', 'status',
                                name=op.f('pk_task_count')),
    )
    op.create_index(op.f('ix_task_count_edition_id'), 'task_count', ['edition_id'])
    op.execute(CHANNEL_TOTALS)
    op.execute(TASK_COUNTS)


def downgrade():
    op.drop_index(op.f('ix_task_count_edition_id'), table_name='task_count')
    op.drop_table('task_count')
    op.drop_index(op.f('ix_channel_total_edition_id'), table_name='channel_total')
    op.drop_table('channel_total')
