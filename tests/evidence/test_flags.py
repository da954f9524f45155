"""Anomaly flags through the real API and pages: stored after sync, shown, filterable."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from bench.bench_review import counting
from juror_app.core.extensions import db
from juror_app.evidence import flag_hooks, flags
from juror_app.models import Contact
from tests import factories
from tests.api_support import bearer, new_id, payload
from tests.evidence_samples import jpeg

KRAKOW_RYNEK = {"latitude": 50.0617, "longitude": 19.9373}
WARSAW = {"latitude": 52.2297, "longitude": 21.0122}


@pytest.fixture
def visit(app):
    """A juror's visit assignment to a participant in Kraków (position known)."""
    juror = factories.make_user("juror")
    edition = factories.make_edition(starts_on=date(2025, 10, 1),
                                     ends_on=date(2025, 10, 31))
    participant = factories.make_participant(edition, **KRAKOW_RYNEK)
    assignment = factories.make_assignment(juror=juror, participant=participant,
                                           channels=["visit"])
    return juror, assignment, bearer(juror)


def put_visit(client, assignment, headers, position, **overrides):
    cid = new_id()
    body = payload(assignment, "visit", position=position, **overrides)
    response = client.put(f"/api/v1/contacts/{cid}", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(cid)))


def test_a_visit_far_away_is_flagged_and_found_by_the_queue_filter(client, auth, visit):
    _, assignment, headers = visit
    far = put_visit(client, assignment, headers, WARSAW)
    near = put_visit(client, assignment, headers, KRAKOW_RYNEK,
                     started_at="2025-10-07T11:00:00+02:00", ended_at="2025-10-07T11:30:00+02:00")
    db.session.expire_all()
    assert [f["code"] for f in far.flags] == ["visit_place"] and far.flag_count == 1
    assert near.flag_count == 0, near.flags
    auth.login_as("coordinator")
    page = client.get(f"/review/contacts/{far.id}").get_data(as_text=True)
    assert "km od adresu uczestnika" in page
    queue = client.get("/review/?status=all&flagged=y").get_data(as_text=True)
    assert f"/review/contacts/{far.id}" in queue and f"/review/contacts/{near.id}" not in queue
    clean = client.get(f"/review/contacts/{near.id}").get_data(as_text=True)
    assert "Nic nietypowego" in clean


def test_the_same_photo_in_two_contacts_flags_both(client, visit):
    _, assignment, headers = visit
    first = put_visit(client, assignment, headers, KRAKOW_RYNEK)
    second = put_visit(client, assignment, headers, KRAKOW_RYNEK,
                       started_at="2025-10-09T11:00:00+02:00", ended_at="2025-10-09T11:30:00+02:00")
    data = jpeg()
    for contact in (first, second):
        response = client.put(f"/api/v1/contacts/{contact.client_id}/photos/{new_id()}",
                              data=data, content_type="image/jpeg", headers=headers)
        assert response.status_code == 201
    db.session.expire_all()
    assert [f["code"] for f in first.flags] == ["duplicate_photo"]
    assert f"#{first.id}" in second.flags[0]["params"]["ids"]


def test_a_failing_rule_never_blocks_the_sync(client, visit, monkeypatch, caplog):
    _, assignment, headers = visit

    def broken(*args):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(flag_hooks, "refresh", broken)  # after a photo, its own transaction
    monkeypatch.setattr(flag_hooks, "refresh_loaded", broken)  # inside the contact PUT's
    contact = put_visit(client, assignment, headers, WARSAW)
    assert contact is not None and "anomaly flags not refreshed" in caplog.text
    caplog.clear()
    response = client.put(f"/api/v1/contacts/{contact.client_id}/photos/{new_id()}",
                          data=jpeg(), content_type="image/jpeg", headers=headers)
    assert response.status_code == 201 and "anomaly flags not refreshed" in caplog.text


def test_cli_refreshes_flags_with_new_thresholds(app, client, visit, runner):
    _, assignment, headers = visit
    # About 650 m from the participant: within the default 1 km, beyond 100 m.
    contact = put_visit(client, assignment, headers, {"latitude": 50.0650, "longitude": 19.9450})
    assert contact.flag_count == 0
    app.config["ANOMALY_DISTANCE_KM"] = 0.1
    result = runner.invoke(args=["evidence", "flags"])
    assert result.exit_code == 0 and "1 have flags" in result.output
    db.session.expire_all()
    assert [f["code"] for f in contact.flags] == ["visit_place"]


def ids_read_by_id(statement: str) -> int:
    """How many contacts a `SELECT contact… WHERE contact.id IN (…)` loads (0 for others)."""
    flat = " ".join(statement.split())
    if not flat.startswith("SELECT contact.id") or "WHERE contact.id IN (" not in flat:
        return 0
    return flat.split("WHERE contact.id IN (")[1].split(")")[0].count(",") + 1


def test_a_refresh_reads_each_contact_once_and_refreshes_its_neighbour(client, visit):
    """The seed is loaded once (not again with the contacts it affects); the neighbour it
    makes an impossible journey with is refreshed too, with what a full evaluation gives."""
    _, assignment, headers = visit
    first = put_visit(client, assignment, headers, KRAKOW_RYNEK)
    second = put_visit(client, assignment, headers, WARSAW,
                       started_at="2025-10-06T11:40:00+02:00", ended_at="2025-10-06T11:50:00+02:00")
    first_id, second_id = first.id, second.id
    db.session.execute(sa.update(Contact).values(flags=[], flag_count=0))
    db.session.commit()
    db.session.remove()
    limits = flags.thresholds(client.application.config)
    with counting() as statements:
        flags.refresh(db.session, [second_id], limits)
    db.session.commit()
    assert sum(map(ids_read_by_id, statements)) == 2  # the seed and its neighbour, once each
    stored = {c.id: c for c in db.session.scalars(sa.select(Contact))}
    codes = {i: [f["code"] for f in c.flags] for i, c in stored.items()}
    assert "travel" in codes[first_id] and "travel" in codes[second_id]
    for contact in stored.values():
        assert contact.flags == flags.evaluate(db.session, contact, limits)
