"""The juror's home and participant card: progress, due dates, links, conflicts."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.juror.links import mailto_href, tel_href, web_href
from juror_app.juror.progress import channel_progress, channel_state, is_overdue
from juror_app.models import (
    AuditEvent,
    ConflictOfInterest,
    Contact,
    ContactStatus,
    EditionStatus,
)
from tests.factories import make_assignment, make_contact, make_edition, make_participant, make_user

S = ContactStatus


# --- plain rules --------------------------------------------------------------------------

@pytest.mark.parametrize("statuses, state", [
    ([], "not_started"),
    ([S.SUBMITTED], "submitted"),
    ([S.RESUBMITTED], "submitted"),
    ([S.APPROVED, S.SUBMITTED], "approved"),
    ([S.APPROVED, S.RETURNED], "returned"),
    ([S.REJECTED], "rejected"),
    ([S.REJECTED, S.SUBMITTED], "submitted"),
])
def test_channel_state_prefers_what_needs_the_juror(statuses, state):
    assert channel_state(statuses) == state


def test_progress_follows_assigned_channels_and_ignores_others():
    progress = channel_progress(
        ["visit", "phone", "email"],
        [("phone", S.APPROVED), ("phone", S.SUBMITTED), ("website", S.APPROVED)],
    )
    assert [(p.channel, p.state, p.contacts) for p in progress] == [
        ("visit", "not_started", 0), ("phone", "approved", 2), ("email", "not_started", 0),
    ]


def test_overdue_only_past_the_date_with_work_missing():
    today = date(2025, 11, 10)
    open_ = channel_progress(["phone"], [])
    done = channel_progress(["phone"], [("phone", S.SUBMITTED)])
    assert is_overdue(date(2025, 11, 9), today, open_)
    assert not is_overdue(date(2025, 11, 10), today, open_)  # the due day itself is fine
    assert not is_overdue(date(2025, 11, 9), today, done)
    assert not is_overdue(None, today, open_)


@pytest.mark.parametrize("raw, href", [
    ("+48 22 123 45 67", "tel:+48221234567"),
    ("(22) 123-45-67", "tel:+48221234567"),
    ("601-623-243", "tel:+48601623243"),
    ("0048 71 000 12 34", "tel:+48710001234"),
    ("022 123 45 67", "tel:+48221234567"),
    ("22 123 45 67 wew. 15", "tel:+48221234567"),
    ("22 123 45 67 Wew. 15", "tel:+48221234567"),
    ("+48 22 123 45 67, +48 601 000 000", "tel:+48221234567"),
    ("", None),
    ("brak", None),
])
def test_tel_href_normalises_polish_numbers(raw, href):
    assert tel_href(raw) == href


def test_mail_and_web_links_refuse_hostile_values():
    assert mailto_href("urzad@gmina.example.org") == "mailto:urzad@gmina.example.org"
    assert mailto_href("a@b.pl?bcc=x@y.pl") is None
    assert web_href("www.gmina.example.org") == "https://www.gmina.example.org"
    assert web_href("javascript:alert(1)") is None
    assert web_href("JavaScript://%0aalert(1)") is None
    assert web_href("gmina.example.org:8080/bip") == "https://gmina.example.org:8080/bip"
    assert web_href("  ") is None


# --- pages --------------------------------------------------------------------------------

@pytest.fixture
def juror(auth):
    return auth.login_as("juror")


def today() -> date:
    from juror_app.juror.routes import local_today

    return local_today()


def visible_text(html: str) -> str:
    """The page's words without tags, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def card_text(client, assignment) -> str:
    response = client.get(f"/juror/assignments/{assignment.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_empty_state(client, juror):
    body = client.get("/juror/").get_data(as_text=True)
    assert "Nie masz jeszcze żadnych przydziałów." in body
    assert 'href="/app/"' in body


def test_assignments_ordered_by_due_date_with_overdue_in_words(client, juror):
    edition = make_edition()
    later = make_assignment(juror, make_participant(edition, name="Gmina Późna"),
                            due_on=today() + timedelta(days=20))
    late = make_assignment(juror, make_participant(edition, name="Gmina Spóźniona"),
                           due_on=today() - timedelta(days=2))
    make_assignment(juror, make_participant(edition, name="Gmina Bez Terminu"), due_on=None)
    make_assignment(make_user(), make_participant(edition, name="Gmina Cudza"))
    body = client.get("/juror/").get_data(as_text=True)
    names = re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", body)
    assert names == ["Gmina Spóźniona", "Gmina Późna", "Gmina Bez Terminu"]
    assert "Po terminie: 2 dni" in body
    assert "Uczestnicy do zbadania: 3 · po terminie: 1" in visible_text(body)
    assert f"/juror/assignments/{later.id}" in body and f"/juror/assignments/{late.id}" in body


def test_only_open_editions_and_active_participants_are_listed(client, juror):
    frozen = make_edition(status=EditionStatus.FROZEN)
    make_assignment(juror, make_participant(frozen, name="Gmina Zamrożona"))
    make_assignment(juror, make_participant(name="Gmina Wycofana", archived=True))
    make_assignment(juror, make_participant(name="Gmina Otwarta"))
    body = client.get("/juror/").get_data(as_text=True)
    assert "Zamrożona" not in body and "Wycofana" not in body
    assert "Gmina Otwarta" in body
    assert "jest zakończone" not in body, "nothing left there: an old edition stays quiet"


def test_no_open_tasks_after_the_freeze_says_the_edition_is_closed(client, juror):
    make_assignment(juror, make_participant(name="Gmina Wycofana", archived=True))
    assert "Nie masz jeszcze żadnych przydziałów." in client.get("/juror/").get_data(as_text=True)
    frozen = make_edition(name="Lider 2026", status=EditionStatus.FROZEN)
    task = make_assignment(juror, make_participant(frozen, name="Gmina Starogard Gdański"))
    waiting = make_contact(task, channel="email", status=S.AWAITING_REPLY, ended_at=None,
                           ended_offset_minutes=None)
    make_contact(task, channel="visit", status=S.APPROVED)
    text = visible_text(client.get("/juror/").get_data(as_text=True))
    assert ("Badanie w edycji „Lider 2026” jest zakończone — wyniki zamrożono. Kontaktów nie "
            "można już wysyłać ani zmieniać.") in text
    assert "Nie masz jeszcze" not in text
    assert "Gmina Starogard Gdański — E-mail: Wysłany, czeka na odpowiedź" in text
    assert "Wizyta" not in text, "only what was left unfinished"
    body = client.get("/juror/").get_data(as_text=True)
    assert f'data-client-id="{waiting.client_id}"' in body
    assert f"/juror/assignments/{task.id}" in body


def test_progress_per_channel_from_the_jurors_contacts(client, juror):
    assignment = make_assignment(juror, channels=["visit", "phone", "email", "website"])
    make_contact(assignment, channel="visit", status=S.APPROVED)
    make_contact(assignment, channel="phone", status=S.SUBMITTED)
    make_contact(assignment, channel="email", status=S.RETURNED, review_comment="Brak zdjęcia")
    body = client.get("/juror/").get_data(as_text=True)
    states = dict(re.findall(
        r'<li class="channel state-(\w+)">\s*<span class="channel-name">([^<]+)</span>', body
    ))
    assert states == {"approved": "Wizyta", "submitted": "Telefon", "returned": "E-mail",
                      "not_started": "Strona internetowa"}


def test_returned_contact_is_highlighted_with_the_comment_escaped(client, juror):
    assignment = make_assignment(juror)
    make_contact(assignment, channel="phone", status=S.RETURNED,
                 review_comment="Dodaj <b>zdjęcie</b> tablicy")
    home = client.get("/juror/").get_data(as_text=True)
    assert "Do poprawy (1)" in home
    assert "Do poprawy: Dodaj &lt;b&gt;zdjęcie&lt;/b&gt; tablicy" in home
    card = card_text(client, assignment)
    assert "Do poprawy: Dodaj &lt;b&gt;" in card
    returned = db.session.scalar(sa.select(Contact).where(Contact.status == S.RETURNED))
    assert f'href="/app/#/capture/{assignment.id}/phone/{returned.client_id}"' in card


def test_card_offers_capture_links_for_channels_still_to_do(client, juror):
    assignment = make_assignment(juror, channels=["visit", "phone", "email"])
    make_contact(assignment, channel="phone", status=S.SUBMITTED)
    make_contact(assignment, channel="email", status=S.REJECTED)
    card = card_text(client, assignment)
    links = re.findall(r'href="(/app/#/capture/[^"]+)"', card)
    assert links == [f"/app/#/capture/{assignment.id}/visit",
                     f"/app/#/capture/{assignment.id}/email"]


def test_another_jurors_assignment_is_404(client, juror):
    foreign = make_assignment(make_user())
    assert client.get(f"/juror/assignments/{foreign.id}").status_code == 404
    assert client.post(f"/juror/assignments/{foreign.id}/conflict",
                       data={"reason": "Pracuję tam od lat.", "confirm": "y"}).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConflictOfInterest)) == 0


