"""Coordinator: a frozen or published edition's set-up cannot change, on any page."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from juror_app.coordinator.audit import snapshot
from juror_app.core.extensions import db
from juror_app.models import Assignment, AuditEvent, Edition, EditionStatus, Participant
from tests import factories

LOCKED = [EditionStatus.FROZEN, EditionStatus.PUBLISHED]
REFUSED = "zamrożona lub opublikowana — jej ustawień nie można już zmieniać"
EDITION = {"name": "Nowa nazwa", "year": "2025", "starts_on": "2025-09-01",
           "ends_on": "2025-12-15", "licence_threshold": "0,5", "status": "open"}
PARTICIPANT = {"name": "Inna Nazwa", "category": "powiat", "city": "Gdzieś"}


def pages(edition, participant, archived, assignment):
    """(path, form data, the page the refusal goes back to) of every set-up change."""
    base = f"/coordinator/editions/{edition.id}"
    return [
        (f"{base}/edit", EDITION, "/coordinator/"),
        (f"{base}/participants/{participant.id}/edit", PARTICIPANT, f"{base}/participants"),
        (f"{base}/participants/{participant.id}/archive", {}, f"{base}/participants"),
        (f"{base}/participants/{archived.id}/restore", {}, f"{base}/participants"),
        (f"{base}/assignments/{assignment.id}/edit", {"channels": ["phone"]},
         f"{base}/assignments"),
        (f"{base}/assignments/{assignment.id}/delete", {}, f"{base}/assignments"),
    ]


def state(*objects) -> list[dict]:
    db.session.expire_all()
    return [snapshot(db.session.get(type(o), o.id)) for o in objects]


@pytest.mark.parametrize("status", LOCKED)
def test_no_set_up_page_changes_a_locked_edition(app, client, coordinator, status):
    edition = factories.make_edition(status=status, licence_threshold=75.0)
    participant = factories.make_participant(edition)
    assignment = factories.make_assignment(participant=participant, channels=["visit"])
    archived = factories.make_participant(edition, archived=True)
    before = state(edition, participant, archived, assignment)
    for path, data, back in pages(edition, participant, archived, assignment):
        for method in ("GET", "POST"):
            response = client.open(path, method=method, data=data)
            if response.status_code == 405:  # restore is POST-only
                continue
            assert (response.status_code, response.headers["Location"]) == (302, back), path
            assert REFUSED in client.get(back).get_data(as_text=True)
    assert state(edition, participant, archived, assignment) == before
    assert db.session.scalar(sa.select(sa.func.count(Assignment.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0
    assert db.session.get(Edition, edition.id).licence_threshold == 75.0


def test_an_htmx_archive_of_a_locked_edition_reloads_the_page(app, client, coordinator):
    edition = factories.make_edition(status=EditionStatus.FROZEN)
    participant = factories.make_participant(edition)
    path = f"/coordinator/editions/{edition.id}/participants/{participant.id}/archive"
    response = client.post(path, headers={"HX-Request": "true"})
    # Not a redirect: htmx would swap the whole list page into the participant's row.
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/coordinator/editions/{edition.id}/participants"
    db.session.expire_all()
    assert db.session.get(Participant, participant.id).archived is False


def test_a_locked_editions_lists_offer_no_changes(app, client, coordinator):
    edition = factories.make_edition(status=EditionStatus.PUBLISHED)
    participant = factories.make_participant(edition)
    assignment = factories.make_assignment(participant=participant)
    base = f"/coordinator/editions/{edition.id}"
    listing = client.get(f"{base}/participants").get_data(as_text=True)
    assert f"/participants/{participant.id}/edit" not in listing
    assert f"/participants/{participant.id}/archive" not in listing
    assert f"{base}/edit" not in listing
    tasks = client.get(f"{base}/assignments").get_data(as_text=True)
    assert f"/assignments/{assignment.id}/edit" not in tasks
    assert f"{base}/edit" not in client.get("/coordinator/").get_data(as_text=True)
