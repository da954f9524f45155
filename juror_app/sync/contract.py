"""A contact as the phone sends it: one typed value, parsed once (plain, no Flask).

Every later step — the canonical form and its hash, the rubric checks, writing the
record — reads this value; none of them looks at the raw JSON again. The same class
writes the request schema of PUT /contacts/{client_id} in the OpenAPI document.
"""
from __future__ import annotations

import math
import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WrapValidator,
)

from juror_app.core.text import N_, Message
from juror_app.core.typed import fail, parse, says
from juror_app.models.contest import CHANNELS
from juror_app.sync import positions
from juror_app.sync.positions import Position
from juror_app.sync.times import DeviceTime, Time

NOTES_MAX = 5000
# Far more than any rubric has criteria; a body with a million keys stops here, early.
MAX_KEYS = 100
# Ids are 32-bit integer columns on PostgreSQL; a larger number names nothing.
ID_MAX = 2**31 - 1

MISSING = {
    "assignment_id": N_("Podaj numer zadania (liczba całkowita)."),
    "channel": N_("Podaj kanał kontaktu."),
    "started_at": N_("Podaj czas rozpoczęcia kontaktu."),
    **positions.MISSING,
}


def _not_before_start(value: DeviceTime | None, info: ValidationInfo) -> DeviceTime | None:
    started = info.data.get("started_at")
    if value is not None and started is not None and value.utc < started.utc:
        raise fail(N_("Czas zakończenia nie może być wcześniejszy niż rozpoczęcia."))
    return value


def _channel(value: Any, handler) -> str:
    if not isinstance(value, str) or not value:
        raise fail(N_("Podaj kanał kontaktu."))
    try:
        return handler(value)
    except ValueError:
        raise fail(N_("Ten kanał nie należy do Twojego zadania dla tego uczestnika.")) from None


def numbers(not_an_object: str, not_a_number: str) -> Any:
    """Key → number or null, at most MAX_KEYS keys, finite numbers only."""

    def check(value: Any, handler):
        if not isinstance(value, dict):
            raise fail(not_an_object)
        if len(value) > MAX_KEYS:
            raise fail(Message(N_("Za dużo pozycji (najwyżej %(max)s)."), max=MAX_KEYS))
        if any(isinstance(v, float) and not math.isfinite(v) for v in value.values()):
            raise fail(N_("Wartości muszą być skończonymi liczbami."))
        return handler(value)

    number = Annotated[float | None, says(not_a_number)]
    return Annotated[dict[str, number], WrapValidator(check)]


def _same_contact(value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
    expected = (info.context or {}).get("client_id")
    if value is not None and expected is not None and value != expected:
        raise fail(N_("Identyfikator w treści różni się od identyfikatora w adresie."))
    return value


class ContactPayload(BaseModel):
    """Kontakt wysłany z telefonu (PUT /contacts/{client_id})."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, json_schema_extra={
        # Said in the schema too: a position belongs only to a visit (otherwise 422).
        "if": {"required": ["channel"],
               "properties": {"channel": {"not": {"enum": list(positions.POSITION_CHANNELS)}}}},
        "then": {"properties": {"position": {"type": "null"}}},
    })

    assignment_id: Annotated[int, Field(ge=1, le=ID_MAX),
                             says(N_("Podaj numer zadania (liczba całkowita)."))]
    channel: Annotated[Literal[CHANNELS], WrapValidator(_channel)]
    started_at: Time
    ended_at: Annotated[Time | None, AfterValidator(_not_before_start)] = None
    measurements: numbers(N_("Pomiary muszą być obiektem."), N_("Pomiar musi być liczbą.")
                          ) = Field(default_factory=dict, description=(
                              "Klucz pomiaru z kryteriów kanału → wartość."))
    scores: numbers(N_("Oceny muszą być obiektem (kryterium → punkty)."),
                    N_("Punkty muszą być liczbą.")) = Field(
        default_factory=dict, description="Kryterium → punkty; null = nie dotyczy. Kryteria "
                                          "z regułą są liczone z pomiarów.")
    notes: Annotated[str | None, Field(max_length=NOTES_MAX), says(
        N_("Notatki muszą być tekstem."),
        string_too_long=Message(N_("Notatki mogą mieć najwyżej %(max)s znaków."),
                                max=NOTES_MAX))] = ""
    position: Annotated[Position | None, WrapValidator(positions.only_on_visits), Field(
        description="Tylko kanał visit (inny kanał → 422); null lub brak pola = bez "
                    "położenia. Zmiana położenia to zmiana kontaktu.")] = None
    client_id: Annotated[uuid.UUID | None, Field(strict=False), AfterValidator(_same_contact), says(
        N_("Identyfikator w treści różni się od identyfikatora w adresie."))] = None


def parse_contact(body: Any, client_id: uuid.UUID | None = None) -> ContactPayload:
    """The body as a ContactPayload, or `Invalid` with every field's Polish message."""
    return parse(ContactPayload, body, missing=MISSING, unknown=positions.UNKNOWN,
                 context={"client_id": client_id})
