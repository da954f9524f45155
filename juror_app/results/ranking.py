"""The ranking, computed in SQL by one documented method. No Flask here.

THE METHOD (shown on the ranking page too):

1. Contact score = 100 · Σ(points · weight) / Σ(max_points · weight) over the contact's
   criteria that are not N/A (points NULL). The stored CriterionScore rows are used, so a
   later rubric change does not rewrite an approved contact. A contact with every criterion
   N/A has no score and is left out.
2. Channel score of a participant = the plain mean of the scores of its APPROVED contacts in
   that channel, whoever the juror (each contact counts once). Submitted, returned,
   resubmitted and rejected contacts do not count.
3. Participant score = Σ(channel weight · channel score) / Σ(channel weight) over the
   channels that have a channel score, with the weights of the edition's current rubric;
   channels without an approved contact are left out and the weights renormalised (the
   Python reference is juror_app.rubric.scoring.participant_share). Channels the rubric does not
   list are ignored.
4. The score shown and ranked is rounded half-up to 2 decimals (after dropping
   floating-point noise beyond 6 decimals, so SQLite and PostgreSQL agree). Equal rounded
   scores share a rank and the next rank is skipped ("1, 1, 3" — competition ranking),
   overall and within each category; tied participants are listed alphabetically.
5. Licence = rounded score ≥ the edition's licence threshold AND every channel the rubric
   marks `required` has at least one approved, scored contact.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.models import (
    Assignment,
    Category,
    Contact,
    ContactStatus,
    CriterionScore,
    Distinction,
    Edition,
    Participant,
)


@dataclass
class RankedParticipant:
    participant_id: int
    name: str
    city: str
    category: Category
    score: float | None  # rounded to 2 decimals; None: no approved contact yet
    exact_score: float | None
    rank: int | None
    category_rank: int | None
    licence: bool
    channel_scores: dict[str, float] = field(default_factory=dict)
    channel_contacts: dict[str, int] = field(default_factory=dict)
    missing_required: list[str] = field(default_factory=list)
    distinctions: list[Distinction] = field(default_factory=list)


@dataclass
class Ranking:
    edition: Edition
    rows: list[RankedParticipant]
    channels: list[str]
    required: list[str]

    @property
    def scored(self) -> list[RankedParticipant]:
        return [r for r in self.rows if r.score is not None]

    @property
    def licensed(self) -> list[RankedParticipant]:
        return [r for r in self.rows if r.licence]

    def by_category(self) -> dict[Category, list[RankedParticipant]]:
        """Rows per category, ordered by the category rank (unscored last)."""
        groups: dict[Category, list[RankedParticipant]] = {}
        for row in sorted(self.rows, key=_category_order):
            groups.setdefault(row.category, []).append(row)
        return groups


def _category_order(row: RankedParticipant) -> tuple:
    return (row.category_rank is None, row.category_rank or 0, row.name)


def channel_weights(rubric: dict[str, Any]) -> sa.Subquery:
    """The rubric's channel weights as a small UNION ALL table (channel, weight, required).

    A UNION of literal SELECTs rather than VALUES: SQLite cannot name VALUES columns.
    """
    rows = [
        sa.select(
            sa.literal(key, sa.String).label("channel"),
            sa.literal(float(spec.get("weight", 0)), sa.Float).label("weight"),
            sa.literal(1 if spec.get("required") else 0, sa.Integer).label("required"),
        )
        for key, spec in rubric["channels"].items()
    ]
    return sa.union_all(*rows).subquery("channel_weight")


def contact_scores(
    edition_id: int, criteria: sa.ColumnElement[bool] | None = None
) -> sa.Subquery:
    """Step 1: one row per approved contact with its score in percent (NULL if all N/A).

    `criteria` narrows the criterion rows that count (calibration keeps the judged ones).
    """
    earned = sa.func.sum(CriterionScore.points * CriterionScore.weight)
    possible = sa.func.sum(
        sa.case(
            (CriterionScore.points.is_not(None), CriterionScore.max_points * CriterionScore.weight)
        )
    )
    score = sa.literal(100.0, sa.Float) * earned / sa.func.nullif(possible, 0.0)
    return (
        sa.select(
            Contact.id.label("contact_id"),
            Assignment.participant_id,
            Contact.juror_id,
            Contact.channel,
            score.label("score"),
        )
        .join(Assignment, Contact.assignment_id == Assignment.id)
        .join(CriterionScore, CriterionScore.contact_id == Contact.id)
        .where(Assignment.edition_id == edition_id, Contact.status == ContactStatus.APPROVED,
               sa.true() if criteria is None else criteria)
        .group_by(Contact.id, Assignment.participant_id, Contact.juror_id, Contact.channel)
        .subquery("contact_score")
    )


def channel_scores(edition_id: int) -> sa.Subquery:
    """Step 2: mean contact score per participant × channel, with the number of contacts."""
    cs = contact_scores(edition_id)
    return (
        sa.select(
            cs.c.participant_id,
            cs.c.channel,
            sa.func.avg(cs.c.score).label("score"),
            sa.func.count(cs.c.score).label("contacts"),
        )
        .where(cs.c.score.is_not(None))
        .group_by(cs.c.participant_id, cs.c.channel)
        .subquery("channel_score")
    )


def rounded(expression: sa.ColumnElement) -> sa.ColumnElement:
    """Half-up to 2 decimals, via NUMERIC so PostgreSQL can round a double at all."""
    six = sa.func.round(sa.cast(expression, sa.Numeric), 6)
    return sa.cast(sa.func.round(six, 2), sa.Float)


def ranking_query(edition: Edition) -> sa.Select:
    """Steps 3–5: participant score, ranks and licence, one row per active participant."""
    rubric = edition.rubric.data
    weights = channel_weights(rubric)
    ch = channel_scores(edition.id)
    total = (
        sa.select(
            ch.c.participant_id,
            (sa.func.sum(weights.c.weight * ch.c.score)
             / sa.func.nullif(sa.func.sum(weights.c.weight), 0.0)).label("score"),
            sa.func.sum(weights.c.required).label("required_covered"),
        )
        .join(weights, weights.c.channel == ch.c.channel)
        .group_by(ch.c.participant_id)
        .subquery("participant_score")
    )
    shown = rounded(total.c.score)
    required_count = sum(1 for spec in rubric["channels"].values() if spec.get("required"))
    ranked = (
        sa.select(
            total.c.participant_id,
            total.c.score.label("exact_score"),
            shown.label("score"),
            sa.func.rank().over(order_by=shown.desc()).label("rank"),
            sa.func.rank()
            .over(partition_by=Participant.category, order_by=shown.desc())
            .label("category_rank"),
            sa.case(
                (sa.and_(shown >= edition.licence_threshold,
                         total.c.required_covered == required_count), 1),
                else_=0,
            ).label("licence"),
        )
        .join(Participant, Participant.id == total.c.participant_id)
        .where(total.c.score.is_not(None), Participant.archived.is_(False))
        .subquery("ranked")
    )
    return (
        sa.select(Participant.id, Participant.name, Participant.city, Participant.category,
                  ranked.c.score, ranked.c.exact_score, ranked.c.rank,
                  ranked.c.category_rank, ranked.c.licence)
        .outerjoin(ranked, ranked.c.participant_id == Participant.id)
        .where(Participant.edition_id == edition.id, Participant.archived.is_(False))
        .order_by(sa.case((ranked.c.rank.is_(None), 1), else_=0), ranked.c.rank,
                  Participant.name, Participant.id)
    )


def compute_ranking(session: Session, edition: Edition) -> Ranking:
    """The edition's ranking: three queries (totals, channel scores, distinctions)."""
    rubric = edition.rubric.data
    channels = list(rubric["channels"])
    required = [key for key, spec in rubric["channels"].items() if spec.get("required")]
    rows = {
        r.id: RankedParticipant(
            r.id, r.name, r.city, r.category, r.score, r.exact_score, r.rank,
            r.category_rank, bool(r.licence),
        )
        for r in session.execute(ranking_query(edition))
    }
    ch = channel_scores(edition.id)
    # Aggregated rows (participant × channel), not contact rows.
    for r in session.execute(sa.select(ch.c.participant_id, ch.c.channel, ch.c.score,
                                       ch.c.contacts)):
        if r.participant_id in rows and r.channel in rubric["channels"]:
            rows[r.participant_id].channel_scores[r.channel] = r.score
            rows[r.participant_id].channel_contacts[r.channel] = r.contacts
    for distinction in session.scalars(
        sa.select(Distinction).where(Distinction.edition_id == edition.id)
        .order_by(Distinction.kind, Distinction.id)
    ):
        if distinction.participant_id in rows:
            rows[distinction.participant_id].distinctions.append(distinction)
    for row in rows.values():
        row.missing_required = [c for c in required if c not in row.channel_scores]
    return Ranking(edition, list(rows.values()), channels, required)
