"""Set-password links: random, stored as SHA-256, single use, expiring. No Flask here.

A new link for a user ends the ones before it, using a link ends it, and the use is a
conditional UPDATE (ended_at IS NULL) so two tabs racing on one link cannot both win.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.models import PasswordToken, User, utcnow

LIFETIMES = {"invite": timedelta(days=7), "reset": timedelta(days=1)}
# "Forgot password" sends at most one link per address in this time, whoever asks: the
# per-address cap the per-IP rate limit cannot give (a mailbox is not flooded from many IPs).
RESET_PAUSE = timedelta(minutes=5)


class LinkRefused(Exception):
    """unknown (never issued or forged), used (or replaced by a newer one), expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class IssuedLink:
    token: str
    expires_at: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, user: User, purpose: str) -> IssuedLink:
    """A fresh link for the user; any earlier link still open stops working."""
    now = utcnow()
    session.execute(sa.update(PasswordToken)
                    .where(PasswordToken.user_id == user.id, PasswordToken.ended_at.is_(None))
                    .values(ended_at=now).execution_options(synchronize_session=False))
    token = secrets.token_urlsafe(32)
    expires = now + LIFETIMES[purpose]
    session.add(PasswordToken(user_id=user.id, purpose=purpose, token_hash=hash_token(token),
                              created_at=now, expires_at=expires))
    return IssuedLink(token, expires)


def recently_sent(session: Session, user: User) -> bool:
    since = utcnow() - RESET_PAUSE
    return session.scalar(sa.select(PasswordToken.id).where(
        PasswordToken.user_id == user.id, PasswordToken.purpose == "reset",
        PasswordToken.created_at > since).limit(1)) is not None


def check(session: Session, token: str) -> PasswordToken:
    """The live link for this token, or LinkRefused saying why not."""
    row = session.scalar(sa.select(PasswordToken)
                         .where(PasswordToken.token_hash == hash_token(token)))
    if row is None or not row.user.active:
        raise LinkRefused("unknown")
    if row.ended_at is not None:
        raise LinkRefused("used")
    if row.expires_at <= utcnow():
        raise LinkRefused("expired")
    return row


def use(session: Session, token: str) -> User:
    """End the link and return its user; only one caller ever gets past this."""
    row = check(session, token)
    won = session.execute(sa.update(PasswordToken)
                          .where(PasswordToken.id == row.id, PasswordToken.ended_at.is_(None))
                          .values(ended_at=utcnow())
                          .execution_options(synchronize_session=False)).rowcount
    if won != 1:
        raise LinkRefused("used")
    return row.user
