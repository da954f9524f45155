"""OpenAPI fragment: resumable upload of a large photo original (issue 15.7)."""
from __future__ import annotations

from juror_app.api.spec_common import errors, json_body, query_parameters
from juror_app.api.spec_contacts import CLIENT_ID_PARAM, PHOTO_EXAMPLE
from juror_app.api.spec_photos import BINARY, CAPTURE_PARAMS, IMAGE_TYPES, PHOTO_ID_PARAM
from juror_app.evidence.uploads import BYTE_COUNT, ChunkParams, UploadConflict, UploadProgress

# The types live beside the upload itself (evidence/uploads.py): the view parses and
# answers through them, this fragment only cites them.
MODELS = (UploadProgress, UploadConflict)

PATHS = {
    "/contacts/{client_id}/photos/{photo_id}/chunks": {
        "parameters": [CLIENT_ID_PARAM, PHOTO_ID_PARAM],
        "get": {
            "operationId": "getUploadOffset",
            "tags": ["photos"],
            "summary": "Ile bajtów dużego zdjęcia już dotarło (od tego miejsca wznowić)",
            "responses": {
                "200": json_body("UploadProgress", {"offset": 1048576, "complete": False},
                                 "Tyle bajtów już dotarło."),
                **errors(401, 403, 404),
            },
        },
        "put": {
            "operationId": "putUploadChunk",
            "tags": ["photos"],
            "summary": "Dopisz kolejną część dużego zdjęcia od wskazanego bajtu",
            "description": "202 część przyjęta (offset = nowy koniec); ostatnia część "
                           "(offset + długość = total) zapisuje zdjęcie jak PUT zdjęcia: 201 "
                           "nowe, 200 to samo ponownie, Repr-Digest całego pliku "
                           "(Content-Digest, jeśli jest, to skrót samej części); 409 gdy "
                           "offset nie jest końcem tego, co dotarło (w treści właściwy "
                           "offset), a bez offsetu gdy kontakt jest już rozpatrzony; 413 "
                           "total ponad limit rozmiaru; 422 także gdy zdjęć z rozpoczętymi "
                           "przesyłaniami byłoby "
                           "więcej niż PHOTO_MAX_PER_CONTACT; 429 za dużo niedokończonych "
                           "przesyłań jurora (PHOTO_UPLOADS_IN_PROGRESS); 503 po ostatniej "
                           "części: serwer zbyt zajęty — przesłane bajty zostają, ponowienie "
                           "(GET, potem pusta ostatnia część z Repr-Digest) tylko kończy.",
            "parameters": [*query_parameters(ChunkParams), *CAPTURE_PARAMS],
            "requestBody": {"required": True, "content": {
                t: {"schema": BINARY} for t in (*IMAGE_TYPES, "application/octet-stream")}},
            "responses": {
                "202": json_body("UploadProgress", {"offset": 1048576, "complete": False},
                                 "Część przyjęta."),
                "201": json_body("Photo", PHOTO_EXAMPLE, "Ostatnia część: zdjęcie zapisane."),
                "200": json_body("Photo", PHOTO_EXAMPLE, "To samo zdjęcie było już zapisane."),
                "409": json_body("UploadConflict", {"error": "conflict", "offset": 1048576,
                                                    "message": "Ta część pliku nie pasuje…"},
                                 "Część nie pasuje; w treści właściwy offset."),
                **errors(400, 401, 403, 404, 413, 415, 422, 429, 503,
                         fields={"offset": BYTE_COUNT}),
            },
        },
    },
}
