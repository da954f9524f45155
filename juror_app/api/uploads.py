"""Resumable photo upload (issue 15.7): GET how far it got, PUT the next chunk at its offset.

The last chunk completes the photo through the same service as a plain photo PUT (digest
of the whole file in Repr-Digest, idempotent photo id, evidence pipeline).
"""
from __future__ import annotations

import uuid

from flask import current_app, jsonify, request

from juror_app.accounts.access import allow, principal
from juror_app.api.blueprint import bp
from juror_app.api.responses import ApiError, checked, translate
from juror_app.core.guard import raw_body
from juror_app.core.text import N_
from juror_app.evidence.flag_hooks import refresh_before_commit
from juror_app.evidence.metadata import device_capture
from juror_app.evidence.service import (
    find_photo,
    limits,
    put_photo,
    read_capped,
    refuse_chunk,
    too_large,
)
from juror_app.evidence.uploads import (
    ChunkParams,
    OffsetMismatch,
    PartialUpload,
    UploadConflict,
    UploadProgress,
    parse_chunk,
)
from juror_app.models import Contact, Photo, Role
from juror_app.sync.serializers import photo_json
from juror_app.sync.service import own_contact

MISMATCH = N_("Ta część pliku nie pasuje do tego, co już dotarło — wyślij ją od wskazanego "
              "miejsca.")
ROUTE = "/contacts/<uuid:client_id>/photos/<uuid:photo_id>/chunks"


def partial(client_id: uuid.UUID, photo_id: uuid.UUID
            ) -> tuple[Contact, PartialUpload, Photo | None]:
    """The juror's contact, the upload's part file and the photo if already stored."""
    contact = own_contact(principal(), client_id)  # someone else's: 404, nothing revealed
    photo = find_photo(photo_id)
    if photo is not None and photo.contact.juror_id != principal().id:
        raise ApiError(404, N_("Nie znaleziono takiego kontaktu ani zadania."))
    upload = PartialUpload(current_app.config["MEDIA_DIR"], principal().id, client_id, photo_id)
    return contact, upload, photo


@bp.route(ROUTE, methods=["GET"])
@allow(Role.JUROR)
def upload_offset(client_id: uuid.UUID, photo_id: uuid.UUID):
    """Where to resume: the bytes stored so far (all of them once the photo exists)."""
    _, upload, done = partial(client_id, photo_id)
    return jsonify(UploadProgress(offset=done.byte_size if done else upload.offset(),
                                  complete=bool(done)).model_dump())


@bp.route(ROUTE, methods=["PUT"])
@raw_body
@allow(Role.JUROR)
def upload_chunk(client_id: uuid.UUID, photo_id: uuid.UUID):
    """Append one chunk at `offset` of a file of `total` bytes; 409 with the right offset
    when it does not fit; the last chunk stores the photo (201, or 200 for a resend)."""
    chunk_at = parse_chunk(request.args)
    device = capture_params()  # sent with every chunk, read before a byte is kept
    offset, total = chunk_at.offset, chunk_at.total
    if total > limits().max_bytes:
        raise too_large(limits().max_bytes)
    contact, upload, stored = partial(client_id, photo_id)
    if stored is None:  # a resend of a stored photo is answered as one, below
        refuse_chunk(contact, upload)
    # This chunk's own digest (Content-Digest) before it is kept; the whole file's
    # (Repr-Digest) once all of it is in.
    chunk = checked(read_capped(request.stream, request.content_length, total - offset),
                    ("Content-Digest",))
    try:
        end = upload.append(offset, chunk)
    except OffsetMismatch as mismatch:
        return jsonify(UploadConflict(error="conflict", offset=mismatch.offset,
                                      message=translate(MISMATCH)).model_dump()), 409
    if end < total:
        return jsonify(UploadProgress(offset=end, complete=False).model_dump()), 202
    status, photo = finish(upload, client_id, photo_id, device)
    return jsonify(photo_json(photo)), status


def finish(upload: PartialUpload, client_id: uuid.UUID, photo_id: uuid.UUID, device):
    """All bytes are in: store them as a plain photo PUT would (the contact's flags follow
    every new photo); the part file goes unless the server was only busy (5xx)."""
    data = upload.read()
    try:
        answer = put_photo(principal(), client_id, photo_id,
                           lambda _limit: checked(data, ("Repr-Digest",)), device,
                           before_commit=refresh_before_commit)
    except ApiError as refused:
        if refused.status < 500:
            upload.discard()  # refused for good: the same bytes would fail again
        raise  # a busy server (503): the bytes stay, the phone's retry only finishes
    upload.discard()
    return answer


def capture_params():
    """The photo's capture time and position, as on a plain photo PUT (offsets aside)."""
    return device_capture({k: v for k, v in request.args.items()
                           if k not in ChunkParams.model_fields})
