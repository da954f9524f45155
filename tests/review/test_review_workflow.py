"""Review decisions through the web: access, locking, comments, audit trail, htmx."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Contact, ContactStatus, EditionStatus
from tests.api_support import juror_with_assignment, new_id, payload
from tests.factories import make_assignment, make_contact, make_edition, make_participant
from tests.review_support import decision_form


def url(contact, decision):
    return f"/review/contacts/{contact.id}/{decision}"


def events(contact):
    return db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "contact",
                                    AuditEvent.entity_id == str(contact.id))
        .order_by(AuditEvent.id)
    ).all()


def fresh(contact) -> Contact:
    db.session.expire_all()
    return db.session.get(Contact, contact.id)


def test_a_coordinator_approves_and_the_audit_records_who_and_before_after(client, auth):
    coordinator = auth.login_as("coordinator")
    contact = make_contact()
    response = client.post(url(contact, "approve"), data=decision_form(contact))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/review/contacts/{contact.id}")
    assert fresh(contact).status == ContactStatus.APPROVED
    [event] = events(contact)
    assert event.actor_id == coordinator.id and event.action == "contact.approve"
    assert event.before["status"] == "submitted" and event.after["status"] == "approved"
    page = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert "Kontakt zatwierdzony." in page
    assert coordinator.name in page and "Zatwierdzenie" in page


def test_a_juror_cannot_review(client, auth):
    auth.login_as("juror")
    contact = make_contact()
    for decision in ("approve", "return", "reject"):
        assert client.post(url(contact, decision),
                           data=decision_form(contact, comment="x", confirm="y")
                           ).status_code == 403
    assert client.get(f"/review/contacts/{contact.id}").status_code == 403
    assert fresh(contact).status == ContactStatus.SUBMITTED and events(contact) == []


def test_an_expert_reads_the_evidence_but_cannot_approve(client, auth):
    auth.login_as("expert")
    contact = make_contact()
    page = client.get(f"/review/contacts/{contact.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "decyzje podejmują koordynatorzy" in html and "/approve" not in html
    assert client.post(url(contact, "approve"), data=decision_form(contact)).status_code == 403
    assert fresh(contact).status == ContactStatus.SUBMITTED and events(contact) == []


def test_return_needs_a_comment(client, auth):
    auth.login_as("coordinator")
    contact = make_contact()
    response = client.post(url(contact, "return"), data=decision_form(contact, comment="   "))
    assert response.status_code == 422
    assert "Napisz komentarz dla jurora" in response.get_data(as_text=True)
    assert fresh(contact).status == ContactStatus.SUBMITTED and events(contact) == []


def test_a_comment_with_a_control_character_is_refused(client, auth):
    auth.login_as("coordinator")
    contact = make_contact()
    response = client.post(url(contact, "return"),
                           data=decision_form(contact, comment="Popraw\x07 zdjęcie"))
    assert response.status_code == 422
    assert "Usuń z komentarza znaki sterujące" in response.get_data(as_text=True)
    assert fresh(contact).status == ContactStatus.SUBMITTED and events(contact) == []


def test_reject_needs_a_reason_and_a_confirmation(client, auth):
    auth.login_as("coordinator")
    contact = make_contact()
    assert client.post(url(contact, "reject"),
                       data=decision_form(contact, confirm="y")).status_code == 422
    unconfirmed = client.post(url(contact, "reject"),
                              data=decision_form(contact, comment="Inny urząd"))
    assert unconfirmed.status_code == 422
    assert "Potwierdź odrzucenie" in unconfirmed.get_data(as_text=True)
    # The reason typed so far is kept in the form.
    assert "Inny urząd</textarea>" in unconfirmed.get_data(as_text=True)
    assert fresh(contact).status == ContactStatus.SUBMITTED
    ok = client.post(url(contact, "reject"),
                     data=decision_form(contact, comment="Inny urząd", confirm="y"))
    assert ok.status_code == 302 and fresh(contact).status == ContactStatus.REJECTED
    assert fresh(contact).review_comment == "Inny urząd"


def test_nobody_changes_a_locked_contact(client, auth):
    auth.login_as("admin")
    for status in (ContactStatus.APPROVED, ContactStatus.REJECTED):
        contact = make_contact(status=status)
        page = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
        assert "zablokowany" in page and "/approve" not in page and "/reject" not in page
        for decision in ("approve", "return", "reject"):
            response = client.post(url(contact, decision),
                                   data=decision_form(contact, comment="zmiana", confirm="y"))
            assert response.status_code == 409
            assert "nie można go zmienić" in response.get_data(as_text=True)
        assert fresh(contact).status == status and events(contact) == []


def test_a_frozen_or_published_edition_refuses_decisions(client, auth):
    auth.login_as("coordinator")
    for status in (EditionStatus.FROZEN, EditionStatus.PUBLISHED):
        participant = make_participant(make_edition(status=status))
        contact = make_contact(make_assignment(participant=participant))
        assert "/approve" not in client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
        response = client.post(url(contact, "approve"), data=decision_form(contact))
        assert response.status_code == 409 and "zamrożone" in response.get_data(as_text=True)
        assert fresh(contact).status == ContactStatus.SUBMITTED


def test_a_returned_contact_cannot_be_decided_until_resubmitted(client, auth):
    auth.login_as("coordinator")
    contact = make_contact(status=ContactStatus.RETURNED, review_comment="Popraw")
    response = client.post(url(contact, "approve"), data=decision_form(contact))
    assert response.status_code == 409
    assert "czeka na poprawkę jurora" in response.get_data(as_text=True)


def test_unknown_decisions_and_contacts_are_404(client, auth):
    auth.login_as("coordinator")
    contact = make_contact()
    assert client.post(url(contact, "delete")).status_code == 404
    assert client.post("/review/contacts/999999/approve").status_code == 404
    assert client.get("/review/contacts/999999").status_code == 404
    # Beyond a database integer: still a plain "not found", never a database error.
    assert client.get("/review/contacts/99999999999999999999").status_code == 404
    assert client.post("/review/contacts/99999999999999999999/approve").status_code == 404


def test_a_decision_on_a_contact_changed_meanwhile_is_refused(client, auth, monkeypatch):
    """Two reviewers at once: the second one's decision must not overwrite the first."""
    auth.login_as("coordinator")
    contact = make_contact()
    from juror_app.review import actions, queries

    real = queries.load_contact

    def load_then_someone_else_approves(contact_id):
        found = real(contact_id)
        db.session.execute(sa.update(Contact).where(Contact.id == contact_id)
                           .values(status=ContactStatus.APPROVED))
        return found

    monkeypatch.setattr(actions.queries, "load_contact", load_then_someone_else_approves)
    response = client.post(url(contact, "return"),
                           data=decision_form(contact, comment="Popraw"))
    assert response.status_code == 409
    assert events(contact) == []


