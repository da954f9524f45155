"""Frozen or published editions the juror had tasks in travel in the work list, with those
tasks' unfinished contacts: their tasks leave the list at the freeze, and the phone must say
why rather than "no participants yet" (season review, finding 1) — both databases."""
from __future__ import annotations

from datetime import UTC, date, datetime

from juror_app.models import ContactStatus, EditionStatus, Role
from tests.api_support import bearer
from tests.factories import make_assignment, make_contact, make_edition, make_participant, make_user


def test_closed_editions_with_their_tasks_and_unfinished_contacts(app, client):
    juror = make_user(Role.JUROR)
    frozen = make_edition(name="Lider 2026", status=EditionStatus.FROZEN, ends_on=date(2026, 12, 1))
    older = make_edition(name="Lider 2025", status=EditionStatus.PUBLISHED,
                         ends_on=date(2025, 12, 1))
    make_assignment(juror, make_participant(make_edition(), name="Gmina Otwarta"))
    task = make_assignment(juror, make_participant(frozen, name="Gmina Starogard Gdański"))
    other = make_assignment(juror, make_participant(frozen, name="Gmina Druga"))
    old_task = make_assignment(juror, make_participant(older, name="Gmina Dawna"))
    make_assignment(make_user(Role.JUROR), make_participant(frozen, name="Gmina Cudza"))
    waiting = make_contact(task, channel="email", status=ContactStatus.AWAITING_REPLY,
                           ended_at=None, ended_offset_minutes=None,
                           started_at=datetime(2026, 11, 3, 8, 15, tzinfo=UTC))
    make_contact(task, channel="visit", status=ContactStatus.APPROVED)
    make_contact(other, channel="phone", status=ContactStatus.RETURNED,
                 started_at=datetime(2026, 11, 4, 8, 0, tzinfo=UTC))

    answer = client.get("/api/v1/me/assignments", headers=bearer(juror))
    assert answer.status_code == 200
    assert [a["participant"]["name"] for a in answer.json["assignments"]] == ["Gmina Otwarta"]
    closed = answer.json["closed_editions"]
    assert [(e["name"], e["status"]) for e in closed] == [("Lider 2026", "frozen"),
                                                          ("Lider 2025", "published")]
    assert closed[0]["assignment_ids"] == [task.id, other.id]
    assert closed[1] == {"id": older.id, "name": "Lider 2025", "status": "published",
                         "assignment_ids": [old_task.id], "unfinished": []}
    assert closed[0]["unfinished"][0] == {
        "client_id": str(waiting.client_id), "assignment_id": task.id,
        "participant_name": "Gmina Starogard Gdański", "channel": "email",
        "status": "awaiting_reply", "started_at": "2026-11-03T10:15:00+02:00"}
    assert [c["status"] for c in closed[0]["unfinished"]] == ["awaiting_reply", "returned"]


def test_a_juror_with_open_tasks_only_gets_no_closed_editions(app, client):
    juror = make_user(Role.JUROR)
    make_assignment(juror)
    answer = client.get("/api/v1/me/assignments", headers=bearer(juror))
    assert answer.json["closed_editions"] == []
