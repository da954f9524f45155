"""Coordinator: importing participants from CSV through the page — all rows or none."""
from __future__ import annotations

import codecs
import io

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Category, EditionStatus, Participant
from tests import factories

EXCEL = (
    "Nazwa;Kategoria;Województwo;Miejscowość;Telefon;E-mail\r\n"
    "Urząd Gminy Łękawica;gmina;śląskie;Łękawica;33 863 37 11;gmina@lekawica.pl\r\n"
    "Świętokrzyskie Centrum Kultury;instytucja kultury;świętokrzyskie;Kielce;;\r\n"
    "Żywiecka Spółdzielnia Mieszkaniowa;spółdzielnia / wspólnota mieszkaniowa;śląskie;"
    "Żywiec;;\r\n"
)


@pytest.fixture
def app_config():
    return {"CSV_MAX_BYTES": 4096}


def send(client, edition, raw: bytes, name="uczestnicy.csv"):
    return client.post(f"/coordinator/editions/{edition.id}/participants/import",
                       data={"file": (io.BytesIO(raw), name)},
                       content_type="multipart/form-data")


def names(edition) -> list[str]:
    return sorted(db.session.scalars(
        sa.select(Participant.name).where(Participant.edition_id == edition.id)))


def test_cp1250_semicolon_file_from_excel(app, client, coordinator, edition):
    response = send(client, edition, EXCEL.encode("cp1250"))
    assert response.status_code == 302
    assert names(edition) == ["Urząd Gminy Łękawica", "Świętokrzyskie Centrum Kultury",
                              "Żywiecka Spółdzielnia Mieszkaniowa"]
    stored = db.session.scalar(sa.select(Participant).where(Participant.city == "Żywiec"))
    assert stored.category is Category.SPOLDZIELNIA_WSPOLNOTA
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Zaimportowano 3 uczestników." in page
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "participant.import"))
    assert event.actor_id == coordinator.id and len(event.after["participant_ids"]) == 3
    assert event.after["file"] == "uczestnicy.csv"


def test_utf8_bom_comma_file(app, client, coordinator, edition):
    raw = codecs.BOM_UTF8 + (
        "name,category,city,website\n"
        "Gmina Miejska Łańcut,gmina,Łańcut,https://lancut.pl\n").encode()
    assert send(client, edition, raw).status_code == 302
    [participant] = db.session.scalars(sa.select(Participant)).all()
    assert participant.name == "Gmina Miejska Łańcut" and participant.website == \
        "https://lancut.pl"


def test_bad_rows_are_listed_and_nothing_is_stored(app, client, coordinator, edition):
    factories.make_participant(edition, name="Urząd Gminy Łękawica", city="Łękawica")
    raw = (EXCEL + "Gmina Bez Kategorii;;;Nigdzie;;\r\n"
           "Gmina Zła;gmina;śląskie;Zła;;nie-mail\r\n").encode("cp1250")
    response = send(client, edition, raw)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nie zaimportowano nikogo" in body
    rows = body.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    cells = [[c.split("</td>")[0] for c in row.split("<td>")[1:]] for row in rows]
    assert ["2", "Nazwa", "Uczestnik o tej nazwie i miejscowości już jest w tej edycji."] in cells
    assert ["5", "Kategoria", "To pole jest wymagane."] in cells
    assert ["6", "E-mail", "To nie jest poprawny adres e-mail."] in cells
    assert names(edition) == ["Urząd Gminy Łękawica"]  # only the one made before


def test_a_control_character_refuses_the_file_and_names_the_row(app, client, coordinator,
                                                                   edition):
    raw = "nazwa;kategoria;miejscowość\nGmina Dobra;gmina;Dobra\nGmina\x02Zła;gmina;Łódź\n"
    response = send(client, edition, raw.encode())
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    row = body.split("<tbody>")[1].split("</tbody>")[0]
    assert "<td>3</td><td>nazwa</td>" in row and "znaki sterujące (niewidoczne)" in row
    assert names(edition) == []


def test_oversize_file_is_refused_with_413_and_a_message(app, client, coordinator, edition):
    raw = ("nazwa;kategoria;miejscowość\n" + "".join(
        f"Gmina {n};gmina;Miasto {n}\n" for n in range(400))).encode()
    assert len(raw) > 4096
    response = send(client, edition, raw)
    assert response.status_code == 413
    assert "Plik jest za duży (najwyżej 4 kB)." in response.get_data(as_text=True)
    assert names(edition) == []


@pytest.mark.parametrize("raw, message", [
    (b"", "Plik jest pusty."),
    (bytes(range(256)), "zawiera dane binarne"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "zawiera dane binarne"),
    (b"foo,bar\n1,2\n", "Brakuje wymaganych kolumn"),
])
def test_unusable_files_get_a_clear_message(app, client, coordinator, edition, raw, message):
    response = send(client, edition, raw)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert names(edition) == []


def test_missing_file_names_the_field(app, client, coordinator, edition):
    response = client.post(f"/coordinator/editions/{edition.id}/participants/import", data={})
    assert response.status_code == 422
    assert "Wybierz plik." in response.get_data(as_text=True)


def test_ignored_columns_are_mentioned(app, client, coordinator, edition):
    raw = b"nazwa,kategoria,miasto,Osoba do kontaktu\nGmina A,gmina,A,Jan\n"
    response = send(client, edition, raw)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Pominięto nieznane kolumny: Osoba do kontaktu." in page


@pytest.mark.parametrize("app_config", [{"CSV_MAX_BYTES": 100_000}])
def test_thousands_of_unknown_columns_are_summed_up_not_listed(app, client, coordinator,
                                                                edition):
    unknown = [f"kolumna {n}" for n in range(3000)]
    raw = ";".join([*unknown, "nazwa", "kategoria", "miasto"]) + "\n"
    raw += ";" * 3000 + "Gmina A;gmina;A\n"
    response = send(client, edition, raw.encode())
    assert response.status_code == 302
    # The flash travels in the session cookie; a browser ignores one past 4 KB.
    assert len(response.headers["Set-Cookie"]) < 4093
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ("Pominięto nieznane kolumny (razem 3000), m.in.: kolumna 0, kolumna 1, "
            "kolumna 2, kolumna 3, kolumna 4.") in page
    assert "kolumna 5" not in page


def test_a_very_long_unknown_column_is_cut(app, client, coordinator, edition):
    raw = "nazwa,kategoria,miasto," + "Ż" * 2000 + "\nGmina A,gmina,A,Jan\n"
    response = send(client, edition, raw.encode())
    assert len(response.headers["Set-Cookie"]) < 4093
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Pominięto nieznane kolumny: " + "Ż" * 39 + "…." in page


def test_template_downloads_and_imports(app, client, coordinator, edition):
    response = client.get("/coordinator/participants/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert send(client, edition, response.data).status_code == 302
    assert names(edition) == ["Urząd Gminy Przykładowo"]


def test_locked_edition_refuses_import(app, client, coordinator):
    edition = factories.make_edition(status=EditionStatus.PUBLISHED)
    response = send(client, edition, EXCEL.encode("cp1250"))
    assert response.status_code == 302
    assert names(edition) == []


def test_import_page_explains_the_format(app, client, coordinator, edition):
    body = client.get(f"/coordinator/editions/{edition.id}/participants/import").get_data(
        as_text=True)
    assert "Windows-1250" in body and "Pobierz szablon CSV" in body
    assert 'enctype="multipart/form-data"' in body
