"""PUT/GET photos through the API: real samples, hostile files, limits, privacy — both DBs."""
from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Contact, ContactStatus, EditionStatus, Photo, Role
from tests import factories
from tests.api_support import bearer, juror_with_assignment, new_id, payload
from tests.evidence_samples import REFUSED, expected_landscape, hostile_files, jpeg, shared_params


@pytest.fixture
def juror_contact(app, client):
    """(juror, headers, contact client id) with one stored phone contact."""
    juror, assignment, headers = juror_with_assignment()
    cid = new_id()
    assert client.put(f"/api/v1/contacts/{cid}", json=payload(assignment),
                      headers=headers).status_code == 201
    return juror, headers, cid


def upload(client, cid, photo_id, data, headers, content_type="image/jpeg", **query):
    return client.put(f"/api/v1/contacts/{cid}/photos/{photo_id}", data=data,
                      headers=headers, content_type=content_type, query_string=query)


def media_files(app) -> list[Path]:
    return [p for p in Path(app.config["MEDIA_DIR"]).rglob("*") if p.is_file()]


def photo_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Photo))


def fetch(client, url, headers) -> Image.Image:
    with client.get(url, headers=headers) as response:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert "private" in response.headers["Cache-Control"]
        data = response.data
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("path", shared_params())
def test_every_shared_photo_through_the_endpoint(app, client, juror_contact, path):
    juror, headers, cid = juror_contact
    photo_id = new_id()
    data = path.read_bytes()
    response = upload(client, cid, photo_id, data, headers,
                      content_type="image/heic" if path.suffix == ".heic" else "image/jpeg")
    if path.name in REFUSED:
        assert response.status_code == REFUSED[path.name]
        assert "TIFF" in response.json["message"]
        assert photo_count() == 0 and media_files(app) == []
        return
    assert response.status_code == 201, response.json
    body = response.json
    assert body["photo_id"] == photo_id and body["byte_size"] == len(data)
    display = fetch(client, body["display_url"], headers)
    thumb = fetch(client, body["thumb_url"], headers)
    for image in (display, thumb):
        assert len(image.getexif()) == 0 and "exif" not in image.info
        assert "xmp" not in image.info and "icc_profile" not in image.info
    landscape = expected_landscape(path.name)
    if landscape is not None:
        assert (display.width > display.height) is landscape
    assert (body["width"] > body["height"]) == (display.width > display.height)
    if path.name.startswith("gps_") or path.suffix == ".heic":
        assert body["captured_at"] and body["latitude"] and body["longitude"]
    if path.suffix == ".heic":
        assert body["content_type"] == "image/heif" and max(display.size) == 1600
    assert len(media_files(app)) == 2
    again = upload(client, cid, photo_id, data, headers)
    assert again.status_code == 200 and photo_count() == 1 and len(media_files(app)) == 2
    listed = client.get(f"/api/v1/contacts/{cid}", headers=headers).json["photos"]
    assert [p["photo_id"] for p in listed] == [photo_id]


@pytest.mark.parametrize("name", list(hostile_files()))
def test_hostile_files_get_a_clear_4xx_and_nothing_is_stored(app, client, juror_contact, name):
    juror, headers, cid = juror_contact
    data, status = hostile_files()[name]
    response = upload(client, cid, new_id(), data, headers)
    assert response.status_code == status, response.json
    assert len(response.json["message"]) > 20
    assert photo_count() == 0 and media_files(app) == []


def test_oversize_is_413_and_stored_nowhere(app, client, juror_contact):
    juror, headers, cid = juror_contact
    big = jpeg() + b"\0" * app.config["PHOTO_MAX_BYTES"]
    response = upload(client, cid, new_id(), big, headers)
    assert response.status_code == 413 and "za duże" in response.json["message"]
    assert photo_count() == 0 and media_files(app) == []