def test_card_shows_contact_links(client, juror):
    participant = make_participant(
        phone="(22) 123-45-67", email="sekretariat@gmina.example.org",
        website="www.gmina.example.org", address="ul. Długa 1", postal_code="05-135",
        social_profiles={"facebook": "https://facebook.example.org/gmina",
                         "evil": "javascript:alert(1)"},
    )
    assignment = make_assignment(juror, participant, channels=["phone"])
    make_contact(assignment, channel="phone", status=S.APPROVED)
    body = card_text(client, assignment)
    assert 'href="tel:+48221234567"' in body
    assert 'href="mailto:sekretariat@gmina.example.org"' in body
    assert 'href="https://www.gmina.example.org" target="_blank" rel="noopener noreferrer"' in body
    assert 'href="https://facebook.example.org/gmina" target="_blank" rel="noopener noreferrer"' \
        in body
    assert 'href="javascript:' not in body
    assert "Gmina" in body and "ul. Długa 1, 05-135 Kraków" in body
    assert "Zatwierdzony" in body


def test_declaring_a_conflict_stores_it_with_an_audit_event(client, juror):
    assignment = make_assignment(juror)
    response = client.post(f"/juror/assignments/{assignment.id}/conflict",
                           data={"reason": "  Moja siostra pracuje w tym urzędzie. ",
                                 "confirm": "y"})
    assert response.status_code == 302
    conflict = db.session.scalar(sa.select(ConflictOfInterest))
    assert (conflict.juror_id, conflict.participant_id) == (juror.id, assignment.participant_id)
    assert conflict.reason == "Moja siostra pracuje w tym urzędzie."
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "conflict.declare"))
    assert event.actor_id == juror.id and event.entity_id == str(conflict.id)
    body = card_text(client, assignment)
    assert "Zgłoszono konflikt interesów z tym uczestnikiem" in body
    assert "Zgłoś konflikt interesów" not in body
    assert "/app/#/capture/" not in body  # no capture links for a participant in conflict
    assert "Zgłoszono konflikt interesów" in client.get("/juror/").get_data(as_text=True)
    again = client.post(f"/juror/assignments/{assignment.id}/conflict",
                        data={"reason": "Jeszcze raz to samo.", "confirm": "y"},
                        follow_redirects=True)
    assert "jest już zgłoszony" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConflictOfInterest)) == 1


