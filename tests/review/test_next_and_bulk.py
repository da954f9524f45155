"""After a decision, the next contact of the filtered queue; approving several at once."""
from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Contact, ContactStatus
from juror_app.review.rules import seen_version
from tests.factories import (
    make_assignment,
    make_contact,
    make_edition,
    make_participant,
    make_user,
)
from tests.review_support import decision_form

FILTERS = "channel=phone&status=waiting"


def queue_of(*specs):
    """Contacts received one minute apart, in this order: (channel, status)."""
    assignment = make_assignment(participant=make_participant(make_edition()))
    start = datetime(2025, 10, 6, 9, tzinfo=UTC)
    return [make_contact(assignment, channel=channel, status=status,
                         received_at=start + timedelta(minutes=n))
            for n, (channel, status) in enumerate(specs)]


def next_link(body: str) -> str | None:
    found = re.search(r'rel="next"\s+href="([^"]+)"', body)
    return found.group(1).replace("&amp;", "&") if found else None


def status(contact) -> str:
    db.session.expire_all()
    return db.session.get(Contact, contact.id).status


def test_after_a_decision_the_next_contact_keeps_the_filters(client, auth):
    first, email, second = queue_of(("phone", "submitted"), ("email", "submitted"),
                                    ("phone", "resubmitted"))
    auth.login_as("coordinator")
    page = client.get(f"/review/contacts/{first.id}?{FILTERS}").get_data(as_text=True)
    assert next_link(page) == f"/review/contacts/{second.id}?{FILTERS}"  # e-mail skipped
    done = client.post(f"/review/contacts/{first.id}/approve?{FILTERS}",
                       data=decision_form(first))
    assert done.status_code == 302
    assert done.headers["Location"] == f"/review/contacts/{first.id}?{FILTERS}"
    after = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Kontakt zatwierdzony." in after
    assert next_link(after) == f"/review/contacts/{second.id}?{FILTERS}"
    # htmx: the panel that replaces the old one carries the link too.
    panel = client.post(f"/review/contacts/{second.id}/approve?{FILTERS}",
                        data=decision_form(second),
                        headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Kontakt zatwierdzony." in panel and next_link(panel) is None
    assert "ostatni kontakt pasujący do filtrów" in panel
    assert status(email) == ContactStatus.SUBMITTED


def contact_version(contact) -> str:
    return seen_version(contact.payload_hash, (p.id for p in contact.photos))


def seen(contact, status: str) -> dict[str, str]:
    """What the confirmation page sends back for a contact."""
    return {f"seen-{contact.id}": status, f"version-{contact.id}": contact_version(contact)}


def approvals() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "contact.approve"))


def test_bulk_approve_asks_first_then_approves_each_with_its_own_audit(client, auth):
    a, b, back = queue_of(("phone", "submitted"), ("visit", "resubmitted"),
                          ("email", "returned"))
    auth.login_as("coordinator")
    queue = client.get("/review/?status=all").get_data(as_text=True)
    assert f'name="contact" value="{a.id}"' in queue
    assert f'name="contact" value="{back.id}"' not in queue  # with the juror: not ticked
    confirm = client.post("/review/bulk-approve?status=all",
                          data={"contact": [a.id, b.id]})
    assert confirm.status_code == 200 and "Zatwierdzić zaznaczone kontakty?" in confirm.text
    assert status(a) == ContactStatus.SUBMITTED and approvals() == 0
    assert f'name="version-{a.id}" value="{contact_version(a)}"' in confirm.text
    done = client.post("/review/bulk-approve?status=all", data={
        "contact": [a.id, b.id, back.id], "confirm": "y", **seen(a, "submitted"),
        **seen(b, "resubmitted"), **seen(back, "returned")})
    assert done.status_code == 302 and done.headers["Location"] == "/review/?status=all"
    assert [status(c) for c in (a, b, back)] == ["approved", "approved", "returned"]
    assert approvals() == 2
    shown = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Zatwierdzono kontakty: 2." in shown and "czeka na poprawkę jurora" in shown


def test_bulk_approve_skips_a_contact_changed_since_the_confirmation(client, auth):
    a, b = queue_of(("phone", "submitted"), ("phone", "submitted"))
    auth.login_as("coordinator")
    b.status = ContactStatus.REJECTED  # another reviewer, after our confirmation page
    db.session.commit()
    client.post("/review/bulk-approve", data={
        "contact": [a.id, b.id], "confirm": "y", **seen(a, "submitted"),
        **seen(b, "submitted")})
    assert (status(a), status(b)) == ("approved", "rejected") and approvals() == 1
    assert "Ktoś inny właśnie zmienił ten kontakt." in client.get("/review/").text


def test_bulk_approve_skips_a_contact_the_juror_changed_since_the_confirmation(client, auth):
    a, b = queue_of(("phone", "submitted"), ("phone", "submitted"))
    auth.login_as("coordinator")
    shown = seen(b, "submitted")
    b.payload_hash = "0" * 64  # the juror sent a correction meanwhile (same status)
    db.session.commit()
    client.post("/review/bulk-approve", data={
        "contact": [a.id, b.id], "confirm": "y", **seen(a, "submitted"), **shown})
    assert (status(a), status(b)) == ("approved", "submitted") and approvals() == 1
    assert "Juror zmienił ten kontakt" in client.get("/review/").text


def test_bulk_approve_is_for_reviewers_and_needs_a_choice(client, auth):
    (a,) = queue_of(("phone", "submitted"))
    auth.login_as("coordinator")
    empty = client.post("/review/bulk-approve", data={"contact": ["x", "99999999999"]})
    assert empty.status_code == 302
    assert "Zaznacz kontakty" in client.get(empty.headers["Location"]).text
    auth.logout()
    auth.login_as("expert")
    refused = client.post("/review/bulk-approve", data={"contact": [a.id], "confirm": "y",
                                                        **seen(a, "submitted")})
    assert refused.status_code == 403 and status(a) == ContactStatus.SUBMITTED


def test_bulk_approve_names_a_few_refused_contacts_and_counts_the_rest(client, auth):
    """One flash per refused contact — 200 at most — grew the cookie session past the 4 KB
    a browser keeps: it ignored the cookie and the reviewer saw no result."""
    letters = random.Random(7)
    edition, juror = make_edition(), make_user("juror")
    contacts = []
    for _ in range(200):  # bulk.MAX_AT_ONCE; the longest names, 6 JSON bytes a letter
        name = "".join(letters.choices("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ ", k=200))
        participant = make_participant(edition, name=name, commit=False)
        assignment = make_assignment(juror, participant, commit=False)
        db.session.flush()  # the contact copies the assignment's juror_id
        contacts.append(make_contact(assignment, commit=False))
    db.session.commit()
    auth.login_as("coordinator")
    data = {"contact": [c.id for c in contacts], "confirm": "y"}
    for contact in contacts:  # a colleague decided each one after our confirmation page
        data |= {f"seen-{contact.id}": "returned", f"version-{contact.id}": "old"}
    done = client.post("/review/bulk-approve", data=data)
    cookie = next(h for h in done.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert len(cookie) < 4000
    shown = client.get("/review/").text
    assert shown.count("Pominięto: ") == 5  # the first few by name, then a count
    assert "Pominięto też inne kontakty: 195." in shown
    assert approvals() == 0