class Untouchable(io.RawIOBase):
    """A request body that must not be read."""

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return 0

    def seek(self, offset, whence=0):
        return 0

    def readinto(self, buffer):
        raise AssertionError("the body was read although its length was over the limit")


def test_declared_oversize_is_refused_before_reading(app, client, juror_contact):
    juror, headers, cid = juror_contact
    length = app.config["PHOTO_MAX_BYTES"] + 1
    response = client.put(f"/api/v1/contacts/{cid}/photos/{new_id()}",
                          input_stream=Untouchable(), headers=headers,
                          environ_overrides={"CONTENT_LENGTH": str(length),
                                             "CONTENT_TYPE": "image/jpeg"})
    assert response.status_code == 413


def test_different_bytes_under_the_same_id_is_409(app, client, juror_contact):
    juror, headers, cid = juror_contact
    photo_id = new_id()
    assert upload(client, cid, photo_id, jpeg(), headers).status_code == 201
    response = upload(client, cid, photo_id, jpeg(640, 480), headers)
    assert response.status_code == 409 and "inne zdjęcie" in response.json["message"]
    assert photo_count() == 1 and len(media_files(app)) == 2


def test_device_metadata_is_used_when_the_file_has_none(app, client, juror_contact):
    juror, headers, cid = juror_contact
    response = upload(client, cid, new_id(), jpeg(), headers,
                      captured_at="2025-10-06T10:58:12+02:00", latitude="50.0614",
                      longitude="19.9366")
    assert response.status_code == 201
    assert response.json["captured_at"] == "2025-10-06T08:58:12+00:00"
    assert (response.json["latitude"], response.json["longitude"]) == (50.0614, 19.9366)
    assert db.session.scalar(sa.select(Photo.meta))["sources"] == {
        "captured_at": "device", "position": "device"}


@pytest.mark.parametrize("source,stored,time_words,place_words", [
    ("exif", "phone_exif", "Czas: z EXIF zdjęcia (odczytane w telefonie przed zmniejszeniem)",
     "Miejsce: z EXIF zdjęcia (odczytane w telefonie przed zmniejszeniem)"),
    (None, "device", "Czas: podany przez telefon (zdjęcie bez EXIF)",
     "Miejsce: podane przez telefon"),
])
def test_metadata_the_phone_read_from_the_photo_exif_is_labelled_so(
        app, client, auth, juror_contact, source, stored, time_words, place_words):
    """The phone reads the original's EXIF before shrinking it (the upload has none left):
    that is the camera's word, not the phone's clock, and an appeal must see it. A phone
    of a release that does not say so (no capture_source) stays "podane przez telefon"."""
    juror, headers, cid = juror_contact
    query = {"captured_at": "2025-10-06T10:58:12+02:00", "latitude": "50.0614",
             "longitude": "19.9366"} | ({"capture_source": source} if source else {})
    assert upload(client, cid, new_id(), jpeg(), headers, **query).status_code == 201
    sources = {"captured_at": stored, "position": stored}
    assert db.session.scalar(sa.select(Photo.meta))["sources"] == sources
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "photo.create"))
    assert event.after["capture_sources"] == sources
    auth.login_as("coordinator")
    contact_id = db.session.scalar(sa.select(Contact.id))
    html = client.get(f"/review/contacts/{contact_id}").get_data(as_text=True)
    assert time_words in html and place_words in html



@pytest.mark.parametrize("sent", [{"captured_at": "2025-10-06 10:58"},
                                  {"captured_at": "2025-02-30T10:00:00+01:00"},
                                  {"captured_at": "1970-01-01T00:00:00+01:00"},
                                  {"captured_at": "2025-10-06T10:58:12+99:99"},
                                  {"latitude": "91", "longitude": "19.9"},
                                  {"latitude": "50.06"}])
