"""Device times: RFC 3339 with an explicit offset, kept as UTC plus the phone's offset.

Plain Python, no Flask; contacts and photos (`captured_at`) read times the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from juror_app.core.text import N_, Message, message_of
from juror_app.core.typed import fail

# Contest times are this century's; year 1 or 9999 would overflow on conversion to UTC and
# make no sense in a ranking or a spreadsheet anyway.
FIRST_YEAR, LAST_YEAR = 2000, 2100
OUT_OF_RANGE = Message(N_("Czas musi przypadać między rokiem %(first)s a %(last)s."),
                       first=FIRST_YEAR, last=LAST_YEAR)


class TimeError(ValueError):
    """A time that is not RFC 3339 with an explicit UTC offset (a Polish msgid)."""


@dataclass(frozen=True)
class DeviceTime:
    utc: datetime
    offset_minutes: int

    def rfc3339(self) -> str:
        return format_rfc3339(self.utc, self.offset_minutes)


def in_range(moment: datetime) -> bool:
    return FIRST_YEAR <= moment.year <= LAST_YEAR


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
    if not in_range(parsed):
        raise TimeError(OUT_OF_RANGE)
    return DeviceTime(parsed.astimezone(UTC), int(offset.total_seconds() // 60))


def format_rfc3339(utc: datetime | None, offset_minutes: int | None) -> str | None:
    """The stored UTC time shown again in the device's own offset."""
    if utc is None:
        return None
    zone = timezone(timedelta(minutes=offset_minutes or 0))
    return utc.astimezone(zone).isoformat()


OFFSET_TIME = {"type": "string", "format": "date-time",
               "description": "RFC 3339 z przesunięciem względem UTC, np. "
                              "2025-10-06T11:00:00+02:00; czas bez strefy → 422."}


def _device_time(value: Any) -> DeviceTime:
    if value is None:
        raise fail(N_("Podaj czas rozpoczęcia kontaktu."))
    try:
        return parse_rfc3339(value)
    except TimeError as exc:
        raise fail(message_of(exc)) from None


# A device time as a pydantic field: parsed by parse_rfc3339, written back as RFC 3339.
Time = Annotated[DeviceTime, PlainValidator(_device_time),
                 PlainSerializer(DeviceTime.rfc3339, return_type=str), WithJsonSchema(OFFSET_TIME)]
