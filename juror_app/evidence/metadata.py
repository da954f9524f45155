"""A photo's capture time and position: from its EXIF, else from what the phone read.

The phone reads the metadata before shrinking (a canvas drops EXIF) and sends it beside
the bytes, saying (capture_source=exif) that it read them from the photo's own EXIF; EXIF
still in the received file wins, and `meta["sources"]` says which won.
Plain Python, no Flask; broken or odd EXIF is ignored, never fatal.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from juror_app.core.text import N_, Message
from juror_app.core.typed import Invalid, parse, says
from juror_app.sync.times import Time, in_range

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL, DATETIME = 0x9003, 0x9011, 0x0132
MAKE, MODEL = 0x010F, 0x0110
# A camera without a zone in EXIF is, for this contest, almost surely in Poland.
CONTEST_ZONE = ZoneInfo("Europe/Warsaw")
# How a photo's capture time or place was known, kept in its meta["sources"] (stored data:
# the review page names each, review.display).
FROM_EXIF, FROM_DEVICE = "exif", "device"
# The phone read them from the original's EXIF before shrinking it. A phone that does not
# say so (a release before capture_source) stays FROM_DEVICE: we cannot know.
FROM_PHONE_EXIF = "phone_exif"
FROM_EXIF_DEVICE_ZONE, FROM_EXIF_CONTEST_ZONE = "exif+device_offset", "exif+Europe/Warsaw"


def _coordinate(bound: int) -> Any:
    message = Message(N_("Współrzędna musi być liczbą od −%(bound)s do %(bound)s."), bound=bound)
    return Annotated[float | None, Field(ge=-bound, le=bound, allow_inf_nan=False),
                     says(message)]


class CaptureParams(BaseModel):
    """Capture time and position the phone read before shrinking the photo (query string)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    captured_at: Annotated[Time | None, Field(
        description="Czas wykonania odczytany przez telefon przed zmniejszeniem zdjęcia "
                    "(RFC 3339 z przesunięciem). EXIF w przesłanym pliku ma pierwszeństwo. "
                    "Wartość nieczytelna (też współrzędne) jest pomijana, nie odrzucana: "
                    "zapisuje się ją w meta.device_ignored.",
        examples=["2025-10-06T10:58:12+02:00"])] = None
    latitude: Annotated[_coordinate(90), Field(
        description="Szerokość geograficzna z telefonu (razem z longitude).",
        examples=[50.0614])] = None
    longitude: Annotated[_coordinate(180), Field(
        description="Długość geograficzna z telefonu (razem z latitude).",
        examples=[19.9366])] = None
    capture_source: Annotated[Literal["exif"] | None, Field(
        description="Skąd telefon wziął captured_at i współrzędne: `exif` — z EXIF "
                    "oryginalnego zdjęcia, odczytanego przed zmniejszeniem. Bez tego "
                    "parametru (starsze wersje aplikacji) źródło jest nieznane: "
                    "„podane przez telefon”.",
        examples=["exif"])] = None


def parse_capture(args: Mapping[str, str]) -> CaptureParams:
    """The photo PUT's query parameters as CaptureParams, or `Invalid` per parameter."""
    params = parse(CaptureParams, {k: v for k, v in args.items() if v != ""})
    if (params.latitude is None) != (params.longitude is None):
        raise Invalid({"latitude": N_("Podaj obie współrzędne: szerokość i długość "
                                      "geograficzną.")})
    return params


class DeviceCapture(CaptureParams):
    """CaptureParams as a phone sent them, with what could not be read set aside."""

    ignored: dict[str, str] = {}


def device_capture(args: Mapping[str, str]) -> DeviceCapture:
    """The photo PUT's capture parameters, an unreadable one left out instead of refused.

    Why: they are the camera's EXIF as the phone read it (year 1970, a zone of +99:99,
    30 February), which the juror cannot correct: a 422 would leave the photo unsendable
    for good. What was left out is kept in the photo's row (meta `device_ignored`) and
    shown on the review page: what the phone sent stays on record."""
    values = {k: v for k, v in args.items() if k in CaptureParams.model_fields}
    try:
        return DeviceCapture(**parse_capture(values).model_dump())
    except Invalid as refused:
        bad = set(refused.fields)
        if bad & {"latitude", "longitude"}:
            bad |= {"latitude", "longitude"}  # a position is both coordinates or none
        kept = {k: v for k, v in values.items() if k not in bad}
        ignored = {k: str(values.get(k, ""))[:40] for k in sorted(bad) if k in values}
    try:
        params = parse_capture(kept)
    except Invalid:  # defensive: nothing of it, rather than a photo that cannot be sent
        params = CaptureParams()
    return DeviceCapture(**params.model_dump(), ignored=ignored)


