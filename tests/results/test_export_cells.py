"""Export cells: stored text with control characters still exports, and no cell — header
included — reaches a spreadsheet as a live formula."""
from __future__ import annotations

import copy
import csv
import io
import zipfile

from openpyxl import load_workbook

from juror_app.core.extensions import db
from juror_app.results.exports import safe_cell
from tests.factories import make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import SMALL_RUBRIC, scored_contact


def test_safe_cell_drops_control_characters_before_the_formula_check():
    assert safe_cell("Gmina\x01Zła\x1f") == "GminaZła"
    assert safe_cell("\x02=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("dwie\tlinie\nteż") == "dwie\tlinie\nteż"  # XLSX holds these
    assert safe_cell(7.5) == 7.5 and safe_cell(None) is None


def test_text_stored_with_control_characters_still_exports(app, client, auth):
    """Names, comments and notes saved before the forms refused them (a 500 before)."""
    edition = make_edition(rubric=SMALL_RUBRIC)
    juror = make_user("juror", name="Jan\x0bKowalski")
    participant = make_participant(edition, name="Gmina\x01Zła", city="Kra\x1bków")
    contact = scored_contact(make_assignment(juror, participant), "website",
                             {"content": 9, "mobile": 5}, rubric=SMALL_RUBRIC)
    contact.review_comment = "Popraw\x07 zdjęcie"
    contact.notes = "\x01=HYPERLINK(\"http://zło\")"
    db.session.commit()
    auth.login_as("coordinator")
    for name in ("ranking", "contacts"):
        response = client.get(f"/results/{edition.id}/export/{name}.xlsx")
        assert response.status_code == 200, name
    ranking = load_workbook(io.BytesIO(
        client.get(f"/results/{edition.id}/export/ranking.xlsx").data)).active
    assert ranking.cell(row=2, column=3).value == "GminaZła"
    sheet = load_workbook(io.BytesIO(
        client.get(f"/results/{edition.id}/export/contacts.xlsx").data)).active
    header, row = list(sheet.iter_rows(values_only=True))[:2]
    assert row[header.index("Juror")] == "JanKowalski"
    assert row[header.index("Miejscowość")] == "Kraków"
    assert row[header.index("Notatki")] == "'=HYPERLINK(\"http://zło\")"
    assert "Popraw zdjęcie" in row


def test_a_channel_label_like_a_formula_stays_text_in_the_header(app, client, auth):
    rubric = copy.deepcopy(SMALL_RUBRIC)
    rubric["channels"]["phone"]["label"] = '=HYPERLINK("http://evil.example/","Telefon")'
    edition = make_edition(rubric=rubric)
    make_participant(edition)
    auth.login_as("coordinator")
    body = client.get(f"/results/{edition.id}/export/ranking.csv").data.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(body), delimiter=";"))
    assert "'" + rubric["channels"]["phone"]["label"] in header
    assert not [name for name in header if name.startswith("=")]
    data = client.get(f"/results/{edition.id}/export/ranking.xlsx").data
    assert "<f>" not in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml").decode()
    for name in ("ranking", "contacts"):
        book = load_workbook(io.BytesIO(
            client.get(f"/results/{edition.id}/export/{name}.xlsx").data))
        header = next(book.active.iter_rows(values_only=True))
        assert not [h for h in header if h.startswith("=")], name
