"""Checking an e-mail and password, in the same time whether the account exists or not.

An unknown address is checked against a dummy hash made with the same scrypt settings as
real ones, so the answer's timing does not tell which addresses have accounts.
"""
from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from juror_app.core.extensions import db
from juror_app.models import User


@cache
def dummy_hash() -> str:
    return generate_password_hash("no account has this password", method="scrypt")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def verify_password(user: User | None, password: str) -> bool:
    """One scrypt check either way; True only for a real user's right password."""
    if user is None:
        check_password_hash(dummy_hash(), password)
        return False
    return user.check_password(password)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same work in every case)."""
    user = find_user(email)
    if not verify_password(user, password) or not user.active:
        return None
    return user
