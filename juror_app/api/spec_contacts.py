"""OpenAPI fragment: contacts, stored idempotently under the id the phone made."""
from __future__ import annotations

from juror_app.api.spec_common import UUID, digest_header, errors, json_body
from juror_app.sync import shapes
from juror_app.sync.contract import ContactPayload
from juror_app.sync.shapes import (  # noqa: F401 — tests and other fragments cite these
    CONTACT_EXAMPLE,
    CONTACT_SUMMARY_EXAMPLE,
    PAYLOAD_EXAMPLE,
    PHOTO_EXAMPLE,
)

MODELS = (ContactPayload, shapes.Contact, shapes.CriterionScore)
CLIENT_ID = CONTACT_SUMMARY_EXAMPLE["client_id"]
CLIENT_ID_PARAM = {"name": "client_id", "in": "path", "required": True, "schema": UUID,
                   "description": "Identyfikator kontaktu nadany przez telefon "
                                  "(crypto.randomUUID()).", "example": CLIENT_ID}

PATHS = {
    "/contacts/{client_id}": {
        "parameters": [CLIENT_ID_PARAM],
        "put": {
            "operationId": "putContact",
            "tags": ["contacts"],
            "summary": "Zapisz kontakt (idempotentnie: ponowne wysłanie nie tworzy kopii)",
            "description": "201 nowy; 200 ten sam identyfikator z identyczną treścią (nic nie "
                           "zapisano) albo zmiana, gdy kontakt można jeszcze edytować (zapis "
                           "w dzienniku; zwrócony → ponownie przesłany); 409 po zatwierdzeniu "
                           "lub odrzuceniu albo gdy edycja jest zamknięta; 404 cudzy "
                           "identyfikator lub zadanie; 503 (z Retry-After) gdy ten sam "
                           "kontakt zapisuje się właśnie z innego połączenia — wyślij "
                           "ponownie. Pole position (Position) tylko przy "
                           "wizycie (inny kanał → 422), np. {\"latitude\": 50.0614, "
                           "\"longitude\": 19.9366, \"accuracy_m\": 12.5}. Tylko dla "
                           "jurorów (inne role: 403).",
            "parameters": [digest_header("Content-Digest", "treści żądania (JSON) w postaci "
                                                           "wysłanej")],
            "requestBody": {"required": True, **json_body("ContactPayload", PAYLOAD_EXAMPLE)},
            "responses": {
                "201": json_body("Contact", CONTACT_EXAMPLE, "Kontakt zapisany."),
                "200": json_body("Contact", CONTACT_EXAMPLE, "Już zapisany lub zmieniony."),
                **errors(400, 401, 403, 404, 409, 413, 422, 503, fields={
                    "scores.courtesy": "Punkty muszą mieścić się w 0–5.",
                    "ended_at": "Czas zakończenia nie może być wcześniejszy niż rozpoczęcia.",
                    "position": "Położenie można dołączyć tylko do wizyty osobistej (kanał "
                                "visit); dla tego kanału wyślij null albo pomiń pole.",
                }),
            },
        },
        "get": {
            "operationId": "getContact",
            "tags": ["contacts"],
            "summary": "Kontakt z ocenami, zdjęciami, statusem i komentarzem koordynatora",
            "responses": {"200": json_body("Contact", CONTACT_EXAMPLE, "Kontakt."),
                          **errors(401, 404)},
        },
    },
}