def test_device_metadata_that_cannot_be_read_is_set_aside_not_refused(
        app, client, juror_contact, sent):
    """It is the camera's EXIF as the phone read it, which the juror cannot correct: a
    422 would leave the photo unsendable for good. The odd value is kept in the meta."""
    juror, headers, cid = juror_contact
    response = upload(client, cid, new_id(), jpeg(), headers, **sent)
    assert response.status_code == 201, response.json
    assert response.json["captured_at"] is None and response.json["latitude"] is None
    ignored = db.session.scalar(sa.select(Photo.meta))["device_ignored"]
    assert ignored == sent


@pytest.mark.parametrize("lock", ["approved", "frozen"])
def test_no_new_photo_on_a_locked_contact(app, client, juror_contact, lock):
    juror, headers, cid = juror_contact
    contact = db.session.scalar(sa.select(Contact))
    if lock == "approved":
        contact.status = ContactStatus.APPROVED
    else:
        contact.assignment.edition.status = EditionStatus.FROZEN
    db.session.commit()
    response = upload(client, cid, new_id(), jpeg(), headers)
    assert response.status_code == 409 and photo_count() == 0 and media_files(app) == []


def test_photos_of_someone_elses_contact_are_404(app, client, juror_contact):
    juror, headers, cid = juror_contact
    photo_id = new_id()
    upload(client, cid, photo_id, jpeg(), headers)
    other = bearer(factories.make_user(Role.JUROR))
    assert upload(client, cid, new_id(), jpeg(), other).status_code == 404
    assert upload(client, cid, photo_id, jpeg(), other).status_code == 404
    assert photo_count() == 1


def test_photos_are_served_only_to_their_juror_and_reviewers(app, client, juror_contact, auth):
    juror, headers, cid = juror_contact
    photo_id = new_id()
    upload(client, cid, photo_id, jpeg(), headers)
    api_url = f"/api/v1/photos/{photo_id}/display"
    for role in (Role.COORDINATOR, Role.EXPERT, Role.ADMIN):
        fetch(client, api_url, bearer(factories.make_user(role)))
    stranger = bearer(factories.make_user(Role.JUROR))
    assert client.get(api_url, headers=stranger).status_code == 404
    assert client.get(f"/api/v1/photos/{photo_id}/original", headers=headers).status_code == 404
    assert client.get(api_url).status_code == 401
    page_url = f"/photos/{photo_id}/thumb.jpg"
    assert client.get(page_url).status_code == 302  # anonymous → login
    auth.login(juror.email)
    image = fetch(client, page_url, {})
    assert max(image.size) <= app.config["PHOTO_THUMB_EDGE"]
    auth.logout()
    auth.login_as("juror")
    assert client.get(page_url).status_code == 404
    auth.logout()
    auth.login_as("coordinator")
    fetch(client, page_url, {})


def test_parallel_identical_photo_puts_leave_one_row_and_one_set_of_files(app, juror_contact):
    juror, headers, cid = juror_contact
    photo_id, data = new_id(), jpeg(1200, 900)
    extra = [bearer(juror, f"Urządzenie {n}") for n in range(8)]
    statuses: list[int] = []
    barrier = threading.Barrier(8)

    def send(n):
        with app.test_client() as own_client:
            barrier.wait()
            statuses.append(upload(own_client, cid, photo_id, data, extra[n]).status_code)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 7 + [201]
    db.session.expire_all()
    assert photo_count() == 1
    key = db.session.scalar(sa.select(Photo.storage_key))
    assert sorted(p.name for p in media_files(app)) == sorted(
        f"{Path(key).name}.{size}.jpg" for size in ("display", "thumb"))


def test_a_failed_database_write_leaves_no_orphan_file(app, client, juror_contact,
                                                       monkeypatch):
    import juror_app.evidence.service as service

    def broken_record(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(service, "record", broken_record)
    juror, headers, cid = juror_contact
    response = upload(client, cid, new_id(), jpeg(), headers)
    assert response.status_code == 500 and response.json["message"]
    assert photo_count() == 0 and media_files(app) == []
