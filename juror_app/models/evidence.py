"""What jurors bring back: contacts, their criterion scores and photos."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from juror_app.models.base import Base, UTCDateTime, str_enum, utcnow
from juror_app.models.contest import CHANNELS, Assignment
from juror_app.models.people import User


class ContactStatus(enum.StrEnum):
    # An e-mail or social-media message sent, its reply not in yet: on the server at once
    # (the send time is evidence), editable by the juror, not reviewable until completed.
    AWAITING_REPLY = "awaiting_reply"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"
    APPROVED = "approved"
    REJECTED = "rejected"


# A juror may still change a contact in these states; approved and rejected are locked.
EDITABLE_STATUSES = (ContactStatus.AWAITING_REPLY, ContactStatus.SUBMITTED,
                     ContactStatus.RETURNED, ContactStatus.RESUBMITTED)


# SQL of the partial indexes' conditions: the queue's and the ranking's WHERE must say the
# same (sorted, as review.rules.REVIEWABLE is sorted by the queue) for a planner to use them.
WAITING_SQL = "status IN ('resubmitted', 'submitted')"
APPROVED_SQL = "status = 'approved'"


class Contact(Base):
    """One incognito contact; `client_id` is made on the phone so retries never duplicate."""

    __tablename__ = "contact"
    __table_args__ = (
        sa.CheckConstraint(
            "channel IN (" + ", ".join(f"'{c}'" for c in CHANNELS) + ")", name="channel"
        ),
        # Partial indexes, so the planners cannot pick them for other statuses. The review
        # queue reads waiting contacts oldest receipt first: a page is a walk along this
        # index, not a sort of every waiting contact (the IN list as review.rules spells it).
        sa.Index("ix_contact_waiting", "received_at", "id", "assignment_id",
                 sqlite_where=sa.text(WAITING_SQL), postgresql_where=sa.text(WAITING_SQL)),
        # "All statuses" in the queue: the same order over every contact.
        sa.Index("ix_contact_received", "received_at", "id"),
        # One juror's contacts in the queue's order (the coordinator's "this juror" link):
        # a walk, not a sort of the juror's season; also the juror_id foreign key's index.
        sa.Index("ix_contact_juror", "juror_id", "received_at", "id"),
        # A juror's visit just before and after another (the travel and place flags, on
        # every visit's sync and contact page): a seek, not a sort of the juror's visits.
        sa.Index("ix_contact_juror_channel_started", "juror_id", "channel", "started_at"),
        # The ranking reads approved contacts' stored scores without touching the table.
        sa.Index("ix_contact_approved", "assignment_id", "channel", "score",
                 sqlite_where=sa.text(APPROVED_SQL), postgresql_where=sa.text(APPROVED_SQL)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, unique=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id"), index=True)
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))  # ix_contact_juror
    channel: Mapped[str] = mapped_column(sa.String(20))
    # Device times in UTC plus the device's UTC offset at that moment, in minutes.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_offset_minutes: Mapped[int] = mapped_column(default=0)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    ended_offset_minutes: Mapped[Optional[int]]
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    measurements: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Where the juror was at a visit, only with their consent (the phone's geolocation).
    latitude: Mapped[Optional[float]]
    longitude: Mapped[Optional[float]]
    position_accuracy_m: Mapped[Optional[float]]
    status: Mapped[ContactStatus] = mapped_column(
        str_enum(ContactStatus, 20), default=ContactStatus.SUBMITTED
    )
    review_comment: Mapped[str] = mapped_column(sa.Text, default="")
    # SHA-256 of the canonical payload, to tell an identical resend from a change.
    payload_hash: Mapped[str] = mapped_column(sa.String(64))
    rubric_version: Mapped[Optional[int]]
    # Step 1 of the ranking's method, kept in step with the criterion rows by
    # juror_app.models.derived on every flush; NULL when every criterion is N/A.
    score: Mapped[Optional[float]]
    # Anomaly flags (evidence/anomalies.py) as [{code, text, params}], kept fresh after each
    # sync; flag_count lets the review queue filter on them in SQL.
    flags: Mapped[Optional[list[dict[str, Any]]]] = mapped_column(sa.JSON, default=list)
    flag_count: Mapped[int] = mapped_column(default=0, server_default="0")

    assignment: Mapped[Assignment] = relationship()
    juror: Mapped[User] = relationship()
    scores: Mapped[list[CriterionScore]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="CriterionScore.id"
    )
    photos: Mapped[list[Photo]] = relationship(back_populates="contact", order_by="Photo.id")

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class CriterionScore(Base):
    """Points for one rubric criterion; NULL points means N/A (removes the possible points)."""

    __tablename__ = "criterion_score"
    __table_args__ = (sa.UniqueConstraint("contact_id", "criterion_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("contact.id"), index=True)
    criterion_key: Mapped[str] = mapped_column(sa.String(60))
    points: Mapped[Optional[float]]
    max_points: Mapped[float]
    weight: Mapped[float] = mapped_column(default=1.0)

    contact: Mapped[Contact] = relationship(back_populates="scores")


class Photo(Base):
    """Photo evidence; the received bytes' hash is kept, derivatives carry no metadata."""

    __tablename__ = "photo"
    # The duplicate-photo flag (evidence/flags.py) asks which other contacts hold a photo
    # with these hashes on every sync and contact page: a seek, not a scan of every photo.
    __table_args__ = (sa.Index("ix_photo_sha256", "sha256", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, unique=True)
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("contact.id"), index=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    # The SHA-256 the phone computed at capture and sent (Repr-Digest), kept beside the
    # server's own: equal whenever present (a mismatch is refused); NULL when none came.
    client_sha256: Mapped[Optional[str]] = mapped_column(sa.String(64))
    # SHA-256 of the display copy as written at upload, so an archive's display file can
    # be checked against what was stored then, not only against its own manifest.
    display_sha256: Mapped[Optional[str]] = mapped_column(sa.String(64))
    content_type: Mapped[str] = mapped_column(sa.String(40))
    byte_size: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    captured_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    latitude: Mapped[Optional[float]]
    longitude: Mapped[Optional[float]]
    # What else the device or EXIF said (camera, original offset, source of each field).
    meta: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # Relative to MEDIA_DIR; the files themselves are written atomically.
    storage_key: Mapped[str] = mapped_column(sa.String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contact: Mapped[Contact] = relationship(back_populates="photos")
