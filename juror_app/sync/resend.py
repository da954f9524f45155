"""An identical resend answered from one read after the token's, no ORM objects built.

Phones resend: after a lost answer, after a reconnect, from every outbox flush. The
answer is the contact as stored, so the full PUT path loaded the contact, its task, the
edition with its rubrics and the participant as ORM objects — about 1.5 ms of Python for
a request that changes nothing. Here the same decision is taken on plain rows: the stored
hash, the owner, the edition's current rubric (for which scores it computes itself), the
criterion rows for the answer and whether there are photos, in one statement; then the
photos, if any. Anything that is not exactly an identical resend by the contact's own
juror goes on to the full path, which decides it as before (404, 409, 422, an update), so
this changes the cost of one answer, not a rule — and a new contact's PUT, told none is
stored, does not search for it a second time.
"""
from __future__ import annotations

import functools
import json
import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.models import Assignment, Contact, CriterionScore, Photo, Rubric
from juror_app.sync.contract import ContactPayload
from juror_app.sync.payload import (
    canonical_payload,
    computed_criteria,
    payload_hash,
    without_scores,
)

CONTACT, TASK, RUBRIC = Contact.__table__, Assignment.__table__, Rubric.__table__
SCORE, PHOTO = CriterionScore.__table__, Photo.__table__
# Built once: composing a statement costs more than running it on SQLite. Core tables, run
# on the session's connection: there are no ORM entities to load.
# The rubric as its stored text: parsing its JSON (6 kB) cost a resend 40 µs, for the few
# criteria the server computes (computed_in, cached by that text).
CURRENT_RUBRIC = (sa.select(sa.cast(RUBRIC.c.data, sa.Text))
                  .where(RUBRIC.c.edition_id == TASK.c.edition_id)
                  .order_by(RUBRIC.c.version.desc()).limit(1).scalar_subquery())
# What the answer shows of a contact (sync.serializers.contact_fields) and the decision
# reads: not its flags (JSON the phone is not shown) nor its kept score.
ANSWERED = [c for c in CONTACT.columns if c.key not in ("flags", "flag_count", "score")]
HAS_PHOTOS = sa.exists().where(PHOTO.c.contact_id == CONTACT.c.id)
SCORED = (SCORE.c.id, SCORE.c.criterion_key, SCORE.c.points, SCORE.c.max_points,
          SCORE.c.weight)


def criteria(aggregate, array) -> sa.ScalarSelect:
    """The contact's criterion rows as one JSON array of [id, key, points, max, weight]
    (in no promised order: sorted by id here), so a resend takes one read, not two."""
    return (sa.select(aggregate(array(*SCORED), type_=sa.JSON))
            .where(SCORE.c.contact_id == CONTACT.c.id).scalar_subquery())


def stored_contact(criteria_json) -> sa.Select:
    return (sa.select(*ANSWERED, TASK.c.participant_id,
                      TASK.c.juror_id.label("task_juror_id"),
                      CURRENT_RUBRIC.label("rubric_text"), HAS_PHOTOS.label("has_photos"),
                      criteria_json.label("criteria"))
            .join(TASK, TASK.c.id == CONTACT.c.assignment_id)
            .where(CONTACT.c.client_id == sa.bindparam("client_id")))


# The JSON functions are each database's own (SQLite's json1, PostgreSQL's json_agg).
STORED = {"sqlite": stored_contact(criteria(sa.func.json_group_array, sa.func.json_array)),
          "postgresql": stored_contact(criteria(sa.func.json_agg, sa.func.json_build_array))}

PHOTOS = (sa.select(PHOTO.c.client_id, PHOTO.c.sha256, PHOTO.c.content_type,
                    PHOTO.c.byte_size, PHOTO.c.width, PHOTO.c.height, PHOTO.c.captured_at,
                    PHOTO.c.latitude, PHOTO.c.longitude)
          .where(PHOTO.c.contact_id == sa.bindparam("contact_id")).order_by(PHOTO.c.id))


@dataclass(frozen=True)
class Lookup:
    """Whether a contact with this client id is stored, and, when this PUT is an identical
    resend of it, the stored contact shaped like the model for
    sync.serializers.contact_fields (scores and photos as rows)."""

    stored: bool
    identical: SimpleNamespace | None = None


def look_up(session: Session, juror_id: int, client_id: uuid.UUID,
            payload: ContactPayload) -> Lookup:
    """Is this an identical resend by the contact's own juror on its own task?
    (Edition.rubric is the edition's last rubric by version: CURRENT_RUBRIC.)"""
    connection = session.connection()
    row = connection.execute(STORED[connection.dialect.name], {"client_id": client_id}).first()
    if row is None:
        return Lookup(stored=False)  # a new contact: the PUT need not look for it again
    if (row.juror_id != juror_id or row.task_juror_id != juror_id
            or row.assignment_id != payload.assignment_id):
        return Lookup(stored=True)
    scored = without_scores(payload, computed_in(row.rubric_text, payload.channel))
    if payload_hash(canonical_payload(scored)) != row.payload_hash:
        return Lookup(stored=True)
    scores = [CriterionRow(key, _float(points), float(most), float(weight))
              for _, key, points, most, weight in sorted(row.criteria or [])]
    photos = connection.execute(PHOTOS, {"contact_id": row.id}).all() if row.has_photos else []
    fields = {column.key: getattr(row, column.key) for column in ANSWERED}
    return Lookup(True, SimpleNamespace(
        **fields, scores=scores, photos=photos,
        assignment=SimpleNamespace(participant_id=row.participant_id)))


class CriterionRow(NamedTuple):
    """A criterion row as sync.serializers.contact_fields reads it."""

    criterion_key: str
    points: float | None
    max_points: float
    weight: float


def _float(value: float | None) -> float | None:
    """PostgreSQL's JSON writes a whole float8 as 4, SQLite's as 4.0: the answer says 4.0,
    as it does from the ORM's rows."""
    return None if value is None else float(value)


@functools.lru_cache(maxsize=64)
def computed_in(rubric_text: str | None, channel: str) -> frozenset[str]:
    """The channel's computed criteria. Cached by the rubric's whole text, not its id: a
    rubric changed in place (a restore, a hand edit) is another key, never a stale one."""
    return computed_criteria(json.loads(rubric_text) if rubric_text else None, channel)
