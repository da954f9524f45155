"""A contact's times are not in the future and fall inside the edition's fieldwork days:
refused with 422 and a message, nothing stored (issue 10.2) — both databases."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact
from juror_app.sync.times import parse_rfc3339
from juror_app.sync.window import CLOCK_TOLERANCE, FUTURE, time_errors
from tests.api_support import juror_with_assignment, new_id, payload

NOW = datetime(2025, 10, 6, 12, 0, tzinfo=UTC)
FIELDWORK = (date(2025, 9, 1), date(2025, 12, 15))


def at(text: str):
    return parse_rfc3339(text)


def test_rules_future_and_fieldwork():
    inside = at("2025-10-06T13:59:00+02:00")  # 11:59 UTC
    assert time_errors({"started_at": inside, "ended_at": None}, FIELDWORK, NOW) == {}
    drift = NOW + CLOCK_TOLERANCE - timedelta(seconds=1)
    assert time_errors({"ended_at": at(drift.isoformat())}, FIELDWORK, NOW) == {}, "clock drift"
    future = at("2025-10-07T15:00:00+02:00")  # a reply 25 h ahead
    assert time_errors({"ended_at": future}, FIELDWORK, NOW) == {"ended_at": FUTURE}
    old = time_errors({"started_at": at("2019-05-10T10:00:00+02:00")}, FIELDWORK, NOW)
    assert str(old["started_at"]) == ("Ten czas jest poza okresem badania edycji "
                                      "(01.09.2025 – 15.12.2025).")
    # The phone's own calendar decides the day: 00:30 in Warsaw on 1 Sep is inside.
    first_day = at("2025-09-01T00:30:00+02:00")
    assert time_errors({"started_at": first_day}, FIELDWORK, NOW) == {}
    last_night = at("2025-08-31T23:30:00+02:00")
    assert "started_at" in time_errors({"started_at": last_night}, FIELDWORK, NOW)


def put(client, body, headers):
    return client.put(f"/api/v1/contacts/{new_id()}", json=body, headers=headers)


def test_a_reply_in_the_future_is_refused(app, client):
    juror, assignment, headers = juror_with_assignment()
    soon = datetime.now(UTC) + timedelta(hours=25)
    assignment.edition.ends_on = soon.date() + timedelta(days=30)
    db.session.commit()
    response = put(client, payload(assignment, "email", started_at="2025-10-06T10:00:00+02:00",
                                   ended_at=soon.isoformat()), headers)
    assert response.status_code == 422, response.json
    assert "przyszłości" in response.json["fields"]["ended_at"]
    assert "started_at" not in response.json["fields"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0


def test_a_contact_from_another_year_is_refused(app, client):
    juror, assignment, headers = juror_with_assignment()
    response = put(client, payload(assignment, started_at="2019-10-06T11:00:00+02:00",
                                   ended_at="2019-10-06T11:07:30+02:00"), headers)
    assert response.status_code == 422
    assert set(response.json["fields"]) >= {"started_at", "ended_at"}
    assert "okresem badania" in response.json["fields"]["started_at"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0
    assert put(client, payload(assignment), headers).status_code == 201, "inside is fine"