def test_htmx_gets_the_review_panel_and_refusals_in_it(client, auth):
    auth.login_as("coordinator")
    contact = make_contact()
    hx = {"HX-Request": "true"}
    refused = client.post(url(contact, "return"), data=decision_form(contact, comment=""),
                          headers=hx)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="review-panel"') and "<html" not in html
    assert "Napisz komentarz" in html
    done = client.post(url(contact, "return"),
                       data=decision_form(contact, comment="Dodaj zdjęcie"), headers=hx)
    assert done.status_code == 200
    html = done.get_data(as_text=True)
    assert 'id="review-panel"' in html and "<html" not in html
    assert "Kontakt zwrócony jurorowi do poprawy." in html and "Dodaj zdjęcie" in html
    again = client.post(url(contact, "return"), data=decision_form(contact, comment="x"),
                        headers=hx)
    assert again.status_code == 409 and 'id="review-panel"' in again.get_data(as_text=True)


def test_the_full_round_trip_is_audited_and_shown_as_rounds(client, auth):
    coordinator = auth.login_as("coordinator")
    contact = make_contact()
    client.post(url(contact, "return"),
                data=decision_form(contact, comment="Brak zdjęcia tablicy"))
    returned = fresh(contact)
    assert returned.status == ContactStatus.RETURNED
    assert returned.review_comment == "Brak zdjęcia tablicy"
    # The juror resubmits (the sync API's job); here the same change through the models.
    from juror_app.models import record
    from juror_app.review.rules import resubmit

    record(db.session, actor_id=returned.juror_id, action="contact.resubmit",
           entity_type="contact", entity_id=returned.client_id,
           before={"status": "returned"}, after={"status": resubmit(returned.status)})
    returned.status = ContactStatus.RESUBMITTED
    db.session.commit()
    assert client.post(url(contact, "approve"), data=decision_form(contact)).status_code == 302
    trail = events(contact)
    assert [(e.before["status"], e.after["status"]) for e in trail] == [
        ("submitted", "returned"), ("resubmitted", "approved")]
    assert all(e.actor_id == coordinator.id for e in trail)
    page = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert "Runda 1" in page and "Runda 2" in page and "Brak zdjęcia tablicy" in page
    # The resubmission was recorded under the phone's UUID and still shows in the trail.
    assert "Zwrócony do poprawy → Poprawiony" in page


def test_a_returned_contact_reaches_the_juror_and_is_resubmitted_through_the_api(
        client, auth, app):
    """Phone → review → phone: the comment reaches the juror, the fix comes back, rounds."""
    juror, assignment, headers = juror_with_assignment()
    phone = app.test_client()
    key = new_id()
    body = payload(assignment)
    assert phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers).status_code == 201
    contact = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(key)))

    auth.login_as("coordinator")
    assert client.post(url(contact, "return"),
                       data=decision_form(contact, comment="Brak liczby sygnałów")
                       ).status_code == 302
    seen = phone.get(f"/api/v1/contacts/{key}", headers=headers)
    assert seen.json["status"] == "returned"
    assert seen.json["review_comment"] == "Brak liczby sygnałów"

    body["measurements"] = {"rings": 2, "transfers": 1}
    assert phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers).status_code == 200
    assert fresh(contact).status == ContactStatus.RESUBMITTED
    assert client.post(url(contact, "approve"), data=decision_form(contact)).status_code == 302
    # Locked now: neither the phone nor a reviewer can change it.
    body["notes"] = "Jeszcze jedna zmiana"
    assert phone.put(f"/api/v1/contacts/{key}", json=body, headers=headers).status_code == 409
    assert client.post(url(contact, "return"),
                       data=decision_form(contact, comment="x")).status_code == 409

    page = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert "Runda 1" in page and "Runda 2" in page and "Runda 3" not in page
    assert "Przesłanie przez jurora" in page and "Zmiana przez jurora" in page
    assert "Zwrócony do poprawy → Poprawiony" in page and "Poprawiony → Zatwierdzony" in page
    assert page.count("zmiany jurora") == 0  # the fix opened round 2, it is not an edit