@pytest.mark.parametrize("data, message", [
    ({"reason": "", "confirm": "y"}, "Opisz krótko, na czym polega konflikt."),
    ({"reason": "krótko", "confirm": "y"}, "Opis musi mieć od 10 do 2000 znaków."),
    ({"reason": "x" * 2001, "confirm": "y"}, "Opis musi mieć od 10 do 2000 znaków."),
    ({"reason": "Pracuję w tym urzędzie."}, "Zaznacz potwierdzenie, aby zgłosić konflikt."),
    ({}, "Opisz krótko, na czym polega konflikt."),
    ({"reason": "Pracuję\x07 w tym urzędzie.", "confirm": "y"}, "znaki sterujące"),
])
def test_conflict_form_validation(client, juror, data, message):
    assignment = make_assignment(juror)
    response = client.post(f"/juror/assignments/{assignment.id}/conflict", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConflictOfInterest)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_no_conflict_declaration_once_the_edition_is_locked(client, juror):
    edition = make_edition(status=EditionStatus.PUBLISHED)
    assignment = make_assignment(juror, make_participant(edition))
    assert "Zgłoś konflikt interesów" not in card_text(client, assignment)
    response = client.post(f"/juror/assignments/{assignment.id}/conflict",
                           data={"reason": "Pracuję w tym urzędzie.", "confirm": "y"})
    assert response.status_code == 409
    assert "Ta edycja jest już zamknięta" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConflictOfInterest)) == 0
