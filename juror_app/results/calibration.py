"""Juror calibration: how each juror's scores compare with the others' on the same work.

No Flask here. The method:

- Only what the juror JUDGES is compared. A criterion with a "rule" in the edition's current
  rubric gets its points from a measurement (rings before answering, waiting minutes, hours
  to reply); those points follow from what was measured, not from the juror's judgement,
  and would dilute a strict or lenient juror's gap. The caller passes the set of
  (channel, criterion key) rule criteria, taken from the current rubric by rule_criteria();
  their CriterionScore rows are left out in SQL with a tuple NOT IN (SQLAlchemy renders it
  for SQLite and PostgreSQL alike). The ranking itself still counts every criterion.
- Judged contact score = 100 · Σ(points · weight) / Σ(max_points · weight) over the
  contact's remaining criteria that are not N/A: the ranking's step 1 (juror_app.results.ranking)
  without the rule criteria. A contact whose judged criteria are all N/A is left out.
- Cell = one participant × channel. A juror's cell score is the mean of their judged scores
  of approved contacts there.
- Only cells scored by at least two jurors are compared. In each, a juror's difference =
  their cell score − the mean of the OTHER jurors' cell scores (points of 0–100).
- Per juror with approved contacts (none shared: 0 cells, listed as too few): number of
  shared cells, mean difference (negative = stricter than the others),
  spread (sample standard deviation of the differences). The differences are computed in
  SQL with window sums; the standard deviation from Σd and Σd² in Python, since SQLite has
  no STDDEV.
- Flag: |mean difference| > 10 points with at least 3 shared cells (a tenth of the scale is
  a difference a participant would notice in the ranking; fewer cells are noise).
- Agreement per channel: ICC(1) of the same judged cell scores (rule criteria left out here
  too, so both halves of the page measure the juror's judgement), the one-way random-effects
  intraclass correlation (Shrout & Fleiss 1979) for unequal numbers of raters per participant
  (k0 of Snedecor & Cochran). One-way because different participants are rated by different
  jurors, so juror effects cannot be separated; written here in a few lines over the small
  aggregated table rather than pulling in pandas/pingouin for one formula. 1 = perfect
  agreement, ≤ 0 = none. A channel whose criteria are all rule-based has no judged scores
  and so no ICC.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.models import Contact, CriterionScore, User
from juror_app.results.ranking import contact_scores

FLAG_POINTS = 10.0
MIN_CELLS = 3

RuleCriteria = frozenset[tuple[str, str]]  # (channel, criterion key)


@dataclass
class JurorCalibration:
    juror_id: int
    name: str
    cells: int
    mean_diff: float | None  # None: no cell shared with another juror
    spread: float | None

    @property
    def flagged(self) -> bool:
        return self.cells >= MIN_CELLS and abs(self.mean_diff) > FLAG_POINTS

    @property
    def direction(self) -> str:
        return "strict" if self.mean_diff < 0 else "lenient"


@dataclass
class ChannelAgreement:
    channel: str
    participants: int
    ratings: int
    icc: float | None


def rule_criteria(rubric: Mapping[str, Any]) -> RuleCriteria:
    """(channel, criterion key) of every criterion whose points a rule computes."""
    return frozenset(
        (channel, criterion["key"])
        for channel, spec in rubric["channels"].items()
        for criterion in spec["criteria"]
        if "rule" in criterion
    )


def judged_rows(rules: RuleCriteria) -> sa.ColumnElement[bool]:
    """WHERE condition keeping the criterion rows the juror judged: not a rule criterion."""
    if not rules:
        return sa.true()
    pair = sa.tuple_(Contact.channel, CriterionScore.criterion_key)
    return pair.not_in(sorted(rules))


def cell_scores(edition_id: int, rules: RuleCriteria) -> sa.Subquery:
    """One row per participant × channel × juror: the juror's mean judged score there."""
    cs = contact_scores(edition_id, judged_rows(rules))
    return (
        sa.select(cs.c.participant_id, cs.c.channel, cs.c.juror_id,
                  sa.func.avg(cs.c.score).label("score"))
        .where(cs.c.score.is_not(None))
        .group_by(cs.c.participant_id, cs.c.channel, cs.c.juror_id)
        .subquery("cell")
    )


