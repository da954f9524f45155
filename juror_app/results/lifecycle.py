"""Distinctions and the freeze → publish steps of an edition's results. No Flask here.

Rules: an expert awards a statuette or an extraordinary distinction with a justification
and may withdraw only their own; a coordinator freezes the edition (from then on contacts,
scores and distinctions do not change) and then publishes it. Every step is audited.
Messages are Polish (the source language); the views pass them through gettext.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from juror_app.core.collation import polish_key
from juror_app.core.text import N_
from juror_app.models import (
    EDITABLE_STATUSES,
    Assignment,
    AuditEvent,
    Contact,
    ContactStatus,
    Distinction,
    DistinctionKind,
    Edition,
    EditionStatus,
    Participant,
    User,
    record,
    utcnow,
)
from juror_app.results.ranking import Ranking, compute_ranking

JUSTIFICATION_MAX = 2000


class ResultsError(Exception):
    """A refused step: a message (with %(name)s parameters) and the HTTP status that fits."""

    def __init__(self, message: str, status: int = 400, **params):
        super().__init__(message % params if params else message)
        self.message, self.status, self.params = message, status, params


LOCKED = N_("Wyniki tej edycji są zamrożone — oceny i wyróżnienia nie mogą się już zmienić.")


# The announcement: „Najlepsi z najlepszych otrzymają dodatkowo Statuetki i Wyróżnienia
# Nadzwyczajne” — in addition to the Licence, so only to its holders.
NOT_LICENSED = N_("Statuetki i Wyróżnienia Nadzwyczajne przyznaje się dodatkowo laureatom "
                  "Licencji Jakości, a „%(name)s” nie ma jej według obecnego rankingu.")
LOST_LICENCE = N_("Wyróżnienia mają uczestnicy, którzy według obecnego rankingu nie mają "
                  "Licencji Jakości: %(names)s. Poproś ekspertów o wycofanie tych wyróżnień "
                  "albo poczekaj na decyzje w kolejce, zanim zamrozisz wyniki.")


def licensed(session: Session, edition: Edition) -> set[int]:
    return {r.participant_id for r in compute_ranking(session, edition).rows if r.licence}


def ensure_open(edition: Edition) -> None:
    if edition.is_locked:
        raise ResultsError(LOCKED, 409)


def _snapshot(d: Distinction) -> dict:
    return {"participant_id": d.participant_id, "kind": str(d.kind),
            "justification": d.justification, "expert_id": d.expert_id}


def award(session: Session, edition: Edition, expert: User, participant_id: int,
          kind: DistinctionKind, justification: str) -> Distinction:
    """Add a distinction; the caller commits."""
    ensure_open(edition)
    justification = justification.strip()
    if not justification:
        raise ResultsError(N_("Uzasadnienie jest wymagane."))
    if len(justification) > JUSTIFICATION_MAX:
        raise ResultsError(N_("Uzasadnienie może mieć najwyżej %(max)d znaków."),
                           max=JUSTIFICATION_MAX)
    participant = session.get(Participant, participant_id)
    if participant is None or participant.edition_id != edition.id or participant.archived:
        raise ResultsError(N_("Nie ma takiego uczestnika w tej edycji."))
    if participant_id not in licensed(session, edition):
        raise ResultsError(NOT_LICENSED, 422, name=participant.name)
    taken = session.scalar(sa.select(Distinction).where(
        Distinction.participant_id == participant_id, Distinction.kind == kind))
    if taken is not None:
        raise ResultsError(N_("Ten uczestnik ma już to wyróżnienie."), 409)
    distinction = Distinction(edition_id=edition.id, participant_id=participant_id, kind=kind,
                              justification=justification, expert_id=expert.id)
    try:
        with session.begin_nested():  # another expert may have just awarded the same
            session.add(distinction)
    except IntegrityError as error:
        raise ResultsError(N_("Ten uczestnik ma już to wyróżnienie."), 409) from error
    record(session, actor_id=expert.id, action="distinction.award",
           entity_type="distinction", entity_id=distinction.id, after=_snapshot(distinction))
    return distinction


def withdraw(session: Session, distinction: Distinction, expert: User,
             confirmed: bool = True) -> None:
    """Remove the expert's own distinction while the edition is open; the caller commits.

    `confirmed` is the expert's explicit tick: the page's dialog needs JavaScript, so
    without it only the tick stands between a stray click and a lost distinction."""
    edition = session.get(Edition, distinction.edition_id)
    ensure_open(edition)
    if distinction.expert_id != expert.id:
        raise ResultsError(N_("Możesz wycofać tylko wyróżnienia przyznane przez siebie."), 403)
    if not confirmed:
        raise ResultsError(N_("Zaznacz „Potwierdzam wycofanie”, aby wycofać wyróżnienie."), 422)
    record(session, actor_id=expert.id, action="distinction.withdraw",
           entity_type="distinction", entity_id=distinction.id, before=_snapshot(distinction))
    session.delete(distinction)


# Where the desk works when no edition is chosen: fieldwork first, then an edition waiting
# for publication, then the latest published; an edition still in preparation only if
# nothing else exists (a new, empty one must not hide the one being reviewed).
DEFAULT_ORDER = (EditionStatus.OPEN, EditionStatus.FROZEN, EditionStatus.PUBLISHED,
                 EditionStatus.DRAFT)


def working_edition(session: Session) -> Edition | None:
    """The edition the review queue and the ranking open with, newest within each status."""
    rank = sa.case({status.value: n for n, status in enumerate(DEFAULT_ORDER)},
                   value=Edition.status, else_=len(DEFAULT_ORDER))
    return session.scalar(sa.select(Edition).order_by(rank, Edition.year.desc(),
                                                      Edition.id.desc()).limit(1))


@dataclass(frozen=True)
class FreezeCheck:
    """What a coordinator should know before freezing: nothing here changes afterwards."""

    waiting: int  # sent or corrected, not yet reviewed
    returned: int  # back with the juror for a correction
    distinctions: int
    # An e-mail or message whose reply has not come: not reviewable yet, so not "waiting
    # for review" — the queue's default filter does not show it, its own status does.
    awaiting_reply: int = 0


def freeze_check(session: Session, edition_id: int) -> FreezeCheck:
    counts = dict(session.execute(
        sa.select(Contact.status, sa.func.count(Contact.id)).join(Assignment)
        .where(Assignment.edition_id == edition_id, Contact.status.in_(EDITABLE_STATUSES))
        .group_by(Contact.status)).all())
    distinctions = session.scalar(sa.select(sa.func.count(Distinction.id))
                                  .where(Distinction.edition_id == edition_id))
    returned = counts.pop(ContactStatus.RETURNED, 0)
    awaiting_reply = counts.pop(ContactStatus.AWAITING_REPLY, 0)
    return FreezeCheck(sum(counts.values()), returned, distinctions, awaiting_reply)


NO_DISTINCTIONS = N_("Nie przyznano żadnego wyróżnienia, a po zamrożeniu ekspert nie będzie "
                     "mógł ich przyznać. Zaznacz, że zamrażasz wyniki bez wyróżnień, albo "
                     "poczekaj na eksperta.")


def freeze(session: Session, edition: Edition, coordinator: User, *,
           without_distinctions: bool = False) -> None:
    """Lock the edition's contacts, scores and distinctions; the caller commits.

    With no distinction awarded the coordinator must say so: the expert cannot award
    after the freeze, so freezing early by mistake would leave the gala without any.
    """
    if edition.status == EditionStatus.PUBLISHED:
        raise ResultsError(N_("Wyniki tej edycji są już opublikowane."), 409)
    if edition.status == EditionStatus.FROZEN:
        raise ResultsError(N_("Wyniki tej edycji są już zamrożone."), 409)
    if not without_distinctions and not freeze_check(session, edition.id).distinctions:
        raise ResultsError(NO_DISTINCTIONS, 422)
    ranking = compute_ranking(session, edition)
    # Awarded to a licence holder, a distinction stays one only if the licence does (later
    # approvals can lower a score): the published results must not name one without it.
    unlicensed = sorted({r.name for r in ranking.rows if r.distinctions and not r.licence},
                        key=polish_key)
    if unlicensed:
        raise ResultsError(LOST_LICENCE, 422, names=", ".join(unlicensed))
    before = {"status": str(edition.status)}
    edition.status = EditionStatus.FROZEN
    # The frozen ranking goes into the audit trail, so any later drift can be shown.
    record(session, actor_id=coordinator.id, action="edition.freeze", entity_type="edition",
           entity_id=edition.id, before=before,
           after={"status": "frozen", "ranking": snapshot(ranking)})


def snapshot(ranking: Ranking) -> dict[str, list]:
    """participant id → [score, rank, licence, distinction kinds], JSON-ready."""
    return {str(r.participant_id): [r.score, r.rank, r.licence,
                                    sorted(str(d.kind) for d in r.distinctions)]
            for r in ranking.rows}


def drift(session: Session, ranking: Ranking) -> list[int]:
    """Participants whose result differs from the one frozen (empty when not frozen)."""
    frozen = session.scalar(
        sa.select(AuditEvent.after).where(AuditEvent.entity_type == "edition",
                                          AuditEvent.entity_id == str(ranking.edition.id),
                                          AuditEvent.action == "edition.freeze")
        .order_by(AuditEvent.id.desc()).limit(1))
    if not ranking.edition.is_locked or not frozen or "ranking" not in frozen:
        return []
    now = snapshot(ranking)
    return sorted(int(p) for p in set(now) | set(frozen["ranking"])
                  if now.get(p) != frozen["ranking"].get(p))


def publish(session: Session, edition: Edition, coordinator: User) -> None:
    """Publish frozen results; the caller commits."""
    if edition.status == EditionStatus.PUBLISHED:
        raise ResultsError(N_("Wyniki tej edycji są już opublikowane."), 409)
    if edition.status != EditionStatus.FROZEN:
        raise ResultsError(N_("Najpierw zamroź wyniki — publikować można tylko zamrożone."), 409)
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = utcnow()
    record(session, actor_id=coordinator.id, action="edition.publish", entity_type="edition",
           entity_id=edition.id, before={"status": "frozen"},
           after={"status": "published", "published_at": edition.published_at.isoformat()})
