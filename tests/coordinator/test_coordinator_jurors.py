"""Coordinator: juror accounts — create, deactivate, reactivate; revoke a lost device."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from juror_app.accounts.tokens import authenticate_bearer, issue_token
from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Role, User
from tests import factories
from tests.conftest import AuthActions

NEW = {"name": "Anna Nowak", "email": "Anna.Nowak@Example.org", "password": ""}


def login_elsewhere(app, email: str, password: str = factories.PASSWORD) -> int:
    """Log in from another browser; its own app context, so `g` holds no cached user."""
    with app.app_context():
        return AuthActions(app.test_client()).login(email, password).status_code


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_list_shows_assignment_counts_and_state(app, client, coordinator):
    busy = factories.make_user(name="Juror Zajęty")
    factories.make_assignment(busy)
    factories.make_assignment(busy)
    factories.make_user(name="Juror Wolny", active=False)
    factories.make_user(Role.EXPERT, name="Ekspert Nie-Juror")
    body = client.get("/coordinator/jurors/").get_data(as_text=True)
    row = body.split("Juror Zajęty")[1].split("</tr>")[0]
    assert "<td>2</td>" in row and "aktywne" in row and "Dezaktywuj" in row
    idle = body.split("Juror Wolny")[1].split("</tr>")[0]
    assert "<td>0</td>" in idle and "nieaktywne" in idle and "Aktywuj ponownie" in idle
    assert "Ekspert Nie-Juror" not in body


def test_empty_list_invites_to_add_a_juror(app, client, coordinator):
    assert "Nie ma jeszcze jurorów." in client.get("/coordinator/jurors/").get_data(
        as_text=True)


def test_generated_password_is_shown_once_and_works(app, client, coordinator):
    response = client.post("/coordinator/jurors/new", data=NEW)
    body = response.get_data(as_text=True)
    assert response.status_code == 201
    password = re.search(r'id="initial-password">([^<]+)<', body).group(1)
    user = db.session.scalar(sa.select(User).where(User.email == "anna.nowak@example.org"))
    assert user.role is Role.JUROR and user.password_hash.startswith("scrypt:")
    assert password not in user.password_hash and user.check_password(password)
    assert password not in client.get("/coordinator/jurors/").get_data(as_text=True)
    [event] = db.session.scalars(sa.select(AuditEvent)).all()
    assert event.action == "user.create" and "password_hash" not in event.after
    assert login_elsewhere(app, "anna.nowak@example.org", password) == 302
    assert login_elsewhere(app, "anna.nowak@example.org", "zgadywane-haslo") == 401


def test_password_set_by_the_coordinator_is_not_shown(app, client, coordinator):
    response = client.post("/coordinator/jurors/new", data=NEW | {"password": "dobre-haslo-2025"})
    assert response.status_code == 201
    assert "dobre-haslo-2025" not in response.get_data(as_text=True)
    user = db.session.scalar(sa.select(User).where(User.email == "anna.nowak@example.org"))
    assert user.check_password("dobre-haslo-2025")


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "To pole jest wymagane."),
    ({"email": "anna"}, "To nie jest poprawny adres e-mail."),
    ({"email": ""}, "To pole jest wymagane."),
    ({"password": "krótkie"}, "od 10 do 200 znaków"),
    ({"name": "Anna\x07Nowak"}, "Usuń znaki sterujące (niewidoczne) z tego pola."),
])
def test_juror_form_refuses_bad_values(app, client, coordinator, change, message):
    response = client.post("/coordinator/jurors/new", data=NEW | change)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1  # the coordinator


def test_email_already_used_is_refused_whatever_the_case(app, client, coordinator):
    factories.make_user(email="anna.nowak@example.org")
    response = client.post("/coordinator/jurors/new", data=NEW)
    assert response.status_code == 422
    assert "Konto z tym adresem e-mail już istnieje." in response.get_data(as_text=True)


def test_deactivation_asks_then_blocks_login(app, client, coordinator):
    juror = factories.make_user()
    page = client.get(f"/coordinator/jurors/{juror.id}/deactivate")
    assert page.status_code == 200 and "Dezaktywować konto?" in page.get_data(as_text=True)
    db.session.refresh(juror)
    assert juror.active
    assert client.post(f"/coordinator/jurors/{juror.id}/deactivate").status_code == 302
    db.session.refresh(juror)
    assert not juror.active
    assert login_elsewhere(app, juror.email) == 401
    client.post(f"/coordinator/jurors/{juror.id}/reactivate")
    db.session.refresh(juror)
    assert juror.active
    assert login_elsewhere(app, juror.email) == 302
    assert actions() == ["user.deactivate", "user.activate"]


def test_a_second_deactivation_or_a_needless_reactivation_changes_nothing(
        app, client, coordinator):
    juror, active = factories.make_user(), factories.make_user()
    for expected in ("zostało dezaktywowane", "To konto jest już nieaktywne."):
        response = client.post(f"/coordinator/jurors/{juror.id}/deactivate")
        assert response.status_code == 302
        assert expected in client.get(response.headers["Location"]).get_data(as_text=True)
    response = client.post(f"/coordinator/jurors/{active.id}/reactivate")
    assert "To konto jest już aktywne." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    # Its sessions and tokens were ended once, not again by the second click.
    assert (juror.active, juror.session_version, juror.token_generation) == (False, 2, 2)
    assert (active.active, active.session_version) == (True, 1)
    assert actions() == ["user.deactivate"]


def test_only_juror_accounts_are_managed_here(app, client, coordinator):
    expert = factories.make_user(Role.EXPERT)
    assert client.post(f"/coordinator/jurors/{expert.id}/deactivate").status_code == 404
    assert client.post(f"/coordinator/jurors/{coordinator.id}/deactivate").status_code == 404
    assert client.get("/coordinator/jurors/9999/devices").status_code == 404


def test_devices_list_and_revoking_a_lost_phone(app, client, coordinator):
    juror = factories.make_user()
    token, row = issue_token(juror, "Telefon Anny (Android)")
    db.session.commit()
    body = client.get(f"/coordinator/jurors/{juror.id}/devices").get_data(as_text=True)
    assert "Telefon Anny (Android)" in body and "nigdy" in body
    revoke = f"/coordinator/jurors/{juror.id}/devices/{row.id}/revoke"
    assert "Unieważnić dostęp urządzenia?" in client.get(revoke).get_data(as_text=True)
    assert authenticate_bearer(f"Bearer {token}").caller is not None
    assert client.post(revoke).status_code == 302
    db.session.refresh(row)
    assert row.revoked_at is not None
    assert authenticate_bearer(f"Bearer {token}").caller is None
    assert actions() == ["device_token.revoke"]
    assert "unieważnione" in client.get(f"/coordinator/jurors/{juror.id}/devices").get_data(
        as_text=True)


def test_a_token_of_another_juror_is_404(app, client, coordinator):
    juror, other = factories.make_user(), factories.make_user()
    _, row = issue_token(other, "Cudzy telefon")
    db.session.commit()
    response = client.post(f"/coordinator/jurors/{juror.id}/devices/{row.id}/revoke")
    assert response.status_code == 404
    db.session.refresh(row)
    assert row.revoked_at is None


def test_juror_without_devices_gets_an_explanation(app, client, coordinator):
    juror = factories.make_user()
    body = client.get(f"/coordinator/jurors/{juror.id}/devices").get_data(as_text=True)
    assert "nie zalogował się jeszcze w aplikacji" in body


def test_a_forgotten_password_is_replaced_and_shown_once(app, client, coordinator):
    juror = factories.make_user()
    page = client.get(f"/coordinator/jurors/{juror.id}/password").get_data(as_text=True)
    assert "Nadać nowe hasło?" in page
    assert login_elsewhere(app, juror.email) == 302  # nothing changed by asking
    response = client.post(f"/coordinator/jurors/{juror.id}/password")
    password = re.search(r'id="initial-password">([^<]+)<', response.get_data(as_text=True))
    assert response.status_code == 200 and password
    assert login_elsewhere(app, juror.email) == 401
    assert login_elsewhere(app, juror.email, password.group(1)) == 302
    [event] = db.session.scalars(sa.select(AuditEvent)).all()
    assert event.action == "user.password_reset" and "password_hash" not in event.after
