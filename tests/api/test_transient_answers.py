"""What the server itself calls temporary ("Spróbuj ponownie") is a 503 with Retry-After,
which the phone retries — not a 409, which it shows the juror as final. Both databases."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from juror_app.core.extensions import db
from juror_app.models import Contact, Photo
from tests.api_support import juror_with_assignment, new_id, payload
from tests.evidence_samples import jpeg
from tests.review_support import add_photo


def test_a_contact_that_keeps_losing_its_write_race_is_asked_for_again(
        app, client, monkeypatch):
    _, assignment, headers = juror_with_assignment()

    def always_lost(*args, **kwargs):
        raise IntegrityError("INSERT", {}, Exception("a parallel PUT stored it first"))

    monkeypatch.setattr("juror_app.sync.service._attempt", always_lost)
    answer = client.put(f"/api/v1/contacts/{new_id()}", json=payload(assignment),
                        headers=headers)
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert "Spróbuj ponownie" in answer.json["message"]


def test_a_photo_whose_parallel_upload_vanished_is_asked_for_again(
        app, client, monkeypatch):
    _, assignment, headers = juror_with_assignment()
    cid = new_id()
    assert client.put(f"/api/v1/contacts/{cid}", json=payload(assignment),
                      headers=headers).status_code == 201
    contact = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(cid)))
    taken = add_photo(contact)  # the same id is in the table, but not found when looked up
    monkeypatch.setattr("juror_app.evidence.service.find_photo", lambda photo_id: None)
    answer = client.put(f"/api/v1/contacts/{cid}/photos/{taken.client_id}", data=jpeg(),
                        content_type="image/jpeg", headers=headers)
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 1
