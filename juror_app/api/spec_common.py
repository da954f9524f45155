"""OpenAPI pieces shared by every fragment: error shapes, the user, helpers to cite them."""
from __future__ import annotations

from typing import Any

NULLABLE_STRING = {"type": ["string", "null"]}
UUID = {"type": "string", "format": "uuid"}
DATE_TIME = {"type": "string", "format": "date-time"}

ERROR_EXAMPLES = {
    400: ("bad_request", "Treść żądania nie jest poprawnym dokumentem JSON."),
    401: ("unauthorized", "Zaloguj się ponownie, aby kontynuować."),
    404: ("not_found", "Nie znaleziono takiego kontaktu ani zadania."),
    409: ("conflict", "Ten kontakt został już zatwierdzony lub odrzucony i nie można go zmienić."),
    413: ("request_entity_too_large", "Zdjęcie jest za duże (limit 20 MB)."),
    415: ("unsupported_media_type",
          "Pliki TIFF nie są przyjmowane. Wyślij zdjęcie jako JPEG, PNG, WebP lub HEIC."),
    429: ("too_many_requests", "Zbyt wiele prób. Odczekaj chwilę i spróbuj ponownie."),
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


def errors(*codes: int, fields: dict[str, str] | None = None) -> dict[str, Any]:
    """Documented error responses; 422 carries field-by-field messages."""
    responses: dict[str, Any] = {}
    for code in codes:
        if code == 422:
            example = {"error": "unprocessable_entity",
                       "message": "Popraw zaznaczone pola i wyślij ponownie.",
                       "fields": fields or {"started_at": "Czas musi zawierać strefę czasową."}}
            responses["422"] = json_body("ValidationError", example, "Niepoprawne pola.")
        else:
            error, message = ERROR_EXAMPLES[code]
            responses[str(code)] = json_body("Error", {"error": error, "message": message},
                                             message)
    return responses


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "Kod błędu (nazwa statusu HTTP)."},
            "message": {"type": "string", "description": "Komunikat dla człowieka (po polsku)."},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "ValidationError": {
        "type": "object",
        "required": ["error", "message", "fields"],
        "properties": {
            "error": {"const": "unprocessable_entity"},
            "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Pole (np. `scores.greeting`) → komunikat."},
        },
    },
    "User": {
        "type": "object",
        "required": ["id", "email", "name", "role", "locale"],
        "properties": {
            "id": {"type": "integer"},
            "email": {"type": "string", "format": "email"},
            "name": {"type": "string"},
            "role": {"enum": ["juror", "coordinator", "expert", "admin"]},
            "locale": {"type": "string"},
        },
    },
}

USER_EXAMPLE = {"id": 7, "email": "jurorka@example.org", "name": "Anna Nowak",
                "role": "juror", "locale": "pl"}

PATHS: dict[str, Any] = {}
