"""A coordinator opens a contact's page on a 360 px phone: nothing runs off the side
(issue 15.9)."""
from juror_app.core.extensions import db
from tests.browser.conftest import login
from tests.factories import PASSWORD, full_marks, make_assignment, make_contact, make_user
from tests.results_helpers import set_scores

# Elements whose right edge passes the screen's, or whose content is cut inside a box.
OVERFLOW = """() => [...document.querySelectorAll('main *')].filter((el) => {
  const r = el.getBoundingClientRect();
  const clipped = el.scrollWidth > el.clientWidth + 1
    && getComputedStyle(el).overflowX !== 'visible';
  return r.right > innerWidth + 0.5 || clipped;
}).map((el) => el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40))"""


def test_contact_page_fits_a_phone(live_app, live_server, page):
    coordinator = make_user("coordinator")
    assignment = make_assignment(juror=make_user("juror", name="Janina Jurorska-Wiśniewska"))
    contact = make_contact(assignment, channel="visit", notes="Długa notatka " * 20,
                           latitude=50.0614, longitude=19.9366, position_accuracy_m=12.5)
    set_scores(contact, full_marks("visit"), {"waiting_minutes": 12.5, "service_minutes": 7})
    db.session.commit()
    login(page, live_server, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}/review/contacts/{contact.id}")
    assert "6.10.2025, 11:00" in page.locator("main").inner_text()  # Warsaw time, no suffix
    assert page.evaluate(OVERFLOW) == []
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
