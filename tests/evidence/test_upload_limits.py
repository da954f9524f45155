"""Chunked uploads are bounded before a byte is kept: bad capture parameters, a decided
contact, the contact's photo cap (uploads in progress count) and the juror's uploads in
progress — else one token could fill the disk with 20 MB parts nobody finishes. Both
databases."""
from __future__ import annotations

import hashlib
import os
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact, ContactStatus
from tests.api_support import new_id, payload
from tests.evidence.test_uploads import digest
from tests.evidence_samples import jpeg

TOTAL = 4096


def first_chunk(client, cid, headers, photo_id=None, **query):
    return client.put(f"/api/v1/contacts/{cid}/photos/{photo_id or new_id()}/chunks",
                      data=b"x" * 1024, query_string={"offset": 0, "total": TOTAL, **query},
                      content_type="application/octet-stream", headers=headers)


def parts(app) -> list[Path]:
    return sorted((Path(app.config["MEDIA_DIR"]) / "uploads").rglob("*.part"))


def another_contact(client, headers, cid) -> str:
    """A second contact of the same juror, on the same task."""
    contact = db.session.scalar(sa.select(Contact).where(Contact.client_id == uuid.UUID(cid)))
    other = new_id()
    body = payload(contact.assignment)
    assert client.put(f"/api/v1/contacts/{other}", json=body, headers=headers).status_code == 201
    return other


def test_bad_capture_parameters_never_stop_an_upload(app, client, contact):
    """Read at every chunk and set aside (a 422 at the last chunk left the whole original
    on disk, and every retry ended the same way)."""
    cid, headers = contact
    query = {"captured_at": "0001-01-01T00:00:00+01:00", "latitude": "50.06"}
    data, photo_id = jpeg(), new_id()
    answer = client.put(f"/api/v1/contacts/{cid}/photos/{photo_id}/chunks", data=data,
                        query_string={"offset": 0, "total": len(data), **query},
                        content_type="application/octet-stream",
                        headers={**headers, "Repr-Digest": digest(data)})
    assert answer.status_code == 201, answer.json
    assert answer.json["captured_at"] is None and answer.json["latitude"] is None
    assert parts(app) == []


def test_no_chunk_is_kept_for_a_decided_contact(app, client, contact):
    cid, headers = contact
    db.session.execute(sa.update(Contact).values(status=ContactStatus.APPROVED)
                       .execution_options(totals_kept=True))
    db.session.commit()
    answer = first_chunk(client, cid, headers)
    assert answer.status_code == 409 and "zatwierdzony" in answer.json["message"]
    assert parts(app) == []


def test_uploads_in_progress_count_against_the_contacts_cap(app, client, contact):
    cid, headers = contact
    app.config["PHOTO_MAX_PER_CONTACT"] = 2
    begun = [new_id(), new_id()]
    for photo_id in begun:
        assert first_chunk(client, cid, headers, photo_id).status_code == 202
    third = first_chunk(client, cid, headers)
    assert third.status_code == 422 and "2 zdjęć" in third.json["message"]
    assert len(parts(app)) == 2
    # One begun goes on to the end: it was counted when it began.
    data = b"x" * TOTAL
    rest = client.put(f"/api/v1/contacts/{cid}/photos/{begun[0]}/chunks", data=data[1024:],
                      query_string={"offset": 1024, "total": TOTAL},
                      content_type="application/octet-stream",
                      headers={**headers, "Repr-Digest": digest(data)})
    assert rest.status_code == 415  # all of it arrived; not a photo: refused, part gone
    assert len(parts(app)) == 1


def test_a_juror_has_a_few_uploads_in_progress_and_an_abandoned_one_expires(
        app, client, contact):
    cid, headers = contact
    app.config["PHOTO_UPLOADS_IN_PROGRESS"] = 2
    other = another_contact(client, headers, cid)
    assert first_chunk(client, cid, headers).status_code == 202
    assert first_chunk(client, other, headers).status_code == 202
    busy = first_chunk(client, cid, headers)
    assert busy.status_code == 429 and busy.headers["Retry-After"]
    assert "Za dużo zdjęć przesyłanych naraz" in busy.json["message"]
    assert len(parts(app)) == 2

    abandoned = parts(app)[0]
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(abandoned, (two_days_ago, two_days_ago))
    assert first_chunk(client, cid, headers).status_code == 202
    assert not abandoned.exists() and len(parts(app)) == 2


def test_content_digest_speaks_of_the_chunk_repr_digest_of_the_whole(app, client, contact):
    """RFC 9530: a chunk's Content-Digest is checked against the chunk before it is kept
    (it was not checked at all, and on the last chunk compared with the whole file)."""
    cid, headers = contact
    data, photo_id = jpeg(), new_id()
    half = len(data) // 2
    url = f"/api/v1/contacts/{cid}/photos/{photo_id}/chunks"

    def send(offset, end, **digests):
        return client.put(url, data=data[offset:end],
                          query_string={"offset": offset, "total": len(data)},
                          content_type="application/octet-stream", headers={**headers, **digests})

    wrong = send(0, half, **{"Content-Digest": digest(data[half:])})
    assert wrong.status_code == 422 and parts(app) == []
    assert send(0, half, **{"Content-Digest": digest(data[:half])}).status_code == 202
    last = send(half, len(data), **{"Content-Digest": digest(data[half:]),
                                    "Repr-Digest": digest(data)})
    assert last.status_code == 201, last.json
    assert last.json["sha256"] == hashlib.sha256(data).hexdigest()
