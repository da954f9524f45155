"""Exports open with the right headers and Polish characters; reports hide the jurors."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, ContactStatus
from tests.factories import full_marks, make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import SMALL_RUBRIC, scored_contact

JUROR = {"name": "Zdzisław Żółć", "email": "zdzislaw.zolc@example.org"}


@pytest.fixture
def edition(app):
    """Łódź's co-operative with full marks from a juror whose name must stay private."""
    edition = make_edition(rubric=SMALL_RUBRIC, licence_threshold=75.0)
    juror = make_user("juror", **JUROR)
    participant = make_participant(edition, name="Spółdzielnia „Śródmieście”", city="Łódź")
    assignment = make_assignment(juror, participant)
    phone = scored_contact(assignment, "phone", {"courtesy": 5, "routing": None},
                           {"rings": 9}, rubric=SMALL_RUBRIC)
    phone.notes = "=HYPERLINK(\"http://zło\")"
    scored_contact(assignment, "website", {"content": 9, "mobile": 5}, rubric=SMALL_RUBRIC)
    db.session.add(AuditEvent(actor_id=juror.id, action="contact.approve",
                              entity_type="contact", entity_id=str(phone.id),
                              after={"status": "approved"}))
    db.session.commit()
    make_participant(edition, name="Gmina Bez Ocen")
    return edition


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_ranking_csv_opens_with_headers_and_polish_characters(edition, client, auth):
    auth.login_as("expert")
    response = client.get(f"/results/{edition.id}/export/ranking.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    header, first, second = read_csv(response.data)
    assert header[:6] == ["Miejsce", "Miejsce w kategorii", "Uczestnik", "Miejscowość",
                          "Kategoria", "Wynik (%)"]
    assert "Telefon" in header and "Licencja" in header
    # phone: rings 9 → 0, courtesy 5×2, routing N/A: 10/15 = 66.67; website 19/20 = 95
    # → (3·66.666… + 95)/4 = 73.75: below 75, no licence.
    assert first[:6] == ["1", "1", "Spółdzielnia „Śródmieście”", "Łódź", "Gmina", "73,75"]
    assert first[header.index("Licencja")] == "nie"
    assert second[2] == "Gmina Bez Ocen" and second[0] == ""


def test_ranking_xlsx_has_the_same_table(edition, client, auth):
    auth.login_as("coordinator")
    response = client.get(f"/results/{edition.id}/export/ranking.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Miejsce", "Miejsce w kategorii", "Uczestnik")
    assert rows[1][2:6] == ("Spółdzielnia „Śródmieście”", "Łódź", "Gmina", 73.75)


def test_contacts_export_has_criteria_statuses_and_audit_trail(edition, client, auth):
    auth.login_as("coordinator")
    rows = read_csv(client.get(f"/results/{edition.id}/export/contacts.csv").data)
    header = rows[0]
    assert {"Juror", "Status", "Historia zmian", "Telefon: Uprzejmość",
            "Strona: Wersja mobilna"} <= set(header)
    phone = next(r for r in rows[1:] if r[header.index("Kanał")] == "Telefon")
    assert phone[header.index("Juror")] == JUROR["name"]
    assert phone[header.index("Status")] == "zatwierdzony"
    assert phone[header.index("Telefon: Przekierowanie")] == "nie dotyczy"
    assert phone[header.index("Telefon: Szybkość odebrania")] == "0,00"
    assert phone[header.index("Strona: Treść")] == ""
    assert "Zatwierdzenie (Zdzisław Żółć): Status: zatwierdzony" in \
        phone[header.index("Historia zmian")]
    # A juror's note that looks like a formula stays text in Excel.
    assert phone[header.index("Notatki")].startswith("'=HYPERLINK")
    book = load_workbook(io.BytesIO(
        client.get(f"/results/{edition.id}/export/contacts.xlsx").data))
    assert book.active.cell(row=1, column=header.index("Juror") + 1).value == "Juror"


def test_contacts_export_is_for_coordinators_only_and_formats_are_checked(edition, client,
                                                                          auth):
    auth.login_as("expert")
    assert client.get(f"/results/{edition.id}/export/contacts.csv").status_code == 403
    response = client.get(f"/results/{edition.id}/export/ranking.pdf")
    assert response.status_code == 404 and "CSV i XLSX" in response.get_data(as_text=True)


def test_participant_report_has_no_juror_name_or_email(edition, client, auth):
    auth.login_as("coordinator")
    participant = edition.participants[0]
    body = client.get(f"/results/{edition.id}/participants/{participant.id}/report") \
        .get_data(as_text=True)
    assert "Spółdzielnia „Śródmieście”" in body and "73,75%" in body
    assert JUROR["name"] not in body and JUROR["email"] not in body
    assert "Żółć" not in body
    # Strengths: content 90%, mobile 100%, courtesy 100%; weakness: answer speed 0%.
    strengths, weaknesses = body.split("Mocne strony")[1].split("Do poprawy")
    assert "Uprzejmość" in strengths and "Wersja mobilna" in strengths
    assert "Szybkość odebrania" in weaknesses.split("Wszystkie kryteria")[0]


def test_certificate_only_for_a_licence(edition, client, auth):
    auth.login_as("coordinator")
    participant = edition.participants[0]
    url = f"/results/{edition.id}/participants/{participant.id}/certificate"
    refused = client.get(url)
    assert refused.status_code == 404 and "nie uzyskał Licencji" in refused.get_data(
        as_text=True)
    edition.licence_threshold = 70.0
    db.session.commit()
    body = client.get(url).get_data(as_text=True)
    assert "Licencja Jakości" in body and "Spółdzielnia „Śródmieście”" in body
    assert "PROJEKT" in body  # not published yet
    assert JUROR["name"] not in body


def test_ranking_page_explains_the_method_and_draws_charts_without_js(edition, client, auth):
    auth.login_as("expert")
    body = client.get(f"/results/{edition.id}/ranking").get_data(as_text=True)
    assert "Jak liczymy wynik" in body and "(1, 1, 3)" in body
    assert "<svg" not in body  # one scored participant: the table says it better
    assert "73,75%" in body
    # The unscored participant folds below the table instead of a row of dashes.
    table, folded = body.split('<details class="unscored">')[:2]
    assert "Gmina Bez Ocen" not in table.split("Ranking ogólny")[-1]
    assert "Bez zatwierdzonych kontaktów: 1" in folded and "Gmina Bez Ocen" in folded
    assert client.get("/results/ranking").status_code == 200
    licences = client.get(f"/results/{edition.id}/licences").get_data(as_text=True)
    assert "Nikt jeszcze nie spełnia warunków licencji" in licences
    assert "poniżej progu" in licences


def test_ranking_page_empty_states(app, client, auth):
    auth.login_as("expert")
    assert "Nie ma jeszcze żadnej edycji" in client.get("/results/ranking").get_data(
        as_text=True)
    edition = make_edition()
    make_participant(edition)
    body = client.get("/results/ranking").get_data(as_text=True)
    assert "Nie ma jeszcze zatwierdzonych kontaktów" in body
    assert client.get("/results/999/ranking").status_code == 404


def test_a_submitted_contact_does_not_reach_the_report(app, client, auth):
    edition = make_edition()
    participant = make_participant(edition)
    scored_contact(make_assignment(participant=participant), "website",
                   full_marks("website"), status=ContactStatus.SUBMITTED)
    auth.login_as("coordinator")
    body = client.get(f"/results/{edition.id}/participants/{participant.id}/report") \
        .get_data(as_text=True)
    assert "Brak zatwierdzonych ocen" in body


def test_score_distribution_is_an_svg_with_its_numbers_in_text(app, client, auth):
    edition = make_edition(rubric=SMALL_RUBRIC)
    for content in (10, 9, 4):  # website only: 100%, 90%, 40%
        participant = make_participant(edition)
        scored_contact(make_assignment(participant=participant), "website",
                       {"content": content, "mobile": None}, rubric=SMALL_RUBRIC)
    auth.login_as("expert")
    body = client.get(f"/results/{edition.id}/ranking").get_data(as_text=True)
    # One chart for the category and one overall, each described for screen readers.
    assert body.count("<svg") == 2 and body.count("<desc") == 2
    assert "40–50: 1" in body and "90–100: 2" in body and "<script" not in body.split(
        "<main")[1]


def test_report_says_so_when_nothing_stands_out(app, client, auth):
    edition = make_edition(rubric=SMALL_RUBRIC)
    participant = make_participant(edition)
    scored_contact(make_assignment(participant=participant), "website",
                   {"content": 7, "mobile": 3.5}, rubric=SMALL_RUBRIC)  # 70% each
    auth.login_as("expert")
    body = client.get(f"/results/{edition.id}/participants/{participant.id}/report") \
        .get_data(as_text=True)
    assert "Żadne kryterium nie osiągnęło 80% punktów." in body
    assert "Żadne kryterium nie spadło poniżej 60% punktów." in body


def test_contacts_export_reads_like_an_office_table(edition, client, auth):
    """Labels not keys, one column per measurement, Warsaw dates, city, category, photos."""
    auth.login_as("coordinator")
    response = client.get(f"/results/{edition.id}/export/contacts.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # charset once
    header, *rows = read_csv(response.data)
    phone = next(r for r in rows if r[header.index("Kanał")] == "Telefon")
    assert not [h for h in header if "." in h and " " not in h]  # no "phone.courtesy"
    assert phone[header.index("Miejscowość")] == "Łódź"
    assert phone[header.index("Kategoria")] == "Gmina"
    assert phone[header.index("Telefon: Sygnały")] == "9"
    assert phone[header.index("Początek")] == "2025-10-06 11:00"  # 09:00 UTC in Warsaw
    assert phone[header.index("Liczba zdjęć")] == "0"
    book = load_workbook(io.BytesIO(
        client.get(f"/results/{edition.id}/export/contacts.xlsx").data))
    sheet, codebook = book.worksheets
    assert sheet.auto_filter.ref == sheet.dimensions
    started = sheet.cell(row=2, column=header.index("Początek") + 1)
    assert started.value == datetime(2025, 10, 6, 11, 0) and started.is_date
    assert codebook.title == "Słownik"
    described = {row[0]: row[1] for row in codebook.iter_rows(min_row=2, values_only=True)}
    assert set(described) == set(header) and all(described.values())
    assert "czas warszawski" in described["Początek"]


def test_the_history_of_changes_is_polish_whole_and_without_empty_fields(edition, client,
                                                                          auth):
    """The juror's sending and correcting (named by the contact's UUID, as the phone's API
    records them) beside the review's decisions (named by its id); what the juror changed,
    by the rubric's labels; an approval's empty comment left out."""
    from juror_app.models import Contact

    phone = db.session.scalar(sa.select(Contact).where(Contact.channel == "phone"))
    juror_id, uid, cid = phone.juror_id, str(phone.client_id), str(phone.id)
    db.session.execute(sa.delete(AuditEvent))
    steps = [
        ("contact.create", uid, None, {"status": "submitted", "scores": {"routing": None}}),
        ("contact.return", cid, {"status": "submitted"},
         {"status": "returned", "review_comment": "Dodaj zdjęcie tablicy."}),
        ("contact.update", uid, {"status": "returned", "scores": {"routing": None},
                                 "notes": "Miło"},
         {"status": "resubmitted", "scores": {"routing": 1}, "notes": "Miło i szybko"}),
        ("contact.approve", cid, {"status": "resubmitted"},
         {"status": "approved", "review_comment": None}),
    ]
    for minute, (action, entity, before, after) in enumerate(steps):
        db.session.add(AuditEvent(actor_id=juror_id, action=action, entity_type="contact",
                                  entity_id=entity, before=before, after=after,
                                  at=datetime(2025, 10, 6, 9, minute, tzinfo=UTC)))
    db.session.commit()
    auth.login_as("coordinator")
    rows = read_csv(client.get(f"/results/{edition.id}/export/contacts.csv").data)
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("Kanał")] == "Telefon")
    trail = row[header.index("Historia zmian")].split(" | ")
    who = "(Zdzisław Żółć)"
    assert trail == [
        f"2025-10-06 11:00 Przesłanie przez jurora {who}: Status: przesłany",
        f"2025-10-06 11:01 Zwrot do poprawy {who}: Status: przesłany → zwrócony do "
        "poprawy; Komentarz dla jurora: Dodaj zdjęcie tablicy.",
        f"2025-10-06 11:02 Zmiana przez jurora {who}: Status: zwrócony do poprawy → "
        "poprawiony; Przekierowanie: nie dotyczy → 1; Notatki: „Miło” → „Miło i szybko”",
        f"2025-10-06 11:03 Zatwierdzenie {who}: Status: poprawiony → zatwierdzony",
    ]
