"""Storing a photo PUT by a juror: evidence checks, files, then one row — or nothing."""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import UTC
from typing import IO

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from sqlalchemy.exc import IntegrityError

from juror_app.api.responses import ApiError
from juror_app.core.extensions import db
from juror_app.core.text import N_, Message, message_of
from juror_app.evidence import storage as photo_store
from juror_app.evidence import workers
from juror_app.evidence.digests import claimed_sha256
from juror_app.evidence.metadata import CaptureParams
from juror_app.evidence.pipeline import EvidenceError, Limits, process, too_large_message
from juror_app.evidence.uploads import PartialUpload
from juror_app.models import Contact, EditionStatus, Photo, User, record
from juror_app.models.locks import hold_for_update
from juror_app.sync.service import LOCKED, NOT_FOUND, own_contact

OTHER_BYTES = N_("Pod tym identyfikatorem zapisano już inne zdjęcie.")
# The same file would end the same way again: a 4xx, so the phone stops retrying it.
UNREADABLE = N_("Nie udało się przetworzyć tego zdjęcia. Zrób je ponownie albo wybierz "
                "inny plik.")
BUSY = N_("Serwer jest teraz zajęty innymi zdjęciami. Zdjęcie zostanie wysłane ponownie "
          "za chwilę — nic nie trzeba robić.")
BUSY_RETRY_SECONDS = 30


def limits() -> Limits:
    c = current_app.config
    return Limits(c["PHOTO_MAX_BYTES"], c["PHOTO_MAX_PIXELS"], c["PHOTO_DISPLAY_EDGE"],
                  c["PHOTO_THUMB_EDGE"])


def too_large(limit: int) -> ApiError:
    return ApiError(413, too_large_message(limit))


