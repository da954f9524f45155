"""OpenAPI fragment: the edition ranking (types and example in results.shapes)."""
from __future__ import annotations

from juror_app.api.spec_common import errors, json_body
from juror_app.results import shapes

MODELS = shapes.MODELS

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
                            "schema": {"type": "integer", "minimum": 1,
                                       "maximum": 2**31 - 1}}],
            "responses": {
                "200": json_body("EditionRanking", shapes.RANKING_EXAMPLE, "Ranking."),
                **errors(401, 403, 404),
            },
        }
    }
}
