"""OpenAPI fragment: the juror's work list."""
from __future__ import annotations

from juror_app.api.spec_common import (
    DATE_TIME,
    NULLABLE_STRING,
    USER_EXAMPLE,
    UUID,
    errors,
    json_body,
    ref,
)
from juror_app.models import CHANNELS

CHANNEL = {"enum": list(CHANNELS)}
STATUS = {"enum": ["submitted", "returned", "resubmitted", "approved", "rejected"]}

SCHEMAS = {
    "Participant": {
        "type": "object",
        "required": ["id", "name", "category", "address", "postal_code", "city", "voivodeship",
                     "phone", "email", "website", "social_profiles"],
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"},
            "category": {"type": "string"}, "address": {"type": "string"},
            "postal_code": {"type": "string"}, "city": {"type": "string"},
            "voivodeship": {"type": "string"}, "phone": {"type": "string"},
            "email": {"type": "string"}, "website": {"type": "string"},
            "social_profiles": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "ContactSummary": {
        "type": "object",
        "required": ["client_id", "channel", "status", "review_comment", "started_at",
                     "ended_at", "updated_at"],
        "properties": {
            "client_id": UUID, "channel": CHANNEL, "status": STATUS,
            "review_comment": {"type": "string"}, "started_at": DATE_TIME,
            "ended_at": {**NULLABLE_STRING, "format": "date-time"}, "updated_at": DATE_TIME,
        },
    },
    "Assignment": {
        "type": "object",
        "required": ["id", "edition_id", "channels", "due_on", "participant", "contacts"],
        "properties": {
            "id": {"type": "integer"}, "edition_id": {"type": "integer"},
            "channels": {"type": "array", "items": CHANNEL},
            "due_on": {**NULLABLE_STRING, "format": "date"},
            "participant": ref("Participant"),
            "contacts": {"type": "array", "items": ref("ContactSummary")},
        },
    },
    "RubricVersion": {
        "type": "object",
        "required": ["version", "data"],
        "properties": {
            "version": {"type": "integer"},
            "data": {"type": "object", "required": ["format", "channels"],
                     "description": "Kryteria edycji (format 1): kanały → waga, pomiary, "
                                    "kryteria z max_points, weight, allow_na i regułami."},
        },
    },
    "Worklist": {
        "type": "object",
        "required": ["user", "assignments", "rubrics", "server_time"],
        "properties": {
            "user": ref("User"),
            "assignments": {"type": "array", "items": ref("Assignment")},
            "rubrics": {"type": "object", "additionalProperties": ref("RubricVersion"),
                        "description": "Identyfikator edycji → aktualna wersja kryteriów."},
            "server_time": DATE_TIME,
        },
    },
}

CONTACT_SUMMARY_EXAMPLE = {
    "client_id": "3f1c2b9e-8d7a-4e65-9b1f-0c2d4e6f8a10", "channel": "phone",
    "status": "submitted", "review_comment": "",
    "started_at": "2025-10-06T11:00:00+02:00", "ended_at": "2025-10-06T11:07:30+02:00",
    "updated_at": "2025-10-06T09:08:02.120000+00:00",
}
PARTICIPANT_EXAMPLE = {
    "id": 31, "name": "Urząd Gminy Przykładowo", "category": "gmina",
    "address": "ul. Rynek 1", "postal_code": "30-001", "city": "Kraków",
    "voivodeship": "małopolskie", "phone": "+48 12 000 00 00",
    "email": "urzad@przykladowo.pl", "website": "https://przykladowo.pl",
    "social_profiles": {"facebook": "https://facebook.com/przykladowo"},
}
WORKLIST_EXAMPLE = {
    "user": USER_EXAMPLE,
    "assignments": [{"id": 5, "edition_id": 2, "channels": ["visit", "phone"],
                     "due_on": "2025-11-30", "participant": PARTICIPANT_EXAMPLE,
                     "contacts": [CONTACT_SUMMARY_EXAMPLE]}],
    "rubrics": {"2": {"version": 1, "data": {"format": 1, "channels": {"phone": {
        "label": "Kontakt telefoniczny", "weight": 25, "required": True,
        "measurements": [{"key": "rings", "label": "Liczba sygnałów", "unit": "",
                          "min": 0, "max": 60}],
        "criteria": [{"key": "courtesy", "label": "Uprzejmość", "group": "service_culture",
                      "max_points": 5, "weight": 2, "allow_na": False}]}}}}},
    "server_time": "2025-10-06T09:10:00+00:00",
}

PATHS = {
    "/me/assignments": {
        "get": {
            "operationId": "myAssignments",
            "tags": ["assignments"],
            "summary": "Zadania jurora w otwartych edycjach, dane uczestników i kryteria",
            "responses": {"200": json_body("Worklist", WORKLIST_EXAMPLE, "Lista zadań."),
                          **errors(401)},
        }
    },
}
