"""Where the juror was at a visit (shared with consent): the type and one canonical spelling.

Plain Python, no Flask: the sync rules use it. A position is
`{"latitude": …, "longitude": …, "accuracy_m": …}` (accuracy optional) or null.
"""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo

from juror_app.core.text import N_
from juror_app.core.typed import fail, says

# Only a visit happens at the participant's premises; elsewhere a position says nothing.
POSITION_CHANNELS = ("visit",)
KEYS = ("latitude", "longitude", "accuracy_m")
LATITUDE = N_("Szerokość geograficzna musi być liczbą od −90 do 90.")
LONGITUDE = N_("Długość geograficzna musi być liczbą od −180 do 180.")
ACCURACY = N_("Dokładność położenia musi być liczbą metrów, nie mniejszą niż 0.")
NOT_AN_OBJECT = N_("Położenie musi być obiektem z polami latitude, longitude "
                   "(i opcjonalnie accuracy_m) albo null.")
ONLY_VISITS = N_("Położenie można dołączyć tylko do wizyty osobistej "
                 "(kanał visit); dla tego kanału wyślij null albo pomiń pole.")
MISSING = {"position.latitude": LATITUDE, "position.longitude": LONGITUDE}
UNKNOWN = {"position": N_("Nieznane pola położenia: %(fields)s.")}


class Position(BaseModel):
    """Gdzie był juror podczas wizyty — tylko za jego zgodą (geolokalizacja telefonu)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, json_schema_extra={
        "examples": [{"latitude": 50.0614, "longitude": 19.9366, "accuracy_m": 12.5}]})

    latitude: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False), says(LATITUDE)]
    longitude: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False), says(LONGITUDE)]
    accuracy_m: Annotated[float | None, Field(
        ge=0, allow_inf_nan=False,
        description="Promień dokładności w metrach, jeśli znany."), says(ACCURACY)] = None

    def canonical(self) -> dict[str, Any]:
        """One spelling: 50.0 and 50 are the same place, JSON clients differ in how they
        spell them."""
        return {key: _plain(getattr(self, key)) for key in KEYS}


def only_on_visits(value: Any, handler, info: ValidationInfo) -> Position | None:
    """A position belongs to a visit; on another channel it is refused whatever it holds.

    Runs after `channel` (field order), so a valid channel is in `info.data`.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise fail(NOT_AN_OBJECT)
    channel = info.data.get("channel")
    if channel is not None and channel not in POSITION_CHANNELS:
        raise fail(ONLY_VISITS)
    return handler(value)


def _plain(value: float | None) -> float | int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
