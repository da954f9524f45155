"""What the ranking API answers, as types: the view builds them, the OpenAPI document is
generated from them, so the documented shape and the sent one cannot drift (plain).

Named as in the document; `results.ranking.RankedParticipant` is the computed row these
are built from. The worked example the document shows sits below.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from juror_app.sync.shapes import Shape


class Distinction(Shape):
    kind: Literal["statuette", "extraordinary"]
    justification: str


class RankedParticipant(Shape):
    id: int
    name: str
    city: str
    category: str
    rank: Annotated[int | None, Field(description=(
        "Miejsce w rankingu ogólnym; równe wyniki mają to samo miejsce, następne jest "
        "pomijane (1, 1, 3). null: brak zatwierdzonych kontaktów."))]
    category_rank: int | None
    score: Annotated[float | None, Field(description="0–100, do 0,01.")]
    channel_scores: Annotated[dict[str, float | None], Field(description=(
        "Wynik kanału 0–100 (średnia zatwierdzonych kontaktów); null: brak zatwierdzonego "
        "kontaktu."))]
    licence: bool
    missing_required_channels: list[str]
    distinctions: list[Distinction]


class RankedEdition(Shape):
    id: int
    name: str
    year: int
    status: Literal["draft", "open", "frozen", "published"]
    published_at: Annotated[str | None, Field(json_schema_extra={"format": "date-time"})]
    licence_threshold: float
    required_channels: list[str]


class EditionRanking(Shape):
    edition: RankedEdition
    method: str
    participants: list[RankedParticipant]


MODELS = (EditionRanking, RankedParticipant)

RANKING_EXAMPLE = {
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
