"""Input parsed once into typed values, with a Polish message per field (plain: no Flask).

pydantic v2 does the parsing: it validates in compiled code, gives typed, immutable values
to every later step, and writes the JSON Schema that the OpenAPI document serves, so the
checks and the published contract are one thing (msgspec is as fast but its JSON Schema
cannot carry our conditionals and examples; dataclasses would need a hand-written schema).

A field says in Polish what is wrong with it: `says(message)` turns any failure of the
field's own check into that message; `fail(message)` raises one from a custom check. Both
keep `text.Message` objects (with placeholders) so the API translates them when it answers.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError, WrapValidator
from pydantic_core import PydanticCustomError

from juror_app.core.text import N_, Message

POLISH = "polish"
NOT_AN_OBJECT = N_("Treść żądania musi być obiektem JSON.")
UNKNOWN_FIELDS = N_("Nieznane pola: %(fields)s.")
FALLBACK = N_("Nieprawidłowa wartość.")
# At most this many field messages in one answer: a hostile body cannot make a huge reply.
MAX_FIELD_ERRORS = 50

Model = TypeVar("Model", bound=BaseModel)


class Invalid(ValueError):
    """The input did not parse: {field: Polish message}, field as `a.b` (or `body`)."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(fields)
        self.fields = fields


def fail(message: str) -> PydanticCustomError:
    """An error carrying a Polish message (a `Message` stays one: ctx keeps the object)."""
    return PydanticCustomError(POLISH, "{message}", {"message": message})


def says(message: str, **by_type: str) -> WrapValidator:
    """Any failure of the wrapped check reads as `message` (or as by_type[pydantic type])."""

    def wrap(value: Any, handler):
        try:
            return handler(value)
        except ValidationError as exc:
            kinds = {e["type"] for e in exc.errors()}
            chosen = next((by_type[k] for k in by_type if k in kinds), message)
            raise fail(chosen) from None

    return WrapValidator(wrap)


def _message(error: Mapping[str, Any], missing: Mapping[str, str]) -> str:
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == POLISH:
        return error["ctx"]["message"]
    if error["type"] == "missing":
        return missing.get(key, FALLBACK)
    if error["type"] in ("model_type", "dict_type") and not error["loc"]:
        return NOT_AN_OBJECT
    return FALLBACK


def field_errors(exc: ValidationError, missing: Mapping[str, str],
                 unknown: Mapping[str, str]) -> dict[str, str]:
    """pydantic's errors as {field: Polish message}; unknown keys listed per object.

    `missing` names the message for an absent required field, `unknown` the message (with
    `%(fields)s`) for extra keys inside an object ("" = the body itself, under `body`).
    """
    errors: dict[str, str] = {}
    extra: dict[str, list[str]] = {}
    for error in exc.errors():
        loc = error["loc"]
        if error["type"] == "extra_forbidden":
            extra.setdefault(".".join(str(p) for p in loc[:-1]), []).append(str(loc[-1]))
            continue
        key = ".".join(str(part) for part in loc) or "body"
        errors.setdefault(key, _message(error, missing))
    for parent, names in extra.items():
        errors.setdefault(parent or "body", Message(unknown.get(parent, UNKNOWN_FIELDS),
                                                    fields=", ".join(sorted(names)[:20])))
    return dict(list(errors.items())[:MAX_FIELD_ERRORS])


def parse(model: type[Model], data: Any, *, missing: Mapping[str, str] | None = None,
          unknown: Mapping[str, str] | None = None,
          context: dict[str, Any] | None = None) -> Model:
    """`data` (from json.loads or a query string) as a `model`, or Invalid with messages."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise Invalid(field_errors(exc, missing or {}, unknown or {})) from None
