"""Device tokens: issue, refuse, rate-limit, revoke; the work list behind them."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from juror_app.accounts.tokens import hash_token
from juror_app.core.extensions import db
from juror_app.models import DeviceToken, EditionStatus, Role, utcnow
from tests import factories
from tests.api_support import bearer, juror_with_assignment, new_id, payload


@pytest.fixture
def app_config(request):
    if "rate_limited" in request.keywords:
        return {"RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "3 per minute"}
    return {}


def login(client, email, password=factories.PASSWORD, device="Telefon Anny"):
    return client.post("/api/v1/tokens",
                       json={"email": email, "password": password, "device_name": device})


def test_a_token_is_issued_once_and_stored_only_as_a_hash(app, client):
    user = factories.make_user(Role.JUROR, email="anna@example.org")
    response = login(client, "Anna@example.org ")
    assert response.status_code == 201
    body = response.json
    assert body["user"] == {"id": user.id, "email": "anna@example.org", "name": user.name,
                            "role": "juror", "locale": "pl"}
    row = db.session.get(DeviceToken, body["token_id"])
    assert row.device_name == "Telefon Anny" and row.token_hash == hash_token(body["token"])
    assert body["token"] not in row.token_hash
    me = client.get("/api/v1/me/assignments",
                    headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json["user"]["id"] == user.id


@pytest.mark.parametrize("role", ["coordinator", "expert", "admin"])
def test_every_role_may_get_a_token(app, client, role):
    user = factories.make_user(role)
    assert login(client, user.email).status_code == 201


def test_wrong_password_unknown_user_or_inactive_account_is_401(app, client):
    user = factories.make_user()
    inactive = factories.make_user(active=False)
    for email, password in ((user.email, "wrong"), ("nobody@example.org", "x"),
                            (inactive.email, factories.PASSWORD)):
        response = login(client, email, password)
        assert response.status_code == 401
        assert "Nieprawidłowy e-mail lub hasło" in response.json["message"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeviceToken)) == 0


@pytest.mark.parametrize("missing", ["email", "password", "device_name"])
def test_missing_fields_are_422(app, client, missing):
    body = {"email": "a@example.org", "password": "x", "device_name": "Telefon"}
    body[missing] = "  "
    response = client.post("/api/v1/tokens", json=body)
    assert response.status_code == 422 and missing in response.json["fields"]


@pytest.mark.rate_limited
def test_token_requests_are_rate_limited_like_the_login_form(app, client):
    user = factories.make_user()
    for _ in range(3):
        assert login(client, user.email, "wrong").status_code == 401
    response = login(client, user.email)
    assert response.status_code == 429
    assert "Zbyt wiele prób" in response.json["message"]


def test_a_revoked_token_or_a_deactivated_user_gets_401(app, client):
    juror, assignment, headers = juror_with_assignment()
    assert client.get("/api/v1/me/assignments", headers=headers).status_code == 200
    row = db.session.scalar(sa.select(DeviceToken))
    row.revoked_at = utcnow()
    db.session.commit()
    response = client.get("/api/v1/me/assignments", headers=headers)
    assert response.status_code == 401 and response.json["message"]
    other = bearer(juror)
    juror.active = False
    db.session.commit()
    assert client.put(f"/api/v1/contacts/{new_id()}", json=payload(assignment),
                      headers=other).status_code == 401


def test_delete_current_revokes_only_the_calling_token(app, client):
    juror = factories.make_user()
    phone, tablet = bearer(juror, "Telefon"), bearer(juror, "Tablet")
    assert client.delete("/api/v1/tokens/current", headers=phone).status_code == 204
    assert client.get("/api/v1/me/assignments", headers=phone).status_code == 401
    assert client.get("/api/v1/me/assignments", headers=tablet).status_code == 200
    assert client.delete("/api/v1/tokens/current", headers=phone).status_code == 401


def test_the_work_list_has_open_assignments_contacts_and_rubrics(app, client):
    juror, assignment, headers = juror_with_assignment(due_on=date(2025, 11, 1))
    factories.make_assignment(juror=juror, participant=factories.make_participant(
        factories.make_edition(status=EditionStatus.FROZEN)))
    factories.make_assignment(juror=juror, participant=factories.make_participant(
        assignment.edition, archived=True))
    factories.make_assignment()  # someone else's
    cid = new_id()
    client.put(f"/api/v1/contacts/{cid}", json=payload(assignment), headers=headers)
    body = client.get("/api/v1/me/assignments", headers=headers).json
    assert [a["id"] for a in body["assignments"]] == [assignment.id]
    item = body["assignments"][0]
    assert item["participant"]["phone"] == "+48 12 000 00 00"
    assert item["due_on"] == "2025-11-01" and item["channels"] == assignment.channels
    assert [c["client_id"] for c in item["contacts"]] == [cid]
    assert item["contacts"][0]["status"] == "submitted"
    rubric = body["rubrics"][str(assignment.edition_id)]
    assert rubric["version"] == 1 and "phone" in rubric["data"]["channels"]
    assert body["server_time"].endswith("+00:00")


def test_only_jurors_have_a_work_list(app, client):
    response = client.get("/api/v1/me/assignments",
                          headers=bearer(factories.make_user(Role.COORDINATOR)))
    assert response.status_code == 403 and response.json["message"]
