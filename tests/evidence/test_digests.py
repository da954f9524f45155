"""Hash at capture, verified on arrival: RFC 9530 digests on photo and contact PUTs."""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import current_app

from juror_app.core.extensions import db
from juror_app.evidence.digests import DigestError, claimed_sha256, verify
from juror_app.models import Contact, Photo
from tests.api_support import juror_with_assignment, new_id, payload
from tests.evidence_samples import jpeg, shared_photos

CAPTURE_KEYS = {"captured_at", "latitude", "longitude", "capture_sources"}


def field(data: bytes) -> str:
    return "sha-256=:" + base64.b64encode(hashlib.sha256(data).digest()).decode() + ":"


def photo_bytes() -> bytes:
    gps = [p for p in shared_photos() if p.name.startswith("gps_")]
    return gps[0].read_bytes() if gps else jpeg()


def put_photo(client, cid, photo_id, data, headers, digest):
    return client.put(f"/api/v1/contacts/{cid}/photos/{photo_id}", data=data,
                      content_type="image/jpeg", headers={**headers, "Repr-Digest": digest})


def stored() -> tuple[int, int]:
    photos = db.session.scalar(sa.select(sa.func.count()).select_from(Photo))
    return photos, sum(1 for p in Path(current_app.config["MEDIA_DIR"]).rglob("*")
                       if p.is_file())


def test_photo_with_a_wrong_digest_is_refused_and_nothing_stored(client, contact):
    cid, headers = contact
    data = photo_bytes()
    response = put_photo(client, cid, new_id(), data, headers, field(data + b"x"))
    assert response.status_code == 422
    assert "SHA-256" in response.json["message"] and "Nic nie zapisano" in response.json["message"]
    assert stored() == (0, 0)


def test_photo_with_its_digest_is_stored_and_a_resend_is_200(client, contact):
    cid, headers = contact
    data, photo_id = photo_bytes(), new_id()
    first = put_photo(client, cid, photo_id, data, headers, field(data))
    assert first.status_code == 201, first.json
    assert first.json["sha256"] == hashlib.sha256(data).hexdigest()
    again = put_photo(client, cid, photo_id, data, headers, field(data))
    assert again.status_code == 200
    assert stored()[0] == 1
    corrupted_resend = put_photo(client, cid, photo_id, data[:-1], headers, field(data))
    assert corrupted_resend.status_code == 422 and stored()[0] == 1


def test_an_unreadable_digest_header_is_a_400(client, contact):
    cid, headers = contact
    response = put_photo(client, cid, new_id(), jpeg(), headers, "sha-256=abc")
    assert response.status_code == 400 and "Repr-Digest" in response.json["message"]
    assert stored() == (0, 0)


def test_contact_body_digest_is_checked(client, app):
    _, assignment, headers = juror_with_assignment()
    body = json.dumps(payload(assignment)).encode()
    cid = new_id()
    bad = client.put(f"/api/v1/contacts/{cid}", data=body, content_type="application/json",
                     headers={**headers, "Content-Digest": field(body + b" ")})
    assert bad.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0
    good = client.put(f"/api/v1/contacts/{cid}", data=body, content_type="application/json",
                      headers={**headers, "Content-Digest": field(body)})
    assert good.status_code == 201
    again = client.put(f"/api/v1/contacts/{cid}", data=body, content_type="application/json",
                       headers={**headers, "Content-Digest": field(body)})
    assert again.status_code == 200


def test_digest_rules():
    data = b"evidence"
    assert verify(data, {}) is None
    assert verify(data, {"Repr-Digest": field(data)}) == hashlib.sha256(data).hexdigest()
    # Other algorithms are ignored (RFC 9530 allows it); several digests must all match.
    assert verify(data, {"Content-Digest": "sha-512=:AAAA:"}) is None
    both = {"Repr-Digest": field(data), "Content-Digest": field(b"other")}
    with pytest.raises(DigestError) as mismatch:
        verify(data, both)
    assert mismatch.value.status == 422
    for bad in ("sha-256=:AAAA:", "sha-256=:!!:", "sha-256=1", "żółć"):
        with pytest.raises(DigestError) as malformed:
            claimed_sha256({"Repr-Digest": bad})
        assert malformed.value.status == 400


def test_both_hashes_are_kept_and_the_display_copy_is_hashed_at_upload(client, contact):
    """The phone's digest beside ours (None when it sent none); the display copy's SHA-256
    on the photo and in its photo.create event, equal to the file written."""
    from juror_app.evidence import storage
    from juror_app.models import AuditEvent

    cid, headers = contact
    data = photo_bytes()
    with_digest, without = new_id(), new_id()
    assert put_photo(client, cid, with_digest, data, headers, field(data)).status_code == 201
    bare = client.put(f"/api/v1/contacts/{cid}/photos/{without}", data=jpeg(),
                      content_type="image/jpeg", headers=headers)
    assert bare.status_code == 201
    photos = {str(p.client_id): p for p in db.session.scalars(sa.select(Photo))}
    sent = photos[with_digest]
    assert sent.client_sha256 == sent.sha256 == hashlib.sha256(data).hexdigest()
    assert photos[without].client_sha256 is None
    display = storage.path_for(current_app.config["MEDIA_DIR"], sent.storage_key, "display")
    assert sent.display_sha256 == hashlib.sha256(display.read_bytes()).hexdigest()
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity_id == with_digest))
    digests = {k: v for k, v in event.after.items() if k not in CAPTURE_KEYS}
    assert digests == {"contact": cid, "sha256": sent.sha256,
                       "client_sha256": sent.sha256, "display_sha256": sent.display_sha256}
    assert set(event.after) >= CAPTURE_KEYS  # capture data is in the chain too
    from juror_app.evidence.archive import contact_document

    archived = {p["photo_id"]: p for p in contact_document(sent.contact)["photos"]}
    assert archived[with_digest]["digest_verified"] is True
    assert archived[with_digest]["client_sha256"] == sent.sha256
    assert archived[without]["digest_verified"] is False
    assert archived[with_digest]["display_sha256"] == sent.display_sha256
