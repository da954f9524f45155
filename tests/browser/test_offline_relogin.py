"""Scenario 3: token revoked while offline → the app asks for login → after login all syncs."""
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import DeviceToken, utcnow
from tests.browser.offline_support import (
    arrange,
    contacts,
    fill_visit,
    open_app,
    wait_synced,
    wait_unsynced,
)
from tests.factories import PASSWORD


def test_revoked_token_asks_for_login_and_keeps_the_queue(live_app, live_server, context, page):
    juror, (first, second) = arrange(participants=2)
    open_app(page, live_server, juror)
    context.set_offline(True)
    fill_visit(page, first, notes="pierwsza")
    fill_visit(page, second, notes="druga")
    wait_unsynced(page, 2)

    # A coordinator revokes the device (a lost phone?) and the session has expired too.
    db.session.execute(sa.update(DeviceToken).values(revoked_at=utcnow()))
    db.session.commit()
    context.clear_cookies()
    context.set_offline(False)

    banner = page.locator("#relogin")
    banner.wait_for(state="visible")
    wait_unsynced(page, 2)
    assert contacts(live_app) == []

    banner.get_by_role("button", name="Zaloguj się ponownie").click()
    page.wait_for_url("**/login?next=/app/")
    page.get_by_label("Adres e-mail").fill(juror.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url("**/app/")
    wait_synced(page)
    assert sorted(c.notes for c in contacts(live_app)) == ["druga", "pierwsza"]
    live = db.session.scalars(sa.select(DeviceToken).where(DeviceToken.revoked_at.is_(None))).all()
    assert len(live) == 1, "a new device token replaced the revoked one"
