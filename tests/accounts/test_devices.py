"""A page logout ends the app tokens this browser holds; the next juror gets none of them."""
from __future__ import annotations

from juror_app.accounts.devices import COOKIE
from tests import factories

WORK_LIST = "/api/v1/me/assignments"


def app_token(client) -> dict[str, str]:
    response = client.post("/app/token", json={"device_name": "wspólny telefon"})
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_page_logout_ends_the_app_token_of_this_browser(app, client, auth):
    auth.login_as("juror")
    token = app_token(client)
    assert client.get(WORK_LIST, headers=token).status_code == 200
    auth.logout()
    assert client.get(WORK_LIST, headers=token).status_code == 401
    assert client.get_cookie(COOKIE) is None


def test_the_next_juror_logging_in_ends_the_previous_jurors_token(app, client, auth):
    first = auth.login_as("juror")
    first_token = app_token(client)
    client.delete_cookie("session")  # juror 1's session simply expired, no logout
    second = factories.make_user("juror")
    auth.login(second.email)
    second_token = app_token(client)
    assert client.get(WORK_LIST, headers=first_token).status_code == 401
    mine = client.get(WORK_LIST, headers=second_token)
    assert mine.status_code == 200 and mine.json["user"]["id"] == second.id != first.id


def test_logging_in_again_as_the_same_juror_keeps_their_token(app, client, auth):
    juror = auth.login_as("juror")
    token = app_token(client)
    client.delete_cookie("session")
    auth.login(juror.email)
    assert client.get(WORK_LIST, headers=token).status_code == 200


def test_a_forged_device_cookie_ends_nothing(app, client, auth):
    victim = factories.make_user("juror")
    from tests.api_support import bearer

    token = bearer(victim)
    auth.login_as("juror")
    client.set_cookie(COOKIE, '[1, 2, 3]')
    auth.logout()
    assert client.get(WORK_LIST, headers=token).status_code == 200


def test_csrf_endpoint_says_whose_session_it_is(app, client, auth):
    juror = auth.login_as("juror")
    assert client.get("/app/csrf").json["user_id"] == juror.id
