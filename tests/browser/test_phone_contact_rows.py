"""What the phone tells of a contact already on the server: two messages waiting for a reply
are told apart by when they were sent and how their notes begin (season review, finding 3);
a returned contact's correction form lists the photos the server keeps (finding 2)."""
import uuid
from datetime import UTC, datetime
from pathlib import Path

from juror_app.core.extensions import db
from juror_app.evidence.storage import path_for
from juror_app.models import Assignment, ContactStatus, Photo
from tests.browser.offline_support import arrange, open_app
from tests.browser.test_offline_channels import YESTERDAY, open_card
from tests.evidence_samples import jpeg
from tests.factories import make_contact


def test_two_waiting_emails_show_when_sent_and_how_their_notes_begin(live_app, live_server,
                                                                   page):
    juror, (assignment_id,) = arrange()
    assignment = db.session.get(Assignment, assignment_id)
    for hour, notes in ((8, "Pytanie o wymianę dowodu osobistego"),
                        (13, "Zapytanie o godziny otwarcia urzędu w sobotę " * 3)):
        make_contact(assignment, channel="email", status=ContactStatus.AWAITING_REPLY,
                     ended_at=None, ended_offset_minutes=None, notes=notes,
                     started_at=datetime(2026, 11, 3, hour, 15, tzinfo=UTC))
    open_app(page, live_server, juror)
    page.evaluate(f"window.location.hash = '#/participant/{assignment_id}'")
    rows = page.locator("[data-channel=email] p")
    rows.first.wait_for()

    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    # Warsaw is UTC+1 in November: the phone shows its own clock's time.
    assert "wysłano 3 lis 2026, 09:15" in first and "Pytanie o wymianę dowodu" in first
    assert "wysłano 3 lis 2026, 14:15" in second and "Zapytanie o godziny otwarcia" in second
    assert "…" in second and len(second) < 200, "only the notes' start"
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def test_a_returned_contacts_form_lists_the_photos_on_the_server(live_app, live_server, page):
    juror, (assignment_id,) = arrange()
    returned = make_contact(db.session.get(Assignment, assignment_id), channel="visit",
                            status=ContactStatus.RETURNED, started_at=YESTERDAY,
                            review_comment="Popraw ocenę dostępności.", commit=False)
    ids = [uuid.uuid4() for _ in range(2)]
    for n, photo_id in enumerate(ids):
        returned.photos.append(Photo(client_id=photo_id, sha256=f"{n:064x}",
                                     content_type="image/jpeg", byte_size=1000, width=10,
                                     height=10, storage_key=f"test/{n}"))
    db.session.commit()
    thumb = path_for(live_app.config["MEDIA_DIR"], "test/0", "thumb")  # the second has none
    Path(thumb).parent.mkdir(parents=True, exist_ok=True)
    Path(thumb).write_bytes(jpeg(56, 56))
    open_app(page, live_server, juror)
    open_card(page, assignment_id, "visit").get_by_role("link", name="Popraw").click()
    form = page.locator(f"form.capture[data-client-id='{returned.client_id}']")
    form.wait_for()

    photos = form.locator("fieldset.photos")
    assert "Już wysłane zdjęcia: 2" in photos.inner_text()
    rows = photos.locator(".server-photo-list li")
    assert [rows.nth(n).get_attribute("data-photo-id") for n in range(2)] == [str(i) for i in ids]
    assert rows.get_by_role("button").count() == 0, "the server keeps them: nothing to remove"
    page.wait_for_function("document.querySelector('.server-photo-list img').naturalWidth > 0")
    assert rows.nth(0).locator("img").get_attribute("src").startswith("blob:")
    assert "undrawable" in rows.nth(1).locator("img").get_attribute("class"), "no file: no picture"
    assert not page.is_disabled("#photo-gallery"), "new photos can still be added"
