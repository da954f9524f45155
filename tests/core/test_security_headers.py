"""Every response carries the security headers: pages, the API, the worker, errors, files."""
from __future__ import annotations

import pytest

from tests import factories
from tests.api_support import bearer


def assert_secure(response):
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=(self)" in headers["Permissions-Policy"]
    assert "geolocation=(self)" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/login", "/sw.js", "/static/css/app.css", "/no-such-page",
                                  "/api/v1/me/assignments", "/api/v1/openapi.json"])
def test_public_responses_and_errors_carry_the_headers(app, client, path):
    response = client.get(path)
    assert_secure(response)
    response.close()  # a static file is streamed from an open file


def test_signed_in_pages_and_api_answers_carry_the_headers(app, client, auth):
    juror = auth.login_as("juror")
    for path in ("/juror/", "/app/", "/app/csrf"):
        response = client.get(path)
        assert response.status_code == 200
        assert_secure(response)
    assert_secure(client.get("/api/v1/me/assignments", headers=bearer(juror)))


def test_a_review_page_cannot_be_framed(app, client, auth):
    auth.login_as("coordinator")
    contact = factories.make_contact()
    response = client.get(f"/review/contacts/{contact.id}")
    assert response.status_code == 200
    assert_secure(response)


def test_pages_hold_no_inline_script(app, client, auth):
    auth.login_as("juror")
    for path in ("/login", "/juror/", "/app/"):
        html = client.get(path).get_data(as_text=True)
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or 'type="application/json"' in opening, opening
