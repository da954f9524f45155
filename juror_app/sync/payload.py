"""Rules of the idempotent contact sync, in plain Python (no Flask, no database).

The phone makes a contact's id, so a resend must never create a second record: the
server compares a canonical hash of what arrived with what it holds and decides.
"""
from __future__ import annotations

import enum
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from juror_app.core.text import N_, Message, message_of
from juror_app.rubric.scoring import measurement_errors, score_errors
from juror_app.sync.positions import canonical_position, position_errors

NOTES_MAX = 5000
FIELDS = ("assignment_id", "channel", "started_at", "ended_at", "measurements", "scores",
          "notes", "position")


class TimeError(ValueError):
    """A time that is not RFC 3339 with an explicit UTC offset (a Polish msgid)."""


@dataclass(frozen=True)
class DeviceTime:
    utc: datetime
    offset_minutes: int


def parse_rfc3339(value: Any) -> DeviceTime:
    """An RFC 3339 timestamp WITH offset → UTC time plus the device's offset in minutes."""
    if not isinstance(value, str) or "T" not in value.upper():
        raise TimeError(N_("Podaj czas w formacie RFC 3339, np. 2025-10-06T09:15:00+02:00."))
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise TimeError(
            N_("Nieprawidłowy czas; oczekiwano np. 2025-10-06T09:15:00+02:00.")
        ) from None
    offset = parsed.utcoffset()
    if offset is None:
        raise TimeError(N_("Czas musi zawierać strefę czasową (np. +02:00 lub Z)."))
    return DeviceTime(parsed.astimezone(UTC), int(offset.total_seconds() // 60))


def format_rfc3339(utc: datetime | None, offset_minutes: int | None) -> str | None:
    """The stored UTC time shown again in the device's own offset."""
    if utc is None:
        return None
    zone = timezone(timedelta(minutes=offset_minutes or 0))
    return utc.astimezone(zone).isoformat()


def _number(value: Any) -> Any:
    """1 and 1.0 are the same score; JSON clients differ in how they spell them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def canonical_payload(body: Mapping[str, Any]) -> dict[str, Any]:
    """The payload in one spelling: times in UTC, numbers normalised, keys sorted.

    Assumes the body passed `payload_errors`. A position is only part of it when given, so
    contacts stored before positions existed keep their hash.
    """
    started = parse_rfc3339(body["started_at"])
    ended = parse_rfc3339(body["ended_at"]) if body.get("ended_at") else None
    position = canonical_position(body.get("position"))
    return {
        "assignment_id": int(body["assignment_id"]),
        "channel": body["channel"],
        "started_at": [started.utc.isoformat(), started.offset_minutes],
        "ended_at": [ended.utc.isoformat(), ended.offset_minutes] if ended else None,
        "measurements": {k: _number(v) for k, v in sorted(body.get("measurements", {}).items())
                         if v is not None},
        "scores": {k: _number(v) for k, v in sorted(body.get("scores", {}).items())},
        "notes": (body.get("notes") or "").strip(),
        **({"position": position} if position is not None else {}),
    }


def without_computed_scores(body: dict[str, Any], rubric: Mapping[str, Any] | None
                            ) -> dict[str, Any]:
    """The body minus scores the server computes from measurements (a client may echo them
    back from GET), so echoing them neither changes the hash nor the record."""
    spec = (rubric or {}).get("channels", {}).get(body.get("channel"))
    scores = body.get("scores")
    if spec is None or not isinstance(scores, dict):
        return body
    computed = {c["key"] for c in spec.get("criteria", []) if "rule" in c}
    return {**body, "scores": {k: v for k, v in scores.items() if k not in computed}}


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


def _time_errors(body: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    times: dict[str, DeviceTime] = {}
    for field in ("started_at", "ended_at"):
        value = body.get(field)
        if value is None and field == "ended_at":
            continue
        if value is None:
            errors[field] = N_("Podaj czas rozpoczęcia kontaktu.")
            continue
        try:
            times[field] = parse_rfc3339(value)
        except TimeError as exc:
            errors[field] = message_of(exc)
    if len(times) == 2 and times["ended_at"].utc < times["started_at"].utc:
        errors["ended_at"] = N_("Czas zakończenia nie może być wcześniejszy niż rozpoczęcia.")
    return errors


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _finite(values: Any) -> bool:
    """JSON has no NaN/Infinity, but Python's parser accepts them: refuse them here."""
    if not isinstance(values, dict):
        return True
    return all(not (isinstance(v, float) and not math.isfinite(v)) for v in values.values())


def shape_errors(body: Any) -> dict[str, str]:
    """Field errors that need no rubric: types, times, notes, position."""
    if not isinstance(body, dict):
        return {"body": N_("Treść żądania musi być obiektem JSON.")}
    errors: dict[str, str] = {}
    if not _is_id(body.get("assignment_id")):
        errors["assignment_id"] = N_("Podaj numer zadania (liczba całkowita).")
    if not isinstance(body.get("channel"), str) or not body.get("channel"):
        errors["channel"] = N_("Podaj kanał kontaktu.")
    errors.update(_time_errors(body))
    notes = body.get("notes", "")
    if notes is not None and not isinstance(notes, str):
        errors["notes"] = N_("Notatki muszą być tekstem.")
    elif notes and len(notes) > NOTES_MAX:
        errors["notes"] = Message(N_("Notatki mogą mieć najwyżej %(max)s znaków."), max=NOTES_MAX)
    for field in ("measurements", "scores"):
        if not _finite(body.get(field)):
            errors[field] = N_("Wartości muszą być skończonymi liczbami.")
    errors.update(position_errors(body.get("position"), body.get("channel")))
    unknown = sorted(set(body) - set(FIELDS) - {"client_id"})
    if unknown:
        errors["body"] = Message(N_("Nieznane pola: %(fields)s."), fields=", ".join(unknown))
    return errors


def payload_errors(body: Any, assignment_channels: Sequence[str],
                   rubric: Mapping[str, Any] | None) -> dict[str, str]:
    """Every field error of a contact payload against the assignment and the rubric."""
    errors = shape_errors(body)
    if "body" in errors and not isinstance(body, dict):
        return errors
    channel = body.get("channel")
    if "channel" not in errors and channel not in assignment_channels:
        errors["channel"] = N_("Ten kanał nie należy do Twojego zadania dla tego uczestnika.")
    spec = (rubric or {}).get("channels", {}).get(channel)
    if "channel" not in errors and spec is None:
        errors["channel"] = N_("Kryteria edycji nie obejmują tego kanału.")
    if spec is not None and "channel" not in errors:
        measurements = body.get("measurements", {})
        scores = body.get("scores", {})
        if "measurements" not in errors:
            errors.update(measurement_errors(spec, measurements))
        if "scores" not in errors:
            errors.update(score_errors(spec, scores))
    return errors
