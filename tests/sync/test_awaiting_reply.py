"""A message sent, its reply not in yet: on the server at once as 'awaiting_reply', editable
by the juror, not reviewable, 'sent, waiting' on coverage; completed later under the same
client id it becomes one submitted contact (issue 15.1) — both databases."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact, ContactStatus
from juror_app.review.rules import TaskState, task_state
from juror_app.rubric import default_rubric
from juror_app.sync.contract import parse_contact
from juror_app.sync.payload import awaiting_reply, next_status, rubric_errors
from tests.api_support import juror_with_assignment, new_id, payload
from tests.review_support import decision_form

SENT = "2025-10-06T10:00:00+02:00"
REPLY = "2025-10-07T16:30:00+02:00"


def waiting(assignment, **overrides) -> dict:
    """An e-mail sent, no reply time, only the criteria a juror can judge before a reply."""
    return payload(assignment, "email", ended_at=None, scores={}, **overrides)


def test_rules_waiting_until_the_reply_then_review():
    body = {"assignment_id": 1, "channel": "email", "started_at": SENT}
    sent = parse_contact(body)
    done = parse_contact({**body, "ended_at": REPLY})
    assert awaiting_reply(sent) and not awaiting_reply(done)
    assert not awaiting_reply(parse_contact({**body, "channel": "phone"})), "messages only"
    assert next_status(None, sent) == "awaiting_reply"
    assert next_status("awaiting_reply", sent) == "awaiting_reply"
    assert next_status("awaiting_reply", done) == "submitted"
    assert next_status("returned", done) == "resubmitted"
    assert next_status("submitted", sent) is None, "handed in with a reply: no way back"
    assert next_status("returned", sent) is None
    rubric = default_rubric()
    assert rubric_errors(sent, ["email"], rubric) == {}, "unscored criteria may wait"
    assert "scores.form" in rubric_errors(done, ["email"], rubric), "a reply needs them all"
    bad = parse_contact({**body, "scores": {"form": 9}})
    assert "scores.form" in rubric_errors(bad, ["email"], rubric), "what is scored is checked"


def test_coverage_shows_a_waiting_message_as_sent():
    from datetime import date

    assert task_state(["awaiting_reply"], None, date(2025, 10, 7)) is TaskState.SENT
    assert task_state(["awaiting_reply", "approved"], None, date(2025, 10, 7)) is TaskState.DONE


def test_waiting_email_is_stored_at_once_and_completed_into_one_contact(app, client, auth):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    sent = client.put(f"/api/v1/contacts/{cid}", json=waiting(assignment), headers=headers)
    assert sent.status_code == 201, sent.json
    assert sent.json["status"] == "awaiting_reply" and sent.json["ended_at"] is None
    [contact] = db.session.scalars(sa.select(Contact)).all()
    assert contact.status is ContactStatus.AWAITING_REPLY
    received = contact.received_at  # the send time is evidence from here on

    listed = client.get("/api/v1/me/assignments", headers=headers).json
    assert [c["status"] for c in listed["assignments"][0]["contacts"]] == ["awaiting_reply"]
    again = client.put(f"/api/v1/contacts/{cid}", json=waiting(assignment, notes="Zapytanie "
                       "o godziny otwarcia."), headers=headers)
    assert again.status_code == 200 and again.json["status"] == "awaiting_reply", "editable"

    auth.login_as("coordinator")
    queue = client.get(f"/review/?edition={assignment.edition_id}").get_data(as_text=True)
    assert f"/review/contacts/{contact.id}" not in queue, "not reviewable yet"
    refused = client.post(f"/review/contacts/{contact.id}/approve", data=decision_form(contact))
    assert refused.status_code == 409
    assert "czeka na odpowiedź uczestnika" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status is ContactStatus.AWAITING_REPLY
    coverage = client.get(f"/review/coverage?edition={assignment.edition_id}")
    assert "wysłane, czeka na odpowiedź" in coverage.get_data(as_text=True)

    done = client.put(f"/api/v1/contacts/{cid}", json=payload(
        assignment, "email", started_at=SENT, ended_at=REPLY,
        measurements={"reply_hours": 30.5}), headers=headers)
    assert done.status_code == 200, done.json
    assert done.json["status"] == "submitted"
    db.session.expire_all()
    [contact] = db.session.scalars(sa.select(Contact)).all()
    assert contact.status is ContactStatus.SUBMITTED and contact.received_at == received
    assert {s.criterion_key: s.points for s in contact.scores}["reply_time"] == 4.0
    queue = client.get(f"/review/?edition={assignment.edition_id}").get_data(as_text=True)
    assert f"/review/contacts/{contact.id}" in queue, "now it is reviewed"


@pytest.mark.parametrize("status", [ContactStatus.SUBMITTED, ContactStatus.RETURNED])
def test_a_contact_handed_in_with_its_reply_cannot_go_back_to_waiting(app, client, status):
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    client.put(f"/api/v1/contacts/{cid}", json=payload(assignment, "email", ended_at=REPLY,
                                                        started_at=SENT), headers=headers)
    db.session.scalar(sa.select(Contact)).status = status
    db.session.commit()
    refused = client.put(f"/api/v1/contacts/{cid}", json=waiting(assignment), headers=headers)
    assert refused.status_code == 422
    assert "ended_at" in refused.json["fields"]
