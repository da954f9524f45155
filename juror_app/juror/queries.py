"""Reading a juror's own assignments and contacts (always filtered by the juror)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload

from juror_app.core.extensions import db
from juror_app.juror.progress import ChannelProgress, channel_progress, days_left, is_overdue
from juror_app.models import (
    Assignment,
    ConflictOfInterest,
    Contact,
    ContactStatus,
    Edition,
    EditionStatus,
    Participant,
)


@dataclass
class AssignmentView:
    """An assignment with everything the juror's pages show about it."""

    assignment: Assignment
    progress: list[ChannelProgress]
    contacts: list[Contact]
    days_left: int | None
    overdue: bool
    conflict: ConflictOfInterest | None

    @property
    def returned(self) -> list[Contact]:
        return [c for c in self.contacts if c.status == ContactStatus.RETURNED]


def my_assignments(juror_id: int, today: date) -> list[AssignmentView]:
    """The juror's assignments in open editions, soonest due first (no date last)."""
    assignments = db.session.scalars(
        sa.select(Assignment)
        .join(Assignment.edition)
        .join(Assignment.participant)
        .where(
            Assignment.juror_id == juror_id,
            Edition.status == EditionStatus.OPEN,
            Participant.archived.is_(False),
        )
        .options(joinedload(Assignment.participant))
        .order_by(Assignment.due_on.is_(None), Assignment.due_on, Participant.name)
    ).all()
    return _with_details(juror_id, assignments, today)


@dataclass
class ClosedEditionView:
    """A frozen or published edition the juror had tasks in, with the contacts left
    unfinished there (waiting for a reply, returned): they can no longer be completed."""

    edition: Edition
    unfinished: list[Contact]


CLOSED = (EditionStatus.FROZEN, EditionStatus.PUBLISHED)
UNFINISHED = (ContactStatus.AWAITING_REPLY, ContactStatus.RETURNED)


def my_closed_editions(juror_id: int, any_open: bool) -> list[ClosedEditionView]:
    """The closed editions worth a word on the home page, newest first: the newest when no
    open task is left (else "no assignments yet" would be untrue after a freeze), and any
    with unfinished contacts (which otherwise vanish from the page unexplained)."""
    mine = sa.select(Assignment.edition_id).where(Assignment.juror_id == juror_id)
    editions = db.session.scalars(
        sa.select(Edition).where(Edition.id.in_(mine), Edition.status.in_(CLOSED))
        .order_by(Edition.ends_on.desc(), Edition.id.desc())).all()
    if not editions:
        return []
    unfinished: dict[int, list[Contact]] = defaultdict(list)
    for contact in db.session.scalars(
        sa.select(Contact).join(Contact.assignment)
        .where(Contact.juror_id == juror_id, Contact.status.in_(UNFINISHED),
               Assignment.edition_id.in_([e.id for e in editions]))
        .options(joinedload(Contact.assignment).joinedload(Assignment.participant))
        .order_by(Contact.started_at, Contact.id)
    ):
        unfinished[contact.assignment.edition_id].append(contact)
    return [ClosedEditionView(e, unfinished[e.id]) for i, e in enumerate(editions)
            if unfinished[e.id] or (i == 0 and not any_open)]


def my_assignment(juror_id: int, assignment_id: int, today: date) -> AssignmentView:
    """One of the juror's own assignments; anyone else's is a 404, not a 403."""
    assignment = db.session.scalar(
        sa.select(Assignment).where(
            Assignment.id == assignment_id, Assignment.juror_id == juror_id
        )
    )
    if assignment is None:
        abort(404)
    return _with_details(juror_id, [assignment], today)[0]


def _with_details(juror_id: int, assignments: list[Assignment], today: date):
    """Attach contacts and conflicts in two queries rather than two per assignment."""
    ids = [a.id for a in assignments]
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in db.session.scalars(
        sa.select(Contact)
        .where(Contact.juror_id == juror_id, Contact.assignment_id.in_(ids))
        .order_by(Contact.started_at.desc())
    ):
        contacts[contact.assignment_id].append(contact)
    conflicts = {
        c.participant_id: c
        for c in db.session.scalars(
            sa.select(ConflictOfInterest).where(
                ConflictOfInterest.juror_id == juror_id,
                ConflictOfInterest.participant_id.in_([a.participant_id for a in assignments]),
            )
        )
    }
    views = []
    for a in assignments:
        mine = contacts[a.id]
        progress = channel_progress(a.channels, [(c.channel, c.status) for c in mine])
        views.append(AssignmentView(
            a, progress, mine, days_left(a.due_on, today),
            is_overdue(a.due_on, today, progress), conflicts.get(a.participant_id),
        ))
    return views
