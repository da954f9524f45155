"""Issue 8 items 7–9 and 12, payload for payload: each is a 4xx with a message a person
can read, and nothing is stored — no row, no file. Both databases."""
from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from juror_app.core.extensions import db
from juror_app.models import AuditEvent, Contact, Photo, Role
from tests import factories
from tests.api_support import bearer, juror_with_assignment, new_id, payload
from tests.evidence_samples import jpeg

EXTREME_TIMES = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def media_files(app) -> list[Path]:
    return [p for p in Path(app.config["MEDIA_DIR"]).rglob("*") if p.is_file()]


def refused(response, status: int | tuple[int, ...]) -> dict:
    """The answer is the expected 4xx, JSON, with a sentence in it."""
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, (response.status_code, response.data[:300])
    assert response.json["message"][0].isupper(), response.json
    return response.json


def nothing_stored(app) -> None:
    db.session.expire_all()
    assert count(Contact) == 0 and count(Photo) == 0 and count(AuditEvent) == 0
    assert media_files(app) == []


@pytest.fixture
def juror(app):
    """(assignment, headers) of a juror with one assignment and nothing stored yet."""
    _, assignment, headers = juror_with_assignment()
    return assignment, headers


def put_contact(client, headers, body, cid=None):
    return client.put(f"/api/v1/contacts/{cid or new_id()}", json=body, headers=headers)


@pytest.mark.parametrize("field", ["measurements", "scores"])
@pytest.mark.parametrize("value", [None, [], "dziesięć"], ids=["null", "list", "string"])
def test_measurements_or_scores_that_are_not_objects(app, client, juror, field, value):
    assignment, headers = juror
    answer = refused(put_contact(client, headers, {**payload(assignment), field: value}), 422)
    assert field in answer["fields"] and answer["fields"][field][0].isupper()
    nothing_stored(app)


@pytest.mark.parametrize("field", ["started_at", "ended_at"])
@pytest.mark.parametrize("moment", EXTREME_TIMES)
def test_contact_times_at_the_ends_of_the_calendar(app, client, juror, field, moment):
    assignment, headers = juror
    body = {**payload(assignment), field: moment}
    if field == "started_at":
        body["ended_at"] = None
    answer = refused(put_contact(client, headers, body), 422)
    assert "2000" in answer["fields"][field]
    nothing_stored(app)


@pytest.mark.parametrize("moment", EXTREME_TIMES)
def test_a_photo_captured_at_the_ends_of_the_calendar(app, client, juror, moment):
    assignment, headers = juror
    cid = new_id()
    assert put_contact(client, headers, payload(assignment), cid).status_code == 201
    answer = client.put(f"/api/v1/contacts/{cid}/photos/{new_id()}", data=jpeg(),
                        content_type="image/jpeg", headers=headers,
                        query_string={"captured_at": moment})
    # Set aside, not refused: it is the camera's, the juror cannot correct it.
    assert answer.status_code == 201 and answer.json["captured_at"] is None
    assert db.session.scalar(sa.select(Photo.meta))["device_ignored"] == {"captured_at": moment}


def exif_jpeg(original: str, offset: str | None) -> bytes:
    image = Image.new("RGB", (64, 48), (120, 140, 160))
    exif = Image.Exif()
    exif[0x0132] = original
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = original
    if offset:
        sub[0x9011] = offset
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize(("original", "offset"), [("0001:01:01 00:00:00", None),
                                                  ("0001:01:01 00:00:00", "+01:00"),
                                                  ("2025:10:06 10:58:12", "+99:99")])
def test_odd_exif_times_are_ignored_not_fatal(app, client, juror, original, offset):
    """Broken EXIF is the camera's, not the juror's fault: the photo is kept, the odd
    value left out (the phone's own time, when sent, fills in)."""
    assignment, headers = juror
    cid = new_id()
    assert put_contact(client, headers, payload(assignment), cid).status_code == 201
    answer = client.put(f"/api/v1/contacts/{cid}/photos/{new_id()}",
                        data=exif_jpeg(original, offset), content_type="image/jpeg",
                        headers=headers,
                        query_string={"captured_at": "2025-10-06T10:58:12+02:00"})
    assert answer.status_code == 201, answer.json
    if original.startswith("0001"):
        assert answer.json["captured_at"] == "2025-10-06T08:58:12+00:00"  # the phone's
    else:  # the time stands, its impossible zone is replaced by the phone's offset
        assert answer.json["captured_at"] == "2025-10-06T08:58:12+00:00"


def test_json_nested_a_hundred_thousand_deep(app, client, juror):
    _, headers = juror
    deep = b'{"notes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    answer = refused(client.put(f"/api/v1/contacts/{new_id()}", data=deep, headers=headers,
                                content_type="application/json"), 400)
    assert "JSON" in answer["message"]
    nothing_stored(app)


@pytest.mark.parametrize("big", [2**31, 2**63, 10**30])
def test_ids_too_big_for_a_column_in_the_body(app, client, juror, big):
    assignment, headers = juror
    answer = refused(put_contact(client, headers, {**payload(assignment),
                                                   "assignment_id": big}), 422)
    assert "assignment_id" in answer["fields"]
    nothing_stored(app)


@pytest.mark.parametrize("big", [2**31, 2**63, 10**30])
def test_ids_too_big_in_urls_and_query_strings(app, client, big):
    coordinator = bearer(factories.make_user(Role.COORDINATOR))
    ranking = client.get(f"/api/v1/editions/{big}/ranking", headers=coordinator)
    refused(ranking, 404)
    factories.make_user(Role.COORDINATOR, email="koordynatorka@example.org")
    client.post("/login", data={"email": "koordynatorka@example.org",
                                "password": factories.PASSWORD})
    edition = factories.make_edition()
    assert client.get(f"/coordinator/editions/{big}/participants").status_code == 404
    page = client.get(f"/coordinator/editions/{edition.id}/participants?page={big}")
    assert page.status_code == 200
    assert client.get(f"/results/ranking?edition={big}").status_code in (200, 404)
    assignments = client.get(f"/coordinator/editions/{edition.id}/assignments/new"
                             f"?participant={big}")
    assert assignments.status_code in (200, 302)


