"""OpenAPI fragment: device tokens."""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from juror_app.api.spec_common import USER_EXAMPLE, errors, json_body
from juror_app.core.text import N_
from juror_app.core.typed import fail, says
from juror_app.sync.shapes import User

TOO_LONG = N_("Wartość jest za długa.")


def required(message: str):
    """A non-blank string of at most 254 characters; blank or not text reads `message`."""

    def not_blank(value: str) -> str:
        if not value.strip():
            raise fail(message)
        return value

    return Annotated[str, Field(min_length=1, max_length=254), AfterValidator(not_blank),
                     says(message, string_too_long=TOO_LONG)]


class TokenRequest(BaseModel):
    """Logowanie urządzenia: e-mail, hasło i nazwa urządzenia."""

    model_config = ConfigDict(strict=True, frozen=True)

    email: required(N_("Podaj e-mail."))
    password: required(N_("Podaj hasło."))
    device_name: Annotated[required(N_("Podaj nazwę urządzenia.")), Field(
        description="Nazwa urządzenia widoczna dla koordynatora.")]


MISSING = {"email": N_("Podaj e-mail."), "password": N_("Podaj hasło."),
           "device_name": N_("Podaj nazwę urządzenia.")}


class Token(BaseModel):
    token: Annotated[str, Field(description="Pokazywany tylko raz; wysyłaj jako "
                                            "`Authorization: Bearer <token>`.")]
    token_id: int
    device_name: str
    user: User


MODELS = (TokenRequest, Token)

TOKEN_REQUEST = {"email": "jurorka@example.org", "password": "correct-horse-42",
                 "device_name": "Telefon Anny (Android)"}

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
