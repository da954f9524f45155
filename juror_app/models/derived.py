"""Values kept in step with the rows they derive from, on every ORM flush.

- `Contact.score`: step 1 of the ranking's method (juror_app.rubric.scoring.contact_share)
  over the contact's criterion rows, recomputed whenever those rows change, so the
  ranking aggregates one number per contact instead of every criterion row.
- `Edition.results_version`: a new random token when anything the ranking shows may have
  changed — a contact entering or leaving `approved` (or an approved contact's score), a rubric, a
  distinction, a participant, an assignment or the edition itself — so a cached ranking
  is keyed by it and never stale. Set by one UPDATE per flush, after the flush, only for
  those (rare, coordinator) changes: a juror's contact PUT never touches it.

A bulk `session.execute(sa.update(Contact)…)` (or delete, or insert) of any of those
tables renews the version of every edition, as we cannot tell which it touched; only a
statement sent past the session (`engine.connect()`) goes unseen.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.models.contest import (
    Assignment,
    Distinction,
    Edition,
    Participant,
    Rubric,
    new_results_version,
)
from juror_app.models.evidence import Contact, ContactStatus, CriterionScore
from juror_app.rubric.scoring import CriterionResult, contact_share

PENDING = "results_changed_editions"


def score_of(rows: Iterable[CriterionScore]) -> float | None:
    return contact_share([CriterionResult(r.criterion_key, r.points, r.max_points, r.weight)
                          for r in rows])


def _changed(obj, *names: str) -> bool:
    state = sa.inspect(obj)
    return state.pending or any(state.attrs[n].history.has_changes() for n in names)


def _contact_touches_results(contact: Contact, deleted: bool) -> bool:
    """Whether the contact enters or leaves the approved set, or changes inside it."""
    state = sa.inspect(contact)
    if state.pending:
        # A juror's new contact arrives submitted: outside the ranking until approved. Only
        # one created approved (demo data, tests) is in it from the start.
        return contact.status == ContactStatus.APPROVED
    status = state.attrs.status.history
    if status.has_changes() and not deleted:
        # Set on an expired object the old value is unknown: count it as a change.
        return not status.deleted or ContactStatus.APPROVED in (*status.added, *status.deleted)
    if deleted or _changed(contact, "score", "assignment_id", "channel"):
        return contact.status == ContactStatus.APPROVED
    return False


def _edition_id(obj) -> int | None:
    """The edition of a row, also when it was linked by relationship and not flushed yet."""
    if isinstance(obj, Contact):
        return _edition_id(obj.assignment) if obj.assignment is not None else None
    if isinstance(obj, Distinction):
        return obj.edition_id
    edition = getattr(obj, "edition", None)
    return obj.edition_id or (edition.id if edition is not None else None)


@sa.event.listens_for(Session, "before_flush")
def _keep_derived(session: Session, flush_context, instances) -> None:
    removed = set(session.deleted)
    contacts: set[Contact] = set()
    editions: set[int] = session.info.setdefault(PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, CriterionScore) and obj.contact is not None:
            contacts.add(obj.contact)
        elif isinstance(obj, Contact) and obj not in removed and _changed(obj, "scores"):
            contacts.add(obj)
        elif isinstance(obj, (Rubric, Distinction, Participant, Assignment)):
            editions.add(_edition_id(obj))
        elif isinstance(obj, Edition) and obj.id is not None and _changed(
                obj, "licence_threshold", "status", "name"):
            editions.add(obj.id)
    for contact in contacts - removed:
        score = score_of(r for r in contact.scores if r not in removed)
        if score != contact.score:
            contact.score = score
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Contact) and _contact_touches_results(obj, obj in removed):
            editions.add(_edition_id(obj))
    editions.discard(None)


@sa.event.listens_for(Session, "after_flush")
def _renew_versions(session: Session, flush_context) -> None:
    editions = session.info.pop(PENDING, None)
    if editions:
        touch_results(session, editions)


RESULT_TABLES = (Contact, CriterionScore, Participant, Assignment, Rubric, Distinction, Edition)


@sa.event.listens_for(Session, "do_orm_execute")
def _bulk_statements(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, RESULT_TABLES):
        table = Edition.__table__
        state.session.connection().execute(
            sa.update(table).values(results_version=new_results_version()))


def touch_results(session: Session, edition_ids: Iterable[int]) -> None:
    """Mark the editions' rankings changed (inside the caller's transaction)."""
    table = Edition.__table__
    session.connection().execute(
        sa.update(table).where(table.c.id.in_(sorted(set(edition_ids))))
        .values(results_version=new_results_version()))


FILL_SCORES = """
UPDATE contact SET score = (
    SELECT 100.0 * sum(points * weight)
           / nullif(sum(CASE WHEN points IS NOT NULL THEN max_points * weight END), 0.0)
    FROM criterion_score WHERE criterion_score.contact_id = contact.id)
"""


def fill_contact_scores(connection: sa.Connection) -> None:
    """Step 1 in SQL for rows written past the ORM (bulk loads); same formula as score_of."""
    connection.execute(sa.text(FILL_SCORES))
