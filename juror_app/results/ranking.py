"""The ranking, computed in SQL by one documented method. No Flask here.

THE METHOD (shown on the ranking page too):

1. Contact score = 100 · Σ(points · weight) / Σ(max_points · weight) over the contact's
   criteria that are not N/A (points NULL). The stored CriterionScore rows are used, so a
   later rubric change does not rewrite an approved contact. A contact with every criterion
   N/A has no score and is left out. (Computed once when the contact is stored and kept in
   `contact.score`, see juror_app.models.derived.)
2. Channel score of a participant = the plain mean of the scores of its APPROVED contacts in
   that channel, whoever the juror (each contact counts once). Submitted, returned,
   resubmitted and rejected contacts do not count. (Σ and count are kept per participant ×
   channel as contacts enter or leave `approved`, see juror_app.models.totals.)
3. Participant score = Σ(channel weight · channel score) / Σ(channel weight) over the
   channels that have a channel score, with the weights of the edition's current rubric;
   channels without an approved contact are left out and the weights renormalised (the
   Python reference is juror_app.rubric.scoring.participant_share). Channels the rubric does not
   list are ignored.
4. The score shown and ranked is rounded half-up to 2 decimals, once (after dropping
   floating-point noise beyond 12 significant digits, so SQLite and PostgreSQL agree).
   Equal rounded
   scores share a rank and the next rank is skipped ("1, 1, 3" — competition ranking),
   overall and within each category; tied participants are listed alphabetically (Polish
   alphabet: a ą b c ć … z ź ż, juror_app.core.collation).
5. Licence = rounded score ≥ the edition's licence threshold AND every channel the rubric
   marks `required` has at least one approved, scored contact.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.core.collation import polish_key
from juror_app.models import (
    Assignment,
    Category,
    Contact,
    ContactStatus,
    CriterionScore,
    Distinction,
    Edition,
    Participant,
    totals,
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
    return (row.category_rank is None, row.category_rank or 0, polish_key(row.name))


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


def half_up(value: float) -> float:
    """Step 4's rounding: 12 significant digits (10 decimals of a score up to 100), then
    half-up to 2, once. Why 12: the two databases' float sums differ around the 15th
    digit, far below; a real difference is kept — 69.2849997 is 69.28, which the earlier
    cut to 6 decimals first turned into 69.285000 and then 69.29 (a licence at 69.29)."""
    return float(Decimal(f"{value:.12g}").quantize(Decimal("0.01"), ROUND_HALF_UP))


def competition_ranks(rows: list[RankedParticipant], key) -> dict[int, int]:
    """"1, 1, 3": a rank is one more than the number of strictly better scores."""
    ranks: dict[int, int] = {}
    ordered = sorted((r for r in rows if r.score is not None), key=lambda r: -r.score)
    previous, rank = None, 0
    for position, row in enumerate(ordered, start=1):
        if row.score != previous:
            previous, rank = row.score, position
        ranks[key(row)] = rank
    return ranks


def _score_rows(session: Session, edition: Edition) -> list[RankedParticipant]:
    """Steps 2–5 for every active participant, without distinctions: 2 queries."""
    rubric = edition.rubric.data["channels"]
    weights = {key: float(spec.get("weight", 0)) for key, spec in rubric.items()}
    required = [key for key, spec in rubric.items() if spec.get("required")]
    sums = {key: value for key, value in totals.read(session, edition.id).items()
            if key[1] in rubric}
    rows = {
        p.id: RankedParticipant(p.id, p.name, p.city, p.category, None, None, None, None, False)
        for p in session.execute(
            sa.select(Participant.id, Participant.name, Participant.city, Participant.category)
            .where(Participant.edition_id == edition.id, Participant.archived.is_(False)))
    }
    for (participant_id, channel), (total, count) in sums.items():
        if participant_id in rows:
            rows[participant_id].channel_scores[channel] = total / count
            rows[participant_id].channel_contacts[channel] = count
    for row in rows.values():
        used = sum(weights[c] for c in row.channel_scores)
        if row.channel_scores and used:
            row.exact_score = sum(weights[c] * s for c, s in row.channel_scores.items()) / used
            row.score = half_up(row.exact_score)
        row.missing_required = [c for c in required if c not in row.channel_scores]
        row.licence = (row.score is not None and row.score >= edition.licence_threshold
                       and not row.missing_required)
    overall = competition_ranks(list(rows.values()), key=lambda r: r.participant_id)
    for category in {r.category for r in rows.values()}:
        ranks = competition_ranks([r for r in rows.values() if r.category == category],
                                  key=lambda r: r.participant_id)
        for participant_id, rank in ranks.items():
            rows[participant_id].category_rank = rank
    for participant_id, rank in overall.items():
        rows[participant_id].rank = rank
    return sorted(rows.values(), key=lambda r: (r.rank is None, r.rank or 0,
                                                polish_key(r.name), r.participant_id))


class RankingCache:
    """The newest computed rows per edition, keyed by its results version (per process).

    The version is a random token renewed by every change (juror_app.models.derived), so
    the same token means the same state — whichever database or test made it. It is read
    before computing, so a change committed meanwhile can only make
    the cached rows newer than their key, never older: a view never shows a stale ranking.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[int, tuple[str, list[RankedParticipant]]] = {}

    def rows(self, session: Session, edition: Edition) -> list[RankedParticipant]:
        version = session.scalar(sa.select(Edition.results_version)
                                 .where(Edition.id == edition.id))
        with self._lock:
            cached = self._rows.get(edition.id)
        if cached is not None and cached[0] == version:
            return cached[1]
        rows = _score_rows(session, edition)
        with self._lock:
            self._rows[edition.id] = (version, rows)
        return rows

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()


CACHE = RankingCache()


def compute_ranking(session: Session, edition: Edition) -> Ranking:
    """The edition's ranking: the cached rows (1 query when warm) plus its distinctions."""
    rubric = edition.rubric.data
    channels = list(rubric["channels"])
    required = [key for key, spec in rubric["channels"].items() if spec.get("required")]
    rows = CACHE.rows(session, edition)
    awarded: dict[int, list[Distinction]] = {}
    for distinction in session.scalars(
        sa.select(Distinction).where(Distinction.edition_id == edition.id)
        .order_by(Distinction.kind, Distinction.id)
    ):
        awarded.setdefault(distinction.participant_id, []).append(distinction)
    # Cached rows are shared: rows with distinctions are copies, the rest are never changed.
    rows = [replace(r, distinctions=awarded[r.participant_id]) if r.participant_id in awarded
            else r for r in rows]
    return Ranking(edition, rows, channels, required)
