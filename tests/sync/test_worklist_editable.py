"""The work list carries the content of the contacts the juror edits on the phone (waiting
for a reply, returned), so a form rebuilt offline starts from it (issue 15.1) — both
databases."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact, ContactStatus, User
from tests.api_support import juror_with_assignment, loaded, new_id, payload
from tests.evidence_samples import jpeg

SENT = "2025-10-06T10:00:00+02:00"


def listed_contacts(client, headers) -> dict[str, dict]:
    answer = client.get("/api/v1/me/assignments", headers=headers)
    assert answer.status_code == 200
    return {c["client_id"]: c for c in answer.json["assignments"][0]["contacts"]}


def test_waiting_and_returned_contacts_carry_what_the_form_needs(app, client):
    juror, assignment, headers = juror_with_assignment()
    waiting, returned, submitted = new_id(), new_id(), new_id()
    client.put(f"/api/v1/contacts/{waiting}", headers=headers, json=payload(
        assignment, "email", started_at=SENT, ended_at=None, scores={"form": 4},
        notes="Pytanie o godziny pracy."))
    for cid in (returned, submitted):
        assert client.put(f"/api/v1/contacts/{cid}", headers=headers,
                          json=payload(assignment)).status_code == 201
    photo = new_id()
    assert client.put(f"/api/v1/contacts/{returned}/photos/{photo}", data=jpeg(),
                      content_type="image/jpeg", headers=headers).status_code == 201
    contact = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(returned)))
    contact.status = ContactStatus.RETURNED
    db.session.commit()

    contacts = listed_contacts(client, headers)
    assert contacts[waiting]["editable"] == {
        "measurements": {}, "scores": {"form": 4}, "notes": "Pytanie o godziny pracy.",
        "position": None, "photo_ids": []}
    copy = contacts[returned]["editable"]
    assert copy["notes"] == "Uprzejma rozmowa."
    assert copy["measurements"] == {"rings": 4, "transfers": 1}
    assert payload(assignment)["scores"].items() <= copy["scores"].items()
    assert copy["photo_ids"] == [photo]
    assert contacts[submitted]["editable"] is None, "handed in: nothing to edit on the phone"


def test_only_the_contacts_the_phone_edits_are_read_whole(app, client):
    """The others are summaries: a juror's hundreds of handed-in contacts are read as plain
    rows, without their JSON columns or models."""
    juror, assignment, headers = juror_with_assignment()
    handed_in = [new_id() for _ in range(5)]
    for cid in handed_in:
        assert client.put(f"/api/v1/contacts/{cid}", headers=headers,
                          json=payload(assignment)).status_code == 201
    waiting = new_id()
    client.put(f"/api/v1/contacts/{waiting}", headers=headers, json=payload(
        assignment, "email", started_at=SENT, ended_at=None, scores={"form": 4}))
    # The test client's requests share this test's session: empty its identity map, or a
    # contact still held there from the PUTs would be reused instead of loaded.
    db.session.expunge_all()
    with loaded(Contact) as built:
        contacts = listed_contacts(client, headers)
    assert [str(c.client_id) for c in built] == [waiting]
    assert set(contacts) == {waiting, *handed_in}
    assert all(contacts[cid]["status"] == "submitted" for cid in handed_in)


def test_the_work_list_names_its_juror_from_the_token_check_alone(app, client):
    """The token's read brings the name and address the work list shows: no User entity."""
    juror, _, headers = juror_with_assignment()
    expected = {"id": juror.id, "email": juror.email, "name": juror.name,
                "role": "juror", "locale": juror.locale}
    db.session.expunge_all()
    with loaded(User) as users:
        answer = client.get("/api/v1/me/assignments", headers=headers)
    assert answer.status_code == 200
    assert answer.json["user"] == expected and users == []
