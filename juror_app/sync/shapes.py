"""What the sync API answers, as types: serializers build them, the OpenAPI document is
generated from them, so the documented shape and the sent one cannot drift (plain).

Each type carries its description; the worked examples the document shows sit below.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from juror_app.models.contest import CHANNELS
from juror_app.sync.positions import Position

Channel = Literal[CHANNELS]
Status = Literal["awaiting_reply", "submitted", "returned", "resubmitted", "approved", "rejected"]
DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Number = int | float


class Shape(BaseModel):
    """An answer's shape: every field always sent, nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class User(Shape):
    id: int
    email: Annotated[str, Field(json_schema_extra={"format": "email"})]
    name: str
    role: Literal["juror", "coordinator", "expert", "admin"]
    locale: str


class Participant(Shape):
    id: int
    name: str
    category: str
    address: str
    postal_code: str
    city: str
    voivodeship: str
    phone: str
    email: str
    website: str
    social_profiles: dict[str, str]


class ContactSummary(Shape):
    client_id: Annotated[str, Field(json_schema_extra={"format": "uuid"})]
    channel: Channel
    status: Status
    review_comment: str
    started_at: DateTime
    ended_at: DateTime | None
    updated_at: DateTime


class EditableCopy(Shape):
    """Treść kontaktu, który juror może jeszcze zmienić w telefonie (czeka na odpowiedź albo
    zwrócony do poprawy): z niej telefon odtwarza formularz bez połączenia, więc zapis
    bez sieci nie wymazuje notatek, ocen ani pomiarów. W kontakcie czekającym na odpowiedź
    kryteria jeszcze nieocenione są pominięte w `scores`."""

    measurements: dict[str, Number]
    scores: dict[str, Number | None]
    notes: str
    position: Position | None
    photo_ids: Annotated[list[str], Field(
        description="Zdjęcia już na serwerze: telefon liczy je do limitu zdjęć kontaktu.")]


class WorklistContact(ContactSummary):
    editable: Annotated[EditableCopy | None, Field(
        description="Dla kontaktów czekających na odpowiedź i zwróconych do poprawy; "
                    "null dla pozostałych (juror ich już nie zmienia w telefonie).")]


class Assignment(Shape):
    id: int
    edition_id: int
    channels: list[Channel]
    due_on: Annotated[str, Field(json_schema_extra={"format": "date"})] | None
    # The edition's fieldwork days: the phone refuses a contact outside them (so does PUT).
    fieldwork_from: Annotated[str, Field(json_schema_extra={"format": "date"})]
    fieldwork_until: Annotated[str, Field(json_schema_extra={"format": "date"})]
    participant: Participant
    contacts: list[WorklistContact]


class RubricVersion(Shape):
    version: int
    data: Annotated[dict[str, Any], Field(
        description="Kryteria edycji (format 1): kanały → waga, pomiary, kryteria "
                    "z max_points, weight, allow_na i regułami.",
        json_schema_extra={"required": ["format", "channels"]})]


class UnfinishedContact(Shape):
    """Kontakt zamkniętej edycji, który został niedokończony (czeka na odpowiedź albo był
    zwrócony do poprawy): nie można go już uzupełnić."""

    client_id: Annotated[str, Field(json_schema_extra={"format": "uuid"})]
    assignment_id: int
    participant_name: str
    channel: Channel
    status: Literal["awaiting_reply", "returned"]
    started_at: DateTime


class ClosedEdition(Shape):
    """Edycja, w której juror miał zadania, a wyniki zamrożono albo opublikowano: jej zadań
    nie ma już w `assignments`, a kontakt do niej dostaje 409."""

    id: int
    name: str
    status: Literal["frozen", "published"]
    assignment_ids: Annotated[list[int], Field(
        description="Zadania jurora w tej edycji: zapisy w telefonie do nich nie zostaną "
                    "przyjęte.")]
    unfinished: list[UnfinishedContact]


class Worklist(Shape):
    user: User
    assignments: list[Assignment]
    rubrics: Annotated[dict[str, RubricVersion], Field(
        description="Identyfikator edycji → aktualna wersja kryteriów.")]
    closed_editions: Annotated[list[ClosedEdition], Field(
        description="Zamknięte edycje z zadaniami jurora, najnowsza pierwsza.")]
    server_time: DateTime


class Photo(Shape):
    photo_id: Annotated[str, Field(json_schema_extra={"format": "uuid"})]
    sha256: Annotated[str, Field(pattern="^[0-9a-f]{64}$",
                                 description="SHA-256 otrzymanych bajtów.")]
    content_type: Annotated[str, Field(description="Typ rozpoznany po treści.")]
    byte_size: int
    width: int
    height: int
    captured_at: DateTime | None
    latitude: float | None
    longitude: float | None
    thumb_url: str
    display_url: str


class CriterionScore(Shape):
    key: str
    points: Number | None
    max_points: Number
    weight: Number


class Contact(ContactSummary):
    assignment_id: int
    participant_id: int
    juror_id: int
    received_at: DateTime
    measurements: dict[str, Number]
    scores: dict[str, Number | None]
    criteria: list[CriterionScore]
    notes: str
    position: Position | None
    rubric_version: int | None
    photos: list[Photo]


MODELS = (User, Participant, ContactSummary, EditableCopy, WorklistContact, Assignment,
          RubricVersion, UnfinishedContact, ClosedEdition, Worklist, Photo, CriterionScore,
          Contact)

USER_EXAMPLE = {"id": 7, "email": "jurorka@example.org", "name": "Anna Nowak",
                "role": "juror", "locale": "pl"}
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
WAITING_CONTACT_EXAMPLE = {
    "client_id": "6b0e4c1a-2f3d-4e5a-9c7b-8d1e2f3a4b5c", "channel": "email",
    "status": "awaiting_reply", "review_comment": "",
    "started_at": "2025-10-07T09:15:00+02:00", "ended_at": None,
    "updated_at": "2025-10-07T07:15:40.500000+00:00",
    "editable": {"measurements": {}, "scores": {"form": 4},
                 "notes": "Pytanie o godziny pracy urzędu stanu cywilnego.",
                 "position": None, "photo_ids": []},
}
WORKLIST_EXAMPLE = {
    "user": USER_EXAMPLE,
    "assignments": [{"id": 5, "edition_id": 2, "channels": ["visit", "phone", "email"],
                     "due_on": "2025-11-30", "fieldwork_from": "2025-09-01",
                     "fieldwork_until": "2025-12-15", "participant": PARTICIPANT_EXAMPLE,
                     "contacts": [{**CONTACT_SUMMARY_EXAMPLE, "editable": None},
                                  WAITING_CONTACT_EXAMPLE]}],
    "rubrics": {"2": {"version": 1, "data": {"format": 1, "channels": {"phone": {
        "label": "Kontakt telefoniczny", "weight": 25, "required": True,
        "measurements": [{"key": "rings", "label": "Liczba sygnałów", "unit": "",
                          "min": 0, "max": 60}],
        "criteria": [{"key": "courtesy", "label": "Uprzejmość", "group": "service_culture",
                      "max_points": 5, "weight": 2, "allow_na": False}]}}}}},
    "closed_editions": [{"id": 1, "name": "Lider Zaufania 2024", "status": "published",
                         "assignment_ids": [2],
                         "unfinished": [{"client_id": "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                                         "assignment_id": 2,
                                         "participant_name": "Urząd Miasta Przykładowo",
                                         "channel": "email", "status": "awaiting_reply",
                                         "started_at": "2024-11-20T10:00:00+01:00"}]}],
    "server_time": "2025-10-06T09:10:00+00:00",
}
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
