"""The printable pages (report, certificate, evidence sheet; staff and participant) run
under our Content-Security-Policy: their "Drukuj" buttons print and their styles apply,
with not one violation — no inline onclick, no inline <style>."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from juror_app.core.extensions import db
from juror_app.models import Contact
from juror_app.participant_results import links
from tests.browser.conftest import login
from tests.browser.test_csp import violations, watch
from tests.browser.test_public_pages import published_laureate
from tests.factories import PASSWORD, make_user

# Counts the calls instead of opening the print dialog (headless Chromium has none).
STUB_PRINT = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


def print_once(page, console, url: str) -> None:
    """Open the page, press its print button: printed once, no violation on the way."""
    page.goto(url)
    page.get_by_role("button", name="Drukuj").click()
    assert page.evaluate("window.__printed") == 1, url
    assert violations(page, console) == [], url  # the page's own list starts empty


def test_print_buttons_and_sheet_styles_work_under_the_policy(live_app, live_server, browser):
    edition, participant = published_laureate()
    contact_id = db.session.scalar(sa.select(Contact.id).limit(1))
    link = links.ensure_links(db.session, [participant])[participant.id]
    coordinator = make_user("coordinator")
    db.session.commit()
    token = links.token_of(link, current_app.config["SECRET_KEY"])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = watch(context, page)
    context.add_init_script(STUB_PRINT)

    base = live_server.url
    for url in (f"{base}/wyniki/raport/{token}", f"{base}/wyniki/raport/{token}/certyfikat"):
        print_once(page, console, url)
    login(page, live_server, coordinator.email, PASSWORD)
    staff = f"{base}/results/{edition.id}/participants/{participant.id}"
    for url in (f"{staff}/report", f"{staff}/certificate",
                f"{base}/evidence/contacts/{contact_id}/sheet"):
        print_once(page, console, url)
    # The sheet's own stylesheet applied (an inline <style> would have been refused), and
    # it came with its fingerprint like every other static file.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.sheet table')).borderCollapse") \
        == "collapse"
    assert page.locator("link[href*='css/evidence-sheet.css?v=']").count() == 1
    assert page.locator("script[src*='js/print.js?v=']").count() == 1
    context.close()
