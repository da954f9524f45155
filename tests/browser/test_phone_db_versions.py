"""The phone's database and the app's releases: a newer release upgrading it under a page
that is typing a contact. (The page's connection was closed by the upgrade and never
reopened: every save failed until a reload, which emptied the form.)"""
from playwright.sync_api import expect

from tests.browser.offline_support import arrange, fill_visit_form, open_app, wait_unsynced

# What a newer release's tab or worker does on the phone: open the outbox one version
# higher with an upgrade of its own, which closes every older connection.
NEWER_RELEASE_UPGRADES = """() => new Promise((resolve, reject) => {
  const probe = indexedDB.open('juror-outbox');
  probe.onsuccess = () => {
    const version = probe.result.version;
    probe.result.close();
    const request = indexedDB.open('juror-outbox', version + 1);
    request.onupgradeneeded = () => {
      request.transaction.objectStore('records').createIndex('user_id', 'user_id');
    };
    request.onsuccess = () => { request.result.close(); resolve(version + 1); };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked by the open page'));
  };
})"""


def test_a_contact_typed_while_a_newer_release_upgrades_the_phone_is_saved(
        live_app, live_server, context, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    context.set_offline(True)  # only the phone's storage is tested
    fill_visit_form(page, assignment_id, notes="Wpisane w starej karcie")

    page.evaluate(NEWER_RELEASE_UPGRADES)
    expect(page.locator("#update-notice")).to_contain_text("Jest nowsza wersja aplikacji")
    page.get_by_role("button", name="Zapisz i wyślij").click()
    page.locator("#view .outbox").wait_for()
    expect(page.locator("#form-error")).to_have_count(0)
    wait_unsynced(page, 1)
    expect(page.locator("#view .outbox")).to_contain_text("Urząd Gminy Testowo 1")


# A later release's database without a store this release needs, as after a rollback.
NEWER_RELEASE_WITHOUT_OUR_STORE = """() => new Promise((resolve, reject) => {
  const probe = indexedDB.open('juror-outbox');
  probe.onsuccess = () => {
    const version = probe.result.version;
    probe.result.close();
    const request = indexedDB.open('juror-outbox', version + 1);
    request.onupgradeneeded = () => request.result.deleteObjectStore('photo_marks');
    request.onsuccess = () => { request.result.close(); resolve(); };
    request.onerror = () => reject(request.error);
  };
})"""


def test_a_release_older_than_the_phones_data_says_what_to_do_instead_of_loading_for_ever(
        live_app, live_server, page):
    juror, _ = arrange()
    open_app(page, live_server, juror)
    page.evaluate(NEWER_RELEASE_WITHOUT_OUR_STORE)
    page.reload()
    expect(page.locator("#view [role=alert]")).to_contain_text(
        "Ta wersja aplikacji jest starsza niż dane w telefonie — odśwież stronę")
