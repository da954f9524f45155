"""Rules of the idempotent contact sync, in plain Python (no Flask, no database).

The phone makes a contact's id, so a resend must never create a second record: the
server compares a canonical hash of what arrived with what it holds and decides. Every
function here takes the ContactPayload parsed once by `sync.contract`.
"""
from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from juror_app.core.text import N_
from juror_app.rubric.scoring import measurement_errors, score_errors
from juror_app.sync.contract import NOTES_MAX, ContactPayload
from juror_app.sync.times import DeviceTime, TimeError, format_rfc3339, parse_rfc3339

__all__ = ["NOTES_MAX", "DeviceTime", "TimeError", "format_rfc3339", "parse_rfc3339"]


def _number(value: Any) -> Any:
    """1 and 1.0 are the same score; JSON clients differ in how they spell them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _time(value: DeviceTime | None) -> list[Any] | None:
    return [value.utc.isoformat(), value.offset_minutes] if value else None


def canonical_payload(payload: ContactPayload) -> dict[str, Any]:
    """The payload in one spelling: times in UTC, numbers normalised, keys sorted.

    A position is only part of it when given, so contacts stored before positions
    existed keep their hash.
    """
    position = payload.position.canonical() if payload.position else None
    return {
        "assignment_id": payload.assignment_id,
        "channel": payload.channel,
        "started_at": _time(payload.started_at),
        "ended_at": _time(payload.ended_at),
        "measurements": {k: _number(v) for k, v in sorted(payload.measurements.items())
                         if v is not None},
        "scores": {k: _number(v) for k, v in sorted(payload.scores.items())},
        "notes": (payload.notes or "").strip(),
        **({"position": position} if position is not None else {}),
    }


def without_computed_scores(payload: ContactPayload, rubric: Mapping[str, Any] | None
                            ) -> ContactPayload:
    """The payload minus scores the server computes from measurements (a client may echo
    them back from GET), so echoing them neither changes the hash nor the record."""
    return without_scores(payload, computed_criteria(rubric, payload.channel))


def computed_criteria(rubric: Mapping[str, Any] | None, channel: str) -> frozenset[str]:
    """The keys of the channel's criteria that the server scores itself (by a rule)."""
    spec = (rubric or {}).get("channels", {}).get(channel) or {}
    return frozenset(c["key"] for c in spec.get("criteria", []) if "rule" in c)


def without_scores(payload: ContactPayload, keys: frozenset[str]) -> ContactPayload:
    if not keys.intersection(payload.scores):
        return payload
    scores = {k: v for k, v in payload.scores.items() if k not in keys}
    return payload.model_copy(update={"scores": scores})


def payload_hash(canonical: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical payload serialised as compact, sorted JSON."""
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class Decision(enum.StrEnum):
    CREATE = "create"  # 201: a new record
    SAME = "same"  # 200: identical resend, nothing written
    UPDATE = "update"  # 200: changed while editable, audited
    CONFLICT = "conflict"  # 409: changed after approval/rejection or the edition is locked


@dataclass(frozen=True)
class Existing:
    """What the server holds under a client id, as far as the decision needs it."""

    payload_hash: str
    editable: bool


def decide(existing: Existing | None, new_hash: str, *, edition_locked: bool) -> Decision:
    """The resend rule: identical is success even when locked; a change must be editable."""
    if existing is not None and existing.payload_hash == new_hash:
        return Decision.SAME
    if edition_locked:
        return Decision.CONFLICT
    if existing is None:
        return Decision.CREATE
    return Decision.UPDATE if existing.editable else Decision.CONFLICT


# Channels where the juror writes and waits: the contact ends when the reply comes.
MESSAGING = frozenset({"email", "social_media"})


def awaiting_reply(payload: ContactPayload) -> bool:
    """A message sent with no reply yet: stored at once, completed later, same client id."""
    return payload.channel in MESSAGING and payload.ended_at is None


def next_status(current: str | None, payload: ContactPayload) -> str | None:
    """The contact's status after the juror's save (None: the save is refused).

    A waiting message stays waiting until its reply time arrives, then goes to review; a
    contact once handed in with its reply cannot go back to waiting.
    """
    if awaiting_reply(payload):
        return "awaiting_reply" if current in (None, "awaiting_reply") else None
    if current in (None, "awaiting_reply"):
        return "submitted"
    return "resubmitted" if current == "returned" else current


def rubric_errors(payload: ContactPayload, assignment_channels: Sequence[str],
                  rubric: Mapping[str, Any] | None) -> dict[str, str]:
    """Field errors of a parsed payload against the assignment and the edition's rubric."""
    if payload.channel not in assignment_channels:
        return {"channel": N_("Ten kanał nie należy do Twojego zadania dla tego uczestnika.")}
    spec = (rubric or {}).get("channels", {}).get(payload.channel)
    if spec is None:
        return {"channel": N_("Kryteria edycji nie obejmują tego kanału.")}
    scores = score_errors(spec, payload.scores)
    if awaiting_reply(payload):
        # The reply is not in yet: what is scored must be right, the rest comes with it.
        scores = {k: e for k, e in scores.items() if k.removeprefix("scores.") in payload.scores}
    return {**measurement_errors(spec, payload.measurements), **scores}

