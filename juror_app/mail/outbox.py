"""The outbox: mails are rows first, sent later by whoever claims them. No Flask here.

Enqueueing joins the caller's transaction (the decision and its mail commit together or
not at all). Sending claims one row at a time with a conditional UPDATE that only one
sender can win — plus FOR UPDATE SKIP LOCKED on PostgreSQL so senders do not queue
behind each other's locks — then marks it sent, or schedules a retry with backoff.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.mail.rules import CLAIM_LEASE, retry_delay
from juror_app.mail.transport import Outgoing, Transport
from juror_app.models import OutboxMail, utcnow

ERROR_KEPT = 500  # characters of the last SMTP error kept for the coordinator


def enqueue(session: Session, *, key: str, kind: str, recipient: str, subject: str,
            body: str, user_id: int | None = None) -> OutboxMail | None:
    """Add a mail to the caller's transaction, unless one with this key exists already."""
    if not recipient:
        return None
    if session.scalar(sa.select(OutboxMail.id).where(OutboxMail.key == key)) is not None:
        return None
    row = OutboxMail(key=key, kind=kind, recipient=recipient, subject=subject, body=body,
                     user_id=user_id, next_attempt_at=utcnow())
    session.add(row)
    return row


def _due(now: datetime):
    return sa.and_(OutboxMail.sent_at.is_(None), OutboxMail.next_attempt_at <= now,
                   sa.or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now))


def claim_one(session: Session) -> tuple[int, str] | None:
    """Claim the oldest due mail for this sender: (id, claim token), or None."""
    now = utcnow()
    query = sa.select(OutboxMail.id).where(_due(now)).order_by(OutboxMail.id).limit(5)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    for mail_id in session.scalars(query).all():
        token = secrets.token_hex(16)
        won = session.execute(
            sa.update(OutboxMail).where(OutboxMail.id == mail_id, _due(now))
            .values(claimed_until=now + CLAIM_LEASE, claim_token=token)
            .execution_options(synchronize_session=False)).rowcount
        if won == 1:
            session.commit()
            return mail_id, token
    session.commit()
    return None


@dataclass
class Pass:
    sent: int = 0
    failed: int = 0


def send_one(session: Session, transport: Transport, claimed: tuple[int, str]) -> bool:
    """Send a claimed mail; True if the server accepted it."""
    mail_id, token = claimed
    row = session.get(OutboxMail, mail_id)
    outgoing = Outgoing(key=row.key, recipient=row.recipient, subject=row.subject,
                        body=row.body)
    session.commit()  # no transaction stays open during the SMTP conversation
    mine = sa.and_(OutboxMail.id == mail_id, OutboxMail.claim_token == token)
    try:
        transport.send(outgoing)
    except Exception as error:  # any SMTP or network failure: retry later
        attempts = row.attempts + 1
        session.execute(sa.update(OutboxMail).where(mine).values(
            attempts=attempts, claimed_until=None, claim_token=None,
            next_attempt_at=utcnow() + retry_delay(attempts),
            last_error=f"{type(error).__name__}: {error}"[:ERROR_KEPT]))
        session.commit()
        return False
    session.execute(sa.update(OutboxMail).where(mine).values(
        sent_at=utcnow(), attempts=row.attempts + 1, claimed_until=None, last_error=""))
    session.commit()
    return True


def send_due(session: Session, transport: Transport, limit: int = 100,
             should_stop: Callable[[], bool] = lambda: False) -> Pass:
    """One pass: send every due mail (at most `limit`), each at most once."""
    result = Pass()
    while result.sent + result.failed < limit and not should_stop():
        claimed = claim_one(session)
        if claimed is None:
            break
        if send_one(session, transport, claimed):
            result.sent += 1
        else:
            result.failed += 1
    return result


def pending_count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)
                          .where(OutboxMail.sent_at.is_(None))) or 0
