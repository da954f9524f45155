"""Which device tokens this browser holds, so a page logout can end them too.

The offline app keeps its token in IndexedDB, out of the server's reach; a shared phone's
next juror must not inherit it. /app/token therefore also lists the token's id in a
signed, HttpOnly cookie of this browser. Logging out ends every token listed there;
logging in as someone else ends the other people's.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from juror_app.core.extensions import db
from juror_app.models import DeviceToken, utcnow

COOKIE = "juror_devices"
MAX_KEPT = 20
MAX_AGE = 400 * 86_400  # browsers cap cookie lifetimes at about 400 days


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="device-tokens")


def tokens_in_this_browser() -> list[int]:
    try:
        ids = _serializer().loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def remember(response: Response, token_id: int) -> None:
    ids = [i for i in tokens_in_this_browser() if i != token_id][-(MAX_KEPT - 1):]
    _set(response, [*ids, token_id])


def end_tokens_of_this_browser(response: Response, *, keep_user_id: int | None = None) -> int:
    """Revoke the tokens this browser holds (but those of `keep_user_id`); the caller commits."""
    ids = tokens_in_this_browser()
    if not ids:
        return 0
    ended = sa.update(DeviceToken).where(DeviceToken.id.in_(ids),
                                         DeviceToken.revoked_at.is_(None))
    if keep_user_id is not None:
        ended = ended.where(DeviceToken.user_id != keep_user_id)
    count = db.session.execute(ended.values(revoked_at=utcnow())).rowcount
    if keep_user_id is None:
        response.delete_cookie(COOKIE, path="/")
    else:
        kept = db.session.scalars(sa.select(DeviceToken.id).where(
            DeviceToken.id.in_(ids), DeviceToken.user_id == keep_user_id)).all()
        _set(response, sorted(kept))
    return count


def _set(response: Response, ids: list[int]) -> None:
    config = current_app.config
    response.set_cookie(COOKIE, _serializer().dumps(ids), max_age=MAX_AGE, path="/",
                        httponly=True, samesite="Lax", secure=config["SESSION_COOKIE_SECURE"])
