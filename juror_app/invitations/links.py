"""Set-password links: random, stored as SHA-256, single use, expiring. No Flask here.

A link a coordinator sends ends the ones before it; one asked for through "forgot
password" does not (anyone can ask for anyone: ending the juror's open invitation would let
a stranger keep killing their links). Using a link ends it and every other open link of
the user, and the use is a conditional UPDATE (ended_at IS NULL) so two tabs racing on
one link cannot both win.
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
RESETS_PER_DAY = 3  # and at most this many a day: a stranger cannot fill a mailbox


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


def issue(session: Session, user: User, purpose: str, *, replace: bool = True) -> IssuedLink:
    """A fresh link for the user; with `replace`, any earlier link still open stops
    working (a coordinator's new invitation), without it they stay (an anonymous request)."""
    now = utcnow()
    if replace:
        end_open_links(session, user.id, now)
    token = secrets.token_urlsafe(32)
    expires = now + LIFETIMES[purpose]
    session.add(PasswordToken(user_id=user.id, purpose=purpose, token_hash=hash_token(token),
                              created_at=now, expires_at=expires))
    return IssuedLink(token, expires)


def end_open_links(session: Session, user_id: int, now: datetime) -> None:
    session.execute(sa.update(PasswordToken)
                    .where(PasswordToken.user_id == user_id, PasswordToken.ended_at.is_(None))
                    .values(ended_at=now).execution_options(synchronize_session=False))


def recently_sent(session: Session, user: User) -> bool:
    """A reset link went out in the last RESET_PAUSE, or RESETS_PER_DAY in a day."""
    now = utcnow()
    sent = session.scalars(sa.select(PasswordToken.created_at).where(
        PasswordToken.user_id == user.id, PasswordToken.purpose == "reset",
        PasswordToken.created_at > now - timedelta(days=1))).all()
    return len(sent) >= RESETS_PER_DAY or any(at > now - RESET_PAUSE for at in sent)


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
    end_open_links(session, row.user_id, utcnow())  # the others: their job is done
    return row.user
