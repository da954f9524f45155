"""A record that left the outbox is in the phone's work list before a fresh list comes: sent
while the list could not be fetched (the worker answered it from its cache, a plain 200),
a waiting e-mail read "todo" on its card (its reply went in as a second contact) and a
corrected returned contact offered its old values again (saved, they undid the correction)."""
from juror_app.core.extensions import db
from juror_app.models import Assignment, ContactStatus
from tests.browser.offline_support import (
    arrange,
    open_app,
    open_capture,
    wait_for_server,
    wait_synced,
)
from tests.browser.test_offline_channels import YESTERDAY, days_ago, open_card, score_all
from tests.factories import make_contact

LIST = "**/api/v1/me/assignments"


def card_row(page, assignment_id: int, channel: str):
    page.evaluate(f"window.location.hash = '#/participant/{assignment_id}'")
    return page.locator(f"section[data-assignment-id='{assignment_id}'] [data-channel={channel}]")


def test_a_waiting_email_sent_without_a_fresh_list_stays_waiting(live_app, live_server,
                                                                context, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    context.route(LIST, lambda route: route.abort("internetdisconnected"))  # only the list
    form = open_capture(page, assignment_id, "email")
    client_id = form.get_attribute("data-client-id")
    page.fill("#time-started", days_ago(1, "10:00"))
    page.get_by_role("button", name="Zapisz — czeka na odpowiedź").click()
    [waiting] = wait_for_server(live_app, page, lambda found: len(found) == 1)
    wait_synced(page)
    assert waiting.status is ContactStatus.AWAITING_REPLY

    row = card_row(page, assignment_id, "email")
    row.locator(f"a[href$='/{client_id}']").wait_for(timeout=5_000)
    assert "czeka na odpowiedź" in row.inner_text()
    context.set_offline(True)
    page.reload()  # reopened without a connection: the list kept on the phone knows it too
    row = page.locator("[data-channel=email]")
    row.locator(f"a[href$='/{client_id}']").wait_for(timeout=5_000)
    assert "czeka na odpowiedź" in row.inner_text()


def test_a_corrected_returned_contact_is_not_offered_again_before_a_fresh_list(
        live_app, live_server, context, page):
    juror, (assignment_id,) = arrange()
    returned = make_contact(db.session.get(Assignment, assignment_id), channel="website",
                            status=ContactStatus.RETURNED, started_at=YESTERDAY,
                            review_comment="Dodaj ocenę.")
    open_app(page, live_server, juror)
    card = open_card(page, assignment_id, "website")
    context.route(LIST, lambda route: route.abort("internetdisconnected"))
    card.get_by_role("link", name="Popraw").click()
    page.locator(f"form.capture[data-client-id='{returned.client_id}']").wait_for()
    score_all(page, 5)
    page.get_by_role("button", name="Zapisz i wyślij").click()
    wait_for_server(live_app, page, lambda found: found[0].status is ContactStatus.RESUBMITTED)
    wait_synced(page)

    for reopen in (False, True):
        if reopen:
            context.set_offline(True)
            page.reload()
        row = card_row(page, assignment_id, "website")
        row.wait_for()
        page.wait_for_timeout(300)  # the list after the pass is drawn behind the status row
        assert row.get_by_role("link", name="Popraw").count() == 0, row.inner_text()
        assert "zwrócony do poprawy" not in row.inner_text()
