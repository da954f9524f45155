"""Users, their roles and their device tokens."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from juror_app.models.base import Base, UTCDateTime, str_enum, utcnow


class Role(enum.StrEnum):
    JUROR = "juror"
    COORDINATOR = "coordinator"
    EXPERT = "expert"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(str_enum(Role, 20))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="pl")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped to end every browser session of the user (it is part of the session's user
    # id); `token_generation` likewise ends every device token issued before the bump.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    token_generation: Mapped[int] = mapped_column(default=1, server_default="1")

    tokens: Mapped[list[DeviceToken]] = relationship(back_populates="user")

    # The four members Flask-Login asks of a user, written out so that the models stay
    # plain SQLAlchemy (its UserMixin would pull Flask into every rules module).
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """Flask-Login keeps this in the session: an old version no longer loads the user."""
        return f"{self.id}:{self.session_version}"

    def end_all_access(self) -> None:
        """Every session, device token and open set-password link of the user stops working
        (the caller commits) — a link mailed before a deactivation must not work again
        after a reactivation."""
        self.session_version = (self.session_version or 1) + 1
        self.token_generation = (self.token_generation or 1) + 1
        for token in self.tokens:  # shown as revoked in the coordinator's device list
            token.revoked_at = token.revoked_at or utcnow()
        session = object_session(self)
        if session is not None and self.id is not None:
            from juror_app.models.mail import PasswordToken  # models.mail imports this one

            session.execute(sa.update(PasswordToken)
                            .where(PasswordToken.user_id == self.id,
                                   PasswordToken.ended_at.is_(None))
                            .values(ended_at=utcnow())
                            .execution_options(synchronize_session=False))

    def set_password(self, password: str) -> None:
        # Werkzeug's default method is scrypt. A new password ends every old login, however
        # it was changed (coordinator, command line, a reset link).
        self.password_hash = generate_password_hash(password, method="scrypt")
        if self.id is not None:
            self.end_all_access()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class DeviceToken(Base):
    """A long-lived API token for one device; only its SHA-256 is stored."""

    __tablename__ = "device_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    device_name: Mapped[str] = mapped_column(sa.String(120))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # The user's token_generation when issued; a later bump ends this token.
    generation: Mapped[int] = mapped_column(default=1, server_default="1")

    user: Mapped[User] = relationship(back_populates="tokens")


class LoginFailure(Base):
    """One wrong password, counted per account and per address (see accounts/throttle.py)."""

    __tablename__ = "login_failure"
    # The second index serves the bounded delete of rows older than the window.
    __table_args__ = (sa.Index("ix_login_failure_scope_key_at", "scope", "key", "at"),
                      sa.Index("ix_login_failure_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(sa.String(10))
    key: Mapped[str] = mapped_column(sa.String(254))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
