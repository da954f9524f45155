"""The juror's open assignments with their contacts, in a fixed number of queries."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from juror_app.core.extensions import db
from juror_app.models import (
    Assignment,
    Contact,
    CriterionScore,
    Edition,
    EditionStatus,
    Participant,
    Photo,
)
from juror_app.sync.serializers import EDITED_ON_THE_PHONE, assignment_json
from juror_app.sync.times import format_rfc3339

CLOSED = (EditionStatus.FROZEN, EditionStatus.PUBLISHED)


def juror_worklist(juror_id: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(assignments as JSON, {edition_id: {version, data}}) for open editions only."""
    assignments = db.session.scalars(
        sa.select(Assignment)
        .join(Assignment.edition)
        .join(Assignment.participant)
        .where(Assignment.juror_id == juror_id, Edition.status == EditionStatus.OPEN,
               Participant.archived.is_(False))
        .options(selectinload(Assignment.participant),
                 selectinload(Assignment.edition).selectinload(Edition.newest_rubric))
        .order_by(Assignment.due_on, Participant.name, Assignment.id)
    ).all()
    contacts: dict[int, list[Any]] = defaultdict(list)
    ids = [a.id for a in assignments]
    if ids:
        for contact in task_contacts(ids):
            contacts[contact.assignment_id].append(contact)
    rubrics = {}
    for a in assignments:
        rubric = a.edition.rubric
        if rubric is not None:
            rubrics[str(a.edition_id)] = {"version": rubric.version, "data": rubric.data}
    return [assignment_json(a, contacts[a.id]) for a in assignments], rubrics


def closed_editions(juror_id: int) -> list[dict[str, Any]]:
    """The frozen or published editions the juror had tasks in, newest first, with those
    tasks' ids and their unfinished contacts (shapes.ClosedEdition), in two queries.

    Their tasks leave the list when the results are frozen: without this the phone said
    "no participants yet" and an e-mail still waiting for its reply vanished unexplained.
    """
    rows = db.session.execute(
        sa.select(Assignment.id, Edition.id.label("edition_id"), Edition.name, Edition.status)
        .join(Assignment.edition)
        .where(Assignment.juror_id == juror_id, Edition.status.in_(CLOSED))
        .order_by(Edition.ends_on.desc(), Edition.id.desc(), Assignment.id)).all()
    editions: dict[int, dict[str, Any]] = {}
    for row in rows:
        edition = editions.setdefault(row.edition_id, {
            "id": row.edition_id, "name": row.name, "status": str(row.status),
            "assignment_ids": [], "unfinished": []})
        edition["assignment_ids"].append(row.id)
    if not editions:
        return []
    unfinished = db.session.execute(
        sa.select(Contact.client_id, Contact.assignment_id, Contact.channel, Contact.status,
                  Contact.started_at, Contact.started_offset_minutes,
                  Participant.name.label("participant_name"), Assignment.edition_id)
        .join(Contact.assignment).join(Assignment.participant)
        .where(Contact.assignment_id.in_([row.id for row in rows]),
               Contact.juror_id == juror_id, Contact.status.in_(EDITED_ON_THE_PHONE))
        .order_by(Contact.started_at, Contact.id)).all()
    for c in unfinished:
        editions[c.edition_id]["unfinished"].append({
            "client_id": str(c.client_id), "assignment_id": c.assignment_id,
            "participant_name": c.participant_name, "channel": c.channel,
            "status": str(c.status),
            "started_at": format_rfc3339(c.started_at, c.started_offset_minutes)})
    return list(editions.values())


# What the work list shows of a contact the phone does not edit (serializers.contact_summary):
# read as plain rows, not models — a juror with thousands of contacts read every one's JSON
# columns (measurements, flags) for nothing.
SUMMARY = (Contact.id, Contact.assignment_id, Contact.client_id, Contact.channel,
           Contact.status, Contact.review_comment, Contact.started_at,
           Contact.started_offset_minutes, Contact.ended_at, Contact.ended_offset_minutes,
           Contact.updated_at)


def task_contacts(assignment_ids: list[int]) -> list[Any]:
    """The tasks' contacts by start time: summaries as rows, and those the phone edits as
    models with their content (three more queries whatever their number). Chosen by the
    rows' status, so a contact whose status changes in between is still shown whole."""
    rows = db.session.execute(sa.select(*SUMMARY).where(
        Contact.assignment_id.in_(assignment_ids)).order_by(Contact.started_at)).all()
    edited_ids = [row.id for row in rows if row.status in EDITED_ON_THE_PHONE]
    full = {contact.id: contact for contact in db.session.scalars(
        sa.select(Contact).where(Contact.id.in_(edited_ids)))}
    load_editable_content(list(full.values()))
    return [full.get(row.id, row) for row in rows]


def load_editable_content(edited: list[Contact]) -> None:
    """Scores and photos of the contacts the phone edits, two queries for all of them.

    The work list carries their content (serializers.worklist_contact); read lazily, each
    such contact cost two queries of its own, so the list's statements grew with the
    season (7 → 25 for a juror between 10,000 and 100,000 contacts in bench growth).
    """
    ids = [contact.id for contact in edited]
    scores: dict[int, list[CriterionScore]] = defaultdict(list)
    for row in db.session.scalars(sa.select(CriterionScore).where(
            CriterionScore.contact_id.in_(ids)).order_by(CriterionScore.id)):
        scores[row.contact_id].append(row)
    photos: dict[int, list[Photo]] = defaultdict(list)
    for photo in db.session.scalars(sa.select(Photo).where(
            Photo.contact_id.in_(ids)).order_by(Photo.id)):
        photos[photo.contact_id].append(photo)
    for contact in edited:
        set_committed_value(contact, "scores", scores[contact.id])
        set_committed_value(contact, "photos", photos[contact.id])
