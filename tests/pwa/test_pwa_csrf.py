"""With CSRF on (as in production), the token bridge needs the header from /app/csrf."""
import re

import pytest
from flask import g

from tests.factories import PASSWORD, make_user


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def test_token_bridge_requires_the_csrf_header(client):
    juror = make_user("juror")
    page = client.get("/login").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": juror.email, "password": PASSWORD,
                                "csrf_token": form_token})
    # The fixture's app context outlives requests, so Flask-WTF's per-request cache in `g`
    # would hand out the pre-login token; a real server starts each request afresh.
    g.pop("csrf_token", None)
    refused = client.post("/app/token", json={"device_name": "x"})
    assert refused.status_code == 400
    header = client.get("/app/csrf").json["csrf_token"]
    accepted = client.post("/app/token", json={"device_name": "x"},
                           headers={"X-CSRFToken": header})
    assert accepted.status_code == 201, accepted.get_data(as_text=True)
