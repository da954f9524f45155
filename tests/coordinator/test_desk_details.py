"""Smaller desk details (issue 10.18): wording, badges, icons, links and counts."""
from __future__ import annotations

from pathlib import Path

from juror_app.core.extensions import db
from juror_app.models import ContactStatus, EditionStatus
from tests.factories import make_assignment, make_contact, make_edition, make_participant, make_user

ROOT = Path(__file__).resolve().parents[2]


def test_participants_list_breaks_no_phone_and_an_email_only_at_the_at(client, coordinator):
    edition = make_edition()
    make_participant(edition, phone="+48 12 345 67 89", email="sekretariat.urzedu@gmina.pl")
    body = client.get(f"/coordinator/editions/{edition.id}/participants").get_data(as_text=True)
    assert 'class="tel" href="tel:+48123456789">+48 12 345 67 89</a>' in body
    assert ">sekretariat.urzedu<wbr>@gmina.pl</a>" in body
    css = (ROOT / "static/css/coordinator.css").read_text()
    assert "break-all" not in css and ".contact-cell .tel { white-space: nowrap; }" in css


def test_a_second_assignment_is_refused_without_declining_the_name(client, coordinator):
    juror = make_user("juror", name="Anna Nowak")
    participant = make_participant(name="Miejska Biblioteka Publiczna")
    make_assignment(juror, participant)
    response = client.post(f"/coordinator/editions/{participant.edition_id}/assignments/new",
                           data={"juror_id": juror.id, "participant_ids": [participant.id],
                                 "channels": ["phone"]})
    body = response.get_data(as_text=True)
    assert "Anna Nowak ma już zadanie dla: „Miejska Biblioteka Publiczna”." in body
    assert "zadanie u" not in body


def test_the_published_badge_is_not_red_and_cards_lead_to_review_and_ranking(client,
                                                                             coordinator):
    edition = make_edition(name="II edycja 2025", status=EditionStatus.PUBLISHED)
    assignment = make_assignment(participant=make_participant(edition))
    for status in ("submitted", "resubmitted", "returned", "approved"):
        make_contact(assignment, status=ContactStatus(status))
    body = client.get("/coordinator/").get_data(as_text=True)
    assert 'class="badge bad"' not in body and 'class="badge ok">' in body
    assert f'href="/review/?edition={edition.id}">2</a>' in body  # two wait for review
    assert f'href="/results/{edition.id}/ranking"' in body


def test_the_contact_page_uses_an_svg_lock_a_plain_edition_line_and_english_titles(
        client, auth):
    contact = make_contact(make_assignment(participant=make_participant(
        make_edition(name="II edycja 2025"))), channel="phone", status=ContactStatus.APPROVED)
    auth.login_as("coordinator", locale="en")
    body = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert "🔒" not in body and '<svg class="icon"' in body
    assert "edycja II edycja" not in body and "Edition: II edycja 2025" in body
    assert "<h1>" in body and "Kontakt telefoniczny</h1>" not in body
    title = body.split("<title>")[1].split("</title>")[0]
    assert "Kontakt telefoniczny" not in title and "Phone" in title
    db.session.rollback()
