"""Database reads of the review area: the filtered queue and a contact's evidence."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
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
from juror_app.models.evidence import WAITING_SQL
from juror_app.review.paging import PER_PAGE, QueuePage, QueuePosition

# Counting stops here: "10 000+" is as useful to a reviewer as the exact figure, and a
# count of every waiting contact of a season would cost more than the page itself.
COUNT_CAP = 10_000
# Spelt as the partial index ix_contact_waiting says it, so the planners walk that index.
WAITING = sa.text(f"contact.{WAITING_SQL}")


def today_in_warsaw() -> date:
    """Due dates are Polish calendar days, whatever the server's zone."""
    return datetime.now(ZoneInfo("Europe/Warsaw")).date()


def newest_edition_id() -> int | None:
    return db.session.scalar(
        sa.select(Edition.id).order_by(Edition.year.desc(), Edition.id.desc()).limit(1)
    )


def with_task(query: sa.Select) -> sa.Select:
    """Contacts joined to their assignment, the contacts read first.

    `+ 0` keeps SQLite from starting at the edition's assignments and sorting every
    contact it finds through them (it knows no better without ANALYZE statistics): it walks
    the queue's index in order and looks each task up by its key instead.
    """
    return query.join(Assignment, Assignment.id == Contact.assignment_id + 0)


def queue_filter(query: sa.Select, filters: dict[str, Any], today: date) -> sa.Select:
    """The queue's filters on a select of contacts joined to their assignment."""
    if filters.get("edition"):
        query = query.where(Assignment.edition_id == filters["edition"])
    if filters.get("category"):
        # A subquery, not a join: a join lets SQLite start from the participants again.
        query = query.where(Assignment.participant_id.in_(sa.select(Participant.id).where(
            Participant.category == filters["category"])))
    if filters.get("participant"):
        query = query.where(Assignment.participant_id == filters["participant"])
    if filters.get("juror"):
        query = query.where(Contact.juror_id == filters["juror"])
    if filters.get("juror_name"):
        # lower() folds ASCII only in SQLite; jurors are found by name or e-mail fragment.
        text = filters["juror_name"].strip().lower()
        query = query.where(Contact.juror_id.in_(sa.select(User.id).where(sa.or_(
            sa.func.lower(User.name).contains(text, autoescape=True),
            sa.func.lower(User.email).contains(text, autoescape=True)))))
    if filters.get("channel"):
        query = query.where(Contact.channel == filters["channel"])
    status = filters.get("status") or "waiting"
    if status == "waiting":
        query = query.where(WAITING)
    elif status != "all":
        query = query.where(Contact.status == status)
    if filters.get("flagged"):
        query = query.where(Contact.flag_count > 0)
    if filters.get("flag"):
        query = query.where(Contact.flag_count > 0, has_flag(filters["flag"]))
    if filters.get("overdue"):
        # Past the task's due date and not yet settled: these hold up the results.
        query = query.where(Assignment.due_on < today, Contact.status.in_(EDITABLE_STATUSES))
    return query


def has_flag(code: str) -> sa.ColumnElement[bool]:
    """The contact's stored flags ([{code, text, params}], a JSON array) hold one of this kind.

    Each database looks inside JSON its own way, with the same answer: PostgreSQL asks
    whether the array contains an object with this code (a jsonb containment, which is
    false rather than an error for a NULL or a non-array), SQLite whether any element's
    code is this one (json_each, which yields no row for NULL).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        wanted = sa.literal([{"code": code}], JSONB)
        return sa.cast(Contact.flags, JSONB).op("@>")(wanted)
    element = sa.func.json_each(Contact.flags).table_valued("value").alias("flag")
    return sa.exists(sa.select(1).select_from(element)
                     .where(sa.func.json_extract(element.c.value, "$.code") == code))


def queue_select(filters: dict[str, Any], today: date) -> sa.Select:
    """Contacts matching the queue's filters, oldest receipt first (first in, first out)."""
    return (
        queue_filter(with_task(sa.select(Contact)), filters, today)
        .options(
            joinedload(Contact.assignment).joinedload(Assignment.participant),
            joinedload(Contact.juror),
        )
        .order_by(Contact.received_at, Contact.id)
    )


def queue_count(filters: dict[str, Any], today: date) -> int:
    """How many contacts match, counted up to COUNT_CAP + 1 (ids only, no eager loads).

    Waiting contacts are counted along their (covering) index; any other status from the
    tasks' side, through the contact's task index.
    """
    waiting = (filters.get("status") or "waiting") == "waiting"
    ids = sa.select(Contact.id)
    ids = with_task(ids) if waiting else ids.join(Contact.assignment)
    ids = queue_filter(ids, filters, today)
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(ids.limit(COUNT_CAP + 1).subquery()))


def queue_page(filters: dict[str, Any], position: QueuePosition, today: date):
    """One page of the queue and photo counts per contact: four queries at most."""
    total = queue_count(filters, today)
    items = page_items(queue_select(filters, today), position)
    pagination = QueuePage(items, position.page, min(total, COUNT_CAP), total > COUNT_CAP)
    ids = [c.id for c in pagination.items]
    counts = dict(
        db.session.execute(
            sa.select(Photo.contact_id, sa.func.count(Photo.id))
            .where(Photo.contact_id.in_(ids))
            .group_by(Photo.contact_id)
        ).all()
    ) if ids else {}
    return pagination, counts


def page_items(query: sa.Select, position: QueuePosition) -> list[Contact]:
    """The page's contacts: sought from the contact the link names, along the queue's
    order (its index); by OFFSET only for a bare page number or a contact gone since."""
    anchor_id = position.after or position.before
    anchor = anchor_id and db.session.execute(
        sa.select(Contact.received_at, Contact.id).where(Contact.id == anchor_id)).first()
    if not anchor:
        return list(db.session.scalars(query.limit(PER_PAGE).offset(position.offset)))
    place = sa.tuple_(Contact.received_at, Contact.id)
    if position.after:
        return list(db.session.scalars(query.where(place > tuple(anchor)).limit(PER_PAGE)))
    backwards = (query.where(place < tuple(anchor)).order_by(None)
                 .order_by(Contact.received_at.desc(), Contact.id.desc()).limit(PER_PAGE))
    return list(reversed(db.session.scalars(backwards).all()))


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
