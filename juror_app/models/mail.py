"""What leaves the app: the mail outbox, set-password links, opt-outs, participants' links."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from juror_app.models.base import Base, UTCDateTime, utcnow
from juror_app.models.contest import Participant
from juror_app.models.people import User


class OutboxMail(Base):
    """One mail to send, written in the transaction of the action that causes it.

    `key` makes enqueueing idempotent (one row per invitation, per reminder and day…);
    the sender claims a row by a conditional UPDATE of `claimed_until`, so two senders
    never both take it.
    """

    __tablename__ = "outbox_mail"
    __table_args__ = (sa.Index("ix_outbox_mail_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user.id"), index=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_until: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    claim_token: Mapped[Optional[str]] = mapped_column(sa.String(32))
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")


class ResetRequest(Base):
    """A "forgot password" request, kept as it came: the mail sender turns it into a link
    for an account with that address, or drops it. The request itself writes the same row
    whether or not the address has an account, so its answer and its time say nothing
    about who is a juror (the mystery-client method depends on that)."""

    __tablename__ = "reset_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    base_url: Mapped[str] = mapped_column(sa.String(300))  # the site the link is for
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PasswordToken(Base):
    """A set-password link (invitation or reset); only the SHA-256 of its token is kept."""

    __tablename__ = "password_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))  # invite / reset
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when the link is used or replaced by a newer one: it never works again.
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class MailOptOut(Base):
    """A kind of notification the user turned off (everything is on by default)."""

    __tablename__ = "mail_opt_out"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))


class NotificationLog(Base):
    """Scheduled notices already given (reminder of one assignment for one due date…)."""

    __tablename__ = "notification_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ResultLink(Base):
    """A participant's private link to its results; the token is signed over id and nonce."""

    __tablename__ = "result_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participant.id"), index=True)
    nonce: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    participant: Mapped[Participant] = relationship()
