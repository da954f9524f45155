"""The JSON API answers in the juror's language: the token's user, else Accept-Language."""
from __future__ import annotations

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.core.text import N_, Message
from juror_app.models import Contact, ContactStatus, Role
from tests import factories
from tests.api_support import bearer, new_id, payload


def english_juror_with_assignment(locale: str = "en"):
    juror = factories.make_user(Role.JUROR, locale=locale)
    assignment = factories.make_assignment(juror=juror)
    return juror, assignment, bearer(juror)


def put(client, client_id, body, headers):
    return client.put(f"/api/v1/contacts/{client_id}", json=body, headers=headers)


def bad_payload(assignment) -> dict:
    return payload(assignment, started_at="2025-10-06Tjunk", notes=7, extra=1)


def test_a_message_is_its_polish_text_and_keeps_its_placeholders():
    message = Message(N_("Punkty muszą mieścić się w 0–%(max)s."), max=5)
    assert message == "Punkty muszą mieścić się w 0–5."
    assert message.text == "Punkty muszą mieścić się w 0–%(max)s." and message.params == {"max": 5}


def test_an_english_juror_gets_english_field_messages(app, client):
    juror, assignment, headers = english_juror_with_assignment()
    response = put(client, new_id(), bad_payload(assignment), headers)
    assert response.status_code == 422
    body = response.json
    assert body["message"] == "Correct the marked fields and send again."
    assert body["fields"]["body"] == "Unknown fields: extra."
    assert body["fields"]["notes"] == "Notes must be text."
    assert body["fields"]["started_at"] == ("Invalid time; expected e.g. "
                                            "2025-10-06T09:15:00+02:00.")
    scores = {**factories.full_marks("phone"), "courtesy": 99, "mood": 1}
    rubric = put(client, new_id(), payload(assignment, scores=scores,
                                           measurements={"rings": 99}), headers)
    assert rubric.status_code == 422
    fields = rubric.json["fields"]
    assert fields["scores.courtesy"].startswith("Points must be within 0–")
    assert fields["scores.mood"] == "Unknown criterion for this channel."
    assert fields["measurements.rings"] == "Value out of range 0–60."


def test_an_english_juror_gets_english_404_and_409(app, client):
    juror, assignment, headers = english_juror_with_assignment()
    other = factories.make_assignment()
    missing = put(client, new_id(), payload(other), headers)
    assert missing.status_code == 404
    assert missing.json["message"] == "No such assignment on your list."
    cid = new_id()
    put(client, cid, payload(assignment), headers)
    db.session.scalar(sa.select(Contact)).status = ContactStatus.APPROVED
    db.session.commit()
    locked = put(client, cid, payload(assignment, notes="change"), headers)
    assert locked.status_code == 409
    assert locked.json["message"] == ("This contact has already been approved or rejected "
                                      "and cannot be changed.")


def test_the_token_users_language_wins_over_accept_language(app, client):
    juror, assignment, headers = english_juror_with_assignment(locale="pl")
    response = put(client, new_id(), bad_payload(assignment),
                   {**headers, "Accept-Language": "en-GB,en;q=0.9"})
    assert response.status_code == 422
    assert response.json["message"] == "Popraw zaznaczone pola i wyślij ponownie."
    assert response.json["fields"]["body"] == "Nieznane pola: extra."
    assert response.json["fields"]["notes"] == "Notatki muszą być tekstem."


def test_a_token_request_follows_accept_language(app, client):
    factories.make_user(Role.JUROR, email="anna@example.org")
    body = {"email": "anna@example.org", "password": "wrong", "device_name": "Phone"}
    english = client.post("/api/v1/tokens", json=body, headers={"Accept-Language": "en-GB"})
    assert english.status_code == 401
    assert english.json["message"] == "Wrong e-mail or password, or the account is inactive."
    polish = client.post("/api/v1/tokens", json=body)
    assert polish.status_code == 401
    assert polish.json["message"] == "Nieprawidłowy e-mail lub hasło albo konto jest nieaktywne."
    missing = client.post("/api/v1/tokens", json={}, headers={"Accept-Language": "en"})
    assert missing.json["fields"]["device_name"] == "Enter a device name."


def test_an_english_juror_gets_english_photo_messages(app, client):
    juror, assignment, headers = english_juror_with_assignment()
    cid = new_id()
    assert put(client, cid, payload(assignment), headers).status_code == 201
    url = f"/api/v1/contacts/{cid}/photos/"
    limit_mb = app.config["PHOTO_MAX_BYTES"] // (1024 * 1024)
    big = client.put(url + new_id(), data=b"\0" * (app.config["PHOTO_MAX_BYTES"] + 1),
                     headers=headers, content_type="image/jpeg")
    assert big.status_code == 413
    assert big.json["message"] == f"The photo is too large (limit {limit_mb} MB)."
    empty = client.put(url + new_id(), data=b"", headers=headers, content_type="image/jpeg")
    assert empty.json["message"] == "The file is empty — no photo was received."
    # (An unreadable position from the phone is set aside, not refused: the file decides.)
    text = client.put(url + new_id(), data=b"x", headers=headers, content_type="image/jpeg",
                      query_string={"latitude": "91", "longitude": "20"})
    assert text.status_code == 415
    assert text.json["message"] == ("This is not a photo in a supported format. We accept "
                                    "JPEG, PNG, WebP and HEIC/HEIF.")
