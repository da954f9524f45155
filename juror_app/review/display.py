"""Template filters of the review area: device times with their offset, durations, flags."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _

from juror_app.core.text import N_
from juror_app.evidence.metadata import (
    FROM_DEVICE,
    FROM_EXIF,
    FROM_EXIF_CONTEST_ZONE,
    FROM_EXIF_DEVICE_ZONE,
    FROM_PHONE_EXIF,
)
from juror_app.review.blueprint import bp

WARSAW = ZoneInfo("Europe/Warsaw")


@bp.app_template_filter("device_time")
def device_time(moment: datetime | None, offset_minutes: int | None = 0) -> str:
    """A UTC time as the phone showed it; its UTC offset only when not Warsaw's then.

    On the desk everyone reads Warsaw time, so "(UTC+01:00)" on every row is noise; a
    phone set to another zone (a juror abroad, a wrong clock) still says so.
    """
    if moment is None:
        return "—"
    minutes = offset_minutes or 0
    zone_info = timezone(timedelta(minutes=minutes))
    local = format_datetime(moment.astimezone(zone_info), "short", tzinfo=zone_info,
                            locale=get_locale())
    if moment.astimezone(WARSAW).utcoffset() == timedelta(minutes=minutes):
        return local
    sign = "+" if minutes >= 0 else "−"
    return f"{local} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"


@bp.app_template_filter("duration")
def duration(delta: timedelta) -> str:
    """A signed duration in days, hours and minutes, e.g. "+2 h 14 min"."""
    seconds = int(delta.total_seconds())
    sign = "−" if seconds < 0 else "+"
    minutes = abs(seconds) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = ([_("%(n)s d", n=days)] if days else []) + (
        [_("%(n)s h", n=hours)] if hours or days else []) + [_("%(n)s min", n=minutes)]
    return sign + " ".join(parts)


OSM = "https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=18/{lat:.6f}/{lon:.6f}"


@bp.app_template_filter("map_link")
def map_link(item) -> str | None:
    """OpenStreetMap centred on where a photo was taken or a visit took place, or None
    without a position."""
    if item.latitude is None or item.longitude is None:
        return None
    return OSM.format(lat=item.latitude, lon=item.longitude)


@bp.app_template_filter("flag_params")
def flag_params(params: dict) -> dict:
    """An anomaly flag's values for its message, fractions (kilometres) the locale's way.

    The rules store numbers, not text, so one stored flag reads "1,5 km" in Polish and
    "1.5 km" in English; whole numbers and ids go in as they are.
    """
    return {key: format_decimal(value, "#,##0.0") if isinstance(value, float) else value
            for key, value in (params or {}).items()}


# Where a photo's capture time and place came from (evidence.metadata's `sources`): an
# appeal asks whether the camera or the phone said so. The phone reads the original's EXIF
# before shrinking it (the upload has none left): the camera's word, carried by the phone.
PHONE_EXIF = N_("z EXIF zdjęcia (odczytane w telefonie przed zmniejszeniem)")
TIME_SOURCES = {
    FROM_EXIF: N_("z metadanych zdjęcia (EXIF)"),
    FROM_EXIF_DEVICE_ZONE: N_("z EXIF, strefa czasowa z telefonu"),
    FROM_EXIF_CONTEST_ZONE: N_("z EXIF, przyjęto czas polski (aparat nie podał strefy)"),
    FROM_PHONE_EXIF: PHONE_EXIF,
    FROM_DEVICE: N_("podany przez telefon (zdjęcie bez EXIF)"),
}
PLACE_SOURCES = {FROM_EXIF: N_("z metadanych zdjęcia (EXIF)"), FROM_PHONE_EXIF: PHONE_EXIF,
                 FROM_DEVICE: N_("podane przez telefon")}


@bp.app_template_filter("photo_provenance")
def photo_provenance(photo) -> list[str]:
    """The photo's provenance lines for the reviewer: the sources of its time and place,
    the camera, and what the phone sent that could not be read (set aside, not used)."""
    meta = photo.meta if isinstance(photo.meta, dict) else {}
    sources = meta.get("sources") or {}
    lines = []
    if sources.get("captured_at") in TIME_SOURCES:
        lines.append(_("Czas: %(source)s", source=_(TIME_SOURCES[sources["captured_at"]])))
    if sources.get("position") in PLACE_SOURCES:
        lines.append(_("Miejsce: %(source)s", source=_(PLACE_SOURCES[sources["position"]])))
    if meta.get("camera"):
        lines.append(_("Aparat: %(camera)s", camera=meta["camera"]))
    ignored = meta.get("device_ignored") or {}
    if ignored:
        sent = ", ".join(f"{key}={value}" for key, value in sorted(ignored.items()))
        lines.append(_("Telefon przesłał nieczytelne dane, pominięte: %(sent)s", sent=sent))
    return lines
