"""Device tokens: made once, shown once, stored only as a SHA-256 hash.

A token works while it is not revoked, its user is active and has not ended every login
since it was issued (`generation`), and it was used within TOKEN_IDLE_DAYS. Its last use
is written at most every TOKEN_TOUCH_SECONDS, in a short transaction of its own: a read or an
identical resend must not take the database's write lock for the whole request.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from juror_app.core.extensions import db
from juror_app.core.text import N_
from juror_app.models import DeviceToken, Role, User, utcnow

IDLE_MESSAGE = N_("To urządzenie nie łączyło się przez ponad %(days)d dni i zostało wylogowane. "
                  "Zaloguj się ponownie — niewysłane zapisy czekają w telefonie.")
ENDED_MESSAGE = N_("Sesja tego urządzenia wygasła lub została cofnięta. Zaloguj się ponownie.")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, device_name: str) -> tuple[str, DeviceToken]:
    """Create a token for the user's device; the caller commits."""
    token = secrets.token_urlsafe(32)
    row = DeviceToken(user=user, device_name=device_name, token_hash=hash_token(token),
                      generation=user.token_generation)
    db.session.add(row)
    return token, row


@dataclass(frozen=True)
class Caller:
    """The token's user as far as every API request needs it: who, which role, which
    language, and the name and address the work list shows. The User entity itself is
    loaded only by the views that need more (accounts.access.principal)."""

    id: int
    role: Role
    locale: str
    email: str
    name: str


@dataclass(frozen=True)
class Bearer:
    """Who a bearer header speaks for; `caller` None with the reason (a message) why not."""

    caller: Caller | None
    problem: str | None = None
    idle_days: int = 0


def bearer_token(header: str) -> str | None:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


# The token's row with its user's in one read: every API request starts here. Plain columns,
# no entity: loading the User as an ORM object cost about 60 µs of a 1.3 ms resend, for
# five of its columns (accounts.access loads it when a view needs more). Built once: composing
# the statement cost about as much as running it.
USER, TOKEN = User.__table__, DeviceToken.__table__
TOKEN_WITH_USER = (sa.select(USER.c.id, USER.c.role, USER.c.locale, USER.c.email,
                             USER.c.name, USER.c.active, USER.c.token_generation,
                             TOKEN.c.id.label("token_id"),
                             TOKEN.c.revoked_at, TOKEN.c.generation, TOKEN.c.last_used_at,
                             TOKEN.c.created_at)
                   .join(TOKEN, TOKEN.c.user_id == USER.c.id)
                   .where(TOKEN.c.token_hash == sa.bindparam("token_hash")))


def authenticate_bearer(header: str) -> Bearer:
    """Check the token of an `Authorization` header."""
    token = bearer_token(header)
    if token is None:
        return Bearer(None)
    row = db.session.connection().execute(
        TOKEN_WITH_USER, {"token_hash": hash_token(token)}).first()
    if row is None or is_ended(row) or not row.active:
        return Bearer(None, ENDED_MESSAGE)
    now = utcnow()
    idle_days = int(current_app.config["TOKEN_IDLE_DAYS"])
    if (row.last_used_at or row.created_at) < now - timedelta(days=idle_days):
        return Bearer(None, IDLE_MESSAGE, idle_days)
    touch_every = timedelta(seconds=int(current_app.config["TOKEN_TOUCH_SECONDS"]))
    if row.last_used_at is None or row.last_used_at < now - touch_every:
        record_use(row.token_id, now)
    return Bearer(Caller(row.id, row.role, row.locale, row.email, row.name))


def is_ended(row) -> bool:
    """Revoked, or issued before its user ended every login (the user's generation moved
    on from the token's)."""
    return row.revoked_at is not None or row.generation != row.token_generation


def record_use(token_id: int, now) -> None:
    """Write the last use and commit at once, before the request does anything else.

    Nothing else is pending this early in the request, so this is a transaction of its
    own: the write lock is held for one UPDATE, and a later rollback does not undo it.
    (A second connection would do too, but doubles the pool a burst of requests needs.)
    """
    db.session.execute(sa.update(DeviceToken).where(DeviceToken.id == token_id)
                       .values(last_used_at=now))
    db.session.commit()
