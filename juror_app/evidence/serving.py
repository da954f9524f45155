"""Serving photo derivatives to the people allowed to see them (pages and API alike)."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import current_app, send_file

from juror_app.core.extensions import db
from juror_app.evidence.storage import SIZES, path_for
from juror_app.models import Photo, Role, User

REVIEWERS = (Role.COORDINATOR, Role.EXPERT, Role.ADMIN)


def visible_photo(user: User | None, photo_id: uuid.UUID) -> Photo | None:
    """The photo if this user may see it: its juror, coordinators, experts, admins."""
    photo = db.session.scalar(sa.select(Photo).where(Photo.client_id == photo_id))
    if photo is None or user is None:
        return None
    if user.role in REVIEWERS or photo.contact.juror_id == user.id:
        return photo
    return None


def photo_response(user: User | None, photo_id: uuid.UUID, size: str):
    """The derivative as a private, cacheable JPEG; 404 for anyone not allowed to see it."""
    photo = visible_photo(user, photo_id) if size in SIZES else None
    if photo is None:
        return None
    path = path_for(current_app.config["MEDIA_DIR"], photo.storage_key, size)
    if not path.is_file():
        current_app.logger.error("photo file missing: %s", path)
        return None
    response = send_file(path, mimetype="image/jpeg", conditional=True, max_age=86400)
    # Evidence may sit in the phone's cache, never in a shared proxy's.
    response.cache_control.public = False
    response.cache_control.private = True
    return response
