"""What the phone says describes the present: no stale "saved" or progress after a sync,
feedback for a sync tapped offline, "przed chwilą", when the list was refreshed
(issues 10.3, 15.4, 15.10)."""
from playwright.sync_api import expect

from tests.browser.offline_support import arrange, fill_visit, open_app, wait_synced

AGE_LIST = """async (hours) => {
  const db = await new Promise((ok) => {
    const r = indexedDB.open('juror-outbox');
    r.onsuccess = () => ok(r.result);
  });
  const tx = db.transaction('meta', 'readwrite');
  const store = tx.objectStore('meta');
  store.get('assignments').onsuccess = (e) => store.put(
    { ...e.target.result, value: { ...e.target.result.value, at: Date.now() - hours * 3600e3 } });
  await new Promise((ok) => { tx.oncomplete = ok; });
  db.close();
}"""


def test_after_a_sync_nothing_says_it_is_still_waiting(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    fill_visit(page, assignment_id)
    wait_synced(page)
    page.wait_for_function("document.querySelector('#sync-now').disabled === false")
    page.wait_for_timeout(200)
    shown = page.locator("body").inner_text()
    assert "Wyślemy, gdy tylko będzie połączenie" not in shown
    assert "Wysyłanie:" not in shown, "no progress once nothing moves"
    assert page.locator("#sync-progress").is_hidden()
    assert "Nic nie czeka na wysłanie" in shown


def test_sync_tapped_offline_says_why_nothing_happens(live_app, live_server, context, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    context.set_offline(True)
    fill_visit(page, assignment_id)
    page.get_by_role("button", name="Synchronizuj teraz").click()
    flash = page.locator("#flash")
    flash.wait_for()
    assert "offline" in flash.inner_text() and "wyślą się same" in flash.inner_text()
    assert "Wysyłanie:" not in page.locator("body").inner_text()


def test_ages_and_the_list_refresh_are_said_in_words(live_app, live_server, context, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    context.set_offline(True)
    fill_visit(page, assignment_id)
    status = page.locator("#queue-status")
    page.wait_for_function("document.querySelector('#queue-status').dataset.count === '1'")
    assert "Niewysłane: 1, najstarszy przed chwilą" in status.inner_text()
    assert "0 min" not in page.locator("body").inner_text()

    page.evaluate("window.location.hash = '#/'")
    page.reload()
    page.locator("[data-assignment-id]").first.wait_for()
    # The kept list is drawn first; the note comes once the refresh has failed offline.
    expect(page.locator("#flash")).to_contain_text(
        "Lista zadań z pamięci telefonu, pobrana przed chwilą.")
    page.evaluate(AGE_LIST, 3)
    page.reload()
    page.locator("[data-assignment-id]").first.wait_for()
    expect(page.locator("#flash")).to_contain_text("pobrana 3 godz. temu")
    context.set_offline(False)
    page.reload()
    page.locator("[data-assignment-id]").first.wait_for()
    page.wait_for_timeout(300)
    assert page.locator("#flash").is_hidden(), "fresh from the server: nothing to explain"
