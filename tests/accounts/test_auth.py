"""Logging in and out: credentials, deactivation, rate limit, session renewal, CSRF."""
from __future__ import annotations

import pytest

from juror_app.core.extensions import db
from tests import factories


def test_login_page_renders_in_polish(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Logowanie" in response.get_data(as_text=True)


@pytest.mark.parametrize("role, home", [
    ("juror", "/juror/"), ("coordinator", "/coordinator/"), ("admin", "/coordinator/"),
    ("expert", "/results/ranking"),
])
def test_each_role_lands_on_its_own_page(app, auth, role, home):
    user = factories.make_user(role=role)
    response = auth.login(user.email)
    assert response.status_code == 302
    assert response.headers["Location"] == home


@pytest.mark.parametrize("email, password", [
    ("user-who-does-not-exist@example.org", factories.PASSWORD),
    (None, "wrong password"),
])
def test_wrong_credentials_are_refused_with_one_message(app, auth, email, password):
    user = factories.make_user()
    response = auth.login(email or user.email, password)
    assert response.status_code == 401
    assert "Nieprawidłowy e-mail lub hasło" in response.get_data(as_text=True)


def test_deactivated_user_cannot_log_in(app, auth):
    user = factories.make_user(active=False)
    response = auth.login(user.email)
    assert response.status_code == 401


def test_email_is_matched_case_insensitively(app, auth):
    user = factories.make_user(email="juror.kowalska@example.org")
    assert auth.login("  Juror.Kowalska@Example.org ").status_code == 302
    assert user.email == "juror.kowalska@example.org"


def test_missing_fields_are_named(app, client):
    response = client.post("/login", data={"email": "", "password": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Podaj adres e-mail." in body and "Podaj hasło." in body


def test_login_starts_a_new_session(app, client, auth):
    user = factories.make_user()
    with client.session_transaction() as session:
        session["planted_by_attacker"] = "x"
    auth.login(user.email)
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session
        assert session["_user_id"] == f"{user.id}:{user.session_version}"


def test_logout_ends_the_session(app, client, auth):
    auth.login_as("juror")
    assert client.get("/juror/").status_code == 200
    auth.logout()
    assert client.get("/juror/").status_code == 302


def test_session_cookie_flags(app, client):
    user = factories.make_user()
    response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_next_parameter_only_follows_local_paths(app, auth):
    user = factories.make_user(role="coordinator")
    response = auth.login(user.email, query_string={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/coordinator/"


def test_language_choice_is_remembered_for_the_user(app, client, auth):
    user = auth.login_as("juror")
    client.post("/language/en", data={"next": "/juror/"})
    db.session.refresh(user)
    assert user.locale == "en"


@pytest.fixture
def app_config(request):
    if "rate_limited" in request.keywords:
        return {"RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "3 per minute"}
    return {}


@pytest.mark.rate_limited
def test_repeated_login_attempts_are_limited(app, auth):
    user = factories.make_user()
    for _ in range(3):
        assert auth.login(user.email, "wrong").status_code == 401
    response = auth.login(user.email)
    assert response.status_code == 429
    assert "Zbyt wiele prób" in response.get_data(as_text=True)


@pytest.fixture
def csrf_client(database_url, tmp_path):
    from tests.conftest import make_test_app

    app = make_test_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        yield app.test_client()
        db.session.remove()
        from tests.conftest import empty_database

        empty_database()
        db.engine.dispose()


def test_login_without_csrf_token_is_refused(csrf_client):
    factories.make_user(email="csrf@example.org")
    response = csrf_client.post(
        "/login", data={"email": "csrf@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert "Formularz wygasł" in response.get_data(as_text=True)
    assert csrf_client.get("/juror/").status_code == 302  # still not logged in
