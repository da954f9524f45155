"""Every route declares who may use it, and the declaration is enforced for every role."""
from __future__ import annotations

import re
import uuid

import pytest

from juror_app.accounts.access import PUBLIC

DUMMY_ARGS = {"int": "1", "uuid": str(uuid.uuid4()), "default": "x", "string": "x", "path": "x"}


def routes(app):
    """(endpoint, url, method, allowed roles) for every rule, arguments filled with dummies."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        url = _fill_all(rule)
        view = app.view_functions[rule.endpoint]
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        yield rule.endpoint, url, method, getattr(view, "allowed_roles", None)


def _fill_all(rule) -> str:
    """Replace each <converter:name> in the rule with a dummy of the right kind."""
    def dummy(match: re.Match) -> str:
        converter = (match.group(1) or "default").split("(")[0]
        return DUMMY_ARGS.get(converter, "x")

    return re.sub(r"<(?:([^:>]+):)?[^>]+>", dummy, rule.rule)


def test_every_route_declares_who_may_use_it(app):
    undeclared = [endpoint for endpoint, _, _, roles in routes(app) if roles is None]
    assert undeclared == []


@pytest.fixture
def send(client):
    def _send(method, url):
        return client.open(url, method=method)
    return _send


def test_anonymous_visitors_are_sent_to_login_or_get_401(app, send):
    for endpoint, url, method, roles in routes(app):
        if roles is PUBLIC:
            continue
        response = send(method, url)
        if url.startswith("/api/"):
            assert response.status_code == 401, (endpoint, url)
            assert response.is_json and response.json["message"]
        else:
            assert response.status_code == 302, (endpoint, url, response.status_code)
            assert "/login" in response.headers["Location"], endpoint


@pytest.mark.parametrize("role", ["juror", "expert", "coordinator", "admin"])
def test_each_role_is_refused_where_it_is_not_allowed(app, auth, send, role):
    auth.login_as(role)
    for endpoint, url, method, roles in routes(app):
        if roles is PUBLIC or url.startswith("/api/") or role in roles:
            continue
        response = send(method, url)
        assert response.status_code == 403, (role, endpoint, url, response.status_code)
        assert "uprawnień" in response.get_data(as_text=True)


def test_api_routes_ignore_the_session_cookie(app, auth, send):
    auth.login_as("coordinator")
    for endpoint, url, method, roles in routes(app):
        if url.startswith("/api/") and roles is not PUBLIC:
            assert send(method, url).status_code == 401, endpoint