def test_nul_characters_in_any_text_are_refused_before_the_database(app, client, juror):
    assignment, headers = juror
    answer = refused(put_contact(client, headers, {**payload(assignment),
                                                   "notes": "przed\x00po"}), 400)
    assert "NUL" in answer["message"]
    user = factories.make_user(email="nul@example.org")
    token = client.post("/api/v1/tokens", json={"email": user.email,
                                                "password": factories.PASSWORD,
                                                "device_name": "Telefon\x00"})
    refused(token, 400)
    coordinator = factories.make_user(Role.COORDINATOR, email="k@example.org")
    client.post("/login", data={"email": coordinator.email, "password": factories.PASSWORD})
    edition = factories.make_edition()
    search = client.get(f"/coordinator/editions/{edition.id}/participants?q=Gmina%00")
    assert search.status_code == 400 and "NUL" in search.get_data(as_text=True)
    named = client.post(f"/coordinator/editions/{edition.id}/participants/new",
                        data={"name": "Gmina\x00Przykładowo", "city": "Kraków"})
    assert named.status_code == 400
    nothing_stored(app)


def test_an_escaped_backslash_before_u0000_is_plain_text(app, client, juror):
    assignment, headers = juror
    body = json.dumps({**payload(assignment), "notes": "ścieżka C:\\u0000"})
    assert "\\\\u0000" in body
    answer = client.put(f"/api/v1/contacts/{new_id()}", data=body, headers=headers,
                        content_type="application/json")
    assert answer.status_code == 201 and answer.json["notes"] == "ścieżka C:\\u0000"


def test_a_huge_body_with_a_million_keys_is_refused_before_it_is_read(app, client, juror):
    _, headers = juror
    keys = ",".join(f'"pomiar_{n:08d}":1' for n in range(1_200_000))
    body = ('{"measurements":{' + keys + "}}").encode()
    assert len(body) > 23_000_000
    started = time.perf_counter()
    answer = client.put(f"/api/v1/contacts/{new_id()}", data=body, headers=headers,
                        content_type="application/json")
    assert time.perf_counter() - started < 2
    assert refused(answer, 413)["message"].startswith("Treść żądania jest za duża")
    nothing_stored(app)


def test_many_keys_under_the_size_cap_get_a_short_answer_fast(app, client, juror):
    assignment, headers = juror
    many = {f"k{n}": 1 for n in range(5_000)}
    body = {**payload(assignment), "measurements": many, "scores": many}
    started = time.perf_counter()
    answer = put_contact(client, headers, body)
    assert time.perf_counter() - started < 2
    fields = refused(answer, 422)["fields"]
    assert fields["measurements"].startswith("Za dużo pozycji")
    assert len(answer.data) < 2_000
    nothing_stored(app)


def test_photos_beyond_the_cap_per_contact_are_refused(app, client, juror):
    assert app.config["PHOTO_MAX_PER_CONTACT"] == 30
    app.config["PHOTO_MAX_PER_CONTACT"] = 2
    assignment, headers = juror
    cid = new_id()
    assert put_contact(client, headers, payload(assignment), cid).status_code == 201
    ids = [new_id() for _ in range(3)]
    for photo_id in ids[:2]:
        assert client.put(f"/api/v1/contacts/{cid}/photos/{photo_id}", data=jpeg(),
                          content_type="image/jpeg", headers=headers).status_code == 201
    files = media_files(app)
    answer = refused(client.put(f"/api/v1/contacts/{cid}/photos/{ids[2]}", data=jpeg(),
                                content_type="image/jpeg", headers=headers), 422)
    assert "2 zdjęć" in answer["message"]
    assert count(Photo) == 2 and media_files(app) == files
    again = client.put(f"/api/v1/contacts/{cid}/photos/{ids[0]}", data=jpeg(),
                       content_type="image/jpeg", headers=headers)
    assert again.status_code == 200, "a resend of a stored photo is not a new one"


def test_an_unexpected_error_in_the_api_is_a_json_500_with_its_own_code(app, client, juror,
                                                                         monkeypatch):
    import juror_app.api.assignments as assignments

    def broken(user):
        raise RuntimeError("a bug")

    monkeypatch.setattr(assignments, "juror_worklist", broken)
    _, headers = juror
    answer = client.get("/api/v1/me/assignments", headers=headers)
    assert answer.status_code == 500
    assert answer.json["error"] == "unexpected_error" and answer.json["message"]


def test_405_answers_say_which_methods_are_allowed(app, client, juror):
    _, headers = juror
    api = client.delete("/api/v1/me/assignments", headers=headers)
    assert api.status_code == 405 and api.json["message"]
    assert set(api.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    page = client.put("/login")
    assert page.status_code == 405 and "POST" in page.headers["Allow"]


def test_json_nested_deep_elsewhere_is_bad_json_too(app, client):
    from juror_app.rubric import RubricError, parse_rubric

    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(RubricError, match="zagnieżdżenie"):
        parse_rubric(deep)
    juror = factories.make_user(email="gleboko@example.org")
    client.post("/login", data={"email": juror.email, "password": factories.PASSWORD})
    token = client.post("/app/token", data=deep, content_type="application/json")
    assert token.status_code == 201  # the body is ignored as not JSON: a default name
