"""Coordinator: the dashboard, editions and the rubric page (upload, download, versions)."""
from __future__ import annotations

import copy
import io
import json

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Edition, EditionStatus, Rubric
from juror_app.rubric import default_rubric
from tests import factories

EDITION = {
    "name": "III edycja 2026", "year": "2026", "starts_on": "2026-09-01",
    "ends_on": "2026-12-10", "applications_until": "2026-10-24",
    "licence_threshold": "72,5", "status": "draft",
}


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_dashboard_empty_state_invites_to_create_an_edition(app, client, coordinator):
    body = client.get("/coordinator/").get_data(as_text=True)
    assert "Nie ma jeszcze żadnej edycji." in body
    assert 'href="/coordinator/editions/new"' in body


def test_dashboard_counts_each_editions_records(app, client, coordinator):
    edition = factories.make_edition(name="II edycja 2025")
    other = factories.make_edition(name="Inna edycja")
    juror = factories.make_user()
    a1 = factories.make_assignment(juror, factories.make_participant(edition))
    factories.make_assignment(juror, factories.make_participant(edition))
    factories.make_participant(edition, archived=True)
    factories.make_contact(a1)
    factories.make_contact(a1, channel="email")
    factories.make_participant(other)
    body = client.get("/coordinator/").get_data(as_text=True)
    card = body.split("II edycja 2025")[1].split("</section>")[0]
    numbers = [part.split("</dd>")[0] for part in card.split("<dd>")[1:]]
    # participants (not archived), jurors, tasks, contacts, contacts waiting for review
    assert numbers == ["2", "1", "2", "2", f'<a href="/review/?edition={edition.id}">2</a>']
    other_card = body.split("Inna edycja")[1].split("</section>")[0]
    assert [p.split("</dd>")[0] for p in other_card.split("<dd>")[1:]][:4] == ["1", "0", "0", "0"]


def test_new_edition_gets_the_default_rubric_as_version_1(app, client, coordinator):
    response = client.post("/coordinator/editions/new", data=EDITION)
    assert response.status_code == 302 and response.headers["Location"] == "/coordinator/"
    edition = db.session.scalar(sa.select(Edition).where(Edition.name == "III edycja 2026"))
    assert edition.status is EditionStatus.DRAFT and edition.licence_threshold == 72.5
    assert [r.version for r in edition.rubrics] == [1]
    assert edition.rubric.data == default_rubric()
    assert edition.rubric.created_by_id == coordinator.id
    [event] = events("edition.create")
    assert event.actor_id == coordinator.id and event.after["name"] == "III edycja 2026"


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "To pole jest wymagane."),
    ({"licence_threshold": "101"}, "0–100"),
    ({"licence_threshold": "-1"}, "0–100"),
    ({"licence_threshold": "dużo"}, "Nieprawidłow"),
    ({"ends_on": "2026-08-31"}, "Koniec nie może być wcześniej niż początek."),
    ({"starts_on": "1.09.2026"}, "Nieprawidłow"),
    ({"year": "1999"}, "Rok spoza zakresu."),
    ({"status": "published"}, "Nieprawidłowy wybór"),
    ({"name": "III\x01edycja"}, "Usuń znaki sterujące (niewidoczne) z tego pola."),
])
def test_edition_form_refuses_bad_values(app, client, coordinator, change, message):
    response = client.post("/coordinator/editions/new", data=EDITION | change)
    assert response.status_code == 422
    field = next(iter(change))
    error = response.get_data(as_text=True).split(f'id="{field}-err">')[1].split("</p>")[0]
    assert message in error
    assert db.session.scalar(sa.select(sa.func.count(Edition.id))) == 0


def test_edition_names_are_unique(app, client, coordinator):
    factories.make_edition(name="III edycja 2026")
    response = client.post("/coordinator/editions/new", data=EDITION)
    assert response.status_code == 422
    assert "Edycja o tej nazwie już istnieje." in response.get_data(as_text=True)


def test_editing_an_edition_is_audited_with_before_and_after(app, client, coordinator):
    edition = factories.make_edition(licence_threshold=75.0)
    response = client.post(f"/coordinator/editions/{edition.id}/edit",
                           data=EDITION | {"name": edition.name, "status": "open"})
    assert response.status_code == 302
    db.session.refresh(edition)
    assert edition.licence_threshold == 72.5 and edition.status is EditionStatus.OPEN
    [event] = events("edition.update")
    assert event.before["licence_threshold"] == 75.0 and event.after["licence_threshold"] == 72.5


