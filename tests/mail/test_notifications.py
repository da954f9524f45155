"""Notifications: one mail per batch of assignments, reminders and digests once, opt-outs."""
from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from juror_app.core.extensions import db
from juror_app.mail import reminders
from juror_app.models import ConflictOfInterest, ContactStatus, OutboxMail
from tests.factories import make_assignment, make_contact, make_participant, make_user
from tests.mail.conftest import body_of, send_all
from tests.review_support import decision_form

TODAY = date(2025, 11, 20)


def mails(kind: str | None = None) -> list[OutboxMail]:
    db.session.expire_all()
    query = sa.select(OutboxMail).order_by(OutboxMail.id)
    return db.session.scalars(query.filter_by(kind=kind) if kind else query).all()


def test_a_batch_of_assignments_is_one_mail(app, client, coordinator, edition, smtp):
    juror = make_user("juror", email="batch@example.org")
    participants = [make_participant(edition, name=f"Gmina {n}") for n in (1, 2, 3)]
    response = client.post(f"/coordinator/editions/{edition.id}/assignments/new", data={
        "participant_ids": [str(p.id) for p in participants], "juror_id": str(juror.id),
        "channels": ["visit", "phone"], "due_on": "2025-11-30"})
    assert response.status_code == 302
    assert len(mails("assignments")) == 1
    send_all(app)
    message = smtp.inbox.one_to("batch@example.org")
    assert message["Subject"] == "Nowe zadania w konkursie (3)"
    text = body_of(message)
    assert all(f"Gmina {n}" in text for n in (1, 2, 3))
    assert "Wizyta, Telefon" in text and "http://jury.test/juror/" in text


def test_reminders_go_once_per_due_date_however_often_they_run(app, edition, smtp):
    juror = make_user("juror", email="termin@example.org")
    soon = make_assignment(juror, make_participant(edition, name="Gmina Bliska"),
                           due_on=TODAY + timedelta(days=2))
    make_assignment(juror, make_participant(edition, name="Gmina Daleka"),
                    due_on=TODAY + timedelta(days=20))
    late = make_assignment(juror, make_participant(edition, name="Gmina Spóźniona"),
                           due_on=TODAY - timedelta(days=1))
    assert reminders.run(db.session, TODAY).reminders == 1
    db.session.commit()
    assert reminders.run(db.session, TODAY).reminders == 0  # the second run the same day
    db.session.commit()
    assert reminders.run(db.session, TODAY + timedelta(days=1)).reminders == 0  # next day
    db.session.commit()
    send_all(app)
    [message] = smtp.inbox.to("termin@example.org")
    text = body_of(message)
    assert message["Subject"] == "Minął termin zadania — przypomnienie"
    assert "Gmina Bliska" in text and "Gmina Spóźniona" in text and "Daleka" not in text
    # A new due date is a new reminder; finished work gets none.
    soon.due_on = TODAY + timedelta(days=3)
    for channel in late.channels:
        make_contact(late, channel=channel, status=ContactStatus.APPROVED, commit=False)
    late.due_on = TODAY - timedelta(days=2)
    db.session.commit()
    assert reminders.run(db.session, TODAY + timedelta(days=1)).reminders == 1
    db.session.commit()
    send_all(app)
    latest = body_of(smtp.inbox.to("termin@example.org")[-1])
    assert "Gmina Bliska" in latest and "Spóźniona" not in latest


def test_an_item_due_after_the_first_run_of_the_day_still_gets_its_reminder(app, edition,
                                                                            smtp):
    """A second run the same day that finds a new item (a new assignment, a moved date)
    mails it: the day's first mail must not swallow it."""
    juror = make_user("juror", email="druga@example.org")
    make_assignment(juror, make_participant(edition, name="Gmina Pierwsza"), due_on=TODAY)
    assert reminders.run(db.session, TODAY).reminders == 1
    db.session.commit()
    make_assignment(juror, make_participant(edition, name="Gmina Dopisana"),
                    due_on=TODAY + timedelta(days=1))
    assert reminders.run(db.session, TODAY).reminders == 1
    db.session.commit()
    assert reminders.run(db.session, TODAY).reminders == 0  # and then nothing again
    db.session.commit()
    send_all(app)
    first, second = (body_of(m) for m in smtp.inbox.to("druga@example.org"))
    assert "Gmina Pierwsza" in first and "Dopisana" not in first
    assert "Gmina Dopisana" in second and "Pierwsza" not in second


