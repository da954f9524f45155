"""Values kept in step with the rows they derive from, on every ORM flush.

- `Contact.score`: step 1 of the ranking's method (juror_app.rubric.scoring.contact_share)
  over the contact's criterion rows, recomputed whenever those rows change, so the
  ranking aggregates one number per contact instead of every criterion row.
- `Edition.results_version`: a new random token when anything the ranking shows may have
  changed — a contact entering or leaving `approved` (or an approved contact's score), a rubric, a
  distinction, a participant, an assignment or the edition itself — so a cached ranking
  is keyed by it and never stale. Set by one UPDATE per flush, after the flush, only for
  those (rare, coordinator) changes: a juror's contact PUT never touches it.
- The kept counts (juror_app.models.totals): each contact counted into its task × channel
  × status, and each approved one's score into its participant × channel, by the change's
  delta after the flush (after the version's UPDATE, which locks the edition's row when the
  results change).

A bulk `session.execute(sa.update(Contact)…)` (or delete, or insert) of any of those
tables renews the version of every edition, as we cannot tell which it touched, and
recounts the totals after it ran — unless it says it counted them itself (execution option
`totals_kept`, the review decision's conditional UPDATE: `count_decision`). Only a
statement sent past the session (`engine.connect()`) goes unseen: call totals.rebuild.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session, object_session

from juror_app.models import totals
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
DELTAS = "results_total_deltas"  # {edition_id: totals.Change}
RECOUNT = "results_total_recount"  # editions whose totals are rebuilt after the flush


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


def _assignment(contact: Contact) -> Assignment | None:
    """The contact's task, also when only its id was set (not loaded on a new object)."""
    if contact.assignment is not None or contact.assignment_id is None:
        return contact.assignment
    return object_session(contact).get(Assignment, contact.assignment_id)


def _edition_id(obj) -> int | None:
    """The edition of a row, also when it was linked by relationship and not flushed yet."""
    if isinstance(obj, Contact):
        assignment = _assignment(obj)
        return _edition_id(assignment) if assignment is not None else None
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
        if isinstance(obj, Contact):
            if _contact_touches_results(obj, obj in removed):
                editions.add(_edition_id(obj))
            if obj in removed or _changed(obj, "status", "score", "channel", "assignment_id"):
                _count_change(session, obj, obj in removed)
        elif obj in removed and isinstance(obj, (Participant, Assignment)) or isinstance(
                obj, Assignment) and _moved(obj):
            # Contacts move or go with it: count that edition afresh after the flush.
            session.info.setdefault(RECOUNT, set()).add(_edition_id(obj))
    editions.discard(None)


def _moved(assignment: Assignment) -> bool:
    return not sa.inspect(assignment).pending and _changed(assignment, "participant_id")


def _before(session: Session, contact: Contact) -> tuple:
    """Status, channel and score as the database holds them before this flush (read from
    it when a value was set on an expired object, so its old value was never loaded)."""
    values = []
    for name in ("status", "channel", "score"):
        history = sa.inspect(contact).attrs[name].history
        if history.added and not history.deleted:
            return tuple(session.execute(sa.select(Contact.status, Contact.channel,
                                                   Contact.score)
                                         .where(Contact.id == contact.id)).one())
        values.append(history.deleted[0] if history.deleted else getattr(contact, name))
    return tuple(values)


def _count_change(session: Session, contact: Contact, deleted: bool) -> None:
    """The contact's change to the kept counts (juror_app.models.totals), as a delta."""
    edition_id = _edition_id(contact)
    participant_id = _assignment(contact).participant_id
    recount = session.info.setdefault(RECOUNT, set())
    if edition_id is None or participant_id is None:  # created with its task in one flush
        recount.add(None)
        return
    if not sa.inspect(contact).pending and _changed(contact, "assignment_id"):
        recount.add(edition_id)  # moved to another task (never done by the app itself)
        return
    change = session.info.setdefault(DELTAS, {}).setdefault(edition_id, totals.Change())
    task = contact.assignment_id or _assignment(contact).id
    if not sa.inspect(contact).pending:
        status, channel, score = _before(session, contact)
        change.count(task, channel, status, -1)
        if status == ContactStatus.APPROVED:
            change.score(participant_id, channel, score, -1)
    if not deleted:
        change.count(task, contact.channel, contact.status, +1)
        if contact.status == ContactStatus.APPROVED:
            change.score(participant_id, contact.channel, contact.score, +1)


def count_decision(session: Session, contact: Contact, before: ContactStatus,
                   after: ContactStatus) -> None:
    """A review decision's delta (its conditional UPDATE passes the flush by)."""
    change = totals.Change()
    participant_id = _assignment(contact).participant_id
    change.count(contact.assignment_id, contact.channel, before, -1)
    change.count(contact.assignment_id, contact.channel, after, +1)
    if before == ContactStatus.APPROVED:
        change.score(participant_id, contact.channel, contact.score, -1)
    if after == ContactStatus.APPROVED:
        change.score(participant_id, contact.channel, contact.score, +1)
    totals.apply(session.connection(), _edition_id(contact), change)


@sa.event.listens_for(Session, "after_flush")
def _renew_versions(session: Session, flush_context) -> None:
    editions = session.info.pop(PENDING, None)
    deltas = session.info.pop(DELTAS, {})
    recount = session.info.pop(RECOUNT, set())  # None in it: every edition
    if editions:
        touch_results(session, editions)  # first: it locks the editions' rows
    if recount:
        totals.rebuild(session.connection(), None if None in recount else recount)
    for edition_id, change in deltas.items():
        if None not in recount and edition_id not in recount:
            totals.apply(session.connection(), edition_id, change)


RESULT_TABLES = (Contact, CriterionScore, Participant, Assignment, Rubric, Distinction, Edition)


@sa.event.listens_for(Session, "do_orm_execute")
def _bulk_statements(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is None or not issubclass(mapper.class_, RESULT_TABLES):
        return None
    table = Edition.__table__
    state.session.connection().execute(
        sa.update(table).values(results_version=new_results_version()))
    if state.execution_options.get("totals_kept") or not issubclass(
            mapper.class_, (Contact, CriterionScore, Participant, Assignment)):
        return None
    result = state.invoke_statement()  # the statement first, then the recount sees it
    totals.rebuild(state.session.connection())
    return result


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


@sa.event.listens_for(Session, "after_soft_rollback")
def _forget_failed_flush(session: Session, previous_transaction) -> None:
    """A flush that failed after before_flush leaves its deltas behind: never apply them."""
    for key in (PENDING, DELTAS, RECOUNT):
        session.info.pop(key, None)
