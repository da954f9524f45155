"""Wrong passwords counted per account and per address, in the database.

The database is the one store every worker and every app server shares even without
Redis (which is optional and may be down), so these counts hold under gunicorn -w N and
behind a balancer, and a coordinator's unlock is a plain DELETE. Flask-Limiter (Redis
when JUROR_RATELIMIT_STORAGE_URI says so) keeps its coarse per-address request limit.

An account is counted by the e-mail typed, existing or not, so a lock says nothing about
which addresses have accounts. Attempts refused by a lock are not counted again: an
attack on one juror locks that juror only, not everyone behind the same office NAT.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from juror_app.core.extensions import db
from juror_app.core.text import N_
from juror_app.models import LoginFailure, utcnow

ACCOUNT, ADDRESS = "account", "address"
ACCOUNT_LOCKED = N_("Zbyt wiele nieudanych prób logowania na to konto. Spróbuj ponownie za "
                    "%(minutes)d minut, ustaw nowe hasło przez „Nie pamiętam hasła” albo "
                    "poproś koordynatora o odblokowanie.")
ADDRESS_LOCKED = N_("Zbyt wiele nieudanych prób logowania z tej sieci. Spróbuj ponownie za "
                    "%(minutes)d minut.")
# Old rows deleted per recorded failure at most (see forget_stale).
STALE_BATCH = 200


def _window() -> timedelta:
    return timedelta(minutes=int(current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"]))


def _key(email: str) -> str:
    return email.strip().lower()[:254]


def failures(scope: str, key: str) -> int:
    return db.session.scalar(sa.select(sa.func.count(LoginFailure.id)).where(
        LoginFailure.scope == scope, LoginFailure.key == key,
        LoginFailure.at >= utcnow() - _window())) or 0


def refusal(email: str, address: str) -> tuple[str, int] | None:
    """(message, minutes) when this account or this address may not try now, else None."""
    config, minutes = current_app.config, int(current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    if failures(ACCOUNT, _key(email)) >= int(config["LOGIN_FAILURES_PER_ACCOUNT"]):
        return ACCOUNT_LOCKED, minutes
    if failures(ADDRESS, address or "?") >= int(config["LOGIN_FAILURES_PER_ADDRESS"]):
        return ADDRESS_LOCKED, minutes
    return None


def record_failure(email: str, address: str) -> None:
    """Count one wrong password (and forget some counts older than the window)."""
    now = utcnow()
    forget_stale(now - _window())
    db.session.add_all([LoginFailure(scope=ACCOUNT, key=_key(email), at=now),
                        LoginFailure(scope=ADDRESS, key=address or "?", at=now)])
    db.session.commit()


def forget_stale(before) -> int:
    """Delete up to STALE_BATCH rows older than the window, whatever their account or
    address, oldest first (cheap: ix_login_failure_at). Each failure adds two rows and
    may delete many more, so the table stays about one window's worth however many
    addresses or typed e-mails an attack uses, and no single login pays for a backlog."""
    stale = (sa.select(LoginFailure.id).where(LoginFailure.at < before)
             .order_by(LoginFailure.at).limit(STALE_BATCH))
    return db.session.execute(sa.delete(LoginFailure).where(LoginFailure.id.in_(stale))
                              .execution_options(synchronize_session=False)).rowcount


def unlock(email: str) -> int:
    """Forget the account's wrong passwords (a right one, or a coordinator); caller commits."""
    return db.session.execute(sa.delete(LoginFailure).where(
        LoginFailure.scope == ACCOUNT, LoginFailure.key == _key(email))).rowcount


def is_locked(email: str) -> bool:
    return failures(ACCOUNT, _key(email)) >= int(current_app.config["LOGIN_FAILURES_PER_ACCOUNT"])
