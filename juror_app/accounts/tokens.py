"""Device tokens: made once, shown once, stored only as a SHA-256 hash."""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import DeviceToken, User, utcnow


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, device_name: str) -> tuple[str, DeviceToken]:
    """Create a token for the user's device; the caller commits."""
    token = secrets.token_urlsafe(32)
    row = DeviceToken(user=user, device_name=device_name, token_hash=hash_token(token))
    db.session.add(row)
    return token, row


def user_for_bearer(header: str) -> User | None:
    """The active user owning a live token, or None."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    row = db.session.scalar(
        sa.select(DeviceToken).where(
            DeviceToken.token_hash == hash_token(token.strip()),
            DeviceToken.revoked_at.is_(None),
        )
    )
    if row is None or not row.user.active:
        return None
    row.last_used_at = utcnow()
    return row.user
