"""The juror's open assignments with their contacts, in three queries."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from juror_app.core.extensions import db
from juror_app.models import Assignment, Contact, Edition, EditionStatus, Participant, User
from juror_app.sync.serializers import assignment_json


def juror_worklist(user: User) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(assignments as JSON, {edition_id: {version, data}}) for open editions only."""
    assignments = db.session.scalars(
        sa.select(Assignment)
        .join(Assignment.edition)
        .join(Assignment.participant)
        .where(Assignment.juror_id == user.id, Edition.status == EditionStatus.OPEN,
               Participant.archived.is_(False))
        .options(selectinload(Assignment.participant),
                 selectinload(Assignment.edition).selectinload(Edition.rubrics))
        .order_by(Assignment.due_on, Participant.name, Assignment.id)
    ).all()
    contacts: dict[int, list[Contact]] = defaultdict(list)
    ids = [a.id for a in assignments]
    if ids:
        for contact in db.session.scalars(
            sa.select(Contact).where(Contact.assignment_id.in_(ids)).order_by(Contact.started_at)
        ):
            contacts[contact.assignment_id].append(contact)
    rubrics = {}
    for a in assignments:
        rubric = a.edition.rubric
        if rubric is not None:
            rubrics[str(a.edition_id)] = {"version": rubric.version, "data": rubric.data}
    return [assignment_json(a, contacts[a.id]) for a in assignments], rubrics