def test_flask_reminders_twice_queues_nothing_twice(app, edition):
    juror = make_user("juror")
    make_assignment(juror, make_participant(edition), due_on=reminders.local_today())
    runner = app.test_cli_runner()
    first = runner.invoke(args=["reminders"])
    second = runner.invoke(args=["reminders"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert "Queued 1 reminder" in first.output and "Queued 0 reminder" in second.output
    assert len(mails("reminders")) == 1


def test_a_juror_who_turned_reminders_off_gets_none(app, client, auth, edition):
    juror = auth.login_as("juror")
    make_assignment(juror, make_participant(edition), due_on=TODAY)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Przypomnienia o terminach zadań" in page and "checked" in page
    response = client.post("/account/notifications",
                           data={"enabled": ["assignments", "review"]})
    assert response.status_code == 302
    assert reminders.run(db.session, TODAY).reminders == 0
    db.session.commit()
    assert mails() == []
    # Still on: the others, e.g. a returned contact.
    assert 'value="reminders"' in client.get("/account/notifications").get_data(as_text=True)


def test_an_opted_out_juror_gets_no_review_mail(app, client, auth):
    juror = auth.login_as("juror")
    client.post("/account/notifications", data={"enabled": ["reminders"]})
    auth.logout()
    auth.login_as("coordinator")
    contact = make_contact(make_assignment(juror))
    client.post(f"/review/contacts/{contact.id}/return",
                data=decision_form(contact, comment="Popraw"))
    assert mails() == []


def test_a_juror_who_turned_assignment_mails_off_gets_none(app, client, auth, edition):
    quiet = auth.login_as("juror")
    client.post("/account/notifications", data={"enabled": ["review", "reminders"]})
    auth.logout()
    keen = make_user("juror", email="chetny@example.org")
    auth.login_as("coordinator")
    for juror in (quiet, keen):
        response = client.post(
            f"/coordinator/editions/{edition.id}/assignments/new",
            data={"participant_ids": [str(make_participant(edition).id)],
                  "juror_id": str(juror.id), "channels": ["phone"], "due_on": "2025-11-30"})
        assert response.status_code == 302
    assert [m.recipient for m in mails("assignments")] == ["chetny@example.org"]


def test_a_coordinator_who_turned_the_digest_off_gets_none(app, client, auth, edition):
    auth.login_as("coordinator")
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Codzienne podsumowanie dla koordynatora" in page
    assert client.post("/account/notifications", data={}).status_code == 302
    make_user("coordinator", email="czujny@example.org")
    make_contact(make_assignment(make_user("juror"), make_participant(edition), due_on=TODAY))
    assert reminders.run(db.session, TODAY).digests == 1
    db.session.commit()
    assert [m.recipient for m in mails("digest")] == ["czujny@example.org"]


def test_the_coordinators_digest_counts_and_goes_once_a_day(app, edition, smtp):
    make_user("coordinator", email="koordynator@example.org")
    juror = make_user("juror")
    make_contact(make_assignment(juror, make_participant(edition), due_on=TODAY))
    make_assignment(make_user("juror"), make_participant(edition),
                    due_on=TODAY - timedelta(days=3))
    late = make_assignment(juror, make_participant(edition), due_on=TODAY - timedelta(days=3))
    db.session.add(ConflictOfInterest(juror_id=juror.id, participant_id=late.participant_id,
                                      reason="Rodzina"))
    db.session.commit()
    assert reminders.run(db.session, TODAY).digests == 1
    db.session.commit()
    assert reminders.run(db.session, TODAY).digests == 0
    db.session.commit()
    send_all(app)
    message = smtp.inbox.one_to("koordynator@example.org")
    text = body_of(message)
    assert "Kontakty czekające na przegląd: 1" in text
    assert "Zadania po terminie: 2" in text
    assert "Konflikty interesów zgłoszone w ostatniej dobie: 1" in text
    assert "http://jury.test/review/" in text


def test_a_quiet_day_sends_no_digest(app):
    make_user("coordinator")
    assert reminders.run(db.session, TODAY).digests == 0


def test_two_reminder_runs_at_once_queue_one_mail(app, edition):
    """The second run sees nothing committed yet, writes the same notice keys and is
    refused by the unique key (it waits for the first run's transaction first)."""
    juror = make_user("juror", email="raz@example.org")
    make_assignment(juror, make_participant(edition), due_on=TODAY)
    first_wrote, outcomes = threading.Event(), []

    def run(first: bool):
        with app.app_context():
            try:
                if not first:
                    first_wrote.wait(10)
                reminders.run(db.session, TODAY)
                db.session.flush()
                if first:
                    first_wrote.set()
                    time.sleep(1.5)  # the other run reads and writes meanwhile
                db.session.commit()
                outcomes.append("queued")
            except (IntegrityError, OperationalError):
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(first,)) for first in (True, False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    # Normally the second run overlaps and is refused; on a very slow machine it may
    # start after the first committed and find nothing to do. One mail either way.
    assert len(outcomes) == 2 and "queued" in outcomes
    assert [m.recipient for m in mails()] == ["raz@example.org"]
