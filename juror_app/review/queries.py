"""Database reads of the review area: the filtered queue and a contact's evidence."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from juror_app.core.extensions import db
from juror_app.models import (
    EDITABLE_STATUSES,
    Assignment,
    AuditEvent,
    Contact,
    Edition,
    Participant,
    Photo,
    User,
)
from juror_app.review.rules import REVIEWABLE

PER_PAGE = 25


def today_in_warsaw() -> date:
    """Due dates are Polish calendar days, whatever the server's zone."""
    return datetime.now(ZoneInfo("Europe/Warsaw")).date()


def newest_edition_id() -> int | None:
    return db.session.scalar(
        sa.select(Edition.id).order_by(Edition.year.desc(), Edition.id.desc()).limit(1)
    )


def queue_select(filters: dict[str, Any], today: date) -> sa.Select:
    """Contacts matching the queue's filters, oldest receipt first (first in, first out)."""
    query = (
        sa.select(Contact)
        .join(Contact.assignment)
        .join(Assignment.participant)
        .options(
            joinedload(Contact.assignment).joinedload(Assignment.participant),
            joinedload(Contact.juror),
        )
        .order_by(Contact.received_at, Contact.id)
    )
    if filters.get("edition"):
        query = query.where(Assignment.edition_id == filters["edition"])
    if filters.get("category"):
        query = query.where(Participant.category == filters["category"])
    if filters.get("participant"):
        query = query.where(Assignment.participant_id == filters["participant"])
    if filters.get("juror"):
        query = query.where(Contact.juror_id == filters["juror"])
    if filters.get("channel"):
        query = query.where(Contact.channel == filters["channel"])
    status = filters.get("status") or "waiting"
    if status == "waiting":
        query = query.where(Contact.status.in_(sorted(REVIEWABLE)))
    elif status != "all":
        query = query.where(Contact.status == status)
    if filters.get("overdue"):
        # Past the task's due date and not yet settled: these hold up the results.
        query = query.where(Assignment.due_on < today, Contact.status.in_(EDITABLE_STATUSES))
    return query


def queue_page(filters: dict[str, Any], page: int, today: date):
    """One page of the queue (Flask-SQLAlchemy Pagination) and photo counts per contact."""
    pagination = db.paginate(
        queue_select(filters, today), page=page, per_page=PER_PAGE, error_out=False
    )
    ids = [c.id for c in pagination.items]
    counts = dict(
        db.session.execute(
            sa.select(Photo.contact_id, sa.func.count(Photo.id))
            .where(Photo.contact_id.in_(ids))
            .group_by(Photo.contact_id)
        ).all()
    ) if ids else {}
    return pagination, counts


def load_contact(contact_id: int) -> Contact | None:
    """A contact with everything its review page shows, in a handful of queries."""
    return db.session.scalar(
        sa.select(Contact)
        .where(Contact.id == contact_id)
        .options(
            joinedload(Contact.assignment).joinedload(Assignment.participant),
            joinedload(Contact.assignment).joinedload(Assignment.edition),
            joinedload(Contact.juror),
            selectinload(Contact.scores),
            selectinload(Contact.photos),
        )
    )


def contact_events(contact: Contact) -> list[tuple[AuditEvent, User | None]]:
    """The contact's audit trail with its photos' events, oldest first, with each author."""
    # The sync API may name a contact by its phone-made UUID, the review by its id;
    # a photo's event names the photo by its phone-made UUID (see api/photo_service).
    keys = [str(contact.id), str(contact.client_id)]
    photo_keys = [str(p.client_id) for p in contact.photos]
    about = sa.and_(AuditEvent.entity_type == "contact", AuditEvent.entity_id.in_(keys))
    if photo_keys:
        about = sa.or_(about, sa.and_(AuditEvent.entity_type == "photo",
                                      AuditEvent.entity_id.in_(photo_keys)))
    rows = db.session.execute(
        sa.select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(about)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    return [(event, user) for event, user in rows]
