"""An evidence archive against the live database: what the offline check cannot prove.

Handed a Session, no Flask. The archive's own files only show that they agree with each
other; a forger with the published code can re-hash an edited event, or drop a decision
and put the contact back as before it, or leave a contact out — the chain's links do not
reach across a participant's sparse events. Here each event's hash is compared with the
live chain's row of that seq, the chain head with its row, and the scope's contacts and
events up to the head with what the archive holds; names, which no event records, with
the database's now.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.evidence.archive import contacts_in, events_of
from juror_app.evidence.archive_check import Verdict
from juror_app.models import AuditEvent, Participant, User

BATCH = 500


def _live_hashes(session: Session, seqs: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(seqs), BATCH):
        found.update(session.execute(sa.select(AuditEvent.seq, AuditEvent.hash).where(
            AuditEvent.seq.in_(seqs[start:start + BATCH]))).all())
    return found


def _hash_problems(session: Session, verdict: Verdict) -> list[str]:
    head = verdict.head or {}
    wanted = dict(verdict.events)
    if isinstance(head.get("seq"), int) and head["seq"] > 0:
        wanted.setdefault(head["seq"], head.get("hash"))
    live = _live_hashes(session, sorted(wanted))
    problems = []
    for seq in sorted(wanted):
        if seq not in live:
            problems.append(f"audit event #{seq} is not in the live chain")
        elif live[seq] != wanted[seq]:
            what = "the chain head" if seq not in verdict.events else f"audit event #{seq}"
            problems.append(f"{what}: hash {wanted[seq]} in the archive, {live[seq]} in the "
                            f"live chain's event #{seq}")
    return problems


def _who(contact: Any) -> str:
    return f"contact {contact.id} ({contact.assignment.participant.name}, {contact.juror.name})"


def _completeness(session: Session, verdict: Verdict) -> list[str]:
    """Every contact of the scope and every event of theirs up to the archive's head."""
    scope, head = verdict.scope, (verdict.head or {}).get("seq", 0)
    if not isinstance(scope.get("edition_id"), int):
        return ["manifest.json names no edition: completeness not checked"]
    held = {c.get("id"): c for c in verdict.contacts}
    problems, seen = [], set()
    for contact in contacts_in(session, scope["edition_id"], scope.get("participant_id")):
        events = [e for e in events_of(session, contact) if e.seq <= head]
        if not events:
            continue  # written after the archive was made
        seen.add(contact.id)
        archived = held.get(contact.id)
        if archived is None:
            problems.append(f"{_who(contact)}: in the database with {len(events)} audit "
                            f"event(s) up to #{head}, but not in the archive")
            continue
        problems += [f"{archived['base']}: audit event #{e.seq} ({e.action}) is in the live "
                     "chain but not in the archive" for e in events
                     if e.seq not in archived["events"]]
    problems += [f"{c['base']}: contact {c.get('id')} is not in the database's scope of the "
                 "archive" for c in verdict.contacts if c.get("id") not in seen]
    return problems


def _name_problems(session: Session, verdict: Verdict) -> list[str]:
    """Names are in no audit event: the archive's must be the database's."""
    people = {c.get("base"): [c.get("juror") or {}, *(c.get("actors") or [])]
              for c in verdict.contacts}
    ids = {p.get("id") for group in people.values() for p in group}
    users = {u.id: u for u in session.scalars(sa.select(User).where(User.id.in_(ids)))}
    places = {p.get("id") for c in verdict.contacts for p in [c.get("participant") or {}]}
    participants = {p.id: p for p in session.scalars(
        sa.select(Participant).where(Participant.id.in_(places)))}
    problems = []
    for contact in verdict.contacts:
        base, place = contact["base"], contact.get("participant") or {}
        live = participants.get(place.get("id"))
        if live is None or live.name != place.get("name"):
            problems.append(f"{base}: participant {place.get('id')} {place.get('name')!r} "
                            f"differs from the database ({live.name if live else None!r})")
        for person in people[base]:
            user = users.get(person.get("id"))
            if user is None or user.name != person.get("name") or (
                    "role" in person and str(user.role) != person["role"]):
                problems.append(f"{base}: user {person.get('id')} {person.get('name')!r} "
                                f"differs from the database "
                                f"({user.name if user else None!r})")
    return list(dict.fromkeys(problems))  # the juror is also among the actors


def live_problems(session: Session, verdict: Verdict) -> list[str]:
    """What the live database shows that the archive does not: an empty list when every
    event matches the live chain and nothing of the scope is left out."""
    return [*_hash_problems(session, verdict), *_completeness(session, verdict),
            *_name_problems(session, verdict)]
