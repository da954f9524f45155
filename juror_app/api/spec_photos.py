"""OpenAPI fragment: photo evidence."""
from __future__ import annotations

from juror_app.api.spec_common import UUID, digest_header, errors, json_body, query_parameters
from juror_app.api.spec_contacts import CLIENT_ID_PARAM, PHOTO_EXAMPLE
from juror_app.evidence.metadata import CaptureParams
from juror_app.sync import shapes

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
MODELS = (shapes.Photo,)

PHOTO_ID_PARAM = {"name": "photo_id", "in": "path", "required": True, "schema": UUID,
                  "example": PHOTO_EXAMPLE["photo_id"]}
BINARY = {"type": "string", "format": "binary"}
CAPTURE_PARAMS = [*query_parameters(CaptureParams), digest_header(
    "Repr-Digest", "bajtów zdjęcia dokładnie takich, jakie wysyła (skrót z chwili wykonania, "
                   "zapisany w kolejce telefonu)")]

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
                           "415 inny format; 422 plik uszkodzony, za dużo pikseli albo za dużo "
                           "zdjęć w kontakcie (PHOTO_MAX_PER_CONTACT) albo dekodowanie "
                           "ponad limit czasu procesora; 503 serwer zbyt zajęty, by "
                           "przetworzyć zdjęcie teraz — wyślij je ponownie po Retry-After "
                           "sekundach. Tylko dla jurorów (inne role: 403).",
            "parameters": CAPTURE_PARAMS,
            "requestBody": {"required": True, "content": {
                t: {"schema": BINARY} for t in IMAGE_TYPES}},
            "responses": {
                "201": json_body("Photo", PHOTO_EXAMPLE, "Zdjęcie zapisane."),
                "200": json_body("Photo", PHOTO_EXAMPLE, "To samo zdjęcie było już zapisane."),
                **errors(400, 401, 403, 404, 409, 413, 415, 422, 503, fields={
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
