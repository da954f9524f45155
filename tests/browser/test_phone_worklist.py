"""The work list is one compact row per participant, the card holds the channel actions
(issue 15.5); the app looks like a plain notes page and hides in one tap (issue 10.5)."""
from datetime import date, timedelta

from juror_app.core.extensions import db
from juror_app.models import Assignment, Role
from tests.browser.offline_support import arrange, open_app
from tests.factories import make_assignment, make_contact, make_participant, make_user

PL_MONTHS = "sty lut mar kwi maj cze lip sie wrz paź lis gru".split()


def polish(day: date) -> str:
    return f"{day.day} {PL_MONTHS[day.month - 1]} {day.year}"


def test_one_row_per_participant_with_what_is_left_and_the_due_date(live_app, live_server,
                                                                    page):
    juror = make_user(Role.JUROR)
    late, later = date.today() - timedelta(days=4), date.today() + timedelta(days=10)
    edition = None
    ids = []
    for n in range(6):
        participant = make_participant(edition, name=f"Urząd Gminy Testowo {n + 1}")
        edition = participant.edition
        ids.append(make_assignment(juror, participant, due_on=late if n == 0 else later).id)
    make_contact(db.session.get(Assignment, ids[1]), channel="visit")
    open_app(page, live_server, juror)

    rows = page.locator("#view li[data-assignment-id]")
    assert rows.count() == 6
    assert page.get_by_role("link", name="Nowy kontakt").count() == 0, "actions on the card"
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height <= 1000, f"the list is {height} px tall"
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    assert f"termin {polish(late)}" in first and "po terminie" in first
    assert f"termin {polish(later)}" in second and "po terminie" not in second
    assert "Wizyta" in first and "Wizyta" not in second, "a done channel is not left"
    assert "Telefon" in second

    rows.nth(1).get_by_role("link").click()
    card = page.locator(f"section[data-assignment-id='{ids[1]}']")
    card.wait_for()
    assert card.get_by_role("heading", level=1).inner_text() == "Urząd Gminy Testowo 2"
    assert card.locator("a[href^='tel:']").get_attribute("href") == "tel:+48120000000"
    assert card.locator("[data-channel]").count() == 5
    assert "wysłany" in card.locator("[data-channel=visit]").inner_text()
    card.locator("[data-channel=phone]").get_by_role("link", name="Nowy kontakt").click()
    page.locator("form.capture[data-channel=phone]").wait_for()
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def test_the_app_looks_plain_and_hides_in_one_tap(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    assert page.title() == "Notatki"
    top = page.locator(".pwa-top")
    assert "Badanie" not in top.inner_text() and "Lider" not in top.inner_text()
    assert top.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 255, 255)"
    assert top.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") <= 15
    page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/visit'")
    heading = page.locator("form.capture h1")
    heading.wait_for()
    assert heading.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") <= 18
    page.fill("[name=notes]", "Pani w okienku była bardzo miła")
    page.get_by_role("button", name="Wchodzę — start").click()
    page.evaluate("window.scrollTo(0, 400)")

    page.get_by_role("button", name="Ukryj").click()
    shown = page.locator("body").inner_text()
    assert "Urząd Gminy" not in shown and "Wizyta" not in shown and "Zapisz" not in shown
    assert page.locator("#cover").bounding_box()["height"] >= 740, "fills the screen"
    page.get_by_role("button", name="Wróć").click()
    assert page.input_value("[name=notes]") == "Pani w okienku była bardzo miła"
    assert page.input_value("#time-started") != "", "the running visit is kept"
    assert page.evaluate("window.scrollY") == 400
    assert page.locator("form.capture").is_visible()
