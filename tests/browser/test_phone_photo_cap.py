"""The phone knows the server's cap on photos per contact (PHOTO_MAX_PER_CONTACT): at the
cap the capture form offers no more and says why, counting the photos a returned contact
already has on the server (issue 8.9)."""
import uuid

import pytest

from juror_app.core.extensions import db
from juror_app.models import Assignment, ContactStatus, Photo
from tests.browser.offline_support import arrange, open_app
from tests.browser.test_offline_channels import YESTERDAY, open_card
from tests.evidence_samples import jpeg
from tests.factories import make_contact

CAP_NOTE = "To już limit zdjęć dla jednego kontaktu (3)."


@pytest.fixture
def app_config():
    return {"PHOTO_MAX_PER_CONTACT": 3}


@pytest.fixture
def jpegs(tmp_path):
    """Four small JPEG files, as a gallery would hand them over."""
    paths = []
    for n in range(4):
        path = tmp_path / f"zdjecie-{n + 1}.jpg"
        path.write_bytes(jpeg(320 + n, 240))
        paths.append(str(path))
    return paths


def pick(page, files: list[str], rows: int) -> None:
    page.set_input_files("#photo-gallery", files)
    page.locator(".photo-list li").nth(rows - 1).wait_for(timeout=20_000)


def is_full(page) -> bool:
    disabled = [page.is_disabled(f"#photo-{kind}") for kind in ("camera", "gallery")]
    assert disabled[0] == disabled[1], "both buttons follow the cap"
    return disabled[0]


def test_the_form_stops_offering_photos_at_the_cap(live_app, live_server, page, jpegs):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    assert page.get_attribute("body", "data-photo-max") == "3"
    page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/visit'")
    page.locator("form.capture").wait_for()
    pick(page, jpegs[:2], 2)
    assert not is_full(page) and page.locator("#photo-cap").is_hidden()

    pick(page, jpegs[2:], 3)  # two picked, room for one
    page.wait_for_timeout(300)  # the second must not follow
    assert page.locator(".photo-list li").count() == 3
    assert "Dodano tylko część wybranych zdjęć (1 z 2): limit dla jednego kontaktu to 3." in (
        page.locator("#flash").inner_text())
    assert is_full(page)
    assert page.locator("#photo-cap").inner_text() == CAP_NOTE + " Usuń któreś, aby dodać inne."
    assert page.get_attribute("label[for=photo-gallery]", "aria-disabled") == "true"

    page.locator(".photo-list li").first.get_by_role("button", name="Usuń").click()
    assert not is_full(page), "one removed: room again"
    assert page.locator("#photo-cap").is_hidden()


def open_returned_form(page, server, photos_on_server: int) -> None:
    """A returned website contact with that many photos on the server, its correction
    form open on the juror's phone."""
    juror, (assignment_id,) = arrange()
    returned = make_contact(db.session.get(Assignment, assignment_id), channel="website",
                            status=ContactStatus.RETURNED, started_at=YESTERDAY,
                            review_comment="Dodaj zrzut ekranu.", commit=False)
    for n in range(photos_on_server):
        returned.photos.append(Photo(client_id=uuid.uuid4(), sha256=f"{n:064x}",
                                     content_type="image/jpeg", byte_size=1000, width=10,
                                     height=10, storage_key=f"test/{n}"))
    db.session.commit()
    open_app(page, server, juror)
    open_card(page, assignment_id, "website").get_by_role("link", name="Popraw").click()
    page.locator(f"form.capture[data-client-id='{returned.client_id}']").wait_for()


def test_photos_already_on_the_server_count_towards_the_cap(live_app, live_server, page,
                                                             jpegs):
    open_returned_form(page, live_server, photos_on_server=2)
    assert not is_full(page), "two on the server, room for a third"
    pick(page, jpegs[:1], 1)
    assert is_full(page)
    assert CAP_NOTE in page.locator("#photo-cap").inner_text()


def test_at_the_cap_with_only_sent_photos_the_note_offers_no_removal(live_app, live_server,
                                                                     page):
    open_returned_form(page, live_server, photos_on_server=3)
    assert is_full(page), "three on the server: the cap"
    assert page.locator("#photo-cap").inner_text() == (
        "To już limit zdjęć dla jednego kontaktu (3), a wszystkie są już wysłane na serwer "
        "— nie można dodać kolejnych.")
