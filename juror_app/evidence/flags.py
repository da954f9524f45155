"""Anomaly flags from the database: gather a contact's facts, run the rules, keep the result.

Handed a Session, no Flask. The flags are stored on the contact ([{code, text, params}],
`text` the Polish msgid) so the queue can filter on them and the page shows them without
recomputing; `refresh` also refreshes the contacts a change can affect (the same photo
bytes elsewhere, the juror's neighbouring visits).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from juror_app.evidence.anomalies import (
    ContactFacts,
    PhotoFacts,
    Place,
    Surroundings,
    Thresholds,
    flags,
)
from juror_app.models import Assignment, Contact, Photo


def thresholds(config: Mapping[str, Any]) -> Thresholds:
    return Thresholds(photo_minutes=float(config["ANOMALY_PHOTO_MINUTES"]),
                      distance_km=float(config["ANOMALY_DISTANCE_KM"]),
                      clock_minutes=float(config["ANOMALY_CLOCK_MINUTES"]),
                      speed_kmh=float(config["ANOMALY_SPEED_KMH"]),
                      min_minutes=dict(config["ANOMALY_MIN_MINUTES"]))


def _place(lat, lon) -> Place | None:
    return None if lat is None or lon is None else Place(lat, lon)


def facts(contact: Contact) -> ContactFacts:
    return ContactFacts(
        id=contact.id, channel=contact.channel, started_at=contact.started_at,
        ended_at=contact.ended_at, received_at=contact.received_at,
        position=_place(contact.latitude, contact.longitude),
        photos=tuple(PhotoFacts(p.sha256, p.received_at, p.captured_at,
                                _place(p.latitude, p.longitude)) for p in contact.photos))


def participant_place(contact: Contact) -> Place | None:
    participant = contact.assignment.participant
    return _place(participant.latitude, participant.longitude)


def _neighbour(session: Session, contact: Contact, before: bool):
    order = Contact.started_at.desc() if before else Contact.started_at.asc()
    cmp = Contact.started_at < contact.started_at if before else (
        Contact.started_at > contact.started_at)
    other = session.scalar(
        sa.select(Contact).where(Contact.juror_id == contact.juror_id,
                                 Contact.channel == "visit", Contact.id != contact.id, cmp)
        .options(joinedload(Contact.assignment).joinedload(Assignment.participant))
        .order_by(order).limit(1))
    if other is None:
        return None
    place = _place(other.latitude, other.longitude) or participant_place(other)
    return (facts(other), place) if place else None


def _duplicates(session: Session, contact: Contact) -> dict[str, tuple[int, ...]]:
    hashes = [p.sha256 for p in contact.photos]
    if not hashes:
        return {}
    rows = session.execute(sa.select(Photo.sha256, Photo.contact_id).distinct()
                           .where(Photo.sha256.in_(hashes), Photo.contact_id != contact.id)
                           .order_by(Photo.contact_id)).all()
    found: dict[str, tuple[int, ...]] = {}
    for sha, other in rows:
        found[sha] = (*found.get(sha, ()), other)
    return found


def surroundings(session: Session, contact: Contact, t: Thresholds) -> Surroundings:
    edition = contact.assignment.edition
    channel = (contact_rubric(contact) or {}).get("channels", {}).get(contact.channel, {})
    minimum = channel.get("min_minutes")
    is_visit = contact.channel == "visit"
    return Surroundings(
        participant=participant_place(contact), window=(edition.starts_on, edition.ends_on),
        duplicates=_duplicates(session, contact),
        previous_visit=_neighbour(session, contact, True) if is_visit else None,
        next_visit=_neighbour(session, contact, False) if is_visit else None,
        min_minutes=float(minimum) if isinstance(minimum, int | float) else None)


def contact_rubric(contact: Contact) -> dict | None:
    rubrics = contact.assignment.edition.rubrics
    for rubric in rubrics:
        if rubric.version == contact.rubric_version:
            return rubric.data
    return rubrics[-1].data if rubrics else None


def evaluate(session: Session, contact: Contact, t: Thresholds) -> list[dict[str, Any]]:
    return [{"code": f.code, "text": f.message.text, "params": f.message.params}
            for f in flags(facts(contact), surroundings(session, contact, t), t)]


def related_ids(session: Session, contact: Contact) -> set[int]:
    """Contacts whose flags this one's change can alter."""
    ids = {contact.id}
    hashes = [p.sha256 for p in contact.photos]
    if hashes:
        ids.update(session.scalars(sa.select(Photo.contact_id)
                                   .where(Photo.sha256.in_(hashes))))
    if contact.channel == "visit":
        for before in (True, False):
            near = _neighbour(session, contact, before)
            if near:
                ids.add(near[0].id)
    return ids


def refresh(session: Session, contact_ids: Iterable[int], t: Thresholds) -> None:
    """Recompute and store the flags of these contacts and of those they affect."""
    load = (sa.select(Contact).options(
        selectinload(Contact.photos),
        joinedload(Contact.assignment).joinedload(Assignment.participant)))
    seeds = session.scalars(load.where(Contact.id.in_(list(contact_ids)))).unique().all()
    ids = set().union(*(related_ids(session, c) for c in seeds)) if seeds else set()
    for contact in session.scalars(load.where(Contact.id.in_(ids))).unique():
        found = evaluate(session, contact, t)
        if found != (contact.flags or []):
            contact.flags, contact.flag_count = found, len(found)
