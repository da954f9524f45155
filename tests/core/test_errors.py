"""Errors reach people as friendly Polish pages and API clients as JSON, never a traceback."""
import pytest
from flask import abort

from juror_app.accounts.access import public


@pytest.fixture
def failing_app(app):
    """The app plus two routes that fail on purpose."""

    @public
    def explode():
        raise RuntimeError("boom — internal detail")

    @public
    def api_explode():
        abort(500)

    app.add_url_rule("/explode", "explode", explode)
    app.add_url_rule("/api/v1/explode", "api_explode", api_explode)
    return app


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Nie znaleziono" in response.get_data(as_text=True)


def test_unexpected_error_is_a_friendly_500_without_details(failing_app):
    failing_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = failing_app.test_client().get("/explode")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Twoje dane nie zostały utracone" in body
    assert "boom" not in body and "Traceback" not in body


def test_api_errors_are_json(failing_app, client):
    failing_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.is_json
    assert response.json["message"]
    response = failing_app.test_client().get("/api/v1/explode")
    assert response.status_code == 500 and response.json["error"] == "internal_server_error"


def test_method_not_allowed_is_friendly(client):
    response = client.put("/login")
    assert response.status_code == 405
    assert "nie jest tu dozwolona" in response.get_data(as_text=True)


@pytest.fixture
def app_config():
    return {"SESSION_COOKIE_SECURE": True, "TRUSTED_PROXIES": 1}


def test_secure_cookie_behind_https_proxy(app, client):
    from tests import factories

    user = factories.make_user()
    response = client.post(
        "/login", data={"email": user.email, "password": factories.PASSWORD},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
