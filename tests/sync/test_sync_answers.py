"""The PUT's answer is built from what the sync holds in memory, not read back: it must be
what a later GET reads from the database. Flags follow every change, and a contact never
moves to another task — both paths the cheaper sync takes differently from a resend."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact
from tests import factories
from tests.api_support import bearer, juror_with_assignment, new_id, payload

KRAKOW_RYNEK = {"latitude": 50.0617, "longitude": 19.9373}
WARSAW = {"latitude": 52.2297, "longitude": 21.0122}


def test_each_put_answers_what_a_get_then_reads(app, client):
    _, assignment, headers = juror_with_assignment()
    url = f"/api/v1/contacts/{new_id()}"
    bodies = [payload(assignment), payload(assignment),  # new, identical resend
              payload(assignment, notes="  Po namyśle.  ", measurements={"rings": 1.0})]
    for body, status in zip(bodies, (201, 200, 200), strict=True):
        answer = client.put(url, json=body, headers=headers)
        assert answer.status_code == status, answer.json
        db.session.remove()  # the GET reads the database, not the tests' session
        assert client.get(url, headers=headers).json == answer.json
    assert answer.json["notes"] == "Po namyśle." and answer.json["scores"]["answer_speed"] == 5


def test_a_changed_visit_gets_its_flags_refreshed_and_a_resend_keeps_them(app, client):
    juror = factories.make_user("juror")
    edition = factories.make_edition(starts_on=date(2025, 10, 1), ends_on=date(2025, 10, 31))
    participant = factories.make_participant(edition, **KRAKOW_RYNEK)
    assignment = factories.make_assignment(juror=juror, participant=participant,
                                           channels=["visit"])
    headers, cid = bearer(juror), new_id()
    url = f"/api/v1/contacts/{cid}"

    def flags_after(position, status):
        response = client.put(url, json=payload(assignment, "visit", position=position),
                              headers=headers)
        assert response.status_code == status, response.json
        db.session.expire_all()
        stored = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(cid)))
        return [f["code"] for f in stored.flags or []]

    assert flags_after(WARSAW, 201) == ["visit_place"]
    assert flags_after(WARSAW, 200) == ["visit_place"]  # identical resend: still there
    assert flags_after(KRAKOW_RYNEK, 200) == []  # moved to the participant: refreshed
    assert flags_after(KRAKOW_RYNEK, 200) == []


def test_a_contact_cannot_move_to_another_task(app, client):
    juror, assignment, headers = juror_with_assignment()
    other = factories.make_assignment(juror=juror, participant=factories.make_participant(
        assignment.edition))
    foreign = factories.make_assignment(participant=factories.make_participant(
        assignment.edition))
    url = f"/api/v1/contacts/{new_id()}"
    assert client.put(url, json=payload(assignment), headers=headers).status_code == 201
    moved = client.put(url, json=payload(other), headers=headers)
    assert moved.status_code == 422 and "assignment_id" in moved.json["fields"], moved.json
    assert client.put(url, json=payload(foreign), headers=headers).status_code == 404
    assert client.put(url, json=payload(assignment), headers=headers).status_code == 200
