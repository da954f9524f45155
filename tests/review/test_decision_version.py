"""An approval holds only for the version of the contact the reviewer was shown."""
from __future__ import annotations

import re
import uuid

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Contact, ContactStatus, Photo
from juror_app.review.rules import ReviewRefused, check_seen, seen_version
from tests.api_support import juror_with_assignment, new_id, payload
from tests.factories import make_contact
from tests.review_support import decision_form


def shown_version(client, contact_id: int) -> str:
    page = client.get(f"/review/contacts/{contact_id}").get_data(as_text=True)
    versions = set(re.findall(r'name="version" value="([0-9a-f]+)"', page))
    assert len(versions) == 1, "every decision form carries the same version"
    return versions.pop()


def juror_sent_contact(app):
    juror, assignment, headers = juror_with_assignment()
    phone, key, body = app.test_client(), new_id(), payload(assignment)
    assert phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers).status_code == 201
    contact = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(key)))
    return phone, key, body, headers, contact


def test_an_open_approve_form_is_refused_after_the_juror_changed_the_scores(app, client, auth):
    phone, key, body, headers, contact = juror_sent_contact(app)
    auth.login_as("coordinator")
    seen = shown_version(client, contact.id)

    body["scores"] = {k: 0 for k in body["scores"]}
    assert phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers).status_code == 200

    refused = client.post(f"/review/contacts/{contact.id}/approve", data={"version": seen})
    assert refused.status_code == 409
    assert "Juror zmienił ten kontakt — sprawdź go ponownie" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.SUBMITTED

    # Looked at again: the new version is shown and can be approved.
    again = shown_version(client, contact.id)
    assert again != seen
    done = client.post(f"/review/contacts/{contact.id}/approve", data={"version": again})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.APPROVED


def test_htmx_refusal_offers_the_new_version_instead_of_buttons(app, client, auth):
    phone, key, body, headers, contact = juror_sent_contact(app)
    auth.login_as("coordinator")
    seen = shown_version(client, contact.id)
    body["notes"] = "Dopisałam coś ważnego."
    phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers)
    refused = client.post(f"/review/contacts/{contact.id}/return",
                          data={"version": seen, "comment": "x"}, headers={"HX-Request": "true"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "sprawdź go ponownie" in html
    assert "Pokaż aktualną wersję kontaktu" in html and 'name="version"' not in html


def test_the_refusal_is_in_english_for_an_english_reviewer(app, client, auth):
    phone, key, body, headers, contact = juror_sent_contact(app)
    auth.login_as("coordinator")
    client.post("/language/en", data={"next": "/"})
    seen = shown_version(client, contact.id)
    body["notes"] = "zmiana"
    phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers)
    refused = client.post(f"/review/contacts/{contact.id}/approve", data={"version": seen})
    assert "The juror changed this contact — check it again" in refused.get_data(as_text=True)


def test_an_unchanged_contact_is_approved_with_its_version(app, client, auth):
    _phone, _key, _body, _headers, contact = juror_sent_contact(app)
    auth.login_as("coordinator")
    seen = shown_version(client, contact.id)
    assert client.post(f"/review/contacts/{contact.id}/approve",
                       data={"version": seen}).status_code == 302


def test_the_version_covers_content_and_photos():
    base = seen_version("a" * 64, [1, 2])
    assert base == seen_version("a" * 64, [2, 1])
    assert base != seen_version("b" * 64, [1, 2]) and base != seen_version("a" * 64, [1, 2, 3])
    check_seen(base, base)
    try:
        check_seen(base, seen_version("a" * 64, []))
    except ReviewRefused as refusal:
        assert refusal.conflict and refusal.reason == "changed"
    else:
        raise AssertionError("a changed version must be refused")
    for missing in (None, ""):
        try:
            check_seen(base, missing)
        except ReviewRefused as refusal:
            assert not refusal.conflict and refusal.reason == "no_version"
        else:
            raise AssertionError("a decision without a version must be refused")


def test_a_decision_without_a_version_is_refused_with_a_message(client, auth):
    """A hand-made POST without the version would decide on whatever the contact holds."""
    auth.login_as("coordinator")
    contact = make_contact()
    for decision, fields in (("approve", {}), ("return", {"comment": "x"}),
                             ("reject", {"comment": "x", "confirm": "y"})):
        for version in (None, ""):
            data = fields if version is None else {**fields, "version": version}
            refused = client.post(f"/review/contacts/{contact.id}/{decision}", data=data)
            assert refused.status_code == 422, (decision, version)
            assert "otwórz kontakt ponownie" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.SUBMITTED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0
    done = client.post(f"/review/contacts/{contact.id}/approve", data=decision_form(contact))
    assert done.status_code == 302


def test_bulk_approve_without_a_version_skips_the_contact(client, auth):
    auth.login_as("coordinator")
    contact = make_contact()
    client.post("/review/bulk-approve", data={"contact": [contact.id], "confirm": "y",
                                              f"seen-{contact.id}": "submitted"})
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.SUBMITTED
    assert "otwórz kontakt ponownie" in client.get("/review/").get_data(as_text=True)


def test_a_photo_added_between_the_check_and_the_write_is_caught(client, auth, monkeypatch):
    """The version matches when checked; the juror's photo lands before the status write."""
    from juror_app.review import actions  # here: the blueprint imports it first

    auth.login_as("coordinator")
    contact = make_contact()
    seen = decision_form(contact)
    real_decide = actions.decide

    def decide_then_a_photo_arrives(*args, **kwargs):
        new_status = real_decide(*args, **kwargs)
        with db.engine.begin() as other:  # the phone's upload, on a connection of its own
            other.execute(sa.insert(Photo).values(
                client_id=uuid.uuid4(), contact_id=contact.id, sha256="1" * 64,
                content_type="image/jpeg", byte_size=1000, width=640, height=480,
                storage_key=f"x/{uuid.uuid4()}"))
        return new_status

    monkeypatch.setattr(actions, "decide", decide_then_a_photo_arrives)
    refused = client.post(f"/review/contacts/{contact.id}/approve", data=seen)
    assert refused.status_code == 409
    assert "Juror zmienił ten kontakt" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.SUBMITTED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0
