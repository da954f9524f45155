"""A device login as types: the request the API parses and the token it answers with.
The OpenAPI document is generated from them (plain: no Flask). The worked request the
document shows, and the tests send, sits below.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

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
