"""What a juror changed in a contact, read from an audit event's before/after. No Flask here.

The sync service keeps the whole contact (scores, measurements, notes, times, position)
on both sides of every change, so a reviewer can see "criterion 2 → 3" instead of only
"returned → corrected". Labels come from the rubric the contact was scored under.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from juror_app.core.text import N_


class Missing:
    """The side had no such value at all — not the same as a criterion's N/A (None)."""

    def __str__(self) -> str:
        return "—"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Missing)

    def __hash__(self) -> int:
        return 0


MISSING = Missing()

# What each audit action of a contact's trail is called on the desk (the review page, the
# evidence sheet, the contacts export); msgids, translated where shown.
ACTION_NAMES = {"contact.create": N_("Przesłanie przez jurora"),
                "contact.update": N_("Zmiana przez jurora"),
                "contact.approve": N_("Zatwierdzenie"), "contact.return": N_("Zwrot do poprawy"),
                "contact.reject": N_("Odrzucenie"), "photo.create": N_("Dodanie zdjęcia")}

FIELDS = (("started_at", "time", N_("Początek")), ("ended_at", "time", N_("Koniec")),
          ("notes", "text", N_("Notatki")), ("position", "position", N_("Miejsce wizyty")))


@dataclass(frozen=True)
class Change:
    """One changed value: kind tells the page how to show it."""

    kind: str  # "score", "measurement", "time", "text" or "position"
    key: str
    label: str
    before: Any
    after: Any


def _time(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _per_key(kind: str, before: Any, after: Any, labels: Mapping[str, str]) -> list[Change]:
    before = before if isinstance(before, Mapping) else {}
    after = after if isinstance(after, Mapping) else {}
    order = list(labels) + sorted(k for k in {*before, *after} if k not in labels)
    return [Change(kind, k, labels.get(k, k), before.get(k, MISSING), after.get(k, MISSING))
            for k in order if before.get(k, MISSING) != after.get(k, MISSING)]


def contact_changes(before: Any, after: Any, criteria: Mapping[str, str],
                    measurements: Mapping[str, str]) -> list[Change]:
    """Every value the juror changed, criteria first (in rubric order), then the rest."""
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        return []  # a creation, or an event of another shape: nothing to compare
    found = _per_key("score", before.get("scores"), after.get("scores"), criteria)
    found += _per_key("measurement", before.get("measurements"), after.get("measurements"),
                      measurements)
    for key, kind, label in FIELDS:
        old, new = before.get(key), after.get(key)
        if kind == "time":
            old, new = _time(old), _time(new)
        if old != new:
            found.append(Change(kind, key, label, old, new))
    return found
