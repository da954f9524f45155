"""A participant's report: scores per criterion, strengths and weaknesses. No Flask here.

Jurors stay anonymous to participants, so nothing here carries a juror's identity: the
query aggregates over approved contacts and returns only criterion figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.models import Assignment, Contact, ContactStatus, CriterionScore

STRENGTH_FROM = 80.0  # a criterion at or above 80% of its points is a strength
WEAKNESS_BELOW = 60.0  # below 60% is a weakness
SHOWN = 3  # at most this many of each, best/worst first


@dataclass
class CriterionFigure:
    channel: str
    key: str
    label: str
    group: str
    share: float  # mean share of the criterion's points over approved contacts, in %
    contacts: int


@dataclass
class GroupFigure:
    key: str
    label: str
    share: float


def criterion_query(participant_id: int) -> sa.Select:
    """Mean share of each criterion's points over the participant's approved contacts."""
    share = sa.literal(100.0, sa.Float) * CriterionScore.points / CriterionScore.max_points
    return (
        sa.select(Contact.channel, CriterionScore.criterion_key,
                  sa.func.avg(share).label("share"),
                  sa.func.count(CriterionScore.points).label("contacts"))
        .join(Contact, Contact.id == CriterionScore.contact_id)
        .join(Assignment, Assignment.id == Contact.assignment_id)
        .where(Assignment.participant_id == participant_id,
               Contact.status == ContactStatus.APPROVED,
               CriterionScore.points.is_not(None), CriterionScore.max_points > 0)
        .group_by(Contact.channel, CriterionScore.criterion_key)
    )


def criterion_figures(session: Session, participant_id: int,
                      rubric: dict[str, Any]) -> list[CriterionFigure]:
    """Figures for the criteria the current rubric still lists, in rubric order."""
    found = {(r.channel, r.criterion_key): r for r in session.execute(
        criterion_query(participant_id))}
    figures = []
    for channel, spec in rubric["channels"].items():
        for c in spec["criteria"]:
            row = found.get((channel, c["key"]))
            if row is not None:
                figures.append(CriterionFigure(channel, c["key"], c["label"],
                                               c.get("group", ""), row.share, row.contacts))
    return figures


def group_figures(figures: list[CriterionFigure], rubric: dict[str, Any]) -> list[GroupFigure]:
    """Plain mean of the criterion shares within each criterion group."""
    labels = rubric.get("groups", {})
    result = []
    for key, label in labels.items():
        shares = [f.share for f in figures if f.group == key]
        if shares:
            result.append(GroupFigure(key, label, sum(shares) / len(shares)))
    return result


def strengths(figures: list[CriterionFigure]) -> list[CriterionFigure]:
    best = sorted((f for f in figures if f.share >= STRENGTH_FROM), key=lambda f: -f.share)
    return best[:SHOWN]


def weaknesses(figures: list[CriterionFigure]) -> list[CriterionFigure]:
    worst = sorted((f for f in figures if f.share < WEAKNESS_BELOW), key=lambda f: f.share)
    return worst[:SHOWN]
