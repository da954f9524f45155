"""OpenAPI fragment: the edition ranking (self-contained, so it merges in any order)."""
from __future__ import annotations

CHANNEL_SCORES = {"type": "object", "additionalProperties": {"type": ["number", "null"]},
                  "description": "Wynik kanału 0–100 (średnia zatwierdzonych kontaktów); "
                                 "null: brak zatwierdzonego kontaktu."}

SCHEMAS = {
    "RankedParticipant": {
        "type": "object",
        "required": ["id", "name", "category", "rank", "category_rank", "score",
                     "channel_scores", "licence", "missing_required_channels", "distinctions"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "city": {"type": "string"},
            "category": {"type": "string"},
            "rank": {"type": ["integer", "null"],
                     "description": "Miejsce w rankingu ogólnym; równe wyniki mają to samo "
                                    "miejsce, następne jest pomijane (1, 1, 3). null: brak "
                                    "zatwierdzonych kontaktów."},
            "category_rank": {"type": ["integer", "null"]},
            "score": {"type": ["number", "null"], "description": "0–100, do 0,01."},
            "channel_scores": CHANNEL_SCORES,
            "licence": {"type": "boolean"},
            "missing_required_channels": {"type": "array", "items": {"type": "string"}},
            "distinctions": {"type": "array", "items": {
                "type": "object", "required": ["kind", "justification"],
                "properties": {"kind": {"type": "string",
                                        "enum": ["statuette", "extraordinary"]},
                               "justification": {"type": "string"}}}},
        },
    },
    "EditionRanking": {
        "type": "object",
        "required": ["edition", "method", "participants"],
        "properties": {
            "edition": {"type": "object", "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"},
                "year": {"type": "integer"},
                "status": {"type": "string", "enum": ["draft", "open", "frozen", "published"]},
                "published_at": {"type": ["string", "null"], "format": "date-time"},
                "licence_threshold": {"type": "number"},
                "required_channels": {"type": "array", "items": {"type": "string"}}}},
            "method": {"type": "string"},
            "participants": {"type": "array",
                             "items": {"$ref": "#/components/schemas/RankedParticipant"}},
        },
    },
}

EXAMPLE = {
    "edition": {"id": 2, "name": "II edycja 2025", "year": 2025, "status": "published",
                "published_at": "2025-12-05T10:00:00+00:00", "licence_threshold": 75.0,
                "required_channels": ["visit", "phone", "email", "website"]},
    "method": "Wynik kontaktu = 100·Σ(punkty·waga)/Σ(maks.·waga) …",
    "participants": [
        {"id": 17, "name": "Gmina Wieliczka", "city": "Wieliczka", "category": "gmina",
         "rank": 1, "category_rank": 1, "score": 88.42,
         "channel_scores": {"visit": 90.0, "phone": 86.67, "email": 85.0,
                            "social_media": None, "website": 91.11},
         "licence": True, "missing_required_channels": [],
         "distinctions": [{"kind": "statuette",
                           "justification": "Wzorowa obsługa we wszystkich kanałach."}]},
        {"id": 23, "name": "Spółdzielnia Mieszkaniowa „Śródmieście”", "city": "Łódź",
         "category": "spoldzielnia_wspolnota", "rank": 2, "category_rank": 1,
         "score": 79.1, "channel_scores": {"visit": 80.0, "phone": 75.0, "email": None,
                                           "social_media": None, "website": 82.5},
         "licence": False, "missing_required_channels": ["email"], "distinctions": []},
    ],
}


def _error(code: str, message: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {
        "schema": {"type": "object", "required": ["error", "message"],
                   "properties": {"error": {"type": "string"}, "message": {"type": "string"}}},
        "example": {"error": code, "message": message}}}}


PATHS = {
    "/editions/{edition_id}/ranking": {
        "get": {
            "operationId": "getEditionRanking",
            "tags": ["results"],
            "summary": "Ranking edycji: wyniki kanałów, wynik, miejsca, licencja, wyróżnienia",
            "description": "Dla koordynatorów, administratorów i ekspertów; juror dostaje 403. "
                           "Liczone na bieżąco z zatwierdzonych kontaktów (metoda w polu "
                           "`method`).",
            "parameters": [{"name": "edition_id", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
            "responses": {
                "200": {"description": "Ranking.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/EditionRanking"},
                    "example": EXAMPLE}}},
                "401": _error("unauthorized", "Zaloguj się ponownie, aby kontynuować.",
                              "Brak lub nieważny token."),
                "403": _error("forbidden", "Nie masz uprawnień do tej strony.",
                              "Rola bez dostępu do wyników (juror)."),
                "404": _error("not_found",
                              "Nie ma takiej edycji albo nie ma ona jeszcze rubryki.",
                              "Nie ma takiej edycji."),
            },
        }
    }
}
