"""Certificates as real A4 PDFs: one page portrait each, the batch a page per licence."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.factories import full_marks, make_assignment, make_edition, make_participant
from tests.results_helpers import scored_contact

A4 = (595.28, 841.89)  # points


@pytest.fixture
def licensed(app):
    """Two participants with full marks in every required channel, one with nothing."""
    edition = make_edition(name="II edycja 2025")
    winners = [make_participant(edition, name=name, city="Łódź")
               for name in ("Spółdzielnia „Żółta Łąka”", "Gmina Świętochłowice")]
    for participant in winners:
        assignment = make_assignment(participant=participant)
        for channel in ("visit", "phone", "email", "social_media", "website"):
            scored_contact(assignment, channel, full_marks(channel),
                           {"rings": 1} if channel == "phone" else None)
    make_participant(edition, name="Gmina Bez Ocen")
    return edition, winners


def pages(response):
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.data)).pages


def test_a_certificate_is_one_a4_portrait_page_with_the_name_and_details(licensed, client,
                                                                         auth):
    edition, (winner, _) = licensed
    auth.login_as("coordinator")
    [page] = pages(client.get(
        f"/results/{edition.id}/participants/{winner.id}/certificate.pdf"))
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == tuple(round(x) for x in A4)
    text = " ".join(page.extract_text().split())
    assert "Spółdzielnia „Żółta Łąka”" in text and "Licencja Jakości" in text
    assert f"LJ/2025/{edition.id:02d}/{winner.id:04d}" in text
    assert "II edycja 2025" in text and "31 grudnia 2026" in text
    assert "podpis Organizatora" in text and "Organizator Organizator" not in text


def test_the_certificate_names_the_configured_organiser_once(app, licensed, client, auth):
    edition, (winner, _) = licensed
    app.config["ORGANISER_NAME"] = "Fundacja Dobrej Obsługi"
    auth.login_as("coordinator")
    [page] = pages(client.get(
        f"/results/{edition.id}/participants/{winner.id}/certificate.pdf"))
    text = " ".join(page.extract_text().split())
    assert text.count("Organizator Fundacja Dobrej Obsługi") == 1


def test_the_batch_has_a_page_per_licensed_participant(licensed, client, auth):
    edition, winners = licensed
    auth.login_as("expert")
    batch = pages(client.get(f"/results/{edition.id}/licences.pdf"))
    assert len(batch) == len(winners) == 2
    assert "Gmina Bez Ocen" not in " ".join(p.extract_text() for p in batch)


def test_no_pdf_without_a_licence(licensed, client, auth):
    edition, _ = licensed
    auth.login_as("coordinator")
    loser = next(p for p in edition.participants if p.name == "Gmina Bez Ocen")
    response = client.get(f"/results/{edition.id}/participants/{loser.id}/certificate.pdf")
    assert response.status_code == 404


def test_the_pdf_names_the_distinction_as_the_page_does(licensed, client, auth):
    edition, (winner, other) = licensed
    auth.login_as("expert")
    awarded = client.post(f"/results/{edition.id}/distinctions", data={
        "participant_id": winner.id, "kind": "statuette", "justification": "Wzorowo"})
    assert awarded.status_code == 302
    auth.logout()
    auth.login_as("coordinator")
    [page] = pages(client.get(
        f"/results/{edition.id}/participants/{winner.id}/certificate.pdf"))
    assert "Statuetka" in page.extract_text()
    [plain] = pages(client.get(f"/results/{edition.id}/participants/{other.id}/certificate.pdf"))
    assert "Statuetka" not in plain.extract_text()


def test_a_name_with_its_own_quotes_nests_them_the_polish_way():
    from juror_app.results.labels import inner_quotes

    assert inner_quotes("Augustowskie „KODREM”") == "Augustowskie »KODREM«"
    assert inner_quotes('Spółka "Wodociągi"') == "Spółka »Wodociągi«"
    assert inner_quotes("Gmina Wzorowa") == "Gmina Wzorowa"
