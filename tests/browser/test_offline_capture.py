"""Scenario 1: offline from a reload, capture a visit with two photos, sync when online."""
import base64
from datetime import UTC, datetime

from playwright.sync_api import expect

from tests.browser.offline_support import (
    arrange,
    contacts,
    fill_visit,
    open_app,
    photo,
    wait_for_server,
    wait_synced,
    wait_unsynced,
)


def test_offline_visit_with_two_photos_syncs_once_online(live_app, live_server, context, page):
    juror, (assignment_id,) = arrange()
    photos = [photo("gps_DSCN0010.jpg"), photo("mobile_HMD_Nokia_8.3_5G.jpg")]
    # The juror agrees to share where the visit took place (Kraków's market square).
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 50.0614123, "longitude": 19.9365789, "accuracy": 18})
    open_app(page, live_server, juror)

    context.set_offline(True)
    page.reload()
    page.locator("[data-assignment-id] a").first.click()
    # The card comes from the phone's cache once the route has drawn it (waits, as a juror
    # does; a count taken at the click raced the drawing in one CI run).
    expect(page.locator("section.participant a[href^='tel:']")).to_have_count(1)
    client_id = fill_visit(page, assignment_id, notes="Bez zasięgu w piwnicy", photos=photos,
                           share_position=True)
    page.wait_for_timeout(500)
    wait_unsynced(page, 1)
    assert page.locator(f"[data-client-id='{client_id}'][data-state=pending]").is_visible()
    assert contacts(live_app) == []

    # Hash at capture: every photo PUT carries the SHA-256 the phone took (RFC 9530).
    digests = []
    context.on("request", lambda r: digests.append(r.headers.get("repr-digest"))
               if r.method == "PUT" and "/photos/" in r.url else None)
    context.set_offline(False)
    wait_synced(page, 10_000)

    [contact] = contacts(live_app)
    assert str(contact.client_id) == client_id
    assert sorted(digests) == sorted(
        "sha-256=:" + base64.b64encode(bytes.fromhex(p.sha256)).decode() + ":"
        for p in contact.photos)
    assert contact.notes == "Bez zasięgu w piwnicy"
    assert contact.channel == "visit"
    assert contact.started_offset_minutes in (60, 120)
    assert (contact.latitude, contact.longitude) == (50.061412, 19.936579)
    assert contact.position_accuracy_m == 18
    # EXIF times read on the phone before shrinking. The Nokia wrote its offset (+03:00);
    # the Nikon wrote none, so the phone's zone (Europe/Warsaw, CEST then) is assumed.
    times = sorted(p.captured_at.astimezone(UTC) for p in contact.photos)
    assert times == [datetime(2008, 10, 22, 14, 28, 39, tzinfo=UTC),
                     datetime(2022, 8, 14, 11, 12, 31, tzinfo=UTC)]
    nokia = max(contact.photos, key=lambda p: p.captured_at)
    assert round(nokia.latitude, 4) == 60.1467 and round(nokia.longitude, 4) == 24.9068
    assert nokia.meta["sources"] == {"captured_at": "phone_exif", "position": "phone_exif"}
    nikon = min(contact.photos, key=lambda p: p.captured_at)
    assert round(nikon.latitude, 1) == 43.5, "photos keep their own GPS, not the visit's"
    assert nokia.byte_size * 8 <= photos[1].stat().st_size, "shrunk on the phone at least 8x"
    assert max(nokia.width, nokia.height) == 1600


def test_photo_the_browser_cannot_decode_goes_as_the_original(live_app, live_server, page):
    """HEIC: Chromium cannot shrink it, so the exact original bytes are sent."""
    import hashlib

    juror, (assignment_id,) = arrange()
    heic = photo("iphone_IMG_5195.heic")
    open_app(page, live_server, juror)
    fill_visit(page, assignment_id, notes="iPhone", photos=[heic])
    [contact] = wait_for_server(live_app, page,
                                lambda found: len(found) == 1 and len(found[0].photos) == 1)
    [stored] = contact.photos
    assert stored.sha256 == hashlib.sha256(heic.read_bytes()).hexdigest()
    assert stored.byte_size == heic.stat().st_size
