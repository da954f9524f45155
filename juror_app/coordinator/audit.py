"""Audit events for the coordinator's changes, with JSON-safe before/after snapshots."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_login import current_user

from juror_app.core.extensions import db
from juror_app.models import record

# Never copied into the audit trail.
SECRET_COLUMNS = {"password_hash", "token_hash"}


def snapshot(obj) -> dict[str, Any]:
    """The object's columns as plain JSON values."""
    values = {}
    for column in sa.inspect(obj).mapper.column_attrs:
        if column.key in SECRET_COLUMNS:
            continue
        values[column.key] = _plain(getattr(obj, column.key))
    return values


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def audit(action: str, obj, before: dict | None = None, *, deleted: bool = False) -> None:
    """Record what the signed-in coordinator did to obj; flushes so a new obj has its id."""
    db.session.flush()
    record(
        db.session,
        actor_id=current_user.id,
        action=action,
        entity_type=obj.__tablename__,
        entity_id=obj.id,
        before=before,
        after=None if deleted else snapshot(obj),
    )
