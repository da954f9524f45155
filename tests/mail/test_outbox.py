"""The outbox against a real SMTP server: delivery, atomic enqueueing, retries, no repeats."""
from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.mail import outbox, sender
from juror_app.mail.rules import retry_delay
from juror_app.mail.transport import MailSettings, Outgoing, SmtpTransport
from juror_app.models import Contact, ContactStatus, OutboxMail, utcnow
from tests.factories import make_assignment, make_contact, make_user
from tests.mail.conftest import body_of, links_in, send_all, wait_for
from tests.review_support import decision_form


def queued(**filters) -> list[OutboxMail]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMail).filter_by(**filters)
                              .order_by(OutboxMail.id)).all()


def returned_contact():
    juror = make_user("juror", email="juror@example.org", name="Anna Nowak")
    return make_contact(make_assignment(juror), channel="phone")


def test_a_returned_contact_reaches_the_juror_in_polish_with_a_working_link(
        app, client, auth, smtp):
    auth.login_as("coordinator")
    contact = returned_contact()
    response = client.post(f"/review/contacts/{contact.id}/return",
                           data=decision_form(contact, comment="Dodaj zdjęcie wejścia."))
    assert response.status_code == 302
    assert send_all(app).sent == 1
    message = smtp.inbox.one_to("juror@example.org")
    assert message["To"] == "juror@example.org"
    assert message["From"] == "Jury <jury@example.org>"
    assert message["Subject"].startswith("Kontakt do poprawy: ")
    text = body_of(message)
    assert "Dzień dobry, Anna Nowak!" in text and "Dodaj zdjęcie wejścia." in text
    link = next(u for u in links_in(text) if "#/capture/" in u)
    assert link == (f"http://jury.test/app/#/capture/{contact.assignment_id}/phone/"
                    f"{contact.client_id}")
    # The link's page is the offline app, which the juror reaches once logged in.
    auth.logout()
    auth.login("juror@example.org")
    assert client.get(link.removeprefix("http://jury.test").split("#")[0]).status_code == 200
    assert queued()[0].sent_at is not None


def test_an_english_juror_gets_english(app, client, auth, smtp):
    auth.login_as("coordinator")
    juror = make_user("juror", email="en@example.org", locale="en")
    contact = make_contact(make_assignment(juror))
    client.post(f"/review/contacts/{contact.id}/reject",
                data=decision_form(contact, comment="Duplicate.", confirm="y"))
    send_all(app)
    message = smtp.inbox.one_to("en@example.org")
    assert message["Subject"].startswith("Contact rejected: ")
    assert "Duplicate." in body_of(message)


def test_the_decision_and_its_mail_commit_together(app, client, auth):
    auth.login_as("coordinator")
    contact = returned_contact()

    def refuse(mapper, connection, target):
        raise RuntimeError("the outbox insert fails")

    sa.event.listen(OutboxMail, "before_insert", refuse)
    try:
        response = client.post(f"/review/contacts/{contact.id}/return",
                               data=decision_form(contact, comment="Popraw godzinę."))
    finally:
        sa.event.remove(OutboxMail, "before_insert", refuse)
    assert response.status_code == 500
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.SUBMITTED
    assert queued() == []
    # Without the fault both land: the status and exactly one mail row.
    client.post(f"/review/contacts/{contact.id}/return",
                data=decision_form(contact, comment="Popraw godzinę."))
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.RETURNED
    assert [m.kind for m in queued()] == ["review"]


def test_approving_sends_nothing(app, client, auth):
    auth.login_as("coordinator")
    contact = returned_contact()
    client.post(f"/review/contacts/{contact.id}/approve", data=decision_form(contact))
    assert queued() == []


def test_smtp_down_keeps_the_decision_and_the_mail_goes_once_it_is_back(
        app, client, auth, smtp):
    auth.login_as("coordinator")
    smtp.stop()
    contact = returned_contact()
    response = client.post(f"/review/contacts/{contact.id}/return",
                           data=decision_form(contact, comment="Brak godziny."))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.RETURNED
    assert send_all(app).failed == 1
    [row] = queued()
    assert row.sent_at is None and row.attempts == 1 and "Connection" in row.last_error
    assert row.next_attempt_at > utcnow() + timedelta(seconds=20)
    # Not due yet: a pass right away does not hammer the server.
    smtp.start()
    assert send_all(app).sent == 0
    row.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert send_all(app).sent == 1
    assert len(smtp.inbox.to("juror@example.org")) == 1
    assert queued()[0].sent_at is not None and queued()[0].last_error == ""


