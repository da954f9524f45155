"""Review tests' helpers: a photo on a contact, and posting a decision as the contact page
does — with the version it showed."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact, Photo
from juror_app.review.rules import seen_version


def add_photo(contact, **fields) -> Photo:
    """A stored photo row (no file): what the queue counts and the contact page lists."""
    values = {"client_id": uuid.uuid4(), "contact": contact, "sha256": "0" * 64,
              "content_type": "image/jpeg", "byte_size": 1000, "width": 640, "height": 480,
              "storage_key": f"x/{uuid.uuid4()}"}
    values.update(fields)
    photo = Photo(**values)
    db.session.add(photo)
    db.session.commit()
    return photo


def shown_version(contact) -> str:
    """The version the contact page shows now (review.rules.seen_version), from the database."""
    contact_id = getattr(contact, "id", contact)
    payload_hash = db.session.scalar(sa.select(Contact.payload_hash)
                                     .where(Contact.id == contact_id))
    photo_ids = db.session.scalars(sa.select(Photo.id).where(Photo.contact_id == contact_id))
    return seen_version(payload_hash, photo_ids)


def decision_form(contact, **fields) -> dict:
    """The decision form's data: the given fields plus the version a reviewer is shown.

    client.post(f"/review/contacts/{c.id}/approve", data=decision_form(c, comment="…"))
    """
    return {"version": shown_version(contact), **fields}
