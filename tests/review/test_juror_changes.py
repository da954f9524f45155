"""A reviewer sees what the juror changed in a correction, not only the new status."""
from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact
from juror_app.review.changes import MISSING, Change, contact_changes
from tests.api_support import juror_with_assignment, new_id, payload
from tests.review_support import decision_form


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_trail_shows_scores_notes_and_times_the_juror_changed(client, auth, app):
    _, assignment, headers = juror_with_assignment()
    phone, key = app.test_client(), new_id()
    body = payload(assignment, scores={**payload(assignment)["scores"], "courtesy": 2})
    assert phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers).status_code == 201
    contact = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(key)))
    auth.login_as("coordinator")
    client.post(f"/review/contacts/{contact.id}/return",
                data=decision_form(contact, comment="Sprawdź ocenę"))

    body["scores"]["courtesy"] = 3
    body["measurements"]["rings"] = 6
    body["notes"] = "Uprzejma rozmowa, ale długo czekałem."
    body["ended_at"] = "2025-10-06T11:12:30+02:00"
    assert phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers).status_code == 200

    page = text_of(client.get(f"/review/contacts/{contact.id}").get_data(as_text=True))
    assert "Uprzejmość i cierpliwość rozmówcy: 2 → 3" in page
    assert "Liczba sygnałów przed odebraniem: 4 → 6" in page
    # rings 4 → 6 moves the computed criterion too (thresholds in the default rubric).
    assert "Szybkość odebrania połączenia:" in page
    assert "Notatki: „Uprzejma rozmowa.” → „Uprzejma rozmowa, ale długo czekałem.”" in page
    assert "Koniec: 6.10.2025, 11:07 → 6.10.2025, 11:12" in page
    assert "Początek:" not in page  # unchanged values are not listed


def test_contact_changes_compares_each_value():
    before = {"scores": {"a": 2, "b": None}, "measurements": {"m": 1},
              "notes": "x", "started_at": "2025-10-06T09:00:00+00:00", "status": "returned"}
    after = {"scores": {"a": 3, "b": None, "c": 1}, "measurements": {"m": 1},
             "notes": "x", "started_at": "2025-10-06T09:05:00+00:00", "status": "resubmitted"}
    changes = contact_changes(before, after, {"a": "Kryterium A", "b": "B"}, {"m": "M"})
    assert changes == [
        Change("score", "a", "Kryterium A", 2, 3),
        Change("score", "c", "c", MISSING, 1),
        Change("time", "started_at", "Początek", datetime(2025, 10, 6, 9, tzinfo=UTC),
               datetime(2025, 10, 6, 9, 5, tzinfo=UTC)),
    ]
    assert contact_changes(None, after, {}, {}) == []  # a creation has nothing before
