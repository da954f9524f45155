"""The evidence archive: a ZIP of contacts, photos, review rounds and audit events, streamed.

Handed a Session, no Flask. Memory stays flat however many photos: the stdlib's zipfile
writes to an unseekable sink (data descriptors after each member, Python ≥ 3.5), and the
generator hands on what was written after every 64 KiB — so no third-party streaming-ZIP
library is needed. Contacts are read in batches of 100 with their photos and events.
`manifest.json`, written last, lists every file's SHA-256, the seq and hash of every audit
event the archive holds, the audit chain's head and the app's version; archive_check.py
verifies it offline, archive_live.py against the live chain.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from juror_app.audit.chain import event_fields
from juror_app.audit.verify import read_head
from juror_app.evidence import storage
from juror_app.models import Assignment, AuditEvent, Contact, User

# /2: photo capture data, actors (who each event names) and the events' seq → hash list.
FORMAT = "juror-evidence-archive/2"
CHUNK = 64 * 1024
BATCH = 100


class _Sink:
    """A write-only stream whose bytes the generator takes away as they come."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def app_version() -> str:
    try:
        return version("juror-app")
    except PackageNotFoundError:
        return "unknown"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def contact_document(contact: Contact, actors: list[dict[str, Any]] | None = None
                     ) -> dict[str, Any]:
    participant = contact.assignment.participant
    return {"actors": actors or [],
        "id": contact.id, "client_id": str(contact.client_id), "channel": contact.channel,
        "participant": {"id": participant.id, "name": participant.name,
                        "city": participant.city, "address": participant.address,
                        "latitude": participant.latitude, "longitude": participant.longitude},
        "juror": {"id": contact.juror_id, "name": contact.juror.name},
        "started_at": _iso(contact.started_at), "ended_at": _iso(contact.ended_at),
        "received_at": _iso(contact.received_at), "updated_at": _iso(contact.updated_at),
        "position": None if contact.latitude is None else {
            "latitude": contact.latitude, "longitude": contact.longitude,
            "accuracy_m": contact.position_accuracy_m},
        "measurements": contact.measurements, "notes": contact.notes,
        "scores": [{"key": s.criterion_key, "points": s.points, "max_points": s.max_points,
                    "weight": s.weight} for s in contact.scores],
        "status": str(contact.status), "review_comment": contact.review_comment,
        "payload_sha256": contact.payload_hash, "rubric_version": contact.rubric_version,
        "flags": contact.flags or [],
        "photos": [{"photo_id": str(p.client_id), "received_sha256": p.sha256,
                    # The phone's own hash as it sent it; true: both hashes agree.
                    "client_sha256": p.client_sha256,
                    "digest_verified": p.client_sha256 == p.sha256,
                    "display_sha256": p.display_sha256,
                    "content_type": p.content_type, "byte_size": p.byte_size,
                    "captured_at": _iso(p.captured_at), "latitude": p.latitude,
                    "longitude": p.longitude,
                    "capture_sources": (p.meta or {}).get("sources") or {},
                    "received_at": _iso(p.received_at),
                    "file": f"photos/{p.client_id}.display.jpg"} for p in contact.photos],
    }


def event_document(event: AuditEvent) -> dict[str, Any]:
    """The event as its hash covers it (audit/chain.py), plus the hash itself."""
    return {**event_fields(event), "id": event.id, "hash": event.hash}


def actors_of(session: Session, contact: Contact, events: list[AuditEvent]
              ) -> list[dict[str, Any]]:
    """Everyone the contact's events name (and its juror), so a decision's reviewer is
    named in the archive as the juror is, not by a number only."""
    ids = {contact.juror_id, *(e.actor_id for e in events if e.actor_id is not None)}
    users = session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.id))
    return [{"id": u.id, "name": u.name, "role": str(u.role)} for u in users]


def events_of(session: Session, contact: Contact) -> list[AuditEvent]:
    # The sync names a contact by its client id, the desk by its row id; photos by theirs.
    contact_ids = [str(contact.id), str(contact.client_id)]
    photo_ids = [str(p.client_id) for p in contact.photos]
    return session.scalars(sa.select(AuditEvent).where(sa.or_(
        sa.and_(AuditEvent.entity_type == "contact", AuditEvent.entity_id.in_(contact_ids)),
        sa.and_(AuditEvent.entity_type == "photo", AuditEvent.entity_id.in_(photo_ids)),
    )).order_by(AuditEvent.seq)).all()


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()


def contacts_in(session: Session, edition_id: int, participant_id: int | None):
    """Contact ids of the scope, then the contacts in batches with what they need."""
    query = sa.select(Contact.id).join(Contact.assignment).where(
        Assignment.edition_id == edition_id)
    if participant_id is not None:
        query = query.where(Assignment.participant_id == participant_id)
    ids = session.scalars(query.order_by(Contact.id)).all()
    for start in range(0, len(ids), BATCH):
        batch = session.scalars(
            sa.select(Contact).where(Contact.id.in_(ids[start:start + BATCH]))
            .options(selectinload(Contact.photos), selectinload(Contact.scores),
                     selectinload(Contact.juror),
                     selectinload(Contact.assignment).selectinload(Assignment.participant))
            .order_by(Contact.id)).all()
        yield from batch  # the identity map holds clean objects weakly: memory stays flat


def stream_archive(session: Session, media_dir: str, edition_id: int,
                   participant_id: int | None = None) -> Iterator[bytes]:
    """The ZIP's bytes, chunk by chunk."""
    sink, files, listed = _Sink(), {}, {}
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as zf:
        def put(name: str, data: bytes) -> None:
            files[name] = hashlib.sha256(data).hexdigest()
            zf.writestr(name, data)

        for contact in contacts_in(session, edition_id, participant_id):
            base = f"contacts/{contact.id:06d}"
            events = events_of(session, contact)
            listed.update((e.seq, e.hash) for e in events)
            put(f"{base}/contact.json",
                _json(contact_document(contact, actors_of(session, contact, events))))
            put(f"{base}/audit.json", _json([event_document(e) for e in events]))
            put(f"{base}/review.json", _json([event_document(e) for e in events
                                              if e.actor_id not in (None, contact.juror_id)]))
            yield sink.take()
            for photo in contact.photos:
                path = storage.path_for(media_dir, photo.storage_key, "display")
                name = f"{base}/photos/{photo.client_id}.display.jpg"
                files[name] = yield from _copy(zf, sink, name, path)
        # The head after every event was read: an event written while the archive streamed
        # is then never past it (the offline check refuses events beyond the head).
        head_seq, head_hash = read_head(session)
        put("manifest.json", _json({
            "format": FORMAT, "app_version": app_version(),
            "created_at": datetime.now(UTC).isoformat(),
            "scope": {"edition_id": edition_id, "participant_id": participant_id},
            "audit_chain_head": {"seq": head_seq, "hash": head_hash},
            # What the live chain must hold, event by event, for the archive to be genuine.
            "events": [[seq, listed[seq]] for seq in sorted(listed)],
            "files": files}))
    yield sink.take()


def _copy(zf: zipfile.ZipFile, sink: _Sink, name: str, path: Path):
    """One file into the ZIP in chunks, handing on the output; returns its SHA-256."""
    digest = hashlib.sha256()
    with zf.open(name, "w") as member, path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            member.write(chunk)
            yield sink.take()
    return digest.hexdigest()
