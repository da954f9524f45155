"""Logout guards unsynced records, revokes the device token, and keeps the records."""
import re

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import DeviceToken
from tests.browser.offline_support import (
    arrange,
    contacts,
    fill_visit,
    open_app,
    unsynced,
    wait_for_server,
    wait_unsynced,
)
from tests.factories import PASSWORD

CONTACT_PUT = re.compile(r"/api/v1/contacts/[0-9a-f-]{36}$")


def test_logout_asks_first_revokes_the_token_and_keeps_the_queue(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    page.route(CONTACT_PUT, lambda route: route.abort("internetdisconnected"))
    fill_visit(page, assignment_id, notes="niewysłana")
    wait_unsynced(page, 1)

    page.get_by_role("button", name="Wyloguj").click()
    dialog = page.locator("#logout-dialog")
    dialog.wait_for()
    assert "niewysłane zapisy: 1" in dialog.inner_text()
    dialog.get_by_role("button", name="Anuluj").click()
    dialog.wait_for(state="hidden")
    assert page.url.endswith("/app/#/outbox") and unsynced(page) == 1

    page.get_by_role("button", name="Wyloguj").click()
    dialog.get_by_role("button", name="Wyloguj mimo to").click()
    page.wait_for_url("**/login")
    db.session.commit()
    tokens = db.session.scalars(sa.select(DeviceToken)).all()
    assert len(tokens) == 1 and tokens[0].revoked_at is not None, "the device token is revoked"
    assert contacts(live_app) == []

    page.unroute_all()
    page.get_by_label("Adres e-mail").fill(juror.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.goto(live_server.url + "/app/")
    [contact] = wait_for_server(live_app, page, lambda found: len(found) == 1)
    assert contact.notes == "niewysłana", "the record survived the logout and synced after"


def test_logout_with_nothing_unsynced_needs_no_confirmation(live_app, live_server, page):
    juror, _ = arrange()
    open_app(page, live_server, juror)
    page.wait_for_function("document.querySelector('#queue-status').dataset.count === '0'")
    page.get_by_role("button", name="Wyloguj").click()
    page.wait_for_url("**/login")
    db.session.commit()
    assert db.session.scalar(sa.select(DeviceToken)).revoked_at is not None
    response = page.goto(live_server.url + "/juror/")
    assert "/login" in page.url or response.status == 302
