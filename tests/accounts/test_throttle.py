"""Wrong passwords: limited per account and per address, shared by every app instance."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from juror_app.accounts import throttle
from juror_app.core.extensions import db
from juror_app.invitations import links
from juror_app.models import AuditEvent, LoginFailure, utcnow
from tests import factories
from tests.conftest import make_test_app

LIMITS = {"LOGIN_FAILURES_PER_ACCOUNT": 5, "LOGIN_FAILURES_PER_ADDRESS": 8,
          "LOGIN_FAILURE_WINDOW_MINUTES": 15}


@pytest.fixture
def app_config(request):
    if "rate_limited" in request.keywords:
        return {**LIMITS, "RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "3 per minute"}
    return LIMITS


def attempt(client, email, password="zle-haslo", address="10.0.0.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_an_account_locks_after_its_failures_even_for_the_right_password(app, client):
    juror = factories.make_user("juror")
    assert [attempt(client, juror.email).status_code for _ in range(5)] == [401] * 5
    locked = attempt(client, juror.email, factories.PASSWORD)
    assert locked.status_code == 429
    assert "poproś koordynatora o odblokowanie" in locked.get_data(as_text=True)


def test_an_attack_on_one_juror_leaves_colleagues_behind_the_same_address_alone(app, client):
    victim, colleague = factories.make_user("juror"), factories.make_user("juror")
    for _ in range(20):  # the attacker keeps going; refusals by the lock are not counted
        attempt(client, victim.email)
    assert attempt(client, colleague.email, factories.PASSWORD).status_code == 302


def test_an_unknown_address_locks_like_a_real_one(app, client):
    codes = [attempt(client, "nikt@example.org").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]


def test_spraying_many_accounts_from_one_address_locks_that_address(app, client):
    people = [factories.make_user("juror") for _ in range(9)]
    for person in people[:8]:
        assert attempt(client, person.email).status_code == 401
    refused = attempt(client, people[8].email, factories.PASSWORD)
    assert refused.status_code == 429 and "z tej sieci" in refused.get_data(as_text=True)
    elsewhere = attempt(client, people[8].email, factories.PASSWORD, address="10.0.0.2")
    assert elsewhere.status_code == 302


def test_a_right_password_clears_the_accounts_count(app, client):
    juror = factories.make_user("juror")
    for _ in range(4):
        attempt(client, juror.email)
    assert attempt(client, juror.email, factories.PASSWORD).status_code == 302
    client.post("/logout")
    assert [attempt(client, juror.email).status_code for _ in range(4)] == [401] * 4


def test_a_coordinator_unlocks_a_locked_juror(app, client, auth):
    juror = factories.make_user("juror")
    for _ in range(5):
        attempt(client, juror.email)
    auth.login_as("coordinator")
    page = client.get(f"/coordinator/jurors/{juror.id}/devices").get_data(as_text=True)
    assert "Odblokuj logowanie" in page
    assert client.post(f"/coordinator/jurors/{juror.id}/unlock").status_code == 302
    assert "Odblokuj logowanie" not in client.get(
        f"/coordinator/jurors/{juror.id}/devices").get_data(as_text=True)
    assert db.session.scalar(sa.select(AuditEvent.action).where(
        AuditEvent.action == "user.unlock")) == "user.unlock"
    juror_client = app.test_client()
    assert attempt(juror_client, juror.email, factories.PASSWORD).status_code == 302


def test_the_api_token_login_is_limited_the_same_way(app, client):
    juror = factories.make_user("juror")
    body = {"email": juror.email, "password": "zle", "device_name": "telefon"}
    codes = [client.post("/api/v1/tokens", json=body).status_code for _ in range(5)]
    right = client.post("/api/v1/tokens", json={**body, "password": factories.PASSWORD})
    assert codes == [401] * 5 and right.status_code == 429
    assert "odblokowanie" in right.json["message"]


def test_two_app_instances_on_one_database_count_together(app, database_url, tmp_path):
    """Two servers (or gunicorn workers) sharing the database, attacked in parallel."""
    other = make_test_app(database_url, tmp_path / "second", **LIMITS)
    juror = factories.make_user("juror")
    clients = [app.test_client(), other.test_client()]
    codes: list[int] = []

    def attack(instance, client):
        with instance.app_context():
            for _ in range(4):
                codes.append(attempt(client, juror.email).status_code)
            db.session.remove()

    pairs = zip((app, other), clients, strict=True)
    threads = [threading.Thread(target=attack, args=pair) for pair in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # Each instance alone would have allowed 4 of 4 (limit 5): together, at most 5 plus
    # the one the other thread may have checked at the same moment.
    assert 5 <= codes.count(401) <= 6 and codes.count(429) >= 2, codes
    for client in clients:
        assert attempt(client, juror.email, factories.PASSWORD).status_code == 429
    with other.app_context():
        db.engine.dispose()
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(LoginFailure.id)).where(
        LoginFailure.scope == "account")) == codes.count(401)


@pytest.mark.rate_limited
def test_the_request_limit_counts_only_failures_so_an_office_can_log_in(app, client):
    """Flask-Limiter's per-address limit (3 a minute here) deducts only wrong passwords."""
    for _ in range(5):
        person = factories.make_user("juror")
        fresh = app.test_client()
        assert attempt(fresh, person.email, factories.PASSWORD).status_code == 302


def failure_rows() -> list[tuple[str, str]]:
    db.session.expire_all()
    return sorted(db.session.execute(sa.select(LoginFailure.scope, LoginFailure.key)).all())


def test_a_failure_forgets_old_failures_of_every_account_and_address(app, client,
                                                                      monkeypatch):
    """The table holds about one window: old rows go whoever they belonged to, a bounded
    batch per failure so no login pays for a long backlog at once."""
    monkeypatch.setattr(throttle, "STALE_BATCH", 3)
    old = utcnow() - timedelta(minutes=LIMITS["LOGIN_FAILURE_WINDOW_MINUTES"] + 1)
    db.session.add_all([LoginFailure(scope="account", key=f"stary{n}@example.org",
                                     at=old + timedelta(seconds=n)) for n in range(4)])
    db.session.add_all([LoginFailure(scope="address", key="10.9.9.9", at=old),
                        LoginFailure(scope="account", key="swiezy@example.org",
                                     at=utcnow())])
    db.session.commit()
    attempt(client, "ktos@example.org", address="10.0.0.7")
    assert failure_rows() == [
        ("account", "ktos@example.org"), ("account", "stary2@example.org"),
        ("account", "stary3@example.org"), ("account", "swiezy@example.org"),
        ("address", "10.0.0.7")]
    attempt(client, "ktos@example.org", address="10.0.0.7")
    assert [key for _, key in failure_rows()].count("stary3@example.org") == 0
    assert len(failure_rows()) == 5  # two new rows, the last two old ones gone


def test_a_password_set_through_a_mailed_link_lifts_the_lock(app, client):
    juror = factories.make_user("juror")
    for _ in range(5):
        attempt(client, juror.email)
    locked = attempt(client, juror.email, factories.PASSWORD)
    assert locked.status_code == 429
    assert "„Nie pamiętam hasła”" in locked.get_data(as_text=True)
    issued = links.issue(db.session, juror, "reset")
    db.session.commit()
    new_password = "nowe-haslo-po-blokadzie"
    response = client.post(f"/password/{issued.token}",
                           data={"password": new_password, "confirm": new_password})
    assert response.status_code == 302
    client.post("/logout")
    assert attempt(client, juror.email, new_password).status_code == 302