def _exif(image) -> tuple[Mapping, Mapping, Mapping]:
    try:
        exif = image.getexif()
        return exif, exif.get_ifd(EXIF_IFD), exif.get_ifd(GPS_IFD)
    except Exception:  # noqa: BLE001 — any EXIF parser failure just means "no EXIF"
        return {}, {}, {}


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "ignore")
    if not isinstance(value, str):
        return None
    value = value.strip("\x00 ").strip()
    return value or None


def _offset(text: str | None) -> timezone | None:
    """'+02:00' → a fixed zone; anything else (e.g. '+99:99') → None."""
    if not text or len(text) != 6 or text[0] not in "+-" or text[3] != ":":
        return None
    try:
        hours, minutes = int(text[1:3]), int(text[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes > 59:  # real zones span −12:00…+14:00
        return None
    sign = 1 if text[0] == "+" else -1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def exif_time(ifd0: Mapping, exif_ifd: Mapping, device_offset: int | None
              ) -> tuple[datetime, str] | None:
    """DateTimeOriginal (+ OffsetTimeOriginal) as UTC, with how its zone was known."""
    raw = _text(exif_ifd.get(DATETIME_ORIGINAL)) or _text(ifd0.get(DATETIME))
    try:
        local = datetime.strptime(raw or "", "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if not in_range(local):
        return None  # a camera whose clock says year 1 (or 9999) knows no time
    zone = _offset(_text(exif_ifd.get(OFFSET_TIME_ORIGINAL)))
    if zone is not None:
        return local.replace(tzinfo=zone).astimezone(UTC), FROM_EXIF
    if device_offset is not None:
        zone = timezone(timedelta(minutes=device_offset))
        return local.replace(tzinfo=zone).astimezone(UTC), FROM_EXIF_DEVICE_ZONE
    return local.replace(tzinfo=CONTEST_ZONE).astimezone(UTC), FROM_EXIF_CONTEST_ZONE


def _degrees(dms: Any, ref: Any, positive: str) -> float | None:
    try:
        d, m, s = (float(x) for x in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = d + m / 60 + s / 3600
    if not math.isfinite(value):
        return None
    return -value if _text(ref) not in (None, positive) else value


def exif_position(gps: Mapping) -> tuple[float, float] | None:
    """GPS degrees/minutes/seconds + N/S/E/W refs → decimal degrees, or None."""
    lat = _degrees(gps.get(2), gps.get(1), "N")
    lon = _degrees(gps.get(4), gps.get(3), "E")
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    if lat == 0 and lon == 0:
        return None  # "null island": a camera with no fix writes zeros
    return round(lat, 7), round(lon, 7)


def capture_metadata(image, device: CaptureParams) -> dict[str, Any]:
    """captured_at / latitude / longitude plus meta: EXIF wins, the phone's values fill in."""
    ifd0, exif_ifd, gps = _exif(image)
    device_time = device.captured_at
    from_phone = FROM_PHONE_EXIF if device.capture_source == "exif" else FROM_DEVICE
    sources: dict[str, str] = {}
    found = exif_time(ifd0, exif_ifd, device_time.offset_minutes if device_time else None)
    captured_at, offset = None, None
    if found:
        captured_at, sources["captured_at"] = found
    elif device_time:
        captured_at, offset = device_time.utc, device_time.offset_minutes
        sources["captured_at"] = from_phone
    position = exif_position(gps)
    if position:
        sources["position"] = FROM_EXIF
    elif device.latitude is not None:
        position = (device.latitude, device.longitude)
        sources["position"] = from_phone
    meta: dict[str, Any] = {"sources": sources, "format": image.format}
    camera = " ".join(filter(None, (_text(ifd0.get(MAKE)), _text(ifd0.get(MODEL)))))
    if camera:
        meta["camera"] = camera[:120]
    if offset is not None:
        meta["captured_offset_minutes"] = offset
    if getattr(device, "ignored", None):
        meta["device_ignored"] = dict(device.ignored)
    return {"captured_at": captured_at, "latitude": position[0] if position else None,
            "longitude": position[1] if position else None, **meta}
