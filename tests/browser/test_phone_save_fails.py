"""A save the phone cannot store (storage full, or the database closed by a newer release)
says so and keeps the form and its data for another try — it used to fail silently, and
leaving the form lost the contact. A sync the phone cannot write down says so too: it
used to send the first contact again at every pass, silently."""
from playwright.sync_api import expect

from tests.browser.offline_support import (
    arrange,
    contacts,
    fill_visit,
    fill_visit_form,
    open_app,
    wait_unsynced,
)

REFUSE_WRITES = """() => {
  window.realPut = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function () {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
}"""
ALLOW_WRITES = "() => { IDBObjectStore.prototype.put = window.realPut; }"


def test_a_save_the_phone_cannot_store_says_so_and_keeps_the_form(
        live_app, live_server, context, page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    context.set_offline(True)  # nothing leaves the phone: only its own storage is tested
    fill_visit_form(page, assignment_id, notes="Notatka, której nie wolno zgubić")

    page.evaluate(REFUSE_WRITES)
    page.get_by_role("button", name="Zapisz i wyślij").click()
    expect(page.locator("#form-error")).to_contain_text(
        "Nie udało się zapisać w telefonie (QuotaExceededError) — nic nie zapisano.")
    expect(page.locator("[name=notes]")).to_have_value("Notatka, której nie wolno zgubić")

    page.evaluate(ALLOW_WRITES)  # space freed: the same form saves
    page.get_by_role("button", name="Zapisz i wyślij").click()
    page.locator("#view .outbox, #view .empty").first.wait_for()
    wait_unsynced(page, 1)


def test_a_sync_the_phone_cannot_write_down_stops_and_says_the_storage_is_full(
        live_app, live_server, context, page):
    juror, ids = arrange(2)
    open_app(page, live_server, juror)
    context.set_offline(True)
    for assignment_id in ids:
        fill_visit(page, assignment_id, notes="czeka")
    page.evaluate(REFUSE_WRITES)
    context.set_offline(False)
    page.click("#sync-now")
    expect(page.locator("#flash")).to_contain_text("Pamięć telefonu jest pełna")
    wait_unsynced(page, 2)
    assert len(contacts(live_app)) == 1, "the pass stopped at the first write it could not make"
