"""PUT/GET /api/v1/contacts: create, resend, change, lock, ownership, races — both DBs.

What a body may hold (fields, position) is in test_api_contact_fields.py.
"""
from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import (
    AuditEvent,
    Contact,
    ContactStatus,
    CriterionScore,
    EditionStatus,
    Role,
)
from tests import factories
from tests.api_support import bearer, juror_with_assignment, new_id, payload


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def put(client, client_id, body, headers):
    return client.put(f"/api/v1/contacts/{client_id}", json=body, headers=headers)


def test_create_stores_the_contact_with_computed_scores(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    response = put(client, cid, payload(assignment), headers)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["client_id"] == cid and body["status"] == "submitted"
    assert body["started_at"] == "2025-10-06T11:00:00+02:00"
    assert body["scores"]["answer_speed"] == 3.0  # 4 rings → 3 points by the rubric rule
    contact = db.session.scalar(sa.select(Contact))
    assert contact.started_at.isoformat() == "2025-10-06T09:00:00+00:00"
    assert contact.started_offset_minutes == 120 and contact.rubric_version == 1
    assert len(contact.payload_hash) == 64 and contact.received_at is not None
    rows = {s.criterion_key: s for s in contact.scores}
    assert rows["courtesy"].weight == 2.0 and rows["courtesy"].max_points == 5.0
    assert rows["answer_speed"].points == 3.0


def test_identical_resend_is_200_and_writes_nothing(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    first = put(client, cid, payload(assignment), headers).json
    again = put(client, cid, payload(assignment, measurements={"transfers": 1.0, "rings": 4}),
                headers)
    assert again.status_code == 200
    assert again.json["updated_at"] == first["updated_at"]
    assert count(Contact) == 1 and count(AuditEvent) == 1  # only the creation


def test_changed_payload_while_editable_updates_with_an_audit_event(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    response = put(client, cid, payload(assignment, notes="Po namyśle: bardzo dobrze.",
                                        measurements={"rings": 1}), headers)
    assert response.status_code == 200
    assert response.json["notes"] == "Po namyśle: bardzo dobrze."
    assert response.json["scores"]["answer_speed"] == 5.0
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "contact.update"))
    assert event.actor_id == juror.id and event.entity_id == cid
    assert event.before["notes"] == "Uprzejma rozmowa."
    assert event.after["notes"] == "Po namyśle: bardzo dobrze."
    assert event.before["scores"]["answer_speed"] == 3.0
    assert count(Contact) == 1 and count(CriterionScore) == 5


def test_a_returned_contact_changed_by_the_juror_becomes_resubmitted(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    contact = db.session.scalar(sa.select(Contact))
    contact.status, contact.review_comment = ContactStatus.RETURNED, "Brak czasu oczekiwania."
    db.session.commit()
    response = put(client, cid, payload(assignment, measurements={"rings": 2, "hold_seconds": 30}),
                   headers)
    assert response.status_code == 200
    assert response.json["status"] == "resubmitted"
    assert response.json["review_comment"] == "Brak czasu oczekiwania."


@pytest.mark.parametrize("status", [ContactStatus.APPROVED, ContactStatus.REJECTED])
def test_a_change_after_approval_or_rejection_is_409_but_a_resend_is_fine(app, client, status):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    contact = db.session.scalar(sa.select(Contact))
    contact.status = status
    db.session.commit()
    assert put(client, cid, payload(assignment), headers).status_code == 200
    response = put(client, cid, payload(assignment, notes="zmiana"), headers)
    assert response.status_code == 409
    assert "zatwierdzony lub odrzucony" in response.json["message"]
    db.session.expire_all()
    assert db.session.scalar(sa.select(Contact)).notes == "Uprzejma rozmowa."


@pytest.mark.parametrize("status", [EditionStatus.FROZEN, EditionStatus.PUBLISHED])
def test_a_locked_edition_takes_no_new_or_changed_contacts(app, client, status):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    assignment.edition.status = status
    db.session.commit()
    assert put(client, cid, payload(assignment, notes="zmiana"), headers).status_code == 409
    response = put(client, new_id(), payload(assignment), headers)
    assert response.status_code == 409 and "edycja" in response.json["message"].lower()
    assert count(Contact) == 1


def test_someone_elses_contact_or_assignment_is_404_without_a_hint(app, client):
    owner, assignment, owner_headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), owner_headers)
    intruder, own_assignment, headers = juror_with_assignment()
    # Re-using the owner's id with the intruder's own assignment…
    reuse = put(client, cid, payload(own_assignment), headers)
    # …or sending to the owner's assignment under a fresh id.
    foreign = put(client, new_id(), payload(assignment), headers)
    missing = put(client, new_id(), payload(assignment, assignment_id=999_999), headers)
    assert reuse.status_code == foreign.status_code == missing.status_code == 404
    assert client.get(f"/api/v1/contacts/{cid}", headers=headers).status_code == 404
    assert count(Contact) == 1
    assert db.session.scalar(sa.select(Contact)).juror_id == owner.id


def test_reviewers_may_read_any_contact(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    for role in (Role.COORDINATOR, Role.EXPERT, Role.ADMIN):
        response = client.get(f"/api/v1/contacts/{cid}",
                              headers=bearer(factories.make_user(role)))
        assert response.status_code == 200 and response.json["client_id"] == cid
    own = client.get(f"/api/v1/contacts/{cid}", headers=headers).json
    assert own["photos"] == [] and own["status"] == "submitted"


@pytest.mark.parametrize("devices", [1, 20], ids=["one_token", "twenty_tokens"])
def test_twenty_parallel_identical_puts_leave_one_row(app, devices):
    juror, assignment, headers = juror_with_assignment()
    # With one token every request also touches the token's row (last use), which
    # serialises them; twenty tokens let them truly race to the unique constraint.
    tokens = [headers] + [bearer(juror, f"Urządzenie {n}") for n in range(1, devices)]
    cid, body = new_id(), payload(assignment)
    statuses: list[int] = []
    barrier = threading.Barrier(20)

    def send(n):
        with app.test_client() as own_client:
            barrier.wait()
            statuses.append(put(own_client, cid, body, tokens[n % devices]).status_code)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 19 + [201]
    db.session.expire_all()
    assert count(Contact) == 1
    assert count(CriterionScore) == 5
    assert db.session.scalar(sa.select(Contact.client_id)) == uuid.UUID(cid)


def test_a_contact_read_back_and_sent_again_unchanged_is_an_identical_resend(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    got = client.get(f"/api/v1/contacts/{cid}", headers=headers).json
    echo = {key: got[key] for key in ("assignment_id", "channel", "started_at", "ended_at",
                                      "measurements", "scores", "notes")}
    response = put(client, cid, echo, headers)
    assert response.status_code == 200
    assert response.json["updated_at"] == got["updated_at"]
    assert count(AuditEvent) == 1
