"""Set-password links against a stranger and a shared phone: an anonymous "forgot
password" neither kills the juror's open invitation nor floods their mailbox, a
deactivation ends open links for good, and logging in through a link ends the previous
juror's app token in this browser, as the login form does."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from bench.bench_review import counting
from juror_app.core.extensions import db
from juror_app.models import OutboxMail, PasswordToken, ResetRequest, utcnow
from tests import factories
from tests.accounts.test_devices import WORK_LIST, app_token
from tests.invitations.test_invitations import NEW_PASSWORD, create_juror, link_in_mail
from tests.mail.conftest import mail_config, send_all


@pytest.fixture
def app_config(smtp):
    return mail_config(smtp)


def invited(app, client, auth, smtp, email="zaproszona@example.org") -> str:
    auth.login_as("coordinator")
    assert create_juror(client, email).status_code == 201
    send_all(app)
    auth.logout()
    return link_in_mail(smtp, email)


def age_reset_links(minutes: int) -> None:
    for token in db.session.scalars(sa.select(PasswordToken).where(
            PasswordToken.purpose == "reset")):
        token.created_at = utcnow() - timedelta(minutes=minutes)
    db.session.commit()


def test_a_strangers_reset_request_leaves_the_invitation_working(app, client, auth, smtp):
    invitation = invited(app, client, auth, smtp)
    stranger = app.test_client()
    assert stranger.post("/password/forgot",
                         data={"email": "zaproszona@example.org"}).status_code == 200
    send_all(app)
    reset = link_in_mail(smtp, "zaproszona@example.org")
    assert reset != invitation
    assert client.get(invitation).status_code == 200  # it used to be 410 from here on
    # Using one link ends the others: their job is done.
    done = client.post(invitation, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get(reset).status_code == 410


def test_a_stranger_gets_at_most_three_reset_mails_a_day_sent(app, client, smtp):
    factories.make_user("juror", email="zalewany@example.org")
    for _ in range(5):
        assert client.post("/password/forgot",
                           data={"email": "zalewany@example.org"}).status_code == 200
        send_all(app)  # the sender's pass turns the request into a link
        age_reset_links(6)  # past the five-minute pause each time
    assert len(smtp.inbox.to("zalewany@example.org")) == 3
    age_reset_links(24 * 60 + 1)
    client.post("/password/forgot", data={"email": "zalewany@example.org"})
    send_all(app)
    assert len(smtp.inbox.to("zalewany@example.org")) == 4


def test_a_link_from_before_a_deactivation_stays_dead_after_a_reactivation(
        app, client, auth, smtp):
    juror = factories.make_user("juror", email="wraca@example.org")
    client.post("/password/forgot", data={"email": "wraca@example.org"})
    send_all(app)
    link = link_in_mail(smtp, "wraca@example.org")
    assert client.get(link).status_code == 200
    auth.login_as("coordinator")
    assert client.post(f"/coordinator/jurors/{juror.id}/deactivate").status_code == 302
    assert client.post(f"/coordinator/jurors/{juror.id}/reactivate").status_code == 302
    auth.logout()
    assert client.get(link).status_code == 410
    assert client.post(link, data={"password": NEW_PASSWORD,
                                   "confirm": NEW_PASSWORD}).status_code == 410


def test_logging_in_through_a_link_ends_the_previous_jurors_app_token(
        app, client, auth, smtp):
    invitation = invited(app, client, auth, smtp, "druga@example.org")
    auth.login_as("juror")  # the first juror, on the shared phone
    first_token = app_token(client)
    client.delete_cookie("session")  # their session simply expired, no logout
    done = client.post(invitation, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get(WORK_LIST, headers=first_token).status_code == 401


def forgot(client, email: str) -> list[str]:
    """POST "forgot password"; the SQL statements it ran, their parameters left out."""
    with counting() as sql:
        assert client.post("/password/forgot", data={"email": email}).status_code == 200
    return [str(statement) for statement in sql]


def test_a_reset_request_does_the_same_work_for_any_address(app, client, smtp):
    """Its answer and its time must not say who has an account (who is a juror): the
    request writes one row either way, the mail sender's pass decides."""
    factories.make_user("juror", email="tajny.juror@example.org")
    client.post("/password/forgot", data={"email": "rozgrzewka@example.org"})  # warm-up
    known = forgot(client, "tajny.juror@example.org")
    unknown = forgot(client, "nikt@example.org")
    assert known == unknown and len(known) <= 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ResetRequest)) == 3
    assert db.session.scalars(sa.select(PasswordToken)).all() == []
    assert db.session.scalars(sa.select(OutboxMail)).all() == []
    send_all(app)
    assert len(smtp.inbox.to("tajny.juror@example.org")) == 1
    assert smtp.inbox.to("nikt@example.org") == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ResetRequest)) == 0
