"""axe-core finds nothing on the pages a juror and a coordinator use most, at 360 px
(issue 10's test list): /login, /juror/, the app's home and each capture form, /review/ and
a contact's page."""
import pytest

from juror_app.core.extensions import db
from tests.browser.axe import violations
from tests.browser.conftest import login
from tests.browser.offline_support import arrange, open_app
from tests.factories import PASSWORD, full_marks, make_contact, make_user
from tests.results_helpers import set_scores


def test_login_page(live_app, live_server, page):
    page.goto(live_server.url + "/login")
    assert violations(page) == []
    page.get_by_role("button", name="Zaloguj się").click()  # empty: fields with errors
    page.wait_for_load_state()
    assert violations(page) == []


def test_juror_pages_and_every_capture_form(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    page.goto(live_server.url + "/login")
    open_app(page, live_server, juror)
    page.goto(live_server.url + "/juror/")
    assert violations(page) == []
    page.goto(live_server.url + "/app/")
    page.locator("[data-assignment-id]").first.wait_for()
    assert violations(page) == [], "the app's home"
    page.locator("[data-assignment-id] a").first.click()
    page.locator("section.participant").wait_for()
    assert violations(page) == [], "a participant's card"
    for channel in ("visit", "phone", "email", "social_media", "website"):
        page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/{channel}'")
        page.locator(f"form.capture[data-channel={channel}]").wait_for()
        assert violations(page) == [], channel


@pytest.fixture
def coordinator_page(live_app, live_server, page):
    login(page, live_server, make_user("coordinator").email, PASSWORD)
    return page


def test_review_queue_and_a_contact_page(live_app, live_server, coordinator_page):
    page = coordinator_page
    juror, (assignment_id,) = arrange()
    from juror_app.models import Assignment

    contact = make_contact(db.session.get(Assignment, assignment_id), channel="visit",
                           notes="Obsługa uprzejma.")
    set_scores(contact, full_marks("visit"), {"waiting_minutes": 3, "service_minutes": 5})
    db.session.commit()
    page.goto(live_server.url + "/review/")
    assert violations(page) == []
    page.goto(f"{live_server.url}/review/contacts/{contact.id}")
    assert violations(page) == []
