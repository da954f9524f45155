"""Logouts, password changes and deactivation end sessions and device tokens for good."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import DeviceToken, Role, utcnow
from tests import factories
from tests.api_support import bearer

WORK_LIST = "/api/v1/me/assignments"


def saved_session(client) -> str:
    return client.get_cookie("session").value


def replay(client, cookie: str) -> None:
    client.set_cookie("session", cookie)


def test_a_session_cookie_saved_before_logout_is_refused_after(app, client, auth):
    auth.login_as("juror")
    cookie = saved_session(client)
    assert client.get("/juror/").status_code == 200
    auth.logout()
    replay(client, cookie)
    response = client.get("/juror/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_password_reset_ends_the_old_session_and_device_token(app, client, auth):
    juror = factories.make_user(Role.JUROR)
    token = bearer(juror)
    auth.login(juror.email)
    juror_cookie = saved_session(client)
    assert client.get(WORK_LIST, headers=token).status_code == 200

    client.delete_cookie("session")
    auth.login_as("coordinator")
    assert client.post(f"/coordinator/jurors/{juror.id}/password").status_code == 200

    replay(client, juror_cookie)
    assert client.get("/juror/").status_code == 302, "the old session is over"
    refused = client.get(WORK_LIST, headers=token)
    assert refused.status_code == 401
    assert "Zaloguj się ponownie" in refused.json["message"]


def test_deactivation_ends_sessions_and_tokens_even_after_reactivation(app, client, auth):
    juror = factories.make_user(Role.JUROR)
    token = bearer(juror)
    auth.login(juror.email)
    juror_cookie = saved_session(client)
    client.delete_cookie("session")
    auth.login_as("coordinator")
    client.post(f"/coordinator/jurors/{juror.id}/deactivate")
    client.post(f"/coordinator/jurors/{juror.id}/reactivate")
    assert client.get(WORK_LIST, headers=token).status_code == 401
    row = db.session.scalar(sa.select(DeviceToken).where(DeviceToken.user_id == juror.id))
    assert row.revoked_at is not None, "the device list shows the phone as revoked"
    replay(client, juror_cookie)
    assert client.get("/juror/").status_code == 302


def test_log_out_everywhere_ends_every_session_and_token(app, client, auth):
    juror = auth.login_as("juror")
    phone, laptop = bearer(juror, "telefon"), saved_session(client)
    other = app.test_client()
    other.post("/login", data={"email": juror.email, "password": factories.PASSWORD})
    assert other.get("/juror/").status_code == 200

    assert "Wylogować ze wszystkich" in client.get("/logout/everywhere").get_data(as_text=True)
    assert client.post("/logout/everywhere").status_code == 302
    assert other.get("/juror/").status_code == 302, "the other browser is logged out"
    assert client.get(WORK_LIST, headers=phone).status_code == 401
    replay(client, laptop)
    assert client.get("/juror/").status_code == 302
    # A fresh login works as before.
    assert client.post("/login", data={"email": juror.email,
                                       "password": factories.PASSWORD}).status_code == 302


def test_a_token_idle_longer_than_the_limit_is_refused_with_a_reason(app, client):
    juror = factories.make_user(Role.JUROR)
    fresh, idle = bearer(juror, "używany"), bearer(juror, "zapomniany")
    assert client.get(WORK_LIST, headers=fresh).status_code == 200
    db.session.execute(sa.update(DeviceToken).where(DeviceToken.device_name == "zapomniany")
                       .values(created_at=utcnow() - timedelta(days=91)))
    db.session.commit()
    refused = client.get(WORK_LIST, headers=idle)
    assert refused.status_code == 401
    assert "ponad 90 dni" in refused.json["message"]
    assert client.get(WORK_LIST, headers=fresh).status_code == 200
    english = client.get(WORK_LIST, headers={**idle, "Accept-Language": "en"})
    assert "90 days" in english.json["message"]


@pytest.fixture
def app_config():
    return {"TOKEN_IDLE_DAYS": 90, "TOKEN_TOUCH_SECONDS": 300}


def test_last_use_is_written_at_most_once_per_interval(app, client):
    juror = factories.make_user(Role.JUROR)
    token = bearer(juror)
    row = db.session.scalar(sa.select(DeviceToken))
    assert row.last_used_at is None
    client.get(WORK_LIST, headers=token)
    db.session.refresh(row)
    first = row.last_used_at
    assert first is not None, "the first use is recorded even though a GET commits nothing"

    updates = []
    sa.event.listen(db.engine, "before_cursor_execute", record_updates(updates))
    try:
        client.get(WORK_LIST, headers=token)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record_updates(updates))
    db.session.refresh(row)
    assert row.last_used_at == first and updates == []

    # Past the interval, the next request records it again.
    db.session.execute(sa.update(DeviceToken).values(last_used_at=first - timedelta(minutes=6)))
    db.session.commit()
    client.get(WORK_LIST, headers=token)
    db.session.refresh(row)
    assert row.last_used_at > first - timedelta(minutes=6)


_listeners: dict[int, object] = {}


def record_updates(into: list):
    """One listener per list, so it can be removed again."""
    if id(into) not in _listeners:
        def listener(conn, cursor, statement, params, context, executemany):
            if statement.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")):
                into.append(statement)
        _listeners[id(into)] = listener
    return _listeners[id(into)]
