"""Anomaly flags: what looks wrong in a contact's evidence, each with its reason in Polish.

Plain rules (no Flask, no database): the facts come in as values, the flags go out as
(code, Message) pairs. Flags never block anything; they tell the reviewer where to look.
Distances by haversine on a 6371 km sphere — a five-line formula, exact enough for
"hundreds of metres or more", so no geodesy library and no network.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from juror_app.core.text import N_, Message

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PhotoFacts:
    sha256: str
    received_at: datetime
    captured_at: datetime | None = None
    place: Place | None = None


@dataclass(frozen=True)
class ContactFacts:
    id: int
    channel: str
    started_at: datetime
    ended_at: datetime | None
    received_at: datetime
    position: Place | None = None
    photos: tuple[PhotoFacts, ...] = ()

    @property
    def finished_at(self) -> datetime:
        return self.ended_at or self.started_at


@dataclass(frozen=True)
class Thresholds:
    """Settings (JUROR_ANOMALY_*); see core/config.py."""

    photo_minutes: float = 60
    distance_km: float = 1.0
    clock_minutes: float = 10
    speed_kmh: float = 130
    min_minutes: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Surroundings:
    """What the contact is compared with."""

    participant: Place | None
    window: tuple[date, date]
    timezone: str = "Europe/Warsaw"
    # Photo SHA-256 → ids of the other contacts holding the same bytes.
    duplicates: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # The juror's visits just before and just after this one (with their places).
    previous_visit: tuple[ContactFacts, Place] | None = None
    next_visit: tuple[ContactFacts, Place] | None = None
    min_minutes: float | None = None  # from the rubric's channel, else the setting


@dataclass(frozen=True)
class Flag:
    code: str
    message: Message


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _minutes(delta: timedelta) -> int:
    return round(abs(delta.total_seconds()) / 60)


def _km(value: float) -> float:
    """Kilometres to one decimal, kept a number: the page writes it the reader's way
    ("1,5" in Polish, "1.5" in English; review/display.py flag_params)."""
    return round(value, 1)


def photo_time(contact: ContactFacts, t: Thresholds) -> list[Flag]:
    slack = timedelta(minutes=t.photo_minutes)
    flags = []
    for n, photo in enumerate(contact.photos, 1):
        at = photo.captured_at
        if at is None or contact.started_at - slack <= at <= contact.finished_at + slack:
            continue
        nearest = contact.started_at if at < contact.started_at else contact.finished_at
        flags.append(Flag("photo_time", Message(
            N_("Zdjęcie nr %(n)s zrobiono %(minutes)s min przed lub po kontakcie "
               "(dopuszczalne %(limit)s min)."),
            n=n, minutes=_minutes(at - nearest), limit=round(t.photo_minutes))))
    return flags


def places(contact: ContactFacts, around: Surroundings, t: Thresholds) -> list[Flag]:
    if around.participant is None:
        return []
    flags = []
    if contact.position is not None:
        km = distance_km(contact.position, around.participant)
        if km > t.distance_km:
            flags.append(Flag("visit_place", Message(
                N_("Położenie zapisane przy wizycie jest %(km)s km od adresu uczestnika."),
                km=_km(km))))
    for n, photo in enumerate(contact.photos, 1):
        if photo.place is not None:
            km = distance_km(photo.place, around.participant)
            if km > t.distance_km:
                flags.append(Flag("photo_place", Message(
                    N_("Zdjęcie nr %(n)s zrobiono %(km)s km od adresu uczestnika."),
                    n=n, km=_km(km))))
    return flags


def fieldwork_window(contact: ContactFacts, around: Surroundings) -> list[Flag]:
    day = contact.started_at.astimezone(ZoneInfo(around.timezone)).date()
    first, last = around.window
    if first <= day <= last:
        return []
    return [Flag("outside_window", Message(
        N_("Kontakt odbył się %(day)s, poza okresem badania (%(first)s – %(last)s)."),
        day=day.isoformat(), first=first.isoformat(), last=last.isoformat()))]


def phone_clock(contact: ContactFacts, t: Thresholds) -> list[Flag]:
    """Times from the phone later than the moment the server got them: its clock is ahead
    (a clock that lags cannot be told from a late sync)."""
    ahead = max([contact.finished_at - contact.received_at] + [
        p.captured_at - p.received_at for p in contact.photos if p.captured_at])
    if ahead <= timedelta(minutes=t.clock_minutes):
        return []
    return [Flag("phone_clock", Message(
        N_("Czas z telefonu wyprzedza o %(minutes)s min chwilę, w której serwer otrzymał "
           "dane — zegar telefonu mógł być źle ustawiony."), minutes=_minutes(ahead)))]


def duplicate_photos(contact: ContactFacts, around: Surroundings) -> list[Flag]:
    flags = []
    for n, photo in enumerate(contact.photos, 1):
        others = around.duplicates.get(photo.sha256)
        if others:
            flags.append(Flag("duplicate_photo", Message(
                N_("Zdjęcie nr %(n)s (te same bajty) jest też w innym kontakcie: %(ids)s."),
                n=n, ids=", ".join(f"#{i}" for i in others))))
    return flags


def travel(contact: ContactFacts, around: Surroundings, t: Thresholds) -> list[Flag]:
    """A juror cannot be at two visits further apart than the fastest plausible trip."""
    here = contact.position or around.participant
    if contact.channel != "visit" or here is None:
        return []
    flags = []
    for neighbour, before in ((around.previous_visit, True), (around.next_visit, False)):
        if neighbour is None:
            continue
        other, there = neighbour
        gap = (contact.started_at - other.finished_at if before
               else other.started_at - contact.finished_at)
        km = distance_km(here, there)
        hours = max(gap.total_seconds(), 60) / 3600
        if km > t.distance_km and km / hours > t.speed_kmh:
            flags.append(Flag("travel", Message(
                N_("Między tą wizytą a wizytą #%(other)s jest %(km)s km i %(minutes)s min — "
                   "trzeba by jechać %(kmh)s km/h."),
                other=other.id, km=_km(km), minutes=max(0, round(gap.total_seconds() / 60)),
                kmh=round(km / hours))))
    return flags


def too_fast(contact: ContactFacts, around: Surroundings, t: Thresholds) -> list[Flag]:
    floor = around.min_minutes
    if floor is None:
        floor = t.min_minutes.get(contact.channel)
    if not floor or contact.ended_at is None:
        return []
    took = (contact.ended_at - contact.started_at).total_seconds() / 60
    if took >= floor:
        return []
    return [Flag("too_fast", Message(
        N_("Kontakt trwał %(minutes)s min, krócej niż najkrótszy wiarygodny czas "
           "(%(limit)s min)."), minutes=max(0, round(took)), limit=round(floor)))]


# The codes in the order `flags` gives them, so a refresh of one rule's flags can put
# them back where a full evaluation would.
CODE_ORDER = ("outside_window", "too_fast", "phone_clock", "photo_time", "visit_place",
              "photo_place", "duplicate_photo", "travel")


def flags(contact: ContactFacts, around: Surroundings, t: Thresholds) -> list[Flag]:
    """Every rule's flags, in the order a reviewer reads the evidence."""
    return [
        *fieldwork_window(contact, around), *too_fast(contact, around, t),
        *phone_clock(contact, t), *photo_time(contact, t), *places(contact, around, t),
        *duplicate_photos(contact, around), *travel(contact, around, t),
    ]
