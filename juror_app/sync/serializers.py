"""Models → the answer types of sync.shapes (which the OpenAPI document is generated from).

Each answer is built as its type, so a field the document does not list cannot go out.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for

from juror_app.accounts.tokens import Caller
from juror_app.models import Assignment, Contact, ContactStatus, Participant, Photo, User
from juror_app.sync import shapes
from juror_app.sync.times import format_rfc3339


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def user_json(user: User) -> dict[str, Any]:
    return shapes.User(**user_fields(user)).model_dump()


def user_fields(user: User | Caller) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "name": user.name,
            "role": str(user.role), "locale": user.locale}


def participant_json(p: Participant) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "category": str(p.category), "address": p.address,
            "postal_code": p.postal_code, "city": p.city, "voivodeship": p.voivodeship,
            "phone": p.phone, "email": p.email, "website": p.website,
            "social_profiles": p.social_profiles or {}}


def contact_summary(c: Contact) -> dict[str, Any]:
    return {"client_id": str(c.client_id), "channel": c.channel, "status": str(c.status),
            "review_comment": c.review_comment,
            "started_at": format_rfc3339(c.started_at, c.started_offset_minutes),
            "ended_at": format_rfc3339(c.ended_at, c.ended_offset_minutes),
            "updated_at": iso(c.updated_at)}


# The contacts the phone opens for editing; their content travels in the work list, so a form
# rebuilt offline starts from what the juror typed, not from blanks that would wipe it.
EDITED_ON_THE_PHONE = (ContactStatus.AWAITING_REPLY, ContactStatus.RETURNED)


def worklist_contact(c: Contact) -> dict[str, Any]:
    """A contact in the work list: its summary, and its content while the juror edits it.

    Only those contacts read their scores and photos (loaded lazily unless the query that
    fetched the contacts loaded them beforehand)."""
    if c.status not in EDITED_ON_THE_PHONE:
        return {**contact_summary(c), "editable": None}
    scores = {s.criterion_key: s.points for s in c.scores}
    if c.status is ContactStatus.AWAITING_REPLY:
        # Stored, a criterion not scored before the reply looks like "not applicable"
        # (both NULL): left out, the phone asks for it rather than filling in N/A unseen.
        scores = {key: points for key, points in scores.items() if points is not None}
    editable = {"measurements": c.measurements or {}, "scores": scores,
                "notes": c.notes, "position": position_json(c),
                "photo_ids": [str(p.client_id) for p in c.photos]}
    return {**contact_summary(c), "editable": editable}


def assignment_json(a: Assignment, contacts: list[Contact]) -> dict[str, Any]:
    """One assignment of the work list (checked as a whole by shapes.Worklist)."""
    return {"id": a.id, "edition_id": a.edition_id, "channels": list(a.channels),
            "due_on": a.due_on.isoformat() if a.due_on else None,
            "fieldwork_from": a.edition.starts_on.isoformat(),
            "fieldwork_until": a.edition.ends_on.isoformat(),
            "participant": participant_json(a.participant),
            "contacts": [worklist_contact(c) for c in contacts]}


def photo_json(p: Photo) -> dict[str, Any]:
    return shapes.Photo(**photo_fields(p)).model_dump()


def photo_fields(p: Photo) -> dict[str, Any]:
    urls = {f"{size}_url": url_for("api.photo_file", photo_id=p.client_id, size=size)
            for size in ("thumb", "display")}
    return {"photo_id": str(p.client_id), "sha256": p.sha256, "content_type": p.content_type,
            "byte_size": p.byte_size, "width": p.width, "height": p.height,
            "captured_at": iso(p.captured_at), "latitude": p.latitude,
            "longitude": p.longitude, **urls}


def position_json(c: Contact) -> dict[str, Any] | None:
    """Where the juror was at a visit (shared with consent), or None."""
    if c.latitude is None or c.longitude is None:
        return None
    return {"latitude": c.latitude, "longitude": c.longitude,
            "accuracy_m": c.position_accuracy_m}


def contact_answer(c: Contact) -> shapes.Contact:
    """The full contact, as GET returns it and PUT answers."""
    return shapes.Contact(**contact_fields(c))


def contact_fields(c: Contact) -> dict[str, Any]:
    return {**contact_summary(c), "assignment_id": c.assignment_id,
            "participant_id": c.assignment.participant_id, "juror_id": c.juror_id,
            "received_at": iso(c.received_at), "measurements": c.measurements or {},
            "scores": {s.criterion_key: s.points for s in c.scores},
            "criteria": [{"key": s.criterion_key, "points": s.points,
                          "max_points": s.max_points, "weight": s.weight} for s in c.scores],
            "notes": c.notes, "position": position_json(c),
            "rubric_version": c.rubric_version,
            "photos": [photo_fields(p) for p in c.photos]}
