"""The review desk in real Chromium: htmx filters and decisions without reloads, CSRF on."""
from __future__ import annotations

import pytest

from juror_app.core.extensions import db
from juror_app.models import Contact, ContactStatus
from tests.browser.conftest import login
from tests.factories import PASSWORD, make_assignment, make_contact, make_user

SCREENSHOTS = "/tmp"  # for a person to look at; never committed


@pytest.fixture
def desk(browser):
    """A desk-sized browser page: coordinators review at a desk."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL",
                              timezone_id="Europe/Warsaw", bypass_csp=True)
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    yield page
    ctx.close()


def status_of(contact_id: int) -> ContactStatus:
    db.session.expire_all()
    return db.session.get(Contact, contact_id).status


def test_filters_and_decisions_work_in_place(live_app, live_server, desk):
    coordinator = make_user("coordinator", name="Ewa Koordynator")
    assignment = make_assignment(juror=make_user("juror", name="Jan Juror"))
    phone = make_contact(assignment, channel="phone")
    visit = make_contact(assignment, channel="visit")
    page = desk
    login(page, live_server, coordinator.email, PASSWORD)
    page.goto(live_server.url + "/review/")
    assert page.locator("#queue-results tbody tr").count() == 2
    page.evaluate("window.__stillHere = true")  # gone if the page reloads

    page.get_by_label("Kanał").select_option("phone")
    page.wait_for_url("**/review/?*channel=phone*")
    page.wait_for_function("document.querySelectorAll('#queue-results tbody tr').length === 1")
    assert page.evaluate("window.__stillHere === true")
    assert "Telefon" in page.locator("#queue-results tbody").inner_text()

    # Keyboard: the filter has a visible focus ring, the row's link opens with Enter.
    page.get_by_label("Kanał").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.locator("#queue-results tbody a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/review/contacts/{phone.id}?*channel=phone*")  # filters kept
    page.evaluate("window.__stillHere = true")

    page.get_by_text("Zwróć jurorowi do poprawy").click()
    page.get_by_label("Co juror ma poprawić (wymagane)").fill("Dodaj liczbę sygnałów.")
    page.get_by_role("button", name="Zwróć do poprawy").click()
    page.get_by_text("Kontakt zwrócony jurorowi do poprawy.").wait_for()
    assert page.evaluate("window.__stillHere === true")  # the panel was swapped, not the page
    assert status_of(phone.id) == ContactStatus.RETURNED
    assert "Dodaj liczbę sygnałów." in page.locator("#review-panel").inner_text()
    page.screenshot(path=f"{SCREENSHOTS}/h6_review_returned.png", full_page=True)

    page.goto(live_server.url + f"/review/contacts/{visit.id}")
    page.get_by_text("Odrzuć kontakt").click()
    page.get_by_label("Powód odrzucenia (wymagany)").fill("Wizyta w innym urzędzie.")
    page.get_by_label("Potwierdzam odrzucenie").check()
    page.once("dialog", lambda dialog: dialog.dismiss())   # second thoughts: nothing happens
    page.get_by_role("button", name="Odrzuć", exact=True).click()
    page.wait_for_timeout(300)
    assert status_of(visit.id) == ContactStatus.SUBMITTED
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Odrzuć", exact=True).click()
    page.get_by_text("Kontakt odrzucony.").wait_for()
    assert status_of(visit.id) == ContactStatus.REJECTED
    assert page.get_by_role("button", name="Odrzuć", exact=True).count() == 0


def test_coverage_fits_the_desk_and_says_it_in_words(live_app, live_server, desk):
    coordinator = make_user("coordinator")
    make_contact(make_assignment(), channel="phone", status=ContactStatus.APPROVED)
    login(desk, live_server, coordinator.email, PASSWORD)
    desk.goto(live_server.url + "/review/coverage")
    assert desk.get_by_role("heading", name="Legenda").is_visible()
    row = desk.locator("table.coverage tbody tr").first.inner_text()
    assert "✓ zrobione" in row and "⚠ po terminie" in row  # due 30.11.2025, long past
    desk.screenshot(path=f"{SCREENSHOTS}/h6_coverage.png", full_page=True)
