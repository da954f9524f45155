"""One contact's documents in an evidence archive against its own audit events.

Plain (no Flask, no database). The manifest is not signed, so contact.json could be edited
and re-hashed there; what the audit chain recorded cannot be without forging an event. So
every field contact.json shows that an event records is compared with the latest event
that records it, every photo with its photo.create event, and every actor an event names
with the archive's actors list. What no event records (names, the participant's address)
only the live database can confirm (archive_live.py).
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

# contact.json's field → the contact events' field that records it (sync's audit_state,
# the review decisions). Compared whenever an event records the field, None included.
RECORDED = {"payload_sha256": "payload_hash", "status": "status", "channel": "channel",
            "notes": "notes", "measurements": "measurements", "started_at": "started_at",
            "ended_at": "ended_at", "review_comment": "review_comment",
            "position": "position"}

# contact.json's photo field → the photo.create event's field that recorded it at upload.
PHOTO_RECORDED = {"received_sha256": "sha256", "client_sha256": "client_sha256",
                  "display_sha256": "display_sha256"}
# Recorded since capture data joined the chain; an older photo.create lacks them.
CAPTURE_RECORDED = {"captured_at": "captured_at", "latitude": "latitude",
                    "longitude": "longitude", "capture_sources": "capture_sources"}

# Why a check could not be done, counted per archive (the CLI prints each once).
OLD_PHOTO_EVENT = ("capture time and place of {n} photo(s): their photo.create audit "
                   "events predate recording them")
NO_ACTORS = ("who the audit events name, in {n} contact(s): the archive predates its "
             "actors list (reviewers appear by number only)")

_MISSING = object()


def _instant(value: Any) -> Any:
    """A time as the moment it names, so '+02:00' and its UTC spelling compare equal."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _scores(contact: dict) -> dict:
    return {s["key"]: s["points"] for s in contact.get("scores", [])}


def contact_problems(base: str, contact: dict, events: list[dict]) -> list[str]:
    """The contact says what its latest audit event for each field says."""
    contact_events = [e for e in events if e["entity_type"] == "contact"]
    if not contact_events:  # every contact arrives through an audited sync (or the demo's)
        return [f"{base}: no audit event records this contact"]
    states = [e.get("after") or {} for e in contact_events]
    shown = {**contact, "scores": _scores(contact)}
    problems = []
    for field, key in {**RECORDED, "scores": "scores"}.items():
        latest = next((s[key] for s in reversed(states) if key in s), _MISSING)
        if latest is _MISSING:
            continue
        if _instant(latest) != _instant(shown.get(field)):
            problems.append(f"{base}: contact.json {field} {shown.get(field)!r} differs "
                            f"from its latest audit event ({latest!r})")
    # The juror is whoever sent the contact: the first event's actor.
    sender = contact_events[0].get("actor_id")
    juror = (contact.get("juror") or {}).get("id")
    if sender is not None and sender != juror:
        problems.append(f"{base}: contact.json names juror {juror}, its audit events "
                        f"juror {sender}")
    return problems


def photo_problems(base: str, contact: dict, events: list[dict], listed: dict,
                   unchecked: Counter) -> list[str]:
    """Each photo as its photo.create event recorded it: bytes received, display copy,
    contact, and (since they joined the chain) capture time, place and their source."""
    created = {e["entity_id"]: e.get("after") or {} for e in events
               if e["action"] == "photo.create"}
    problems = []
    for photo in contact.get("photos", []):
        pid, recorded = photo.get("photo_id"), created.pop(photo.get("photo_id"), None)
        if recorded is None:
            problems.append(f"{base}: photo {pid} has no photo.create audit event")
            continue
        fields = dict(PHOTO_RECORDED)
        if "captured_at" in recorded:
            fields.update(CAPTURE_RECORDED)
        else:
            unchecked[OLD_PHOTO_EVENT] += 1
        problems += [f"{base}: photo {pid}: {field} {photo.get(field)!r} in contact.json, "
                     f"{recorded[key]!r} in its audit event"
                     for field, key in fields.items()
                     if key in recorded
                     and _instant(recorded[key]) != _instant(photo.get(field))]
        if "contact" in recorded and recorded["contact"] != contact.get("client_id"):
            problems.append(f"{base}: photo {pid} was recorded for contact "
                            f"{recorded['contact']}, not this one")
        display = recorded.get("display_sha256")
        if display and display != listed.get(f"{base}/{photo.get('file')}"):
            problems.append(f"{base}: photo {pid}: the display file is not the one stored "
                            f"at capture (SHA-256 {display} in its audit event)")
    problems += [f"{base}: photo {pid} is in the audit events but not in contact.json"
                 for pid in created]
    return problems


def actor_problems(base: str, contact: dict, events: list[dict],
                   unchecked: Counter) -> list[str]:
    """Every actor an event names is in the actors list, and the juror as contact.json
    names them. Old archives have no list: said, not failed."""
    if "actors" not in contact:
        unchecked[NO_ACTORS] += 1
        return []
    actors = {a.get("id"): a for a in contact["actors"]}
    problems = [f"{base}: audit event #{e['seq']} names actor {e['actor_id']}, who is not "
                "in contact.json's actors" for e in events
                if e.get("actor_id") is not None and e["actor_id"] not in actors]
    juror = contact.get("juror") or {}
    named = actors.get(juror.get("id"))
    if named is None or named.get("name") != juror.get("name"):
        problems.append(f"{base}: contact.json's juror {juror.get('id')} "
                        f"({juror.get('name')!r}) is not so in its actors")
    return problems


def review_problems(base: str, review: list[dict], events: list[dict]) -> list[str]:
    by_seq = {e["seq"]: e for e in events}
    return [f"{base}: review.json event #{e.get('seq')} differs from audit.json"
            for e in review if by_seq.get(e.get("seq")) != e]
