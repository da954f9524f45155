"""Scenario 4: one record rejected with 422 is marked with the message; the others sync."""
from tests.browser.offline_support import (
    arrange,
    contacts,
    fill_visit,
    open_app,
    unsynced,
    wait_synced,
    wait_unsynced,
)


def test_rejected_record_is_marked_and_the_others_sync(live_app, live_server, context, page):
    juror, ids = arrange(participants=3)
    open_app(page, live_server, juror)
    context.set_offline(True)
    fill_visit(page, ids[0], notes="dobra 1")
    bad = fill_visit(page, ids[1], notes="zła", measurements={"waiting_minutes": "9999"})
    fill_visit(page, ids[2], notes="dobra 2")
    wait_unsynced(page, 3)

    context.set_offline(False)
    page.evaluate("window.location.hash = '#/outbox'")
    marked = page.locator(f"[data-client-id='{bad}'][data-state=attention]")
    marked.wait_for(timeout=10_000)
    page.wait_for_function("document.querySelector('#queue-status').dataset.count === '1'")
    assert "wymaga uwagi" in marked.inner_text()
    message = marked.locator("[role=note]").inner_text()
    assert "measurements.waiting_minutes" in message and "600" in message, message
    assert sorted(c.notes for c in contacts(live_app)) == ["dobra 1", "dobra 2"]

    # The juror corrects it: same record, same client_id, back through the outbox.
    marked.get_by_role("link", name="Popraw").click()
    form = page.locator(f"form.capture[data-client-id='{bad}']")
    form.wait_for()
    assert form.locator("[name=m-waiting_minutes]").input_value() == "9999"
    form.locator("[name=m-waiting_minutes]").fill("7")
    page.get_by_role("button", name="Zapisz i wyślij").click()
    wait_synced(page)
    fixed = [c for c in contacts(live_app) if str(c.client_id) == bad]
    assert len(fixed) == 1 and fixed[0].measurements["waiting_minutes"] == 7
    assert len(contacts(live_app)) == 3


def test_refused_record_is_discarded_only_when_the_juror_confirms(live_app, live_server,
                                                                  context, page):
    from juror_app.core.extensions import db
    from juror_app.models import Assignment
    from tests.factories import make_user

    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    context.set_offline(True)
    client_id = fill_visit(page, assignment_id, notes="za późno")
    # Meanwhile the coordinator hands the participant to someone else: the server says 404.
    db.session.get(Assignment, assignment_id).juror = make_user("juror", commit=False)
    db.session.commit()
    context.set_offline(False)
    page.evaluate("window.location.hash = '#/outbox'")
    marked = page.locator(f"[data-client-id='{client_id}'][data-state=attention]")
    marked.wait_for()

    page.once("dialog", lambda dialog: dialog.dismiss())
    marked.get_by_role("button", name="Usuń z telefonu").click()
    page.wait_for_timeout(300)
    assert marked.is_visible() and unsynced(page) == 1, "dismissed: nothing removed"

    page.once("dialog", lambda dialog: dialog.accept())
    marked.get_by_role("button", name="Usuń z telefonu").click()
    marked.wait_for(state="detached")
    page.wait_for_function("document.querySelector('#queue-status').dataset.count === '0'")
    assert contacts(live_app) == []
