"""Coordinator: participants — list, htmx search, create, edit, archive and restore."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Category, Contact, EditionStatus, Participant
from tests import factories

HX = {"HX-Request": "true"}
VALID = {
    "name": "Urząd Gminy Zawoja", "category": "gmina", "voivodeship": "małopolskie",
    "city": "Zawoja", "address": "Zawoja 1200", "postal_code": "34-222",
    "phone": "+48 33 877 50 00", "email": "ug@zawoja.pl", "website": "https://zawoja.pl",
    "facebook": "https://www.facebook.com/gminazawoja", "instagram": "",
}


def url(edition, tail=""):
    return f"/coordinator/editions/{edition.id}/participants{tail}"


def test_list_empty_state_points_to_create_and_import(app, client, coordinator, edition):
    body = client.get(url(edition)).get_data(as_text=True)
    assert "Ta edycja nie ma jeszcze uczestników." in body
    assert url(edition, "/import") in body and url(edition, "/new") in body


def test_list_hides_archived_and_other_editions(app, client, coordinator, edition):
    factories.make_participant(edition, name="Gmina Widoczna")
    factories.make_participant(edition, name="Gmina Zarchiwizowana", archived=True)
    factories.make_participant(factories.make_edition(), name="Gmina Obca")
    body = client.get(url(edition)).get_data(as_text=True)
    assert "Gmina Widoczna" in body
    assert "Gmina Zarchiwizowana" not in body and "Gmina Obca" not in body
    archived = client.get(url(edition, "?archived=1")).get_data(as_text=True)
    assert "Gmina Zarchiwizowana" in archived and "zarchiwizowany" in archived


def test_category_labels_are_polish(app, client, coordinator, edition):
    factories.make_participant(edition, category=Category.SPOLDZIELNIA_WSPOLNOTA)
    body = client.get(url(edition)).get_data(as_text=True)
    assert "Spółdzielnia / wspólnota mieszkaniowa" in body


def test_htmx_search_returns_only_the_rows_fragment(app, client, coordinator, edition):
    factories.make_participant(edition, name="Miejski Ośrodek Kultury", city="Tarnów",
                               category=Category.INSTYTUCJA_KULTURY)
    factories.make_participant(edition, name="Starostwo Powiatowe", city="Bochnia",
                               category=Category.POWIAT)
    response = client.get(url(edition, "?q=tarn"),
                          headers=HX | {"HX-Target": "participant-rows"})
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="participant-rows"')
    assert "<html" not in body and "Miejski Ośrodek Kultury" in body
    assert "Starostwo Powiatowe" not in body
    by_category = client.get(url(edition, "?category=powiat"),
                             headers=HX | {"HX-Target": "participant-rows"})
    assert "Starostwo Powiatowe" in by_category.get_data(as_text=True)
    assert "Miejski" not in by_category.get_data(as_text=True)
    none = client.get(url(edition, "?q=zzz"), headers=HX | {"HX-Target": "participant-rows"})
    assert "Nikt nie pasuje do wyszukiwania." in none.get_data(as_text=True)


def test_search_without_htmx_renders_the_whole_page(app, client, coordinator, edition):
    factories.make_participant(edition, name="Gmina Tarnów", city="Tarnów")
    body = client.get(url(edition, "?q=TARN")).get_data(as_text=True)
    assert "<html" in body and "Gmina Tarnów" in body and 'value="TARN"' in body


def test_create_stores_every_field_and_audits(app, client, coordinator, edition):
    response = client.post(url(edition, "/new"), data=VALID)
    assert response.status_code == 302
    participant = db.session.scalar(sa.select(Participant))
    assert participant.name == "Urząd Gminy Zawoja" and participant.category is Category.GMINA
    assert participant.postal_code == "34-222" and participant.website == "https://zawoja.pl"
    assert participant.social_profiles == {"facebook": "https://www.facebook.com/gminazawoja"}
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "participant.create"))
    assert event.entity_id == str(participant.id) and event.after["city"] == "Zawoja"


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "To pole jest wymagane."),
    ("name", "x" * 201, "Najwyżej 200 znaków."),
    ("city", "", "To pole jest wymagane."),
    ("category", "", "To pole jest wymagane."),
    ("category", "firma", "Nieprawidłowy wybór"),
    ("voivodeship", "Bawaria", "Nieprawidłowy wybór"),
    ("email", "ug(at)zawoja.pl", "To nie jest poprawny adres e-mail."),
    ("website", "zawoja.pl", "https://"),
    ("website", "ftp://zawoja.pl", "https://"),
    ("website", "javascript:alert(1)", "https://"),
    ("phone", "zadzwoń wieczorem", "Numer telefonu"),
    ("postal_code", "34222", "00-000"),
    ("facebook", "fb/gminazawoja", "https://"),
    ("name", "Gmina\x01Zła", "Usuń znaki sterujące (niewidoczne) z tego pola."),
    ("city", "Zawoja\x7f", "Usuń znaki sterujące (niewidoczne) z tego pola."),
    ("address", "Zawoja\x1b1200", "Usuń znaki sterujące (niewidoczne) z tego pola."),
])
def test_create_refuses_bad_values(app, client, coordinator, edition, field, value, message):
    response = client.post(url(edition, "/new"), data=VALID | {field: value})
    assert response.status_code == 422
    error = response.get_data(as_text=True).split(f'id="{field}-err">')[1].split("</p>")[0]
    assert message in error
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 0


def test_same_name_and_city_in_the_edition_is_refused(app, client, coordinator, edition):
    factories.make_participant(edition, name="Urząd Gminy Zawoja", city="Zawoja")
    response = client.post(url(edition, "/new"), data=VALID | {"name": "URZĄD  GMINY ZAWOJA"})
    assert response.status_code == 422
    assert "już uczestnik o tej nazwie i miejscowości" in response.get_data(as_text=True)
    other = factories.make_edition()
    assert client.post(url(other, "/new"), data=VALID).status_code == 302


def test_edit_keeps_the_participant_and_records_before_and_after(
        app, client, coordinator, edition):
    participant = factories.make_participant(edition, social_profiles={"x": "https://x.com/g"})
    form = client.get(url(edition, f"/{participant.id}/edit")).get_data(as_text=True)
    assert 'value="https://x.com/g"' in form
    response = client.post(url(edition, f"/{participant.id}/edit"),
                           data=VALID | {"name": participant.name, "city": "Kraków"})
    assert response.status_code == 302
    db.session.refresh(participant)
    assert participant.phone == "+48 33 877 50 00"
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "participant.update"))
    assert event.before["phone"] == "+48 12 000 00 00"
    assert event.after["phone"] == "+48 33 877 50 00"


def test_edit_refuses_a_control_character_in_the_name(app, client, coordinator, edition):
    participant = factories.make_participant(edition, name="Gmina A", city="Zawoja")
    response = client.post(url(edition, f"/{participant.id}/edit"),
                           data=VALID | {"name": "Gmina\x08A"})
    assert response.status_code == 422
    assert "Usuń znaki sterujące" in response.get_data(as_text=True)
    db.session.refresh(participant)
    assert participant.name == "Gmina A"


def test_edit_may_keep_its_own_name(app, client, coordinator, edition):
    participant = factories.make_participant(edition, name="Gmina A", city="Zawoja")
    response = client.post(url(edition, f"/{participant.id}/edit"),
                           data=VALID | {"name": "Gmina A"})
    assert response.status_code == 302


def test_participant_of_another_edition_is_404(app, client, coordinator, edition):
    stranger = factories.make_participant(factories.make_edition())
    assert client.get(url(edition, f"/{stranger.id}/edit")).status_code == 404
    assert client.post(url(edition, f"/{stranger.id}/archive")).status_code == 404


def test_archive_asks_first_without_javascript(app, client, coordinator, edition):
    participant = factories.make_participant(edition, name="Gmina Do Archiwum")
    page = client.get(url(edition, f"/{participant.id}/archive"))
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Archiwizować uczestnika?" in body
    assert f'action="{url(edition, f"/{participant.id}/archive")}"' in body
    db.session.refresh(participant)
    assert participant.archived is False
    response = client.post(url(edition, f"/{participant.id}/archive"))
    assert response.status_code == 302
    db.session.refresh(participant)
    assert participant.archived is True


def test_a_second_archive_or_a_needless_restore_audits_nothing(app, client, coordinator,
                                                                 edition):
    participant, other = factories.make_participant(edition), factories.make_participant(edition)
    for expected in ("Zarchiwizowano", "Ten uczestnik jest już zarchiwizowany."):
        response = client.post(url(edition, f"/{participant.id}/archive"))
        assert response.status_code == 302
        assert expected in client.get(response.headers["Location"]).get_data(as_text=True)
    again = client.post(url(edition, f"/{participant.id}/archive"), headers=HX)
    assert again.status_code == 200 and "Przywróć" in again.get_data(as_text=True)
    response = client.post(url(edition, f"/{other.id}/restore"))
    assert "Ten uczestnik nie jest zarchiwizowany." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert (participant.archived, other.archived) == (True, False)
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions == ["participant.archive"]


def test_htmx_archive_returns_the_row_and_keeps_contacts(app, client, coordinator, edition):
    participant = factories.make_participant(edition, name="Gmina Z Kontaktem")
    contact = factories.make_contact(factories.make_assignment(participant=participant))
    response = client.post(url(edition, f"/{participant.id}/archive"), headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr id="participant-{participant.id}" class="archived"')
    assert "Przywróć" in body and "<html" not in body
    assert db.session.get(Contact, contact.id) is not None
    restored = client.post(url(edition, f"/{participant.id}/restore"), headers=HX)
    assert "Archiwizuj" in restored.get_data(as_text=True)
    db.session.refresh(participant)
    assert participant.archived is False
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["participant.archive", "participant.restore"]


def test_locked_edition_refuses_new_participants(app, client, coordinator):
    edition = factories.make_edition(status=EditionStatus.FROZEN)
    response = client.post(url(edition, "/new"), data=VALID)
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 0


def test_long_lists_are_paged_and_the_pager_keeps_the_filters(app, client, coordinator, edition):
    for n in range(105):
        factories.make_participant(edition, name=f"Gmina {n:03d}", commit=False)
    db.session.commit()
    first = client.get(url(edition, "?q=gmina")).get_data(as_text=True)
    assert "Uczestników: 105" in first and "strona 1 z 2" in first
    assert "Gmina 099" in first and "Gmina 100" not in first
    second = client.get(url(edition, "?q=gmina&page=2"),
                        headers=HX | {"HX-Target": "participant-rows"}).get_data(as_text=True)
    assert "Gmina 100" in second and "Gmina 099" not in second
    assert "page=1" in second and "q=gmina" in second and "Następna" not in second
    beyond = client.get(url(edition, "?page=99")).get_data(as_text=True)
    assert "strona 2 z 2" in beyond and "Gmina 104" in beyond


def test_search_treats_percent_and_underscore_as_characters(app, client, coordinator, edition):
    factories.make_participant(edition, name="Spółka 100% komunalna")
    factories.make_participant(edition, name="Gmina Zwykła")
    found = client.get(url(edition, "?q=100%25")).get_data(as_text=True)
    assert "Spółka 100% komunalna" in found and "Gmina Zwykła" not in found
    assert "Gmina Zwykła" not in client.get(url(edition, "?q=%25")).get_data(as_text=True)
