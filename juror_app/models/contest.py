"""The contest's set-up: editions, rubrics, participants, assignments, distinctions."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship, validates

from juror_app.core.text import fold
from juror_app.models.base import Base, UTCDateTime, str_enum, utcnow
from juror_app.models.people import User


def new_results_version() -> str:
    return uuid.uuid4().hex


CHANNELS = ("visit", "phone", "email", "social_media", "website")


class Category(enum.StrEnum):
    """Who may take part, in the announcement's words."""

    GMINA = "gmina"
    POWIAT = "powiat"
    SAMORZAD_WOJEWODZTWA = "samorzad_wojewodztwa"
    URZAD = "urzad_administracji_publicznej"
    INSTYTUCJA_KULTURY = "instytucja_kultury"
    SPOLKA_KOMUNALNA = "spolka_komunalna"
    SPOLDZIELNIA_WSPOLNOTA = "spoldzielnia_wspolnota"
    INNA = "inna_organizacja"


class EditionStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    FROZEN = "frozen"
    PUBLISHED = "published"


class Edition(Base):
    __tablename__ = "edition"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    year: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    applications_until: Mapped[Optional[date]]
    # Share of the possible points (0–100) a participant needs for the licence.
    licence_threshold: Mapped[float] = mapped_column(default=75.0)
    status: Mapped[EditionStatus] = mapped_column(
        str_enum(EditionStatus, 20), default=EditionStatus.OPEN
    )
    published_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A fresh random token whenever something the ranking shows changes (an approval, a
    # return, a rubric, a distinction, a participant; juror_app.models.derived): a cached
    # ranking is keyed by it, so it is never stale — not even after a restore.
    results_version: Mapped[str] = mapped_column(sa.String(32), default=new_results_version,
                                                 server_default="0")

    participants: Mapped[list[Participant]] = relationship(back_populates="edition")
    rubrics: Mapped[list[Rubric]] = relationship(
        back_populates="edition", order_by="Rubric.version"
    )
    # The newest version alone: every contact PUT, the ranking and the work list need only
    # it, and loading every version (each up to 256 kB of JSON) made a new contact's PUT
    # 20 % slower with ten versions. Read-only: versions are added through `rubrics`.
    newest_rubric: Mapped[Optional[Rubric]] = relationship(
        viewonly=True, uselist=False, primaryjoin=lambda: _newest_rubric_join()
    )

    @property
    def rubric(self) -> Optional[Rubric]:
        """The edition's current rubric: its newest version — from the versions when they
        are loaded (a version added in this session counts), else read alone."""
        if "rubrics" in self.__dict__:
            return self.rubrics[-1] if self.rubrics else None
        return self.newest_rubric

    def rubric_scored_with(self, version: int | None) -> Optional[Rubric]:
        """The version a contact was scored with (the newest when unknown or gone); the
        older versions are read only for a contact scored with one of them."""
        newest = self.rubric
        if newest is None or version in (None, newest.version):
            return newest
        return next((r for r in self.rubrics if r.version == version), newest)

    @property
    def is_locked(self) -> bool:
        return self.status in (EditionStatus.FROZEN, EditionStatus.PUBLISHED)


class Rubric(Base):
    """One version of an edition's rubric; the JSON is validated by juror_app.rubric."""

    __tablename__ = "rubric"
    __table_args__ = (sa.UniqueConstraint("edition_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("edition.id"), index=True)
    version: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("user.id"))

    edition: Mapped[Edition] = relationship(back_populates="rubrics")


def _newest_rubric_join() -> sa.ColumnElement[bool]:
    """The edition's rubric with no later version of the same edition."""
    later = aliased(Rubric)
    return sa.and_(Rubric.edition_id == Edition.id,
                   ~sa.exists().where(later.edition_id == Rubric.edition_id,
                                      later.version > Rubric.version))


class Participant(Base):
    __tablename__ = "participant"
    __table_args__ = (sa.UniqueConstraint("edition_id", "name", "city"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("edition.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[Category] = mapped_column(str_enum(Category, 40))
    voivodeship: Mapped[str] = mapped_column(sa.String(40), default="")
    city: Mapped[str] = mapped_column(sa.String(80), default="")
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    postal_code: Mapped[str] = mapped_column(sa.String(10), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    # {"facebook": "https://…", "instagram": "…"}
    social_profiles: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    # Where the participant is (optional): visits and photos far from it are flagged.
    latitude: Mapped[Optional[float]]
    longitude: Mapped[Optional[float]]
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Name and city folded (core.text.fold), kept in step by _refold: what search matches.
    search_text: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")

    edition: Mapped[Edition] = relationship(back_populates="participants")
    assignments: Mapped[list[Assignment]] = relationship(back_populates="participant")

    @validates("name", "city")
    def _refold(self, key: str, value: str) -> str:
        name = value if key == "name" else self.name
        city = value if key == "city" else self.city
        self.search_text = fold(f"{name or ''} {city or ''}")
        return value


class Assignment(Base):
    """A juror's task: contact this participant through these channels by this date."""

    __tablename__ = "assignment"
    # A participant belongs to one edition, so this is "once per juror per edition".
    __table_args__ = (sa.UniqueConstraint("participant_id", "juror_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("edition.id"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participant.id"), index=True)
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    channels: Mapped[list[str]] = mapped_column(sa.JSON)
    due_on: Mapped[Optional[date]]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="assignments")
    juror: Mapped[User] = relationship()
    edition: Mapped[Edition] = relationship()


class ConflictOfInterest(Base):
    """A juror's declaration that they cannot judge a participant impartially."""

    __tablename__ = "conflict_of_interest"
    __table_args__ = (sa.UniqueConstraint("juror_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participant.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    juror: Mapped[User] = relationship()
    participant: Mapped[Participant] = relationship()


class DistinctionKind(enum.StrEnum):
    STATUETTE = "statuette"
    EXTRAORDINARY = "extraordinary"


class Distinction(Base):
    """A statuette or extraordinary distinction awarded by an expert."""

    __tablename__ = "distinction"
    __table_args__ = (sa.UniqueConstraint("participant_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("edition.id"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participant.id"), index=True)
    kind: Mapped[DistinctionKind] = mapped_column(
        str_enum(DistinctionKind, 20)
    )
    justification: Mapped[str] = mapped_column(sa.Text)
    expert_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship()
    expert: Mapped[User] = relationship()