def test_a_published_editions_status_is_not_changed_by_the_form(app, client, coordinator):
    edition = factories.make_edition(status=EditionStatus.PUBLISHED)
    # The whole form is refused (tests/coordinator/test_locked_setup.py), status too.
    client.post(f"/coordinator/editions/{edition.id}/edit",
                data=EDITION | {"name": edition.name, "status": "draft"})
    db.session.refresh(edition)
    assert edition.status is EditionStatus.PUBLISHED


def test_unknown_edition_is_404(app, client, coordinator):
    assert client.get("/coordinator/editions/999/edit").status_code == 404
    assert client.get("/coordinator/editions/999/rubric").status_code == 404


def test_rubric_page_shows_channels_criteria_and_rules(app, client, coordinator):
    edition = factories.make_edition()
    body = client.get(f"/coordinator/editions/{edition.id}/rubric").get_data(as_text=True)
    assert "wersja 1" in body
    assert "Szybkość odebrania połączenia" in body and "≤ 3 → 5 pkt" in body
    assert "Kultura obsługi" in body  # group label, not the key
    assert "Media społecznościowe" in body


def test_rubric_download_is_the_stored_json(app, client, coordinator):
    edition = factories.make_edition()
    response = client.get(f"/coordinator/editions/{edition.id}/rubric.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert json.loads(response.data) == default_rubric()


def upload(client, edition, raw: bytes, name: str = "rubryka.json"):
    return client.post(f"/coordinator/editions/{edition.id}/rubric",
                       data={"file": (io.BytesIO(raw), name)},
                       content_type="multipart/form-data")


def test_valid_rubric_upload_becomes_the_next_version(app, client, coordinator):
    edition = factories.make_edition()
    rubric = copy.deepcopy(default_rubric())
    rubric["channels"]["phone"]["weight"] = 40
    response = upload(client, edition, json.dumps(rubric, ensure_ascii=False).encode())
    assert response.status_code == 302
    db.session.refresh(edition)
    assert [r.version for r in edition.rubrics] == [1, 2]
    assert edition.rubric.data["channels"]["phone"]["weight"] == 40
    [event] = events("rubric.upload")
    assert event.after["version"] == 2 and event.entity_type == "rubric"
    old = client.get(f"/coordinator/editions/{edition.id}/rubric.json?version=1")
    assert json.loads(old.data)["channels"]["phone"]["weight"] == 25


def broken_rubric() -> bytes:
    rubric = copy.deepcopy(default_rubric())
    rubric["channels"]["phone"]["weight"] = 0
    rubric["channels"]["email"]["criteria"][0]["max_points"] = "pięć"
    return json.dumps(rubric).encode()


@pytest.mark.parametrize("raw, messages", [
    (b"{not json", ["To nie jest poprawny JSON (wiersz 1"]),
    ("{}".encode("utf-16"), ["nie jest zapisany w UTF-8"]),
    (b"[]", ["Rubryka musi być obiektem JSON"]),
    (broken_rubric(), ["Kanał „phone”: waga kanału", "Kanał „email”, kryterium 1"]),
    (b"{" + b" " * 300_000 + b"}", ["Plik jest za duży (najwyżej 256 kB)."]),
])
def test_bad_rubric_upload_lists_every_problem_and_stores_nothing(
        app, client, coordinator, raw, messages):
    edition = factories.make_edition()
    response = upload(client, edition, raw)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nie zapisano rubryki" in body
    for message in messages:
        assert message in body
    assert db.session.scalar(sa.select(sa.func.count(Rubric.id))) == 1
    assert events("rubric.upload") == []


def test_rubric_upload_without_a_file_names_the_field(app, client, coordinator):
    edition = factories.make_edition()
    response = client.post(f"/coordinator/editions/{edition.id}/rubric", data={})
    assert response.status_code == 422
    assert "Wybierz plik." in response.get_data(as_text=True)


@pytest.mark.parametrize("status", [EditionStatus.FROZEN, EditionStatus.PUBLISHED])
def test_rubric_of_a_locked_edition_cannot_be_replaced(app, client, coordinator, status):
    edition = factories.make_edition(status=status)
    page = client.get(f"/coordinator/editions/{edition.id}/rubric").get_data(as_text=True)
    assert "nowej wersji rubryki nie można już wgrać" in page
    response = upload(client, edition, json.dumps(default_rubric()).encode())
    assert response.status_code == 302
    assert "zamrożona lub opublikowana" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Rubric.id))) == 1
