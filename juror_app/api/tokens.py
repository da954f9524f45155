"""Device tokens: a phone logs in once and syncs with a bearer token from then on."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, request

from juror_app.accounts.access import public, signed_in
from juror_app.accounts.tokens import hash_token, issue_token
from juror_app.api.blueprint import bp
from juror_app.api.responses import ApiError, invalid, json_body
from juror_app.core.extensions import db, limiter
from juror_app.core.text import N_
from juror_app.models import DeviceToken, User, utcnow
from juror_app.sync.serializers import user_json


def login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def credential_errors(body: object) -> dict[str, str]:
    """Field errors of a token request: e-mail, password and a device name are required."""
    if not isinstance(body, dict):
        return {"body": N_("Treść żądania musi być obiektem JSON.")}
    errors = {}
    missing = {"email": N_("Podaj e-mail."), "password": N_("Podaj hasło."),
               "device_name": N_("Podaj nazwę urządzenia.")}
    for field, message in missing.items():
        value = body.get(field)
        if not isinstance(value, str) or not value.strip():
            errors[field] = message
        elif len(value) > 254:
            errors[field] = N_("Wartość jest za długa.")
    return errors


@bp.route("/tokens", methods=["POST"])
@limiter.limit(login_limit)
@public
def create_token():
    """Exchange e-mail and password for a long-lived device token (shown only once)."""
    body = json_body()
    errors = credential_errors(body)
    if errors:
        raise invalid(errors)
    email = body["email"].strip().lower()
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None or not user.check_password(body["password"]) or not user.active:
        raise ApiError(401, N_("Nieprawidłowy e-mail lub hasło albo konto jest nieaktywne."))
    token, row = issue_token(user, body["device_name"].strip()[:120])
    db.session.commit()
    return jsonify(token=token, token_id=row.id, device_name=row.device_name,
                   user=user_json(user)), 201


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
