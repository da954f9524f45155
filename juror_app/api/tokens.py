"""Device tokens: a phone logs in once and syncs with a bearer token from then on."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, request

from juror_app.accounts import throttle
from juror_app.accounts.access import public, signed_in
from juror_app.accounts.credentials import authenticate
from juror_app.accounts.shapes import MISSING, Token, TokenRequest
from juror_app.accounts.tokens import hash_token, issue_token
from juror_app.api.blueprint import bp
from juror_app.api.responses import ApiError, json_body
from juror_app.core.extensions import db, limiter
from juror_app.core.text import N_, Message
from juror_app.core.typed import parse
from juror_app.models import DeviceToken, utcnow
from juror_app.sync.serializers import user_fields


def login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/tokens", methods=["POST"])
@limiter.limit(login_limit, deduct_when=lambda response: response.status_code == 401)
@public
def create_token():
    """Exchange e-mail and password for a long-lived device token (shown only once)."""
    body = parse(TokenRequest, json_body(), missing=MISSING)
    locked = throttle.refusal(body.email, request.remote_addr)
    if locked:
        raise ApiError(429, Message(locked[0], minutes=locked[1]))
    user = authenticate(body.email, body.password)
    if user is None:
        throttle.record_failure(body.email, request.remote_addr)
        raise ApiError(401, N_("Nieprawidłowy e-mail lub hasło albo konto jest nieaktywne."))
    throttle.unlock(user.email)
    token, row = issue_token(user, body.device_name.strip()[:120])
    db.session.commit()
    return jsonify(Token(token=token, token_id=row.id, device_name=row.device_name,
                         user=user_fields(user)).model_dump()), 201


@bp.route("/tokens/current", methods=["DELETE"])
@signed_in
def revoke_current_token():
    """Log this device out: its token stops working at once."""
    _, _, token = request.headers.get("Authorization", "").partition(" ")
    row = db.session.scalar(
        sa.select(DeviceToken).where(DeviceToken.token_hash == hash_token(token.strip()))
    )
    row.revoked_at = utcnow()
    db.session.commit()
    return "", 204
