"""photo sha256 index: the duplicate-photo flag's look-up by hash

Revision ID: 0011_photo_sha256_index
Revises: 0010_photo_digests
Create Date: 2026-12-06 18:40:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_photo_sha256_index'
down_revision = '0010_photo_digests'
branch_labels = None
depends_on = None


def upgrade():
    # (sha256, contact_id) answers the flag's "other contacts with these hashes" from the
    # index alone, on both databases.
    op.create_index('ix_photo_sha256', 'photo', ['sha256', 'contact_id'])


def downgrade():
    op.drop_index('ix_photo_sha256', table_name='photo')
