"""Where the juror was at a visit (shared with consent): checks and one canonical spelling.

Plain Python, no Flask: the sync rules use it. A position is
`{"latitude": …, "longitude": …, "accuracy_m": …}` (accuracy optional) or null.
"""
from __future__ import annotations

import math
from typing import Any

from juror_app.core.text import N_, Message

# Only a visit happens at the participant's premises; elsewhere a position says nothing.
POSITION_CHANNELS = ("visit",)
KEYS = ("latitude", "longitude", "accuracy_m")
BOUNDS = {
    "latitude": (-90.0, 90.0,
                 N_("Szerokość geograficzna musi być liczbą od −90 do 90.")),
    "longitude": (-180.0, 180.0,
                  N_("Długość geograficzna musi być liczbą od −180 do 180.")),
    "accuracy_m": (0.0, math.inf,
                   N_("Dokładność położenia musi być liczbą metrów, nie mniejszą niż 0.")),
}


def _number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def position_errors(value: Any, channel: Any) -> dict[str, str]:
    """Field errors of an optional position (keys `position`, `position.<key>`)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        return {"position": N_("Położenie musi być obiektem z polami latitude, longitude "
                               "(i opcjonalnie accuracy_m) albo null.")}
    if isinstance(channel, str) and channel not in POSITION_CHANNELS:
        return {"position": N_("Położenie można dołączyć tylko do wizyty osobistej "
                               "(kanał visit); dla tego kanału wyślij null albo pomiń pole.")}
    errors: dict[str, str] = {}
    unknown = sorted(set(value) - set(KEYS))
    if unknown:
        errors["position"] = Message(N_("Nieznane pola położenia: %(fields)s."),
                                     fields=", ".join(unknown))
    for key, (low, high, message) in BOUNDS.items():
        number = value.get(key)
        if number is None and key == "accuracy_m":
            continue
        if not _number(number) or not low <= number <= high:
            errors[f"position.{key}"] = message
    return errors


def _plain(value: float | None) -> float | int | None:
    """50.0 and 50 are the same place; JSON clients differ in how they spell them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def canonical_position(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A checked position in one spelling (None when absent); assumes no errors."""
    if value is None:
        return None
    return {key: _plain(value.get(key)) for key in KEYS}
