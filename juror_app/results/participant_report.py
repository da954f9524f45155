"""A participant's report: scores per criterion, strengths and weaknesses. No Flask here.

Jurors stay anonymous to participants, so nothing here carries a juror's identity: the
query aggregates over approved contacts and returns only criterion figures.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.models import Assignment, Contact, ContactStatus, CriterionScore
from juror_app.results.criteria import Rubrics, criteria_of, version_of

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
    """Mean share of each criterion's points over the participant's approved contacts.

    Per rubric version too, so each criterion is labelled as it was scored.
    """
    share = sa.literal(100.0, sa.Float) * CriterionScore.points / CriterionScore.max_points
    return (
        sa.select(Contact.rubric_version, Contact.channel, CriterionScore.criterion_key,
                  sa.func.avg(share).label("share"),
                  sa.func.count(CriterionScore.points).label("contacts"))
        .join(Contact, Contact.id == CriterionScore.contact_id)
        .join(Assignment, Assignment.id == Contact.assignment_id)
        .where(Assignment.participant_id == participant_id,
               Contact.status == ContactStatus.APPROVED,
               CriterionScore.points.is_not(None), CriterionScore.max_points > 0)
        .group_by(Contact.rubric_version, Contact.channel, CriterionScore.criterion_key)
    )


def criterion_figures(session: Session, participant_id: int,
                      rubrics: Rubrics) -> list[CriterionFigure]:
    """Figures for every criterion the approved contacts were scored on, in rubric order.

    A criterion a later rubric dropped stays, with the label of the version it was
    scored under; shares of several versions are merged weighted by contact count.
    """
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    versions: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in session.execute(criterion_query(participant_id)):
        key = (row.channel, row.criterion_key)
        totals[key][0] += row.share * row.contacts
        totals[key][1] += row.contacts
        versions[key].add(version_of(rubrics, row.rubric_version))
    used = set().union(*versions.values()) if versions else set()
    figures = []
    for c in criteria_of(rubrics, used):  # only the order: the newest rubric's first
        key = (c.channel, c.key)
        if key in totals and totals[key][1]:
            # Labelled by the newest version this criterion was actually scored under.
            own = next(i for i in criteria_of(rubrics, versions[key])
                       if (i.channel, i.key) == key)
            figures.append(CriterionFigure(c.channel, c.key, own.label, own.group,
                                           totals[key][0] / totals[key][1], totals[key][1]))
    return figures


def group_figures(figures: list[CriterionFigure], labels: dict[str, str]) -> list[GroupFigure]:
    """Plain mean of the criterion shares within each criterion group."""
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
