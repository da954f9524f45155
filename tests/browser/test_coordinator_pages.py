"""Coordinator pages in real Chromium with CSRF on: htmx search and archive, and no-JS."""
from __future__ import annotations

import pytest

from juror_app.core.extensions import db
from juror_app.models import Participant
from tests import factories
from tests.browser.conftest import login


@pytest.fixture
def setup(live_app):
    coordinator = factories.make_user("coordinator")
    edition = factories.make_edition()
    kept = factories.make_participant(edition, name="Miejski Ośrodek Kultury", city="Tarnów")
    gone = factories.make_participant(edition, name="Starostwo Powiatowe", city="Bochnia")
    return coordinator, edition, kept, gone


def test_search_and_archive_through_htmx(live_server, page, setup):
    coordinator, edition, kept, gone = setup
    login(page, live_server, coordinator.email, factories.PASSWORD)
    page.goto(f"{live_server.url}/coordinator/editions/{edition.id}/participants")
    page.get_by_label("Szukaj (nazwa lub miejscowość)").fill("boch")
    row_kept = page.locator(f"#participant-{kept.id}")
    row_kept.wait_for(state="detached")
    assert page.locator(f"#participant-{gone.id}").is_visible()
    assert "q=boch" in page.url  # the search is a link one can share or reload

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#participant-{gone.id}").get_by_text("Archiwizuj").click()
    page.locator(f"#participant-{gone.id}.archived").wait_for()
    assert page.locator(f"#participant-{gone.id}").get_by_text("Przywróć").is_visible()
    db.session.expire_all()
    assert db.session.get(Participant, gone.id).archived is True


def test_dismissed_confirmation_archives_nothing(live_server, page, setup):
    coordinator, edition, _, gone = setup
    login(page, live_server, coordinator.email, factories.PASSWORD)
    page.goto(f"{live_server.url}/coordinator/editions/{edition.id}/participants")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(f"#participant-{gone.id}").get_by_text("Archiwizuj").click()
    page.wait_for_timeout(300)
    db.session.expire_all()
    assert db.session.get(Participant, gone.id).archived is False


def test_without_javascript_archiving_goes_through_a_confirmation_page(
        browser, live_server, setup):
    coordinator, edition, _, gone = setup
    context = browser.new_context(java_script_enabled=False, locale="pl-PL")
    try:
        page = context.new_page()
        login(page, live_server, coordinator.email, factories.PASSWORD)
        page.goto(f"{live_server.url}/coordinator/editions/{edition.id}/participants")
        page.locator(f"#participant-{gone.id}").get_by_text("Archiwizuj").click()
        assert page.get_by_role("heading", name="Archiwizować uczestnika?").is_visible()
        page.get_by_role("button", name="Archiwizuj").click()
        assert page.get_by_text("Zarchiwizowano „Starostwo Powiatowe”.").is_visible()
        db.session.expire_all()
        assert db.session.get(Participant, gone.id).archived is True
    finally:
        context.close()


def test_pages_fit_a_phone_screen(live_server, page, setup):
    coordinator, edition, _, _ = setup
    login(page, live_server, coordinator.email, factories.PASSWORD)
    for path in ("/coordinator/", f"/coordinator/editions/{edition.id}/participants",
                 f"/coordinator/editions/{edition.id}/assignments/new",
                 f"/coordinator/editions/{edition.id}/rubric", "/coordinator/jurors/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        # Wide tables scroll inside their own .table-wrap; the page itself must not.
        assert overflow <= 0, (path, overflow)


def test_excel_file_uploads_through_the_real_form(live_server, page, setup, tmp_path):
    coordinator, edition, _, _ = setup
    csv_file = tmp_path / "uczestnicy.csv"
    csv_file.write_bytes("Nazwa;Kategoria;Miejscowość\r\nUrząd Gminy Łękawica;gmina;"
                         "Łękawica\r\n".encode("cp1250"))
    login(page, live_server, coordinator.email, factories.PASSWORD)
    page.goto(f"{live_server.url}/coordinator/editions/{edition.id}/participants/import")
    page.get_by_label("Plik").set_input_files(str(csv_file))
    page.get_by_role("button", name="Importuj").click()
    assert page.get_by_text("Zaimportowano 1 uczestnika.").is_visible()
    assert page.get_by_text("Urząd Gminy Łękawica").is_visible()
