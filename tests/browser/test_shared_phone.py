"""A shared phone: juror 2 never works under juror 1's token or sees juror 1's work list."""
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact, DeviceToken
from tests.browser.conftest import login
from tests.browser.offline_support import arrange, fill_visit, open_app, wait_for_server
from tests.factories import PASSWORD


def work_list(page) -> list[str]:
    page.locator("[data-assignment-id]").first.wait_for()
    return sorted(page.locator("[data-assignment-id]").evaluate_all(
        "items => items.map(i => i.dataset.assignmentId)"))


def test_page_logout_then_another_juror_sees_and_captures_only_their_own(
        live_app, live_server, page):
    juror1, first_ids = arrange()
    juror2, second_ids = arrange()
    open_app(page, live_server, juror1)
    assert work_list(page) == [str(i) for i in first_ids]

    # Juror 1 logs out from the page (/juror/), not from the app.
    page.goto(live_server.url + "/juror/")
    page.locator("#logout-form button").click()
    page.wait_for_url("**/login")
    db.session.commit()
    token1 = db.session.scalar(sa.select(DeviceToken).where(DeviceToken.user_id == juror1.id))
    assert token1.revoked_at is not None, "the page logout ended the app's token too"

    login(page, live_server, juror2.email, PASSWORD)
    page.goto(live_server.url + "/app/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert work_list(page) == [str(i) for i in second_ids]
    assert page.locator(f"[data-assignment-id='{first_ids[0]}']").count() == 0
    assert page.get_by_text("Urząd Gminy Testowo").count() == 1

    fill_visit(page, second_ids[0], notes="juror 2")
    [contact] = wait_for_server(live_app, page, lambda found: len(found) == 1)
    assert contact.juror_id == juror2.id and contact.notes == "juror 2"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)
                             .where(Contact.juror_id == juror1.id)) == 0


def test_a_revoked_token_hides_the_cached_work_list(live_app, live_server, context, page):
    juror, ids = arrange()
    open_app(page, live_server, juror)
    db.session.execute(sa.update(DeviceToken).values(revoked_at=sa.func.now()))
    db.session.commit()
    context.clear_cookies()  # nobody is logged in on the phone any more
    page.reload()
    page.locator("#relogin").wait_for(state="visible")
    assert page.locator("[data-assignment-id]").count() == 0, "no work list without a login"


# As a release before records carried their juror left one on the phone: no user_id.
QUEUE_OWNERLESS = """(assignmentId) => new Promise((resolve, reject) => {
  const request = indexedDB.open('juror-outbox');
  request.onsuccess = () => {
    const tx = request.result.transaction('records', 'readwrite');
    tx.objectStore('records').put({ client_id: 'f0e1d2c3-0000-4000-8000-000000000001',
      state: 'attention', revision: 1, contact_sent: false, created_at: Date.now(),
      attempts: 0, next_attempt_at: 0, message: 'Nie znaleziono takiego zadania.',
      assignment_id: assignmentId, channel: 'visit', participant_name: 'Uczestnik jurora 1',
      payload: { assignment_id: assignmentId, channel: 'visit', notes: 'notatki jurora 1' } });
    tx.oncomplete = () => { request.result.close(); resolve(); };
    tx.onerror = () => reject(tx.error);
  };
})"""


def test_a_record_queued_without_its_juror_is_neither_sent_shown_nor_discardable_by_another(
        live_app, live_server, page):
    juror1, (first_assignment,) = arrange()
    juror2, _ = arrange()
    open_app(page, live_server, juror2)
    page.evaluate(QUEUE_OWNERLESS, first_assignment)
    page.goto(live_server.url + "/app/#/outbox")
    card = page.locator("#view .outbox [data-client-id]")
    card.wait_for()
    page.click("#sync-now")
    page.wait_for_function("!document.querySelector('#sync-now').disabled")
    assert card.inner_text().startswith("Zapis innego jurora")
    view = page.inner_text("#view")
    assert "Uczestnik jurora 1" not in view and "Nie znaleziono" not in view
    assert page.get_by_role("button", name="Usuń z telefonu").count() == 0
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0
    assert page.get_attribute("#queue-status", "data-count") == "1", "still on the phone"
