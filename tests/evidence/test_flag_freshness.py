"""Stored flags follow what the rules compare against: a participant moved, an edition's
fieldwork days changed, a new rubric — so the queue filter (stored) agrees with the
contact page (live) right after the coordinator's change, on both databases."""
from __future__ import annotations

import copy
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from juror_app.core.extensions import db
from juror_app.evidence import flag_hooks
from juror_app.evidence.flags import evaluate, refresh, thresholds
from juror_app.rubric import default_rubric
from tests import factories

KRAKOW = {"latitude": 50.0617, "longitude": 19.9373}
WARSAW = {"latitude": 52.2297, "longitude": 21.0122}


@pytest.fixture
def visit(app, coordinator):
    """A clean 12-minute visit in Kraków, its flags stored ([])."""
    edition = factories.make_edition(starts_on=date(2025, 10, 1), ends_on=date(2025, 10, 31))
    participant = factories.make_participant(edition, **KRAKOW)
    assignment = factories.make_assignment(participant=participant, channels=["visit"])
    contact = factories.make_contact(assignment, channel="visit", **KRAKOW,
                                     started_at=datetime(2025, 10, 6, 9, 0, tzinfo=UTC))
    refresh(db.session, [contact.id], thresholds(app.config))
    db.session.commit()
    assert contact.flags == []
    return contact


def stored_codes(contact) -> list[str]:
    db.session.expire_all()
    return [f["code"] for f in contact.flags]


def in_the_flagged_queue(client, contact) -> bool:
    queue = client.get("/review/?status=all&flagged=y").get_data(as_text=True)
    return f"/review/contacts/{contact.id}" in queue


def move(client, participant, latitude: str, longitude: str):
    form = {"name": participant.name, "category": "gmina", "city": participant.city,
            "voivodeship": participant.voivodeship, "latitude": latitude,
            "longitude": longitude}
    url = (f"/coordinator/editions/{participant.edition_id}/participants/"
           f"{participant.id}/edit")
    assert client.post(url, data=form).status_code == 302


def test_moving_the_participant_refreshes_its_contacts(client, visit):
    participant = visit.assignment.participant
    move(client, participant, "52,2297", "21,0122")
    assert stored_codes(visit) == ["visit_place"]
    assert in_the_flagged_queue(client, visit)
    move(client, participant, "50,0617", "19,9373")
    assert stored_codes(visit) == [] and not in_the_flagged_queue(client, visit)


def start_fieldwork_later(client, edition):
    """The edition's form with its first day moved from 1 to 10 October."""
    form = {"name": edition.name, "year": "2025", "starts_on": "2025-10-10",
            "ends_on": "2025-10-31", "applications_until": "2025-10-24",
            "licence_threshold": "75", "status": edition.status.value}
    assert client.post(f"/coordinator/editions/{edition.id}/edit", data=form).status_code == 302


def test_new_fieldwork_days_refresh_the_editions_contacts(client, visit):
    start_fieldwork_later(client, visit.assignment.edition)
    assert stored_codes(visit) == ["outside_window"]
    assert in_the_flagged_queue(client, visit)


def upload_rubric(client, edition, visit_minimum: float):
    rubric = copy.deepcopy(default_rubric())
    rubric["channels"]["visit"]["min_minutes"] = visit_minimum
    return client.post(f"/coordinator/editions/{edition.id}/rubric",
                       data={"file": (io.BytesIO(json.dumps(rubric).encode()), "r.json")},
                       content_type="multipart/form-data")


def test_a_new_rubric_refreshes_the_contacts_it_reaches(client, visit):
    scored_under_v1 = factories.make_contact(visit.assignment, channel="visit", **KRAKOW,
                                             rubric_version=1,
                                             started_at=datetime(2025, 10, 8, 9, 0, tzinfo=UTC))
    assert upload_rubric(client, visit.assignment.edition, 60).status_code == 302
    assert stored_codes(visit) == ["too_fast"]  # no version of its own: the latest applies
    assert stored_codes(scored_under_v1) == []  # keeps version 1's minimum
    assert in_the_flagged_queue(client, visit)


def test_a_full_evaluation_reads_the_rubric_version_the_contact_was_scored_with(
        app, client, visit):
    """The newest version is read alone; an older one only for a contact scored with it."""
    scored_under_v1 = factories.make_contact(visit.assignment, channel="visit", **KRAKOW,
                                             rubric_version=1,
                                             started_at=datetime(2025, 10, 8, 9, 0, tzinfo=UTC))
    assert upload_rubric(client, visit.assignment.edition, 60).status_code == 302
    db.session.expire_all()
    limits = thresholds(app.config)
    assert [f["code"] for f in evaluate(db.session, visit, limits)] == ["too_fast"]
    assert evaluate(db.session, scored_under_v1, limits) == []


def test_one_rules_refresh_stores_what_a_full_evaluation_gives(app, client, visit):
    """Several flags at once: the window's refresh keeps the others, in the page's order."""
    visit.latitude, visit.longitude = WARSAW["latitude"], WARSAW["longitude"]
    visit.ended_at = visit.started_at + timedelta(minutes=2)
    refresh(db.session, [visit.id], thresholds(app.config))
    db.session.commit()
    assert stored_codes(visit) == ["too_fast", "visit_place"]
    start_fieldwork_later(client, visit.assignment.edition)
    assert stored_codes(visit) == ["outside_window", "too_fast", "visit_place"]
    assert visit.flags == evaluate(db.session, visit, thresholds(app.config))


def test_a_large_change_stops_at_its_bound_and_says_so(client, visit, monkeypatch, caplog):
    monkeypatch.setattr(flag_hooks, "IN_REQUEST_MAX", 0)
    move(client, visit.assignment.participant, "52,2297", "21,0122")
    assert stored_codes(visit) == []
    assert "flask evidence flags" in caplog.text
