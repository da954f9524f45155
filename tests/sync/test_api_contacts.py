"""PUT/GET /api/v1/contacts: create, resend, change, lock, ownership, fields — both DBs."""
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


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"assignment_id": "pięć"}, "assignment_id"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"started_at": "2025-10-06T11:00:00"}, "started_at"),
        ({"started_at": None}, "started_at"),
        ({"ended_at": "2025-10-06T10:59:59+02:00"}, "ended_at"),
        ({"measurements": {"rings": 61}}, "measurements.rings"),
        ({"measurements": {"waiting_minutes": 3}}, "measurements.waiting_minutes"),
        ({"scores": {"courtesy": 9}}, "scores.courtesy"),
        ({"scores": {"introduction": None}}, "scores.introduction"),
        ({"scores": {"bribe": 5}}, "scores.bribe"),
        ({"notes": "x" * 5001}, "notes"),
        ({"extra": 1}, "body"),
        ({"client_id": "00000000-0000-4000-8000-000000000000"}, "client_id"),
    ],
)
def test_invalid_fields_are_422_field_by_field_and_nothing_is_stored(app, client, overrides,
                                                                      field):
    juror, assignment, headers = juror_with_assignment()
    body = payload(assignment)
    if "scores" in overrides:
        overrides = {"scores": {**body["scores"], **overrides["scores"]}}
    response = put(client, new_id(), {**body, **overrides}, headers)
    assert response.status_code == 422, response.json
    assert response.json["error"] == "unprocessable_entity"
    assert field in response.json["fields"], response.json
    assert count(Contact) == 0


def test_a_channel_outside_the_assignment_is_422(app, client):
    juror, assignment, headers = juror_with_assignment(channels=["visit"])
    response = put(client, new_id(), payload(assignment), headers)
    assert response.status_code == 422 and "channel" in response.json["fields"]


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"tekst"', b"",
                                 b'{"assignment_id": NaN}'])
def test_a_body_that_is_not_a_json_object_gets_a_clear_4xx(app, client, raw):
    juror, assignment, headers = juror_with_assignment()
    response = client.put(f"/api/v1/contacts/{new_id()}", data=raw, headers=headers,
                          content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json["message"]
    assert count(Contact) == 0


def test_a_bad_client_id_is_404_and_a_missing_token_401(app, client):
    juror, assignment, headers = juror_with_assignment()
    assert put(client, "not-a-uuid", payload(assignment), headers).status_code == 404
    response = put(client, new_id(), payload(assignment), {})
    assert response.status_code == 401 and response.json["message"]


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


HERE = {"latitude": 50.0614, "longitude": 19.9366, "accuracy_m": 12.5}


def visit(assignment, **overrides):
    return payload(assignment, "visit", measurements={"waiting_minutes": 4}, **overrides)


def test_a_visit_keeps_the_position_the_juror_shared(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    response = put(client, cid, visit(assignment, position=HERE), headers)
    assert response.status_code == 201, response.json
    assert response.json["position"] == HERE
    contact = db.session.scalar(sa.select(Contact))
    assert (contact.latitude, contact.longitude, contact.position_accuracy_m) == (
        50.0614, 19.9366, 12.5)
    got = client.get(f"/api/v1/contacts/{cid}", headers=headers).json
    assert got["position"] == HERE
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.after["position"] == HERE


def test_a_contact_without_a_position_reads_back_null(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, visit(assignment, position={"latitude": 0, "longitude": 0}), headers)
    assert client.get(f"/api/v1/contacts/{cid}", headers=headers).json["position"] == {
        "latitude": 0.0, "longitude": 0.0, "accuracy_m": None}
    other = new_id()
    assert put(client, other, visit(assignment), headers).json["position"] is None
    assert put(client, new_id(), payload(assignment, position=None),
               headers).json["position"] is None


@pytest.mark.parametrize(
    ("position", "field"),
    [
        ({**HERE, "latitude": 91}, "position.latitude"),
        ({**HERE, "latitude": "50,06"}, "position.latitude"),
        ({**HERE, "longitude": -180.5}, "position.longitude"),
        ({"latitude": 50.06}, "position.longitude"),
        ({**HERE, "accuracy_m": -3}, "position.accuracy_m"),
        ({**HERE, "accuracy_m": False}, "position.accuracy_m"),
        ({**HERE, "heading": 90}, "position"),
        ("50.0614 19.9366", "position"),
    ],
)
def test_bad_position_values_are_422_per_field(app, client, position, field):
    juror, assignment, headers = juror_with_assignment()
    response = put(client, new_id(), visit(assignment, position=position), headers)
    assert response.status_code == 422, response.json
    assert field in response.json["fields"], response.json
    assert response.json["fields"][field][0].isupper()
    assert count(Contact) == 0


def test_a_position_on_a_phone_contact_is_422(app, client):
    juror, assignment, headers = juror_with_assignment()
    response = put(client, new_id(), payload(assignment, position=HERE), headers)
    assert response.status_code == 422
    assert list(response.json["fields"]) == ["position"]
    assert "tylko do wizyty" in response.json["fields"]["position"]
    assert count(Contact) == 0


def test_a_changed_position_is_an_audited_update_and_the_same_one_a_resend(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    first = put(client, cid, visit(assignment, position=HERE), headers).json
    same = put(client, cid, visit(assignment, position={**HERE, "latitude": 50.0614}), headers)
    assert same.status_code == 200 and same.json["updated_at"] == first["updated_at"]
    moved = {"latitude": 50.0617, "longitude": 19.9372, "accuracy_m": 8}
    response = put(client, cid, visit(assignment, position=moved), headers)
    assert response.status_code == 200 and response.json["position"] == moved
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "contact.update"))
    assert event.before["position"] == HERE and event.after["position"] == moved
    dropped = put(client, cid, visit(assignment, position=None), headers)
    assert dropped.status_code == 200 and dropped.json["position"] is None
    db.session.expire_all()
    contact = db.session.scalar(sa.select(Contact))
    assert contact.latitude is None and contact.position_accuracy_m is None
    assert count(AuditEvent) == 3


def test_a_visit_read_back_with_its_position_and_sent_again_is_an_identical_resend(app,
                                                                                  client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, visit(assignment, position={"latitude": 50.0614, "longitude": 19.9366}),
        headers)
    got = client.get(f"/api/v1/contacts/{cid}", headers=headers).json
    echo = {key: got[key] for key in ("assignment_id", "channel", "started_at", "ended_at",
                                      "measurements", "scores", "notes", "position")}
    assert put(client, cid, echo, headers).json["updated_at"] == got["updated_at"]
    assert count(AuditEvent) == 1
