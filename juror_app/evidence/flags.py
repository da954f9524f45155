"""Anomaly flags from the database: gather a contact's facts, run the rules, keep the result.

Handed a Session, no Flask. The flags are stored on the contact ([{code, text, params}],
`text` the Polish msgid) so the queue can filter on them and the page shows them without
recomputing; `refresh` also refreshes the contacts a change can affect (the same photo
bytes elsewhere, the juror's neighbouring visits).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, load_only, selectinload

from juror_app.evidence.anomalies import (
    CODE_ORDER,
    ContactFacts,
    Flag,
    PhotoFacts,
    Place,
    Surroundings,
    Thresholds,
    fieldwork_window,
    flags,
    too_fast,
)
from juror_app.models import Assignment, Contact, Edition, Photo, Rubric


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
    rubric = contact.assignment.edition.rubric_scored_with(contact.rubric_version)
    return rubric.data if rubric else None


def as_stored(found: Iterable[Flag]) -> list[dict[str, Any]]:
    return [{"code": f.code, "text": f.message.text, "params": f.message.params}
            for f in found]


def evaluate(session: Session, contact: Contact, t: Thresholds) -> list[dict[str, Any]]:
    return as_stored(flags(facts(contact), surroundings(session, contact, t), t))


def related_ids(contact: Contact, around: Surroundings) -> set[int]:
    """Contacts whose flags this one's change can alter: those holding the same photo
    bytes and its neighbouring visits — read once, for its own flags (`surroundings`)."""
    ids = {contact.id}
    for holders in around.duplicates.values():
        ids.update(holders)
    for near in (around.previous_visit, around.next_visit):
        if near:
            ids.add(near[0].id)
    return ids


def _loading() -> sa.Select:
    """A contact with what its flags read: photos, task and participant (for places)."""
    return sa.select(Contact).options(
        selectinload(Contact.photos),
        joinedload(Contact.assignment).joinedload(Assignment.participant))


def refresh(session: Session, contact_ids: Iterable[int], t: Thresholds) -> None:
    """Recompute and store the flags of these contacts and of those they affect."""
    seeds = session.scalars(_loading().where(Contact.id.in_(list(contact_ids)))).unique().all()
    refresh_loaded(session, seeds, t)


def refresh_loaded(session: Session, seeds: list[Contact], t: Thresholds) -> None:
    """`refresh` for contacts the caller holds already (a PUT's own, not read again)."""
    # A seed's surroundings give both its own flags and the contacts it affects: its
    # neighbours and duplicates were read twice before (three queries more per visit).
    around = {c.id: surroundings(session, c, t) for c in seeds}
    ids = set().union(*(related_ids(c, around[c.id]) for c in seeds)) if seeds else set()
    # The seeds are loaded already (with photos and places): read only the others.
    others = ids - {c.id for c in seeds}
    if others:
        seeds = seeds + session.scalars(_loading().where(Contact.id.in_(others))).unique().all()
    # In id order: each evaluation's reads autoflush the flags set before it, so rows are
    # locked in this order; two uploads sharing a photo's hash, each refreshing the
    # other's contact, deadlocked on PostgreSQL when each began with its own.
    for contact in sorted(seeds, key=lambda c: c.id):
        seen = around.get(contact.id) or surroundings(session, contact, t)
        found = as_stored(flags(facts(contact), seen, t))
        if found != (contact.flags or []):
            contact.flags, contact.flag_count = found, len(found)


def _with_replaced(stored: list[dict] | None, code: str, fresh: list[dict]) -> list[dict]:
    """The stored flags with one rule's replaced, in the order a full evaluation gives."""
    kept = [f for f in stored or [] if f["code"] != code]
    return sorted(kept + fresh, key=lambda f: CODE_ORDER.index(f["code"]))


def refresh_rule(session: Session, contact_ids: list[int], code: str,
                 rule: Callable[[ContactFacts], list[Flag]]) -> None:
    """Recompute one rule's flags where only its input changed (an edition's window, a
    rubric's minimum): one read per batch and no query per contact, so an edition-wide
    change stays quick. The rule sees the contact's times only (no photos, no places)."""
    columns = load_only(Contact.id, Contact.channel, Contact.started_at, Contact.ended_at,
                        Contact.received_at, Contact.flags, Contact.flag_count)
    for start in range(0, len(contact_ids), 500):
        batch = session.scalars(sa.select(Contact).options(columns)
                                .where(Contact.id.in_(contact_ids[start:start + 500])))
        for contact in batch:
            bare = ContactFacts(contact.id, contact.channel, contact.started_at,
                                contact.ended_at, contact.received_at)
            found = _with_replaced(contact.flags, code, as_stored(rule(bare)))
            if found != (contact.flags or []):
                contact.flags, contact.flag_count = found, len(found)
        session.flush()


def refresh_window(session: Session, edition: Edition) -> None:
    """After the edition's fieldwork days changed: only the window rule reads them."""
    around = Surroundings(participant=None, window=(edition.starts_on, edition.ends_on))
    refresh_rule(session, edition_contact_ids(session, edition.id), "outside_window",
                 lambda bare: fieldwork_window(bare, around))


def refresh_minimum(session: Session, edition: Edition, t: Thresholds) -> None:
    """After a rubric upload: too_fast of the contacts the new version reaches."""
    latest = edition.rubric
    channels = latest.data.get("channels", {})

    def rule(bare: ContactFacts) -> list[Flag]:
        minimum = channels.get(bare.channel, {}).get("min_minutes")
        around = Surroundings(participant=None, window=(edition.starts_on, edition.ends_on),
                              min_minutes=float(minimum) if _number(minimum) else None)
        return too_fast(bare, around, t)

    refresh_rule(session, contacts_on_latest_rubric(session, edition.id, latest.version),
                 "too_fast", rule)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def participant_contact_ids(session: Session, participant_id: int) -> list[int]:
    """The contacts a participant's position is compared with."""
    return list(session.scalars(sa.select(Contact.id).join(Contact.assignment)
                                .where(Assignment.participant_id == participant_id)
                                .order_by(Contact.id)))


def edition_contact_ids(session: Session, edition_id: int) -> list[int]:
    """The contacts an edition's fieldwork window is compared with."""
    return list(session.scalars(sa.select(Contact.id).join(Contact.assignment)
                                .where(Assignment.edition_id == edition_id)
                                .order_by(Contact.id)))


def contacts_on_latest_rubric(session: Session, edition_id: int, latest: int) -> list[int]:
    """The contacts a new rubric version reaches: one scored under an older version keeps
    that version's min_minutes (contact_rubric), any other falls back to the latest."""
    older = sa.select(Rubric.version).where(Rubric.edition_id == edition_id,
                                            Rubric.version != latest)
    return list(session.scalars(
        sa.select(Contact.id).join(Contact.assignment)
        .where(Assignment.edition_id == edition_id,
               sa.or_(Contact.rubric_version.is_(None), Contact.rubric_version.not_in(older)))
        .order_by(Contact.id)))
