"""What makes the demo tell the truth: a review trail per contact, real photos, a laureate.

Each contact's audit trail matches its status (sent by the juror; approved or returned by
the coordinator; one returned contact corrected and sent again, so the contact page can
show what the juror changed), a few visits carry photos drawn with Pillow and stored
through the real evidence pipeline, and one participant earns the Quality Licence.
"""
from __future__ import annotations

import io
import uuid
from datetime import timedelta

from PIL import Image, ImageDraw

from juror_app.core.extensions import db
from juror_app.evidence import service as evidence
from juror_app.evidence.pipeline import process
from juror_app.models import Contact, ContactStatus, User, record
from juror_app.sync.service import audit_state

PHOTOS = 3  # visits that get a photo of the office's signboard


def _event(contact: Contact, actor: User, action: str, at, before=None, after=None,
           entity_id=None) -> None:
    event = record(db.session, actor_id=actor.id, action=action, entity_type="contact",
                   entity_id=entity_id or contact.id, before=before, after=after)
    event.at = at  # when it happened in the story, not when the demo was loaded


def review_trail(contacts: list[Contact], coordinator: User) -> None:
    """Audit events consistent with each contact's status (contacts must have ids)."""
    returned = [c for c in contacts if c.status == ContactStatus.RETURNED]
    corrected = returned[-1] if len(returned) > 1 else None  # juror1 keeps one to fix
    for c in contacts:
        sent = audit_state(c)
        _event(c, c.juror, "contact.create", c.received_at, after=sent,
               entity_id=c.client_id)
        decided = c.received_at + timedelta(days=1)
        if c.status == ContactStatus.APPROVED:
            _event(c, coordinator, "contact.approve", decided,
                   before={"status": "submitted", "review_comment": ""},
                   after={"status": "approved", "review_comment": ""})
        elif c.status == ContactStatus.RETURNED:
            _event(c, coordinator, "contact.return", decided,
                   before={"status": "submitted", "review_comment": ""},
                   after={"status": "returned", "review_comment": c.review_comment})
            if c is corrected:  # the last juror already fixed theirs: round 2 waits
                before = {**audit_state(c), "status": "returned"}
                c.notes += " Uzupełniono po uwagach koordynatora."
                c.status = ContactStatus.RESUBMITTED
                _event(c, c.juror, "contact.update", decided + timedelta(hours=5),
                       before=before, after=audit_state(c), entity_id=c.client_id)


def signboard(text: str, seed: int) -> bytes:
    """A plausible photo: an office's signboard on a wall, as a JPEG."""
    image = Image.new("RGB", (1200, 900), (150 + seed % 60, 140, 120))
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 250, 1050, 650), fill=(30, 70, 140), outline=(240, 240, 240), width=12)
    draw.text((200, 420), text[:40], fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def photos(contacts: list[Contact]) -> int:
    """Photos for a few visits, through the evidence pipeline (each stored and committed)."""
    visits = [c for c in contacts if c.channel == "visit"][:PHOTOS]
    for n, contact in enumerate(visits):
        data = signboard(contact.assignment.participant.name, n)
        evidence.store(contact.juror, contact, uuid.uuid5(contact.client_id, "photo"),
                       process(data, evidence.limits()), history=True)
    return len(visits)