def juror_differences(edition_id: int, rules: RuleCriteria) -> sa.Select:
    """Per juror: shared cells, Σ difference and Σ difference² against the others' mean."""
    cell = cell_scores(edition_id, rules)
    in_cell = (cell.c.participant_id, cell.c.channel)
    windowed = sa.select(
        cell.c.juror_id, cell.c.score,
        sa.func.sum(cell.c.score).over(partition_by=in_cell).label("cell_sum"),
        sa.func.count().over(partition_by=in_cell).label("cell_n"),
    ).subquery("windowed")
    others = (windowed.c.cell_sum - windowed.c.score) / (windowed.c.cell_n - 1)
    diff = (windowed.c.score - others).label("diff")
    diffs = sa.select(windowed.c.juror_id, diff).where(windowed.c.cell_n > 1).subquery("d")
    per_juror = (
        sa.select(diffs.c.juror_id, sa.func.count().label("cells"),
                  sa.func.sum(diffs.c.diff).label("sum_d"),
                  sa.func.sum(diffs.c.diff * diffs.c.diff).label("sum_d2"))
        .group_by(diffs.c.juror_id).subquery("per_juror")
    )
    # Every juror with an approved contact, compared or not (then 0 cells).
    scored = contact_scores(edition_id, judged_rows(rules))
    jurors = sa.select(scored.c.juror_id).distinct().subquery("jurors")
    return (
        sa.select(jurors.c.juror_id, User.name,
                  sa.func.coalesce(per_juror.c.cells, 0).label("cells"),
                  per_juror.c.sum_d, per_juror.c.sum_d2)
        .join(User, User.id == jurors.c.juror_id)
        .outerjoin(per_juror, per_juror.c.juror_id == jurors.c.juror_id)
        .order_by(User.name, jurors.c.juror_id)
    )


def sample_sd(n: int, total: float, squares: float) -> float | None:
    if n < 2:
        return None
    variance = (squares - total * total / n) / (n - 1)
    return math.sqrt(max(variance, 0.0))  # rounding can make a zero variance negative


def juror_calibration(session: Session, edition_id: int,
                      rules: RuleCriteria) -> list[JurorCalibration]:
    """Per juror with approved contacts: the comparison of the judged criteria (no mean
    difference when they share no cell with another juror)."""
    return [
        JurorCalibration(r.juror_id, r.name, r.cells, r.sum_d / r.cells if r.cells else None,
                         sample_sd(r.cells, r.sum_d, r.sum_d2))
        for r in session.execute(juror_differences(edition_id, rules))
    ]


def icc1(groups: list[list[float]]) -> float | None:
    """ICC(1) for groups of ratings of unequal size; None when it is undefined."""
    groups = [g for g in groups if len(g) >= 2]
    k, n = len(groups), sum(len(g) for g in groups)
    if k < 2 or n <= k:
        return None
    grand = sum(sum(g) for g in groups) / n
    means = [sum(g) / len(g) for g in groups]
    msb = sum(len(g) * (m - grand) ** 2 for g, m in zip(groups, means, strict=True)) / (k - 1)
    msw = sum((x - m) ** 2 for g, m in zip(groups, means, strict=True) for x in g) / (n - k)
    k0 = (n - sum(len(g) ** 2 for g in groups) / n) / (k - 1)
    denominator = msb + (k0 - 1) * msw
    return None if denominator == 0 else (msb - msw) / denominator


def channel_agreement(session: Session, edition_id: int, channels: list[str],
                      rules: RuleCriteria) -> list[ChannelAgreement]:
    """ICC(1) per channel of the judged cell scores, over participants with ≥ 2 jurors."""
    cell = cell_scores(edition_id, rules)
    groups: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    # Aggregated rows: one per juror × participant × channel.
    for r in session.execute(sa.select(cell.c.channel, cell.c.participant_id, cell.c.score)):
        groups[r.channel][r.participant_id].append(r.score)
    result = []
    for channel in channels:
        shared = [g for g in groups[channel].values() if len(g) >= 2]
        result.append(ChannelAgreement(channel, len(shared), sum(map(len, shared)),
                                       icc1(shared)))
    return result
