"""Checking an evidence archive offline: every file against manifest.json, every audit event
against its own hash (content and prev_hash). Plain (no Flask, no database): an appeal
board can run it anywhere.

The manifest is not signed, so a forger could edit any file and re-hash it there. The files
are therefore also checked against each other: consecutive audit events must link
(prev_hash), every field of contact.json and of its photos that an audit event records must
be what the latest such event says (archive_records.py), the actors the events name must be
listed, manifest.json's seq → hash list must be the events the files hold, and no event may
lie past the chain head. That leaves what only the live chain can show: an event edited and
re-hashed, or left out with the contact put back as before it (the archive holds a
participant's events, sparse in the chain, so their links do not cover each other), a
contact left out, a changed name. `flask evidence verify` on the server compares those
(archive_live.py); offline, Verdict.notes() and the CLI say what was not checked.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from juror_app.audit.chain import event_hash
from juror_app.evidence import archive_records as records

CHUNK = 64 * 1024
# What the live comparison (archive_live.py) needs of each contact.json.
SUMMARY = ("id", "client_id", "participant", "juror", "actors", "photos")
NO_EVENT_LIST = ("the archive lists no seq → hash of its events (made before it did): "
                 "only the events in its audit.json files can be compared with the live chain")


@dataclass
class Verdict:
    """What a check found (problems), what it could not check (reason → how often), and
    what the live chain must hold: the head, each event's hash by seq, the contacts."""

    problems: list[str] = field(default_factory=list)
    unchecked: Counter = field(default_factory=Counter)
    head: dict | None = None
    scope: dict = field(default_factory=dict)
    events: dict[int, str] = field(default_factory=dict)
    contacts: list[dict] = field(default_factory=list)

    def notes(self) -> list[str]:
        return [reason.format(n=n) for reason, n in self.unchecked.items()]


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


def _cross_problems(zf: zipfile.ZipFile, base: str, head: dict, listed: dict,
                    verdict: Verdict) -> list[str]:
    """One contact's files against each other and against the manifest's chain head."""
    contact, events = _load(zf, f"{base}/contact.json"), _load(zf, f"{base}/audit.json")
    review = _load(zf, f"{base}/review.json")
    try:
        events = sorted(events, key=lambda e: e["seq"])
        problems = [*_links(base, events), *_past_head(base, events, head),
                    *records.photo_problems(base, contact, events, listed, verdict.unchecked),
                    *records.contact_problems(base, contact, events),
                    *records.actor_problems(base, contact, events, verdict.unchecked),
                    *records.review_problems(base, review, events)]
        verdict.contacts.append({**{k: contact.get(k) for k in SUMMARY}, "base": base,
                                 "events": {e["seq"]: e for e in events}})
        return problems
    except (TypeError, KeyError, AttributeError):
        return [f"{base}: contact.json, audit.json or review.json cannot be read"]


def _listed_events(manifest: dict, verdict: Verdict) -> list[str]:
    """manifest.json's seq → hash list is exactly the events the contacts' files hold."""
    held: dict[int, str] = {}
    problems = []
    for contact in verdict.contacts:
        for seq, event in contact["events"].items():
            if held.setdefault(seq, event["hash"]) != event["hash"]:
                problems.append(f"audit event #{seq} differs between two contacts' files")
    verdict.events = held
    pairs = manifest.get("events")
    if pairs is None:
        verdict.unchecked[NO_EVENT_LIST] += 1
        return problems
    try:
        listed = {int(seq): hash_ for seq, hash_ in pairs}
    except (TypeError, ValueError):
        return [*problems, "manifest.json's events cannot be read"]
    problems += [f"audit event #{seq}: listed in manifest.json but in no audit.json"
                 for seq in sorted(set(listed) - set(held))]
    problems += [f"audit event #{seq}: in an audit.json but not listed in manifest.json"
                 for seq in sorted(set(held) - set(listed))]
    problems += [f"audit event #{seq}: hash {listed[seq]} in manifest.json, {held[seq]} "
                 "in its audit.json" for seq in sorted(set(held) & set(listed))
                 if listed[seq] != held[seq]]
    return problems


def cross_checks(zf: zipfile.ZipFile, manifest: dict, listed: dict,
                 verdict: Verdict | None = None) -> list[str]:
    verdict = verdict or Verdict()
    head = manifest.get("audit_chain_head")
    if not isinstance(head, dict) or not isinstance(head.get("seq"), int):
        return ["manifest.json has no audit chain head"]
    verdict.head = head
    scope = manifest.get("scope")
    verdict.scope = scope if isinstance(scope, dict) else {}
    bases = sorted({n.rsplit("/", 1)[0] for n in zf.namelist()
                    if n.startswith("contacts/") and n.endswith("/contact.json")})
    problems = [p for base in bases for p in _cross_problems(zf, base, head, listed, verdict)]
    wanted = verdict.scope.get("participant_id")
    problems += [f"{c['base']}: participant {(c['participant'] or {}).get('id')} is outside "
                 f"the archive's scope (participant {wanted})" for c in verdict.contacts
                 if wanted is not None and (c["participant"] or {}).get("id") != wanted]
    return problems + _listed_events(manifest, verdict)


def chain_head(path: str | Path) -> dict | None:
    """The audit chain head the (already checked) archive's manifest names."""
    with zipfile.ZipFile(path) as zf:
        return (_load(zf, "manifest.json") or {}).get("audit_chain_head")


def check_archive(path: str | Path) -> list[str]:
    """What does not match, in words; an empty list means the archive is intact as far as
    it can tell offline (verify_archive says which checks that leaves undone)."""
    return verify_archive(path).problems


def verify_archive(path: str | Path) -> Verdict:
    """The archive checked on its own: problems, checks it could not do, and what the live
    chain must hold (archive_live.py compares that when the database can be reached)."""
    verdict = Verdict()
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        verdict.problems.append(f"not a readable ZIP archive: {exc}")
        return verdict
    with zf:
        names = set(zf.namelist())
        if "manifest.json" not in names:
            verdict.problems.append("manifest.json is missing")
            return verdict
        try:
            manifest = json.loads(zf.read("manifest.json"))
            listed = dict(manifest["files"])
        except (ValueError, KeyError, TypeError):
            verdict.problems.append("manifest.json cannot be read")
            return verdict
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
        problems += cross_checks(zf, manifest, listed, verdict)
    verdict.problems = problems
    return verdict
