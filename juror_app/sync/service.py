"""Storing a contact PUT by a juror: the rules of sync.payload applied to the database."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, make_transient_to_detached, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from juror_app.api.responses import ApiError, invalid
from juror_app.core.extensions import db
from juror_app.core.text import N_
from juror_app.models import (
    Assignment,
    Contact,
    ContactStatus,
    CriterionScore,
    Edition,
    EditionStatus,
    User,
    record,
    utcnow,
)
from juror_app.models.locks import hold_for_update
from juror_app.rubric.scoring import criterion_results
from juror_app.sync.contract import ContactPayload
from juror_app.sync.payload import (
    Decision,
    Existing,
    canonical_payload,
    decide,
    next_status,
    payload_hash,
    rubric_errors,
    without_computed_scores,
)
from juror_app.sync.serializers import position_json
from juror_app.sync.window import time_errors

NOT_FOUND = N_("Nie znaleziono takiego kontaktu ani zadania.")
LOCKED = {
    "edition": N_("Ta edycja nie przyjmuje kontaktów (nie jest otwarta albo została zamknięta)."),
    "contact": N_("Ten kontakt został już zatwierdzony lub odrzucony i nie można go zmienić."),
}
ATTEMPTS = 3
REPLY_REQUIRED = N_("Ten kontakt wysłano już z odpowiedzią — podaj czas odpowiedzi.")


def find_contact(client_id: uuid.UUID, *, lock: bool = False, with_rubrics: bool = False
                 ) -> Contact | None:
    """The contact with what its JSON shows (assignment, scores, photos) in three reads;
    `with_rubrics` brings the task's edition and current rubric in the first one too (a
    PUT decides on them, and a resend of a stored contact then needs no read of its own)."""
    task = joinedload(Contact.assignment)
    options = [selectinload(Contact.scores), selectinload(Contact.photos)]
    if with_rubrics:  # and the participant, whose place a changed contact's flags read
        options += [task.joinedload(Assignment.edition).joinedload(Edition.newest_rubric),
                    task.joinedload(Assignment.participant)]
    else:
        options.append(task)
    query = sa.select(Contact).where(Contact.client_id == client_id).options(*options)
    query = query.with_for_update(of=Contact) if lock else query
    return db.session.scalars(query).unique().first()


# The task with its edition and current rubric in one read (the sync decides on all
# three), and its participant (whose place the new contact's flags read). Built once:
# composing it cost a fifth of running it.
TASK_FOR_SYNC = (sa.select(Assignment).where(Assignment.id == sa.bindparam("task_id"))
                 .options(joinedload(Assignment.edition).joinedload(Edition.newest_rubric),
                          joinedload(Assignment.participant)))


def find_assignment(assignment_id: int) -> Assignment | None:
    return db.session.scalars(TASK_FOR_SYNC, {"task_id": assignment_id}).first()


def own_contact(user: User, client_id: uuid.UUID) -> Contact:
    """The juror's own contact; someone else's id is 'not found', never a hint it exists."""
    contact = find_contact(client_id)
    if contact is None or contact.juror_id != user.id:
        raise ApiError(404, NOT_FOUND)
    return contact


@dataclass(frozen=True)
class Stored:
    """What a PUT did: the HTTP status and the contact as stored."""

    status: int
    contact: Contact


def put_contact(juror_id: int, client_id: uuid.UUID, payload: ContactPayload,
                before_commit: Callable[[Contact], None] = lambda contact: None,
                stored: bool = True) -> Stored:
    """Create, confirm or update the contact; `before_commit` adds to a write's transaction
    (the evidence flags, kept out of this package). `stored=False`: the caller has just
    seen no contact with this id (sync.resend), so the first attempt does not look again;
    a lost race sends the next attempt to read it."""
    for attempt in range(ATTEMPTS):
        try:
            return _attempt(juror_id, client_id, payload, before_commit,
                            look=stored or attempt > 0)
        except IntegrityError:
            # A parallel request stored the same id first: read it and decide again.
            db.session.rollback()
            current_app.logger.info("contact %s: lost a race, deciding again", client_id)
    # Transient by its own words: a 503 the phone retries, not a 409 it shows the juror.
    raise ApiError(503, N_("Ten kontakt jest właśnie zapisywany z innego połączenia. "
                           "Spróbuj ponownie."), retry_after=5)


def _attempt(juror_id: int, client_id: uuid.UUID, payload: ContactPayload,
             before_commit: Callable[[Contact], None], look: bool) -> Stored:
    # Read without a lock: an identical resend, the commonest PUT, must take none.
    contact = find_contact(client_id, with_rubrics=True) if look else None
    if contact is not None and contact.juror_id != juror_id:
        raise ApiError(404, NOT_FOUND)
    same_task = contact is not None and contact.assignment_id == payload.assignment_id
    assignment = contact.assignment if same_task else find_assignment(payload.assignment_id)
    if assignment is None or assignment.juror_id != juror_id:
        raise ApiError(404, N_("Nie znaleziono takiego zadania na Twojej liście."))
    if contact is not None and contact.assignment_id != assignment.id:
        raise invalid({"assignment_id": N_("Kontaktu nie można przenieść do innego zadania.")})
    rubric = assignment.edition.rubric
    payload = without_computed_scores(payload, rubric.data if rubric else None)
    canonical = canonical_payload(payload)
    new_hash = payload_hash(canonical)
    existing = contact and Existing(contact.payload_hash, contact.is_editable)
    closed = assignment.edition.status is not EditionStatus.OPEN
    decision = decide(existing, new_hash, edition_locked=closed)
    if decision is Decision.UPDATE:
        # Now hold the row (both databases) and decide again on what is stored at this
        # moment: a reviewer's decision in between must not be written over.
        hold_for_update(db.session, contact)
        existing = Existing(contact.payload_hash, contact.is_editable)
        decision = decide(existing, new_hash, edition_locked=closed)
    if decision is Decision.SAME:
        return Stored(200, contact)  # nothing written (the end rolls back)
    if decision is Decision.CONFLICT:
        raise ApiError(409, LOCKED["edition" if closed else "contact"])
    errors = rubric_errors(payload, assignment.channels, rubric.data if rubric else None)
    edition = assignment.edition
    errors.update(time_errors({"started_at": payload.started_at, "ended_at": payload.ended_at},
                              (edition.starts_on, edition.ends_on), utcnow()))
    status = next_status(contact and str(contact.status), payload)
    if status is None:
        errors.setdefault("ended_at", REPLY_REQUIRED)
    if errors:
        raise invalid(errors)
    if decision is Decision.CREATE:
        contact = Contact(client_id=client_id, assignment=assignment, juror_id=juror_id,
                          received_at=utcnow())
        set_committed_value(contact, "photos", [])  # none yet: nothing to load, ever
        db.session.add(contact)
    before = None if decision is Decision.CREATE else audit_state(contact)
    apply_payload(contact, payload, canonical, new_hash, rubric, new=decision is Decision.CREATE)
    contact.status = ContactStatus(status)
    # Here, not in the flags' savepoint: a parallel PUT of the same id must fail as an
    # IntegrityError that put_contact retries, not inside a step that swallows errors.
    db.session.flush()
    if decision is Decision.CREATE:
        insert_new_scores(contact)
    # The flags before the audit event: its flush takes the audit chain's head (a row lock
    # on PostgreSQL that every audited write waits for), so it comes last, just before
    # the commit, not ahead of the flags' reads.
    before_commit(contact)
    record(db.session, actor_id=juror_id, action=f"contact.{decision}", entity_type="contact",
           entity_id=client_id, before=before, after=audit_state(contact))
    commit_keeping(contact)
    return Stored(201 if decision is Decision.CREATE else 200, contact)


def commit_keeping(contact: Contact) -> None:
    """Commit without expiring what we just wrote: the answer shows it without re-reading
    the contact, its task, scores and photos (four statements on every PUT)."""
    if "photos" not in sa.inspect(contact).dict:
        set_committed_value(contact, "photos", [])  # a new contact has none yet
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def apply_payload(contact: Contact, payload: ContactPayload, canonical: dict, new_hash: str,
                  rubric, *, new: bool = False) -> None:
    """Copy the checked payload onto the contact and recompute its criterion scores."""
    started, ended = payload.started_at, payload.ended_at
    contact.channel = payload.channel
    contact.started_at, contact.started_offset_minutes = started.utc, started.offset_minutes
    contact.ended_at = ended.utc if ended else None
    contact.ended_offset_minutes = ended.offset_minutes if ended else None
    contact.measurements = canonical["measurements"]
    contact.notes = canonical["notes"]
    apply_position(contact, canonical.get("position"))
    contact.payload_hash = new_hash
    contact.rubric_version = rubric.version if rubric else None
    contact.updated_at = utcnow()
    spec = rubric.data["channels"][contact.channel]
    results = criterion_results(spec, canonical["scores"], canonical["measurements"])
    rows = [CriterionScore(criterion_key=r.key, points=r.points, max_points=r.max_points,
                           weight=r.weight) for r in results]
    if new:  # no rows to replace: they go in after the contact's INSERT (insert_new_scores)
        set_committed_value(contact, "scores", rows)
        return
    contact.scores.clear()
    db.session.flush()  # delete the old rows before inserting new ones (unique key)
    contact.scores.extend(rows)


SCORES = CriterionScore.__table__
# Built once; SQLAlchemy sends the rows as one multi-row INSERT … RETURNING
# ("insertmanyvalues"), in no promised order: each id comes back with its key.
INSERT_SCORES = sa.insert(SCORES).returning(SCORES.c.id, SCORES.c.criterion_key)


def insert_new_scores(contact: Contact) -> None:
    """A new contact's criterion rows in one INSERT, past the unit of work.

    Why: as ORM objects SQLite gets one INSERT … RETURNING per row (the ORM needs each id
    and SQLite cannot promise RETURNING's order in a batch), a fifth of a new PUT's time.
    Here the ids come back with their criterion keys, so order does not matter, and the
    rows then join the session as loaded ones: the collection, the answer and the audit
    see them as before, a later change in the session replaces them as usual, and
    `Contact.score` was kept from them at the flush (a submitted contact's rows count in no
    kept total: juror_app.models.derived)."""
    rows = {s.criterion_key: s for s in contact.scores}
    if not rows:
        return
    values = [{"contact_id": contact.id, "criterion_key": s.criterion_key, "points": s.points,
               "max_points": s.max_points, "weight": s.weight} for s in rows.values()]
    for row_id, key in db.session.connection().execute(INSERT_SCORES, values):
        score = rows[key]
        score.id, score.contact_id = row_id, contact.id
        make_transient_to_detached(score)
        db.session.add(score)


def apply_position(contact: Contact, position: dict[str, Any] | None) -> None:
    """The visit's position (None clears it: the juror withdrew it or never shared it)."""
    position = position or {}
    contact.latitude, contact.longitude = position.get("latitude"), position.get("longitude")
    contact.position_accuracy_m = position.get("accuracy_m")


def audit_state(contact: Contact) -> dict[str, Any]:
    """What the audit trail keeps of a contact: enough to see what a change changed."""
    return {"channel": contact.channel, "status": str(contact.status),
            "started_at": contact.started_at.isoformat() if contact.started_at else None,
            "ended_at": contact.ended_at.isoformat() if contact.ended_at else None,
            "measurements": contact.measurements, "notes": contact.notes,
            "scores": {s.criterion_key: s.points for s in contact.scores},
            "position": position_json(contact), "payload_hash": contact.payload_hash}
