"""OpenAPI pieces shared by every fragment: error types, helpers to cite them."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from juror_app.sync.shapes import USER_EXAMPLE, User

__all__ = ["USER_EXAMPLE"]

UUID = {"type": "string", "format": "uuid"}

ERROR_EXAMPLES = {
    400: ("bad_request", "Treść żądania nie jest poprawnym dokumentem JSON."),
    401: ("unauthorized", "Zaloguj się ponownie, aby kontynuować."),
    403: ("forbidden", "Nie masz uprawnień do tej strony."),
    404: ("not_found", "Nie znaleziono takiego kontaktu ani zadania."),
    409: ("conflict", "Ten kontakt został już zatwierdzony lub odrzucony i nie można go zmienić."),
    413: ("request_entity_too_large", "Zdjęcie jest za duże (limit 20 MB)."),
    415: ("unsupported_media_type",
          "Pliki TIFF nie są przyjmowane. Wyślij zdjęcie jako JPEG, PNG, WebP lub HEIC."),
    429: ("too_many_requests", "Zbyt wiele prób. Odczekaj chwilę i spróbuj ponownie."),
    503: ("service_unavailable", "Serwer jest teraz zajęty innymi zdjęciami. Zdjęcie zostanie "
                                 "wysłane ponownie za chwilę — nic nie trzeba robić."),
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: str, example: Any, description: str = "") -> dict[str, Any]:
    """A JSON request body or response with its schema and a worked example."""
    body: dict[str, Any] = {
        "content": {"application/json": {"schema": ref(schema), "example": example}}
    }
    if description:
        body["description"] = description
    return body


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """A parameters model's fields as OpenAPI query parameters (a query value is never
    null: absent is how it says "none")."""
    schema = model.model_json_schema()
    params = []
    for name, prop in schema["properties"].items():
        prop = dict(prop)
        description, examples = prop.pop("description", ""), prop.pop("examples", [])
        prop.pop("title", None)
        prop.pop("default", None)
        branches = [b for b in prop.pop("anyOf", []) if b.get("type") != "null"]
        param = {"name": name, "in": "query", "required": name in schema.get("required", ()),
                 "schema": {**prop, **(branches[0] if branches else {})},
                 "description": description}
        if examples:
            param["example"] = examples[0]
        params.append(param)
    return params


def errors(*codes: int, fields: dict[str, str] | None = None,
           sample: tuple[str, str] | None = None) -> dict[str, Any]:
    """Documented error responses; 422 carries field-by-field messages."""
    responses: dict[str, Any] = {}
    for code in codes:
        if code == 422:
            example = {"error": "unprocessable_entity",
                       "message": "Popraw zaznaczone pola i wyślij ponownie.",
                       "fields": fields or {"started_at": "Czas musi zawierać strefę czasową."}}
            responses["422"] = json_body("ValidationError", example, "Niepoprawne pola.")
        else:
            error, message = sample or ERROR_EXAMPLES[code]
            responses[str(code)] = json_body("Error", {"error": error, "message": message},
                                             message)
    return responses


class Error(BaseModel):
    """Błąd: kod (nazwa statusu HTTP) i komunikat dla człowieka."""

    error: Annotated[str, Field(description="Kod błędu (nazwa statusu HTTP); "
                                            "`unexpected_error`: nieoczekiwany błąd serwera.")]
    message: Annotated[str, Field(description="Komunikat dla człowieka (po polsku).")]
    fields: dict[str, str] = {}


class ValidationError(BaseModel):
    """Niepoprawne pola: każde z komunikatem."""

    error: Literal["unprocessable_entity"]
    message: str
    fields: Annotated[dict[str, str], Field(description="Pole (np. `scores.greeting`) → "
                                                        "komunikat.")]


MODELS = (Error, ValidationError, User)

PATHS: dict[str, Any] = {}


def digest_header(name: str, of: str) -> dict[str, Any]:
    """An RFC 9530 digest header the phone sends so the server can check what arrived."""
    return {"name": name, "in": "header", "required": False,
            "schema": {"type": "string", "pattern": "^sha-256=:[A-Za-z0-9+/]{43}=:$"},
            "example": "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:",
            "description": f"RFC 9530: SHA-256 {of} (base64 między dwukropkami), policzony "
                           "przez telefon. Gdy jest, serwer liczy skrót ponownie: niezgodny → "
                           "422 i nic nie zapisano; nieczytelny → 400. Inne algorytmy są "
                           "pomijane."}
