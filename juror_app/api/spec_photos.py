"""OpenAPI fragment: photo evidence."""
from __future__ import annotations

from juror_app.api.spec_common import DATE_TIME, UUID, errors, json_body
from juror_app.api.spec_contacts import CLIENT_ID_PARAM, PHOTO_EXAMPLE

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")

SCHEMAS = {
    "Photo": {
        "type": "object",
        "required": ["photo_id", "sha256", "content_type", "byte_size", "width", "height",
                     "captured_at", "latitude", "longitude", "thumb_url", "display_url"],
        "properties": {
            "photo_id": UUID,
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                       "description": "SHA-256 otrzymanych bajtów."},
            "content_type": {"type": "string", "description": "Typ rozpoznany po treści."},
            "byte_size": {"type": "integer"},
            "width": {"type": "integer"}, "height": {"type": "integer"},
            "captured_at": {**DATE_TIME, "type": ["string", "null"]},
            "latitude": {"type": ["number", "null"]},
            "longitude": {"type": ["number", "null"]},
            "thumb_url": {"type": "string"}, "display_url": {"type": "string"},
        },
    },
}

PHOTO_ID_PARAM = {"name": "photo_id", "in": "path", "required": True, "schema": UUID,
                  "example": PHOTO_EXAMPLE["photo_id"]}
BINARY = {"type": "string", "format": "binary"}
CAPTURE_PARAMS = [
    {"name": "captured_at", "in": "query", "required": False,
     "schema": {"type": "string", "format": "date-time"},
     "example": "2025-10-06T10:58:12+02:00",
     "description": "Czas wykonania odczytany przez telefon przed zmniejszeniem zdjęcia "
                    "(RFC 3339 z przesunięciem). EXIF w przesłanym pliku ma pierwszeństwo."},
    {"name": "latitude", "in": "query", "required": False,
     "schema": {"type": "number", "minimum": -90, "maximum": 90}, "example": 50.0614,
     "description": "Szerokość geograficzna z telefonu (razem z longitude)."},
    {"name": "longitude", "in": "query", "required": False,
     "schema": {"type": "number", "minimum": -180, "maximum": 180}, "example": 19.9366,
     "description": "Długość geograficzna z telefonu (razem z latitude)."},
]

PATHS = {
    "/contacts/{client_id}/photos/{photo_id}": {
        "parameters": [CLIENT_ID_PARAM, PHOTO_ID_PARAM],
        "put": {
            "operationId": "putPhoto",
            "tags": ["photos"],
            "summary": "Prześlij zdjęcie do kontaktu (surowe bajty obrazu)",
            "description": "Typ rozpoznawany po treści: JPEG, PNG, WebP, HEIC/HEIF. 201 nowe; "
                           "200 te same bajty ponownie; 409 inne bajty pod tym samym "
                           "identyfikatorem lub kontakt zamknięty; 413 ponad limit rozmiaru; "
                           "415 inny format; 422 plik uszkodzony lub za dużo pikseli.",
            "parameters": CAPTURE_PARAMS,
            "requestBody": {"required": True, "content": {
                t: {"schema": BINARY} for t in IMAGE_TYPES}},
            "responses": {
                "201": json_body("Photo", PHOTO_EXAMPLE, "Zdjęcie zapisane."),
                "200": json_body("Photo", PHOTO_EXAMPLE, "To samo zdjęcie było już zapisane."),
                **errors(401, 404, 409, 413, 415, 422, fields={
                    "captured_at": "Czas musi zawierać strefę czasową (np. +02:00 lub Z)."}),
            },
        },
    },
    "/photos/{photo_id}/{size}": {
        "parameters": [PHOTO_ID_PARAM, {"name": "size", "in": "path", "required": True,
                                        "schema": {"enum": ["display", "thumb"]},
                                        "example": "thumb"}],
        "get": {
            "operationId": "getPhotoFile",
            "tags": ["photos"],
            "summary": "Pomniejszone zdjęcie JPEG bez metadanych (autor, koordynatorzy, "
                       "eksperci)",
            "responses": {
                "200": {"description": "JPEG; Cache-Control: private.",
                        "content": {"image/jpeg": {"schema": BINARY}}},
                **errors(401, 404),
            },
        },
    },
}
