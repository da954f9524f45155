"""Each anomaly rule flags what it should and stays quiet otherwise (plain rules)."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache

import pytest

from juror_app.evidence import anomalies as a
from juror_app.evidence.pipeline import Limits, process
from tests.evidence_samples import SHARED, shared_photos

T = a.Thresholds(min_minutes={"visit": 5, "phone": 1})
# Arezzo, where the Nikon samples were taken; the participant is the town hall (~0.3 km).
AREZZO = a.Place(43.4631, 11.8797)
WARSAW = a.Place(52.2297, 21.0122)


@cache
def real_photo(name: str) -> a.PhotoFacts:
    """Capture time and GPS read from a real sample's EXIF by the server's own pipeline."""
    if not shared_photos():
        pytest.skip(f"{SHARED} is missing")
    p = process((SHARED / name).read_bytes(), Limits(20 << 20, 50_000_000, 1600, 320))
    place = a.Place(p.latitude, p.longitude) if p.latitude is not None else None
    return a.PhotoFacts(p.sha256, p.captured_at + timedelta(days=1), p.captured_at, place)


def visit_around(photo: a.PhotoFacts, **overrides) -> a.ContactFacts:
    start = photo.captured_at - timedelta(minutes=10)
    values = dict(id=1, channel="visit", started_at=start, ended_at=start + timedelta(minutes=25),
                  received_at=start + timedelta(hours=2), position=photo.place, photos=(photo,))
    return a.ContactFacts(**{**values, **overrides})


def around(**overrides) -> a.Surroundings:
    values = dict(participant=AREZZO, window=(date(2008, 10, 1), date(2008, 10, 31)))
    return a.Surroundings(**{**values, **overrides})


def codes(contact, surroundings=None, t=T) -> list[str]:
    return [f.code for f in a.flags(contact, surroundings or around(), t)]


def test_a_real_visit_with_its_own_photo_is_clean():
    assert codes(visit_around(real_photo("gps_DSCN0010.jpg"))) == []


def test_photo_taken_hours_from_the_contact():
    photo = real_photo("gps_DSCN0021.jpg")
    contact = visit_around(photo, started_at=photo.captured_at + timedelta(hours=3),
                           ended_at=photo.captured_at + timedelta(hours=3, minutes=20),
                           received_at=photo.captured_at + timedelta(hours=5))
    [flag] = a.photo_time(contact, T)
    assert flag.code == "photo_time" and "180 min" in flag.message
    assert a.photo_time(visit_around(photo), T) == []


def test_photo_and_visit_far_from_the_participant():
    contact = visit_around(real_photo("gps_DSCN0010.jpg"))
    far = a.places(contact, around(participant=WARSAW), T)
    assert [f.code for f in far] == ["visit_place", "photo_place"]
    assert "km od adresu uczestnika" in far[1].message
    assert a.places(contact, around(), T) == []
    assert a.places(contact, around(participant=None), T) == []  # no location: no flag


def test_haversine_matches_a_known_distance():
    assert a.distance_km(WARSAW, a.Place(50.0647, 19.9450)) == pytest.approx(252, abs=2)


def test_contact_outside_the_fieldwork_window():
    contact = visit_around(real_photo("gps_DSCN0010.jpg"))
    [flag] = a.fieldwork_window(contact, around(window=(date(2008, 11, 1), date(2008, 11, 30))))
    assert "2008-10-22" in flag.message and "poza okresem badania" in flag.message
    assert a.fieldwork_window(contact, around()) == []


def test_window_uses_the_polish_calendar_day():
    late = datetime(2025, 9, 30, 22, 30, tzinfo=UTC)  # already 1 October in Warsaw
    contact = a.ContactFacts(1, "phone", late, late + timedelta(minutes=5),
                             late + timedelta(hours=1))
    assert a.fieldwork_window(contact, around(window=(date(2025, 10, 1), date(2025, 10, 31)))) == []


def test_phone_clock_ahead_of_the_server():
    photo = real_photo("gps_DSCN0010.jpg")
    contact = visit_around(photo)
    ahead = replace(contact, received_at=contact.ended_at - timedelta(minutes=30))
    [flag] = a.phone_clock(ahead, T)
    assert "30 min" in flag.message
    assert a.phone_clock(contact, T) == []
    stale_photo = replace(photo, received_at=photo.captured_at - timedelta(hours=1))
    assert a.phone_clock(replace(contact, photos=(stale_photo,)), T)


def test_same_photo_bytes_in_another_contact():
    photo = real_photo("gps_DSCN0010.jpg")
    [flag] = a.duplicate_photos(visit_around(photo), around(duplicates={photo.sha256: (7, 9)}))
    assert "#7, #9" in flag.message
    assert a.duplicate_photos(visit_around(photo), around()) == []


def test_impossible_travel_between_a_jurors_visits():
    """Arezzo at 14:28 (real EXIF), then 'Kansas City' (the iPhone sample's GPS) 2 h later."""
    here = visit_around(real_photo("gps_DSCN0010.jpg"))
    kansas = real_photo("iphone_IMG_5195.heic").place
    later = replace(here, id=2, started_at=here.ended_at + timedelta(hours=2),
                    ended_at=here.ended_at + timedelta(hours=2, minutes=20), photos=())
    [flag] = a.travel(here, around(next_visit=(later, kansas)), T)
    assert flag.code == "travel" and "#2" in flag.message and "km/h" in flag.message
    nearby = real_photo("gps_DSCN0021.jpg").place
    assert a.travel(here, around(next_visit=(later, nearby)), T) == []
    earlier = replace(later, started_at=here.started_at - timedelta(hours=30),
                      ended_at=here.started_at - timedelta(hours=29))
    assert a.travel(here, around(previous_visit=(earlier, WARSAW)), T) == []  # 30 h: possible


def test_contact_faster_than_the_plausible_minimum():
    contact = visit_around(real_photo("gps_DSCN0010.jpg"))
    quick = replace(contact, ended_at=contact.started_at + timedelta(minutes=2))
    [flag] = a.too_fast(quick, around(), T)
    assert "2 min" in flag.message and "5 min" in flag.message
    assert a.too_fast(contact, around(), T) == []
    assert a.too_fast(quick, around(min_minutes=1), T) == []  # the rubric's own minimum wins
