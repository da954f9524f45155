"""An approval holds only for the version of the contact the reviewer was shown."""
from __future__ import annotations

import re
import uuid

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact, ContactStatus
from juror_app.review.rules import ReviewRefused, check_seen, seen_version
from tests.api_support import juror_with_assignment, new_id, payload


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
