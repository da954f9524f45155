"""OpenAPI fragment: contacts, stored idempotently under the id the phone made."""
from __future__ import annotations

from juror_app.api.spec_assignments import CHANNEL, CONTACT_SUMMARY_EXAMPLE
from juror_app.api.spec_common import DATE_TIME, UUID, errors, json_body, ref

NUMBER_OR_NULL = {"type": ["number", "null"]}
OFFSET_TIME = {"type": "string", "format": "date-time",
               "description": "RFC 3339 z przesunięciem względem UTC, np. "
                              "2025-10-06T11:00:00+02:00; czas bez strefy → 422."}

POSITION_OR_NULL = {"anyOf": [ref("Position"), {"type": "null"}],
                    "description": "Tylko kanał visit (inny kanał → 422); null lub brak pola = "
                                   "bez położenia. Zmiana położenia to zmiana kontaktu."}

SCHEMAS = {
    "Position": {
        "type": "object",
        "description": "Gdzie był juror podczas wizyty — tylko za jego zgodą (geolokalizacja "
                       "telefonu).",
        "required": ["latitude", "longitude"],
        "additionalProperties": False,
        "properties": {
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            "accuracy_m": {"type": ["number", "null"], "minimum": 0,
                           "description": "Promień dokładności w metrach, jeśli znany."},
        },
        "examples": [{"latitude": 50.0614, "longitude": 19.9366, "accuracy_m": 12.5}],
    },
    "ContactPayload": {
        "type": "object",
        "required": ["assignment_id", "channel", "started_at"],
        "additionalProperties": False,
        "properties": {
            "assignment_id": {"type": "integer", "minimum": 1},
            "channel": CHANNEL,
            "started_at": OFFSET_TIME,
            "ended_at": {**OFFSET_TIME, "type": ["string", "null"]},
            "measurements": {"type": "object", "additionalProperties": NUMBER_OR_NULL,
                             "description": "Klucz pomiaru z kryteriów kanału → wartość."},
            "scores": {"type": "object", "additionalProperties": NUMBER_OR_NULL,
                       "description": "Kryterium → punkty; null = nie dotyczy. Kryteria "
                                      "z regułą są liczone z pomiarów."},
            "notes": {"type": "string", "maxLength": 5000},
            "position": POSITION_OR_NULL,
        },
    },
    "CriterionScore": {
        "type": "object",
        "required": ["key", "points", "max_points", "weight"],
        "properties": {"key": {"type": "string"}, "points": NUMBER_OR_NULL,
                       "max_points": {"type": "number"}, "weight": {"type": "number"}},
    },
    "Contact": {
        "allOf": [ref("ContactSummary"), {
            "type": "object",
            "required": ["assignment_id", "participant_id", "juror_id", "received_at",
                         "measurements", "scores", "criteria", "notes", "position",
                         "rubric_version", "photos"],
            "properties": {
                "assignment_id": {"type": "integer"}, "participant_id": {"type": "integer"},
                "juror_id": {"type": "integer"}, "received_at": DATE_TIME,
                "measurements": {"type": "object"},
                "scores": {"type": "object", "additionalProperties": NUMBER_OR_NULL},
                "criteria": {"type": "array", "items": ref("CriterionScore")},
                "notes": {"type": "string"},
                "position": POSITION_OR_NULL,
                "rubric_version": {"type": ["integer", "null"]},
                "photos": {"type": "array", "items": ref("Photo")},
            },
        }],
    },
}

CLIENT_ID = CONTACT_SUMMARY_EXAMPLE["client_id"]
PAYLOAD_EXAMPLE = {
    "assignment_id": 5, "channel": "phone",
    "started_at": "2025-10-06T11:00:00+02:00", "ended_at": "2025-10-06T11:07:30+02:00",
    "measurements": {"rings": 4, "transfers": 1, "hold_seconds": 40, "call_seconds": 410},
    "scores": {"introduction": 5, "courtesy": 4, "information": 4, "routing": None},
    "notes": "Rozmówczyni przedstawiła się, sprawnie przełączyła do referatu podatków.",
}
PHOTO_EXAMPLE = {
    "photo_id": "9a7b6c5d-4e3f-4a1b-8c2d-1e0f9a8b7c6d",
    "sha256": "5f2b0c2a6d0e4a0f9a3c1b7e8d6f4a2c0e9b8d7c6a5f4e3d2c1b0a9f8e7d6c5b",
    "content_type": "image/jpeg", "byte_size": 412345, "width": 1600, "height": 1200,
    "captured_at": "2025-10-06T08:58:12+00:00", "latitude": 50.0614, "longitude": 19.9366,
    "thumb_url": "/api/v1/photos/9a7b6c5d-4e3f-4a1b-8c2d-1e0f9a8b7c6d/thumb",
    "display_url": "/api/v1/photos/9a7b6c5d-4e3f-4a1b-8c2d-1e0f9a8b7c6d/display",
}
CONTACT_EXAMPLE = {
    **CONTACT_SUMMARY_EXAMPLE, "assignment_id": 5, "participant_id": 31, "juror_id": 7,
    "received_at": "2025-10-06T09:08:02.120000+00:00",
    "measurements": PAYLOAD_EXAMPLE["measurements"],
    "scores": {"answer_speed": 3.0, "introduction": 5.0, "courtesy": 4.0,
               "information": 4.0, "routing": None},
    "criteria": [{"key": "answer_speed", "points": 3.0, "max_points": 5.0, "weight": 1.0},
                 {"key": "routing", "points": None, "max_points": 5.0, "weight": 1.0}],
    "notes": PAYLOAD_EXAMPLE["notes"], "position": None, "rubric_version": 1,
    "photos": [PHOTO_EXAMPLE],
}
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
                           "identyfikator lub zadanie. Pole position (Position) tylko przy "
                           "wizycie, np. {\"latitude\": 50.0614, \"longitude\": 19.9366, "
                           "\"accuracy_m\": 12.5}.",
            "requestBody": {"required": True, **json_body("ContactPayload", PAYLOAD_EXAMPLE)},
            "responses": {
                "201": json_body("Contact", CONTACT_EXAMPLE, "Kontakt zapisany."),
                "200": json_body("Contact", CONTACT_EXAMPLE, "Już zapisany lub zmieniony."),
                **errors(400, 401, 404, 409, 422, fields={
                    "scores.courtesy": "Punkty muszą mieścić się w 0–5.",
                    "ended_at": "Czas zakończenia nie może być wcześniejszy niż rozpoczęcia.",
                    "position.latitude": "Szerokość geograficzna musi być liczbą od −90 do 90."
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
