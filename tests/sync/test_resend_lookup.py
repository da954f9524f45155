"""An identical resend is answered from plain rows (sync.resend) — and only an identical
resend by the contact's own juror on its own task: everything else is decided as before."""
from __future__ import annotations

import json
import uuid

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact, CriterionScore, EditionStatus, Role
from juror_app.sync.resend import computed_in
from tests import factories
from tests.api_support import bearer, juror_with_assignment, loaded, new_id, payload
from tests.review_support import add_photo


def put(client, client_id, body, headers):
    return client.put(f"/api/v1/contacts/{client_id}", json=body, headers=headers)


def test_a_resend_answers_exactly_what_get_shows_without_building_the_contact(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    contact = db.session.scalar(sa.select(Contact))
    photo_ids = [add_photo(contact, latitude=52.2, longitude=21.0).client_id,
                 add_photo(contact).client_id]
    shown = client.get(f"/api/v1/contacts/{cid}", headers=headers)
    # Each request has a session of its own (tests/conftest.py): the full path would have
    # to load the contact (and be seen doing so).
    with loaded(Contact) as built:
        again = put(client, cid, payload(assignment), headers)
    assert again.status_code == 200
    # Byte for byte: scores, criteria (4.0 stays 4.0 from either database's JSON), both
    # photos in order, times, position.
    assert again.data == shown.data
    assert [p["photo_id"] for p in again.json["photos"]] == [str(p) for p in photo_ids]
    assert built == []  # plain rows: no ORM contact (the full path builds one)


def test_a_resend_on_a_task_given_to_another_juror_is_not_found(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    assignment.juror = factories.make_user(Role.JUROR)
    db.session.commit()
    assert put(client, cid, payload(assignment), headers).status_code == 404


def test_someone_elses_identical_body_is_not_found(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    stranger = bearer(factories.make_user(Role.JUROR))
    response = put(client, cid, payload(assignment), stranger)
    assert response.status_code == 404 and "client_id" not in response.json


def test_the_same_body_naming_another_task_is_refused(app, client):
    juror, assignment, headers = juror_with_assignment()
    other = factories.make_assignment(juror=juror, participant=factories.make_participant(
        assignment.edition))
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    response = put(client, cid, payload(other), headers)
    assert response.status_code == 422
    assert "assignment_id" in response.json["fields"]


def test_once_the_edition_is_frozen_a_resend_is_fine_and_a_change_is_a_conflict(app, client):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    assignment.edition.status = EditionStatus.FROZEN
    db.session.commit()
    assert put(client, cid, payload(assignment), headers).status_code == 200
    assert put(client, cid, payload(assignment, notes="Inaczej."), headers).status_code == 409


def test_a_new_contact_is_looked_up_once(app, client):
    """The lookup that found no contact is the PUT's only search for it."""
    juror, assignment, headers = juror_with_assignment()
    searches: list[str] = []

    def note(conn, cursor, statement, *args):
        if statement.startswith("SELECT") and "FROM contact" in statement:
            searches.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert put(client, str(uuid.uuid4()), payload(assignment), headers).status_code == 201
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    assert len(searches) == 1, searches


def test_the_computed_criteria_follow_the_rubrics_text_never_a_stale_copy():
    """Cached by the rubric's whole text: the same rubric changed in place is read anew."""
    rubric = {"channels": {"phone": {"criteria": [{"key": "wait", "rule": {"max": 5}},
                                                  {"key": "tone"}]}}}
    assert computed_in(json.dumps(rubric), "phone") == {"wait"}
    rubric["channels"]["phone"]["criteria"][1]["rule"] = {"max": 3}
    assert computed_in(json.dumps(rubric), "phone") == {"wait", "tone"}
    assert computed_in(json.dumps(rubric), "email") == computed_in(None, "phone") == set()


def test_a_resend_of_a_contact_without_criterion_rows_answers_none(app, client):
    """PostgreSQL's json_agg over no rows is NULL, SQLite's json_group_array is []."""
    _, assignment, headers = juror_with_assignment()
    cid = new_id()
    assert put(client, cid, payload(assignment), headers).status_code == 201
    contact = db.session.scalar(sa.select(Contact))
    db.session.execute(sa.delete(CriterionScore).where(CriterionScore.contact_id == contact.id))
    db.session.commit()
    again = put(client, cid, payload(assignment), headers)
    assert again.status_code == 200
    assert again.json["criteria"] == [] and again.json["scores"] == {}
