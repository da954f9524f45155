"""OpenAPI fragment: device tokens (types and the worked request in accounts.shapes)."""
from __future__ import annotations

from juror_app.accounts import shapes
from juror_app.accounts.shapes import TOKEN_REQUEST
from juror_app.api.spec_common import USER_EXAMPLE, errors, json_body

MODELS = shapes.MODELS

PATHS = {
    "/tokens": {
        "post": {
            "operationId": "createToken",
            "tags": ["tokens"],
            "summary": "Zaloguj urządzenie i otrzymaj długoterminowy token",
            "description": "Ograniczone jak logowanie (RATELIMIT_LOGIN): po przekroczeniu 429.",
            "security": [],
            "requestBody": {"required": True, **json_body("TokenRequest", TOKEN_REQUEST)},
            "responses": {
                "201": json_body("Token", {
                    "token": "pXq3v6Y2m1Yb0aJz8b4q2c3WcM6kP7e1s9tU0wQ5rTg",
                    "token_id": 12, "device_name": "Telefon Anny (Android)",
                    "user": USER_EXAMPLE}, "Token utworzony."),
                **errors(400, 401, 429, 422, fields={"password": "Podaj hasło."}),
            },
        }
    },
    "/tokens/current": {
        "delete": {
            "operationId": "revokeCurrentToken",
            "tags": ["tokens"],
            "summary": "Wyloguj to urządzenie (unieważnij token, którym wysłano żądanie)",
            "responses": {"204": {"description": "Token unieważniony."}, **errors(401)},
        }
    },
}
