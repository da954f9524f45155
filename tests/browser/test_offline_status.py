"""The status bar: number and age of unsynced records; the iOS warning after 3 days."""
import re

import pytest

from tests.browser.offline_support import arrange, fill_visit, open_app

CONTACT_PUT = re.compile(r"/api/v1/contacts/[0-9a-f-]{36}$")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")

AGE_RECORDS = """async (days) => {
  const db = await new Promise((ok) => {
    const r = indexedDB.open('juror-outbox');
    r.onsuccess = () => ok(r.result);
  });
  const tx = db.transaction('records', 'readwrite');
  const store = tx.objectStore('records');
  store.getAll().onsuccess = (e) => e.target.result.forEach((rec) =>
    store.put({ ...rec, created_at: Date.now() - days * 86400000 }));
  await new Promise((ok) => { tx.oncomplete = ok; });
  db.close();
}"""


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL",
                              timezone_id="Europe/Warsaw", user_agent=IPHONE, bypass_csp=True)
    yield ctx
    ctx.close()


def test_unsynced_count_age_and_ios_warning(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    page.route(CONTACT_PUT, lambda route: route.fulfill(status=503, body="{}"))
    fill_visit(page, assignment_id)
    status = page.locator("#queue-status")
    page.wait_for_function("document.querySelector('#queue-status').dataset.count === '1'")
    assert re.search(r"Niewysłane: 1, najstarszy (przed chwilą|\d+ min temu)", status.inner_text())
    assert page.locator("#ios-warning").is_hidden()
    assert "HTTP 503" in page.locator("[data-state=pending] [role=note]").inner_text()

    page.evaluate(AGE_RECORDS, 2)
    page.reload()
    page.wait_for_function("document.querySelector('#queue-status').dataset.count === '1'")
    assert "najstarszy 2 dni temu" in status.inner_text()
    assert page.locator("#ios-warning").is_hidden(), "two days: no warning yet"

    page.evaluate(AGE_RECORDS, 4)
    page.reload()
    warning = page.locator("#ios-warning")
    warning.wait_for()
    assert "ponad 3 dni" in warning.inner_text()
    assert "4 dni temu" in status.inner_text()
