"""Resumable upload of a large original (issue 15.7): a 2 MB photo cut half-way is finished
without sending its first half again, and ends as one photo through the usual service
(digest, idempotency) — both databases."""
from __future__ import annotations

import base64
import hashlib
import io
import random
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from juror_app.api.openapi import document
from juror_app.core.extensions import db
from juror_app.evidence.uploads import OffsetMismatch, PartialUpload
from juror_app.models import Contact, Photo
from tests.api.test_api_openapi import at_pointer
from tests.api_support import bearer, new_id, payload
from tests.factories import make_user

CHUNK = 256 * 1024


def big_jpeg() -> bytes:
    """About 2 MB of JPEG: noise does not compress."""
    rng = random.Random(15)
    image = Image.frombytes("RGB", (1400, 1400), rng.randbytes(1400 * 1400 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def digest(data: bytes) -> str:
    return "sha-256=:" + base64.b64encode(hashlib.sha256(data).digest()).decode() + ":"


def send(client, cid, pid, data, offset, headers, extra=None):
    return client.put(f"/api/v1/contacts/{cid}/photos/{pid}/chunks",
                      data=data[offset:offset + CHUNK],
                      query_string={"offset": offset, "total": len(data)},
                      content_type="application/octet-stream",
                      headers={**headers, **(extra or {})})


def test_a_cut_upload_resumes_where_it_stopped(app, client, contact):
    cid, headers = contact
    data, pid = big_jpeg(), new_id()
    assert len(data) > 2_000_000
    url = f"/api/v1/contacts/{cid}/photos/{pid}/chunks"
    assert client.get(url, headers=headers).json == {"offset": 0, "complete": False}
    offset = 0
    while offset < len(data) // 2:  # the connection drops after about half
        answer = send(client, cid, pid, data, offset, headers)
        assert answer.status_code == 202, answer.json
        offset = answer.json["offset"]
    cut = offset

    resumed = client.get(url, headers=headers).json
    assert resumed == {"offset": cut, "complete": False}
    stale = send(client, cid, pid, data, 0, headers)  # a client that forgot: told where to go
    assert stale.status_code == 409 and stale.json["offset"] == cut
    sent_again = 0
    offset = resumed["offset"]
    while True:
        last = offset + CHUNK >= len(data)
        answer = send(client, cid, pid, data, offset, headers,
                      {"Repr-Digest": digest(data)} if last else None)
        sent_again += min(CHUNK, len(data) - offset)
        if last:
            break
        offset = answer.json["offset"]
    assert answer.status_code == 201, answer.json
    assert sent_again == len(data) - cut, "the first half was not sent again"
    assert answer.json["sha256"] == hashlib.sha256(data).hexdigest()
    assert answer.json["byte_size"] == len(data)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 1
    assert not list((Path(app.config["MEDIA_DIR"]) / "uploads").rglob("*.part"))
    assert client.get(url, headers=headers).json == {"offset": len(data), "complete": True}


def test_the_whole_file_must_match_its_digest(app, client, contact):
    cid, headers = contact
    data, pid = big_jpeg()[:600_000], new_id()
    offset = 0
    while offset + CHUNK < len(data):
        offset = send(client, cid, pid, data, offset, headers).json["offset"]
    answer = send(client, cid, pid, data, offset, headers, {"Repr-Digest": digest(b"other")})
    assert answer.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0
    assert client.get(f"/api/v1/contacts/{cid}/photos/{pid}/chunks",
                      headers=headers).json["offset"] == 0, "a refused file starts over"


def test_bad_offsets_limits_and_other_jurors(app, client, contact):
    cid, headers = contact
    pid = new_id()
    url = f"/api/v1/contacts/{cid}/photos/{pid}/chunks"
    bad = client.put(url, data=b"x", query_string={"offset": "-1", "total": 5}, headers=headers)
    assert bad.status_code == 422 and "offset" in bad.json["fields"]
    past = client.put(url, data=b"x", query_string={"offset": 9, "total": 5}, headers=headers)
    assert past.status_code == 422
    huge = client.put(url, data=b"x", query_string={"offset": 0, "total": 10**9}, headers=headers)
    assert huge.status_code == 413
    stranger = bearer(make_user("juror"))
    assert client.get(url, headers=stranger).status_code == 404


def upload_whole(client, cid, data, headers) -> None:
    pid, offset = new_id(), 0
    while True:
        answer = send(client, cid, pid, data, offset, headers)
        if answer.status_code != 202:
            assert answer.status_code == 201, answer.json
            return
        offset = answer.json["offset"]


def test_chunked_photos_refresh_the_stored_flags_too(app, client, contact):
    """The same bytes by chunks into two contacts: stored as the page sees them live."""
    cid, headers = contact
    first = db.session.scalar(sa.select(Contact))
    juror_id, assignment = first.juror_id, first.assignment
    other = new_id()
    assert client.put(f"/api/v1/contacts/{other}", headers=headers, json=payload(
        assignment, started_at="2025-10-08T11:00:00+02:00",
        ended_at="2025-10-08T11:07:30+02:00")).status_code == 201
    data = big_jpeg()
    for target in (cid, other):
        upload_whole(client, target, data, headers)
    db.session.expire_all()
    stored = {str(c.client_id): [f["code"] for f in c.flags or []]
              for c in db.session.scalars(sa.select(Contact).where(Contact.juror_id == juror_id))}
    assert stored == {cid: ["duplicate_photo"], other: ["duplicate_photo"]}


def test_the_answers_are_what_the_served_document_says(app, client, contact):
    cid, headers = contact
    doc = client.get("/api/v1/openapi.json").json
    assert doc == document()
    operation = doc["paths"]["/contacts/{client_id}/photos/{photo_id}/chunks"]["put"]

    def schema_of(status: str):
        return at_pointer(doc, "/paths/~1contacts~1{client_id}~1photos~1{photo_id}~1chunks"
                               f"/put/responses/{status}/content/application~1json/schema")

    data, pid = big_jpeg(), new_id()
    accepted = send(client, cid, pid, data, 0, headers)
    conflict = send(client, cid, pid, data, 0, headers)
    assert (accepted.status_code, conflict.status_code) == (202, 409)
    schema_of("202").validate(accepted.json)
    schema_of("409").validate(conflict.json)
    assert conflict.json["offset"] == accepted.json["offset"] == CHUNK
    assert not schema_of("202").is_valid({**accepted.json, "extra": 1})
    documented = {p["name"]: p for p in operation["parameters"]}
    assert documented["offset"]["schema"]["minimum"] == 0 and documented["total"]["required"]
    refused = client.put(f"/api/v1/contacts/{cid}/photos/{pid}/chunks", data=b"x",
                         query_string={"offset": "abc"}, headers=headers)
    assert refused.status_code == 422
    assert set(refused.json["fields"]) == {"offset", "total"}
    schema_of("422").validate(refused.json)


def test_partial_upload_appends_only_at_its_end(tmp_path):
    upload = PartialUpload(tmp_path, 7, uuid.uuid4(), uuid.uuid4())
    assert upload.offset() == 0
    assert upload.append(0, b"abc") == 3
    with pytest.raises(OffsetMismatch) as mismatch:
        upload.append(0, b"abc")  # a retried chunk that already landed
    assert mismatch.value.offset == 3
    assert upload.append(3, b"de") == 5 and upload.read() == b"abcde"
    upload.discard()
    assert upload.offset() == 0
