"""Canonical content of an audit event and the SHA-256 link to the event before it.

Plain rules (no Flask, no database): the same functions hash an event when it is written,
when `flask audit verify` walks the chain and when an archive is checked offline.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# The link before the first event: 64 zeros, so every event has a previous hash.
GENESIS = "0" * 64


def plain_json(value: Any) -> Any:
    """The value as a JSON column gives it back (tuples become lists, keys strings)."""
    return None if value is None else json.loads(json.dumps(value, default=str))


def canonical_time(at: datetime) -> str:
    """UTC with microseconds, the precision both databases keep."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same bytes on every machine and in every year."""
    return json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def event_fields(event: Any) -> dict[str, Any]:
    """What an event's hash covers: everything it says, its place and the link before it."""
    return {
        "seq": event.seq,
        "at": canonical_time(event.at),
        "actor_id": event.actor_id,
        "action": event.action,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }


def event_hash(event: Any) -> str:
    return hashlib.sha256(canonical_bytes(event_fields(event))).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """Result of walking the chain: how far it holds and, if not, the first broken link."""

    checked: int
    last_seq: int
    last_hash: str
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def walk(events: Iterable[Any], *, after_seq: int = 0, after_hash: str = GENESIS,
         head: tuple[int, str] | None = None) -> ChainReport:
    """Check events in seq order, starting after a known-good link (the start by default).

    Finds an edited event (its hash no longer matches), a deleted one (a gap in seq or a
    prev_hash that points elsewhere), an inserted one (its link or hash does not fit) and,
    given the stored head, a missing or added tail.
    """
    checked, seq, last = 0, after_seq, after_hash
    for event in events:
        expected = seq + 1
        if event.seq != expected:
            return ChainReport(checked, seq, last, expected,
                               f"event #{expected} is missing (next is #{event.seq})")
        if event.prev_hash != last:
            return ChainReport(checked, seq, last, event.seq,
                               f"event #{event.seq} does not point at event #{seq}")
        if event_hash(event) != event.hash:
            return ChainReport(checked, seq, last, event.seq,
                               f"event #{event.seq} (id {event.id}) was changed")
        checked, seq, last = checked + 1, event.seq, event.hash
    if head is not None and head != (seq, last):
        head_seq, head_hash = head
        return ChainReport(checked, seq, last, min(seq, head_seq) + 1,
                           f"the chain ends at #{seq} ({last[:12]}…) but its head says "
                           f"#{head_seq} ({head_hash[:12]}…)")
    return ChainReport(checked, seq, last)