def test_backoff_doubles_up_to_an_hour():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(30) == timedelta(hours=1)


def test_a_resent_mail_keeps_its_message_id(smtp):
    """A receiving server (or the reader's client) can tell a repeat by its Message-ID."""
    transport = SmtpTransport(MailSettings(host="127.0.0.1", port=smtp.port, security="none",
                                           user="", password="",
                                           sender="Jury <jury@example.org>", timeout=5))
    for key in ("invite:7:ab12", "invite:7:ab12", "reminders:7:2025-11-20:cd34"):
        transport.send(Outgoing(key=key, recipient="a@example.org", subject="Temat",
                                body="Treść"))
    first, repeat, other = (m["Message-ID"] for m in smtp.inbox.messages)
    assert first == repeat != other
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.org>", first)


def test_enqueue_is_idempotent_by_key(app):
    for _ in range(2):
        outbox.enqueue(db.session, key="k-1", kind="test", recipient="a@example.org",
                       subject="Temat", body="Treść")
        db.session.commit()
    assert len(queued(key="k-1")) == 1


class SlowTransport(SmtpTransport):
    """The real SMTP transport, a little slow, so two senders overlap for sure."""

    def send(self, mail):
        threading.Event().wait(0.01)
        super().send(mail)


def test_two_senders_at_once_send_each_mail_once(app, smtp):
    for n in range(30):
        outbox.enqueue(db.session, key=f"parallel-{n}", kind="test",
                       recipient=f"p{n}@example.org", subject=f"Wiadomość {n}", body="Treść")
    db.session.commit()
    transport = SlowTransport(MailSettings.from_config(app.config))
    results, errors = [], []

    def run():
        try:
            results.append(sender.run_pass(app, transport))
        except Exception as error:  # surfaced below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sum(r.sent for r in results) == 30
    assert all(r.sent > 0 for r in results), "both senders should have taken part"
    subjects = sorted(m["Subject"] for m in smtp.inbox.messages)
    assert subjects == sorted(f"Wiadomość {n}" for n in range(30))
    assert len({m["Message-ID"] for m in smtp.inbox.messages}) == 30
    assert all(m.sent_at is not None for m in queued())


def test_flask_mail_send_once(app, smtp):
    outbox.enqueue(db.session, key="cli-1", kind="test", recipient="cli@example.org",
                   subject="Zażółć gęślą jaźń", body="Polskie znaki: ąęłńóśźż")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send", "--once"])
    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output
    message = smtp.inbox.one_to("cli@example.org")
    assert message["Subject"] == "Zażółć gęślą jaźń"
    assert "ąęłńóśźż" in body_of(message)


@pytest.mark.parametrize("app_config", [{}])
def test_without_mail_settings_mails_are_printed(app, capsys):
    outbox.enqueue(db.session, key="console-1", kind="test", recipient="c@example.org",
                   subject="Temat próbny", body="Treść próbna")
    db.session.commit()
    assert sender.run_pass(app).sent == 1
    printed = capsys.readouterr().out
    assert "To: c@example.org" in printed and "Temat próbny" in printed


def test_the_in_process_sender_thread_sends_and_stops(app, smtp):
    """What `make run` starts (JUROR_MAIL_THREAD=true): mails go out while the app serves."""
    thread = sender.start_thread(app, interval=0.2)
    try:
        outbox.enqueue(db.session, key="thread-1", kind="test", recipient="t@example.org",
                       subject="Z wątku", body="Treść")
        db.session.commit()
        wait_for(lambda: smtp.inbox.to("t@example.org"), timeout=15)
    finally:
        thread.stop()
    assert not thread.is_alive()
    assert smtp.inbox.one_to("t@example.org")["Subject"] == "Z wątku"
