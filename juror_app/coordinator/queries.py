"""Database look-ups for the coordinator's pages."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from juror_app.coordinator.participant_fields import same_participant_key
from juror_app.core.extensions import db
from juror_app.core.text import fold
from juror_app.models import (
    Assignment,
    Category,
    ConflictOfInterest,
    Contact,
    Edition,
    Participant,
    Role,
    User,
    totals,
)


def get_or_404(model, ident: int):
    """The row with this id, or a 404 page."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def in_edition_or_404(model, ident: int, edition: Edition):
    """A row that must belong to the edition in the URL."""
    obj = get_or_404(model, ident)
    if obj.edition_id != edition.id:
        abort(404)
    return obj


def edition_counts() -> list[tuple[Edition, dict[str, int]]]:
    """Each edition (newest first) with its participant, juror, assignment, contact counts."""
    def grouped(column, *, distinct=None, where=None):
        query = sa.select(column, sa.func.count(sa.distinct(distinct)) if distinct is not None
                          else sa.func.count()).group_by(column)
        if where is not None:
            query = query.where(where)
        return dict(db.session.execute(query).all())

    counts = {
        "participants": grouped(Participant.edition_id, where=Participant.archived.is_(False)),
        "jurors": grouped(Assignment.edition_id, distinct=Assignment.juror_id),
        "assignments": grouped(Assignment.edition_id),
        "contacts": totals.contacts_per_edition(db.session),
        "waiting": totals.contacts_per_edition(db.session, waiting_only=True),
    }
    editions = db.session.scalars(
        sa.select(Edition).order_by(Edition.year.desc(), Edition.id.desc())).all()
    return [(e, {k: int(v.get(e.id, 0)) for k, v in counts.items()}) for e in editions]


def existing_participant_keys(edition: Edition) -> set[tuple[str, str]]:
    rows = db.session.execute(
        sa.select(Participant.name, Participant.city).where(Participant.edition_id == edition.id))
    return {same_participant_key(name, city) for name, city in rows}


def is_duplicate_participant(edition: Edition, name: str, city: str, *, exclude=None) -> bool:
    """Whether another participant of the edition has this name and city."""
    # Compared in Python as the CSV import does: SQL lower() folds only ASCII ("Ł" ≠ "ł").
    query = sa.select(Participant.name, Participant.city).where(
        Participant.edition_id == edition.id)
    if exclude is not None and exclude.id is not None:
        query = query.where(Participant.id != exclude.id)
    key = same_participant_key(name, city)
    return any(same_participant_key(*row) == key for row in db.session.execute(query))


def search_participants(edition: Edition, q: str = "", category: str = "",
                        archived: bool = False, page: int = 1, per_page: int = 100):
    """One page of participants by name/city fragment and category; archived if asked."""
    # Paged: 2,000 rows on one page take ~20× as long as 100 (bench/bench_coordinator.py).
    query = sa.select(Participant).where(Participant.edition_id == edition.id)
    if not archived:
        query = query.where(Participant.archived.is_(False))
    if fold(q):
        # autoescape: a typed "%" or "_" is a character, not a wildcard.
        query = query.where(Participant.search_text.contains(fold(q), autoescape=True))
    if category in {c.value for c in Category}:
        query = query.where(Participant.category == Category(category))
    query = query.order_by(Participant.name, Participant.city, Participant.id)
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    if not result.items and result.total and page > result.pages:
        # A stale link past the end (rows were archived meanwhile): show the last page.
        result = db.paginate(query, page=result.pages, per_page=per_page, error_out=False)
    return result


def jurors_with_counts() -> list[tuple[User, int]]:
    """Every juror with the number of assignments (over all editions)."""
    count = sa.func.count(Assignment.id)
    query = (sa.select(User, count).outerjoin(Assignment, Assignment.juror_id == User.id)
             .where(User.role == Role.JUROR).group_by(User.id)
             .order_by(User.active.desc(), User.name))
    return list(db.session.execute(query))


def contact_counts(assignment_ids: list[int]) -> dict[int, int]:
    if not assignment_ids:
        return {}
    query = (sa.select(Contact.assignment_id, sa.func.count()).group_by(Contact.assignment_id)
             .where(Contact.assignment_id.in_(assignment_ids)))
    return dict(db.session.execute(query).all())


def conflict_for(juror_id: int, participant_id: int) -> ConflictOfInterest | None:
    return db.session.scalar(sa.select(ConflictOfInterest).where(
        ConflictOfInterest.juror_id == juror_id,
        ConflictOfInterest.participant_id == participant_id))


def conflicted_pairs(edition: Edition) -> set[tuple[int, int]]:
    """(juror, participant) pairs of the edition with a declared conflict of interest."""
    query = (sa.select(ConflictOfInterest.juror_id, ConflictOfInterest.participant_id)
             .join(Participant).where(Participant.edition_id == edition.id))
    return {(juror_id, participant_id) for juror_id, participant_id in db.session.execute(query)}
