"""PUT /api/v1/contacts: what a body may hold — fields refused one by one with a clear
4xx, and the position a visit may carry (kept, read back, audited) — both DBs.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Contact
from tests.api_support import juror_with_assignment, new_id, payload


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def put(client, client_id, body, headers):
    return client.put(f"/api/v1/contacts/{client_id}", json=body, headers=headers)


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
