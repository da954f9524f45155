"""Invitations and password resets: a mailed link, used once, within its lifetime."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import PasswordToken, User, utcnow
from tests.factories import make_user
from tests.mail.conftest import body_of, links_in, mail_config, send_all

NEW_PASSWORD = "zielone-jabłko-2025"


def link_in_mail(smtp, address: str) -> str:
    [message] = smtp.inbox.to(address)[-1:]
    link = next(u for u in links_in(body_of(message)) if "/password/" in u)
    return link.removeprefix("http://jury.test")


def create_juror(client, email="nowy@example.org"):
    return client.post("/coordinator/jurors/new", data={"name": "Jan Nowy", "email": email})


def test_a_new_juror_is_invited_and_sets_a_password_once(app, client, auth, smtp):
    auth.login_as("coordinator")
    response = create_juror(client)
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    assert "Wysłaliśmy zaproszenie" in page and "initial-password" not in page
    send_all(app)
    message = smtp.inbox.one_to("nowy@example.org")
    assert message["Subject"] == "Zaproszenie do jury konkursu „Lider Zaufania Mieszkańców”"
    assert "Dzień dobry, Jan Nowy!" in body_of(message)
    link = link_in_mail(smtp, "nowy@example.org")
    auth.logout()

    form = client.get(link)
    assert form.status_code == 200 and "nowy@example.org" in form.get_data(as_text=True)
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/app/")
    assert client.get("/app/").status_code == 200  # logged in by the link

    auth.logout()
    assert auth.login("nowy@example.org", NEW_PASSWORD).status_code == 302
    auth.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "został już użyty" in again.get_data(as_text=True)
    assert client.post(link, data={"password": "inne-hasło-123",
                                   "confirm": "inne-hasło-123"}).status_code == 410
    assert auth.login("nowy@example.org", NEW_PASSWORD).status_code == 302


def test_mismatched_passwords_keep_the_link_alive(app, client, auth, smtp):
    auth.login_as("coordinator")
    create_juror(client)
    send_all(app)
    link = link_in_mail(smtp, "nowy@example.org")
    auth.logout()
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": "coś innego 1"})
    assert response.status_code == 200
    assert "Hasła nie są takie same." in response.get_data(as_text=True)
    assert client.get(link).status_code == 200


def test_an_expired_link_is_refused_with_a_clear_page(app, client, auth, smtp):
    auth.login_as("coordinator")
    create_juror(client)
    send_all(app)
    link = link_in_mail(smtp, "nowy@example.org")
    token = db.session.scalar(sa.select(PasswordToken))
    assert token.expires_at - utcnow() > timedelta(days=6, hours=23)
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "Ten link wygasł." in response.get_data(as_text=True)


def test_a_forged_link_is_refused(app, client):
    response = client.get("/password/not-a-token-we-ever-made")
    assert response.status_code == 404
    assert "Ten link jest niepoprawny" in response.get_data(as_text=True)


def test_resending_an_invitation_ends_the_old_link(app, client, auth, smtp):
    auth.login_as("coordinator")
    create_juror(client)
    send_all(app)
    first = link_in_mail(smtp, "nowy@example.org")
    juror = db.session.scalar(sa.select(User).where(User.email == "nowy@example.org"))
    assert "zaproszenie" in client.get(f"/coordinator/jurors/{juror.id}/invitation") \
        .get_data(as_text=True)
    assert client.post(f"/coordinator/jurors/{juror.id}/invitation").status_code == 302
    send_all(app)
    second = link_in_mail(smtp, "nowy@example.org")
    assert first != second and len(smtp.inbox.to("nowy@example.org")) == 2
    auth.logout()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_forgot_password_answers_the_same_for_unknown_addresses(app, client, smtp):
    make_user("juror", email="znany@example.org")
    known = client.post("/password/forgot", data={"email": "znany@example.org"})
    unknown = client.post("/password/forgot", data={"email": "obcy@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace("znany", "X") == \
        unknown.get_data(as_text=True).replace("obcy", "X")
    send_all(app)
    assert [m["To"] for m in smtp.inbox.messages] == ["znany@example.org"]
    link = link_in_mail(smtp, "znany@example.org")
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302


def test_the_login_page_links_to_forgot_password(client):
    assert "/password/forgot" in client.get("/login").get_data(as_text=True)


def test_without_mail_the_coordinator_still_sees_a_generated_password(app, client, auth):
    app.config["MAIL_HOST"] = ""
    auth.login_as("coordinator")
    response = create_juror(client)
    assert response.status_code == 201
    assert "initial-password" in response.get_data(as_text=True)
    assert "/invitation" not in client.get("/coordinator/jurors/").get_data(as_text=True)


def test_with_mail_the_new_juror_form_asks_for_no_password(app, client, auth, smtp):
    auth.login_as("coordinator")
    page = client.get("/coordinator/jurors/new").get_data(as_text=True)
    assert 'name="password"' not in page and "Hasło początkowe" not in page
    assert "Juror dostanie e-mail z zaproszeniem" in page
    # A password sent anyway (an old form, a script) is ignored: the invitation goes.
    response = client.post("/coordinator/jurors/new", data={
        "name": "Jan Nowy", "email": "nowy@example.org", "password": "wpisane-haslo-1"})
    assert response.status_code == 201
    assert "Wysłaliśmy zaproszenie" in response.get_data(as_text=True)
    auth.logout()
    assert auth.login("nowy@example.org", "wpisane-haslo-1").status_code == 401
    send_all(app)
    assert link_in_mail(smtp, "nowy@example.org").startswith("/password/")


def test_without_mail_the_new_juror_form_offers_a_password(app, client, auth):
    app.config["MAIL_HOST"] = ""
    auth.login_as("coordinator")
    page = client.get("/coordinator/jurors/new").get_data(as_text=True)
    assert 'name="password"' in page and "wygeneruje hasło i pokaże je raz" in page
    assert "Juror dostanie e-mail z zaproszeniem" not in page
    response = client.post("/coordinator/jurors/new", data={
        "name": "Jan Nowy", "email": "nowy@example.org", "password": "wpisane-haslo-1"})
    assert response.status_code == 201
    auth.logout()
    assert auth.login("nowy@example.org", "wpisane-haslo-1").status_code == 302
    assert db.session.scalar(sa.select(PasswordToken)) is None


@pytest.fixture
def app_config(request, smtp):
    config = mail_config(smtp)
    if "rate_limited" in request.keywords:
        config.update(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD_RESET="2 per minute")
    return config


@pytest.mark.rate_limited
def test_forgot_password_is_rate_limited(app, client):
    for _ in range(2):
        assert client.post("/password/forgot", data={"email": "a@example.org"}).status_code \
            == 200
    response = client.post("/password/forgot", data={"email": "a@example.org"})
    assert response.status_code == 429
    assert "Zbyt wiele prób" in response.get_data(as_text=True)


def test_with_mail_the_shown_password_gives_way_to_an_invitation(app, client, auth):
    auth.login_as("coordinator")
    juror = make_user("juror")
    response = client.post(f"/coordinator/jurors/{juror.id}/password")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/coordinator/jurors/{juror.id}/invitation")
    assert db.session.scalar(sa.select(PasswordToken)) is None  # nothing sent until confirmed


def test_one_reset_mail_per_address_every_few_minutes(app, client, smtp):
    make_user("juror", email="zalewany@example.org")
    for _ in range(3):
        assert client.post("/password/forgot", data={"email": "zalewany@example.org"}) \
            .status_code == 200
    send_all(app)
    assert len(smtp.inbox.to("zalewany@example.org")) == 1
    token = db.session.scalar(sa.select(PasswordToken))
    token.created_at = utcnow() - timedelta(minutes=6)
    db.session.commit()
    client.post("/password/forgot", data={"email": "zalewany@example.org"})
    send_all(app)
    assert len(smtp.inbox.to("zalewany@example.org")) == 2
