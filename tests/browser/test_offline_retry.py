"""Scenario 2: the server stores a record but its answer is lost → one record after retry."""
import re

from tests.browser.offline_support import (
    arrange,
    contacts,
    fill_visit,
    open_app,
    wait_synced,
    wait_unsynced,
)

CONTACT_PUT = re.compile(r"/api/v1/contacts/[0-9a-f-]{36}$")


def test_lost_reply_then_retry_leaves_exactly_one_record(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    seen = []

    def lose_first_reply(route):
        if route.request.method != "PUT":
            return route.continue_()
        seen.append(route.request.url)
        if len(seen) == 1:
            route.fetch()  # the server stores the contact…
            return route.abort("connectionreset")  # …but the phone never hears back
        return route.continue_()

    page.route(CONTACT_PUT, lose_first_reply)
    client_id = fill_visit(page, assignment_id, notes="Odpowiedź zgubiona")
    page.wait_for_function("document.querySelector('#sync-detail') !== null")
    page.wait_for_function(
        "document.querySelector('[data-state=pending] [role=note]')?.textContent.includes('Brak')")
    assert len(seen) == 1
    wait_unsynced(page, 1)
    assert len(contacts(live_app)) == 1, "the server did store it"

    page.get_by_role("button", name="Synchronizuj teraz").click()
    wait_synced(page)
    assert len(seen) == 2, "sent again with the same client_id"
    assert {u.rsplit("/", 1)[1] for u in seen} == {client_id}
    [contact] = contacts(live_app)
    assert str(contact.client_id) == client_id
