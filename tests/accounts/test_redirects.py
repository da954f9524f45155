"""`next` after login and after a language change stays on this site, as a browser reads it."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from juror_app.accounts.redirects import safe_next
from tests import factories

HOSTILE = [
    "//evil.example/", "/\t/evil.example/", "/\n/evil.example/", "/\r\n/evil.example",
    "\t//evil.example", " //evil.example", "/\\evil.example", "\\\\evil.example",
    "\\/evil.example", "/\\/evil.example", "/.//evil.example", "/x/..//evil.example",
    "/%2e//evil.example", "https://evil.example/", "javascript:alert(1)",
    "data:text/html,x", "//user@evil.example", "https:/\\evil.example", "\x00//evil.example",
    "///evil.example", "evil.example", "HTTPS:evil.example", "",
]
# Relative references a browser resolves on our own origin: kept, as a path.
RELATIVE = {"evil.example": "/evil.example", "HTTPS:evil.example": "/evil.example"}


@pytest.mark.parametrize("target", HOSTILE)
def test_nothing_that_a_browser_reads_as_another_site_is_followed(target):
    assert safe_next(target) == RELATIVE.get(target)


@pytest.mark.parametrize("target, expected", [
    ("/juror/", "/juror/"),
    ("/review/?status=received#top", "/review/?status=received#top"),
    ("/%2f/evil.example/", "/%2f/evil.example/"),  # a path on our site, not a host
    ("/%09/evil.example/", "/%09/evil.example/"),
    ("/a/../app/", "/app/"),
])
def test_local_paths_are_kept_in_the_form_the_browser_uses(target, expected):
    assert safe_next(target) == expected


@pytest.mark.parametrize("target", ["/%09/evil.example/", "/\t/evil.example/", "/\\evil.example",
                                    "/%2f/evil.example/", "/\n/evil.example/"])
def test_login_redirect_stays_on_the_site(app, auth, target):
    user = factories.make_user(role="coordinator")
    response = auth.login(user.email, query_string="next=" + quote(target, safe="/%"))
    location = response.headers["Location"]
    assert response.status_code == 302
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location
    assert "evil.example" not in location.split("/")[1:2]


def test_raw_tab_encoded_in_the_query_is_refused(app, auth):
    # The attacker's exact link: %09 decodes to a tab, which the browser would drop.
    user = factories.make_user(role="coordinator")
    response = auth.login(user.email, query_string="next=/%09/evil.example/")
    assert response.headers["Location"] == "/coordinator/"


@pytest.mark.parametrize("target", ["/\t/evil.example/", "//evil.example", "/\\evil.example",
                                    "/.//evil.example"])
def test_language_switch_redirect_stays_on_the_site(app, client, target):
    response = client.post("/language/en", data={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switch_follows_a_local_path(app, client):
    response = client.post("/language/en", data={"next": "/login?next=/app/"})
    assert response.headers["Location"] == "/login?next=/app/"