def read_capped(stream: IO[bytes], declared: int | None, limit: int) -> bytes:
    """The body, refused by its declared length first and never read past the limit."""
    if declared is not None and declared > limit:
        raise too_large(limit)
    chunks, total = [], 0
    while chunk := stream.read(min(1 << 20, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_large(limit)
    return b"".join(chunks)


def find_photo(photo_id: uuid.UUID) -> Photo | None:
    return db.session.scalar(sa.select(Photo).where(Photo.client_id == photo_id))


def resend(photo: Photo, contact: Contact, data: bytes) -> tuple[int, Photo]:
    """The same id again: identical bytes are success, anything else a conflict."""
    if photo.contact_id != contact.id:
        raise ApiError(409, N_("Ten identyfikator zdjęcia należy do innego kontaktu."))
    if photo.sha256 != hashlib.sha256(data).hexdigest():
        raise ApiError(409, OTHER_BYTES)
    return 200, photo


def put_photo(user: User, contact_id: uuid.UUID, photo_id: uuid.UUID, data_source,
              device: CaptureParams,
              before_commit: Callable[[Contact], None] = lambda contact: None
              ) -> tuple[int, Photo]:
    """Check, store and record one photo of the juror's contact; (HTTP status, photo).
    `before_commit` adds to a new photo's transaction (the contact's flags)."""
    contact = own_contact(user, contact_id)
    existing = find_photo(photo_id)
    if existing is not None and existing.contact.juror_id != user.id:
        raise ApiError(404, NOT_FOUND)
    data = data_source(limits().max_bytes)
    if existing is not None:
        return resend(existing, contact, data)
    refuse_locked(contact)
    refuse_beyond_cap(contact)
    try:
        processed = workers.run(current_app.config["PHOTO_PROCESSES"], process, data,
                                limits(), device,
                                cpu_seconds=current_app.config["PHOTO_DECODE_CPU_SECONDS"],
                                timeout=current_app.config["PHOTO_DECODE_SECONDS"])
    except EvidenceError as exc:
        raise ApiError(exc.status, message_of(exc)) from None
    except workers.WorkerLost:
        current_app.logger.error("photo %s: its decoding failed for good", photo_id)
        raise ApiError(422, UNREADABLE) from None
    except workers.DecodingDelayed:
        current_app.logger.warning("photo %s: not decoded in time, the phone will resend",
                                   photo_id)
        raise ApiError(503, BUSY, retry_after=BUSY_RETRY_SECONDS) from None
    return store(user, contact, photo_id, processed, before_commit)


def refuse_locked(contact: Contact) -> None:
    """409 once the edition is closed or the contact decided (approved, rejected)."""
    if contact.assignment.edition.status is not EditionStatus.OPEN:
        raise ApiError(409, LOCKED["edition"])
    if not contact.is_editable:
        raise ApiError(409, LOCKED["contact"])


def refuse_beyond_cap(contact: Contact, uploading: int = 0) -> None:
    """At most PHOTO_MAX_PER_CONTACT photos per contact (a resend of one is not counted),
    `uploading` more on their way in chunks counted with them."""
    cap = current_app.config["PHOTO_MAX_PER_CONTACT"]
    held = db.session.scalar(sa.select(sa.func.count()).where(Photo.contact_id == contact.id))
    if held + uploading >= cap:
        raise ApiError(422, Message(N_("Ten kontakt ma już %(max)s zdjęć — więcej nie można "
                                       "dodać."), max=cap))


def refuse_chunk(contact: Contact, upload: PartialUpload) -> None:
    """Before a chunk's bytes are kept: the contact still takes photos, and a new upload
    fits under the contact's cap and the juror's uploads in progress (429: the phone tries
    again later, when one has finished or, abandoned, expired)."""
    refuse_locked(contact)
    if upload.exists():
        return  # counted when it began
    refuse_beyond_cap(contact, uploading=len(upload.in_progress(contact_only=True)))
    if len(upload.in_progress()) >= current_app.config["PHOTO_UPLOADS_IN_PROGRESS"]:
        raise ApiError(429, N_("Za dużo zdjęć przesyłanych naraz. Zdjęcie zostanie wysłane, "
                               "gdy skończą się poprzednie."), retry_after=BUSY_RETRY_SECONDS)


def phone_sha256(received_sha256: str) -> str | None:
    """The SHA-256 the phone sent with these bytes (Repr-Digest), kept beside ours; None
    when it sent none. api.responses.checked has already refused one that differs."""
    claims = claimed_sha256(request.headers) if has_request_context() else []
    sent = claims[0].hex() if claims else None
    return sent if sent == received_sha256 else None


def capture_record(processed) -> dict:
    """When and where the photo was taken, and how that was known, for its audit event: in
    the chain, a changed capture time or place in the database (or in an evidence archive)
    no longer matches what was recorded at upload. Times in UTC, the column's zone."""
    captured = processed.captured_at
    return {"captured_at": captured.astimezone(UTC).isoformat() if captured else None,
            "latitude": processed.latitude, "longitude": processed.longitude,
            "capture_sources": dict(processed.meta.get("sources") or {})}


def store(user: User, contact: Contact, photo_id: uuid.UUID, processed,
          before_commit: Callable[[Contact], None] = lambda contact: None, *,
          history: bool = False) -> tuple[int, Photo]:
    """Files first, then the row; if the row fails, the files go too. `history`: the demo
    writes a past season, photos taken before the decisions it has already recorded."""
    key = photo_store.key_for(photo_id, processed.sha256)
    paths = photo_store.save(current_app.config["MEDIA_DIR"], key, processed.derivatives)
    digests = {"sha256": processed.sha256, "client_sha256": phone_sha256(processed.sha256),
               "display_sha256": hashlib.sha256(processed.derivatives["display"]).hexdigest()}
    try:
        # Checked again under the contact's lock: a reviewer may have approved it while the
        # photo was decoded (seconds), and nobody approves evidence they were not shown.
        if not history:
            hold_for_update(db.session, contact)
            refuse_locked(contact)
        photo = Photo(client_id=photo_id, contact=contact, **digests,
                      content_type=processed.content_type, byte_size=processed.byte_size,
                      width=processed.width, height=processed.height,
                      captured_at=processed.captured_at, latitude=processed.latitude,
                      longitude=processed.longitude, meta=processed.meta, storage_key=key)
        db.session.add(photo)
        db.session.flush()
        before_commit(contact)  # before the audit event, which takes the chain's head
        record(db.session, actor_id=user.id, action="photo.create", entity_type="photo",
               entity_id=photo_id, after={"contact": str(contact.client_id), **digests,
                                          **capture_record(processed)})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        # A parallel upload of the same id won: answer as a resend would. Identical bytes
        # share the winner's key, so its files stay.
        winner = find_photo(photo_id)
        if winner is None or winner.storage_key != key:
            photo_store.remove(paths)
        if winner is None:
            # Transient: a 503 the phone retries (the other upload will have finished).
            raise ApiError(503, N_("Zdjęcie jest właśnie zapisywane. Spróbuj ponownie."),
                           retry_after=5) from None
        if winner.sha256 != processed.sha256:
            raise ApiError(409, OTHER_BYTES) from None
        return 200, winner
    except BaseException:
        db.session.rollback()
        photo_store.remove(paths)
        raise
    return 201, photo
