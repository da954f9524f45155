"""Scenario 5: the page is reloaded in the middle of a sync → nothing lost, nothing doubled."""
import re

from tests.browser.offline_support import (
    arrange,
    contacts,
    fill_visit,
    open_app,
    photo,
    wait_synced,
    wait_unsynced,
)

PHOTO_PUT = re.compile(r"/api/v1/contacts/[0-9a-f-]{36}/photos/[0-9a-f-]{36}")


def test_reload_during_sync_loses_and_doubles_nothing(live_app, live_server, page):
    juror, (first, second) = arrange(participants=2)
    photos = [photo("orientation_portrait_6.jpg"), photo("gps_DSCN0021.jpg")]
    open_app(page, live_server, juror)
    held, passed = [], []

    def hold_second_photo(route):
        if passed:
            held.append(route)  # never answered: the upload is in flight when we reload
        else:
            passed.append(route.request.url)
            route.continue_()

    page.route(PHOTO_PUT, hold_second_photo)
    with_photos = fill_visit(page, first, notes="ze zdjęciami", photos=photos)
    fill_visit(page, second, notes="bez zdjęć")
    page.wait_for_function("document.querySelector('#sync-detail').textContent.includes('0/')")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the second photo upload never started"
    stored = contacts(live_app)
    assert [c.notes for c in stored] == ["ze zdjęciami"] and len(stored[0].photos) == 1
    # The status bar is redrawn after the save's navigation: wait for it, do not race it.
    page.wait_for_function("document.querySelector('#queue-status').dataset.count === '2'")
    wait_unsynced(page, 2)

    page.unroute_all(behavior="ignoreErrors")
    page.reload()
    wait_synced(page)

    stored = {c.notes: c for c in contacts(live_app)}
    assert sorted(stored) == ["bez zdjęć", "ze zdjęciami"]
    assert str(stored["ze zdjęciami"].client_id) == with_photos
    assert len(stored["ze zdjęciami"].photos) == 2
    assert len({p.sha256 for p in stored["ze zdjęciami"].photos}) == 2
