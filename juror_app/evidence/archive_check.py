"""Checking an evidence archive offline: every file against manifest.json, every audit event
against its own hash. Plain (no Flask, no database): an appeal board can run it anywhere.

The manifest is not signed, so a forger could edit contact.json and re-hash it there. The
files are therefore also checked against each other: consecutive audit events must link
(prev_hash), the contact's photos, payload hash and status must be what its audit events
recorded, and no event may lie past the manifest's chain head. What remains — a forger
who rewrites the whole chain — is caught by comparing the manifest's chain head with the
live chain (`flask audit verify` or the coordinator's dashboard).
"""
from __future__ import annotations

import hashlib
import itertools
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from juror_app.audit.chain import event_hash

CHUNK = 64 * 1024


def _sha256(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as member:
        while chunk := member.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _event_problems(zf: zipfile.ZipFile, name: str) -> list[str]:
    problems = []
    for raw in json.loads(zf.read(name)):
        stored = raw.get("hash")
        event = SimpleNamespace(**{k: v for k, v in raw.items() if k not in ("hash", "id")})
        event.at = _parse_time(event.at)
        if event_hash(event) != stored:
            problems.append(f"{name}: audit event #{raw.get('seq')} does not match its hash")
    return problems


def _parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _load(zf: zipfile.ZipFile, name: str) -> object:
    try:
        return json.loads(zf.read(name))
    except (KeyError, ValueError):
        return None


def _links(base: str, events: list[dict]) -> list[str]:
    """Each event points at the one before it where the archive holds both."""
    return [f"{base}: audit event #{later['seq']} does not point at event #{earlier['seq']}"
            for earlier, later in itertools.pairwise(events)
            if later["seq"] == earlier["seq"] + 1 and later["prev_hash"] != earlier["hash"]]


def _past_head(base: str, events: list[dict], head: dict) -> list[str]:
    seq, last = head.get("seq"), head.get("hash")
    return [f"{base}: audit event #{e['seq']} lies past the manifest's chain head #{seq}"
            if e["seq"] > seq else f"{base}: audit event #{seq} is not the chain head"
            for e in events if e["seq"] > seq or (e["seq"] == seq and e["hash"] != last)]


# contact.json's photo field → the photo.create event's field that recorded it at upload.
PHOTO_RECORDED = {"received_sha256": "sha256", "client_sha256": "client_sha256",
                  "display_sha256": "display_sha256"}


def _photos(base: str, contact: dict, events: list[dict], listed: dict) -> list[str]:
    """Each photo as its photo.create event recorded it (bytes received, display copy)."""
    created = {e["entity_id"]: e.get("after") or {} for e in events
               if e["action"] == "photo.create"}
    problems = []
    for photo in contact.get("photos", []):
        pid, recorded = photo.get("photo_id"), created.pop(photo.get("photo_id"), None)
        if recorded is None:
            problems.append(f"{base}: photo {pid} has no photo.create audit event")
            continue
        problems += [f"{base}: photo {pid}: {field} {photo.get(field)} in contact.json, "
                     f"{recorded[key]} in its audit event"
                     for field, key in PHOTO_RECORDED.items()
                     if key in recorded and recorded[key] != photo.get(field)]
        display = recorded.get("display_sha256")
        if display and display != listed.get(f"{base}/{photo.get('file')}"):
            problems.append(f"{base}: photo {pid}: the display file is not the one stored "
                            f"at capture (SHA-256 {display} in its audit event)")
    problems += [f"{base}: photo {pid} is in the audit events but not in contact.json"
                 for pid in created]
    return problems


# contact.json's field → the audit events' field that records it.
RECORDED = {"payload_sha256": "payload_hash", "status": "status", "notes": "notes",
            "measurements": "measurements", "started_at": "started_at",
            "ended_at": "ended_at", "review_comment": "review_comment"}


def _contact(base: str, contact: dict, events: list[dict]) -> list[str]:
    """The contact says what its latest audit event for each field says."""
    states = [e.get("after") or {} for e in events if e["entity_type"] == "contact"]
    if not states:  # every contact arrives through an audited sync (or the demo's trail)
        return [f"{base}: no audit event records this contact"]
    problems = []
    for field, key in RECORDED.items():
        latest = next((state[key] for state in reversed(states) if key in state), None)
        if latest is not None and latest != contact.get(field):
            problems.append(f"{base}: contact.json {field} {contact.get(field)!r} differs "
                            f"from its latest audit event ({latest!r})")
    return problems


def _review(base: str, review: list[dict], events: list[dict]) -> list[str]:
    by_seq = {e["seq"]: e for e in events}
    return [f"{base}: review.json event #{e.get('seq')} differs from audit.json"
            for e in review if by_seq.get(e.get("seq")) != e]


def _cross_problems(zf: zipfile.ZipFile, base: str, head: dict, listed: dict) -> list[str]:
    """One contact's files against each other and against the manifest's chain head."""
    contact, events = _load(zf, f"{base}/contact.json"), _load(zf, f"{base}/audit.json")
    review = _load(zf, f"{base}/review.json")
    try:
        events = sorted(events, key=lambda e: e["seq"])
        return [*_links(base, events), *_past_head(base, events, head),
                *_photos(base, contact, events, listed), *_contact(base, contact, events),
                *_review(base, review, events)]
    except (TypeError, KeyError, AttributeError):
        return [f"{base}: contact.json, audit.json or review.json cannot be read"]


def cross_checks(zf: zipfile.ZipFile, manifest: dict, listed: dict) -> list[str]:
    head = manifest.get("audit_chain_head")
    if not isinstance(head, dict) or not isinstance(head.get("seq"), int):
        return ["manifest.json has no audit chain head"]
    bases = sorted({n.rsplit("/", 1)[0] for n in zf.namelist()
                    if n.startswith("contacts/") and n.endswith("/contact.json")})
    return [p for base in bases for p in _cross_problems(zf, base, head, listed)]


def chain_head(path: str | Path) -> dict | None:
    """The audit chain head the (already checked) archive's manifest names."""
    with zipfile.ZipFile(path) as zf:
        return (_load(zf, "manifest.json") or {}).get("audit_chain_head")


def check_archive(path: str | Path) -> list[str]:
    """What does not match, in words; an empty list means the archive is intact."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"not a readable ZIP archive: {exc}"]
    with zf:
        names = set(zf.namelist())
        if "manifest.json" not in names:
            return ["manifest.json is missing"]
        try:
            manifest = json.loads(zf.read("manifest.json"))
            listed = dict(manifest["files"])
        except (ValueError, KeyError, TypeError):
            return ["manifest.json cannot be read"]
        problems = [f"{n}: listed in the manifest but missing" for n in sorted(listed)
                    if n not in names]
        problems += [f"{n}: not listed in the manifest" for n in sorted(names)
                     if n not in listed and n != "manifest.json"]
        for name in sorted(n for n in listed if n in names):
            try:
                actual = _sha256(zf, name)
            except zipfile.BadZipFile as exc:  # the ZIP's own CRC caught the change first
                problems.append(f"{name}: damaged ({exc})")
                continue
            if actual != listed[name]:
                problems.append(f"{name}: SHA-256 {actual} instead of {listed[name]}")
            elif name.endswith("/audit.json") or name.endswith("/review.json"):
                problems += _event_problems(zf, name)
        problems += cross_checks(zf, manifest, listed)
    return problems
