"""One contact's evidence page: times, place, scores, photos and the audit trail."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import CriterionScore
from juror_app.rubric import default_rubric
from tests.factories import make_assignment, make_contact, make_participant
from tests.review_support import add_photo


def add_scores(contact, points: dict[str, float | None]) -> None:
    """CriterionScore rows for a contact, max points and weights from the default rubric."""
    criteria = {c["key"]: c for c in default_rubric()["channels"][contact.channel]["criteria"]}
    for key, value in points.items():
        c = criteria[key]
        db.session.add(CriterionScore(contact=contact, criterion_key=key, points=value,
                                      max_points=c["max_points"], weight=c.get("weight", 1)))
    db.session.commit()


def test_the_contact_page_shows_the_evidence(client, auth):
    auth.login_as("coordinator")
    participant = make_participant(name="Urząd Miasta Żyrardów", city="Żyrardów")
    contact = make_contact(
        make_assignment(participant=participant), channel="visit",
        started_at=datetime(2025, 10, 6, 9, 0, tzinfo=UTC), started_offset_minutes=60,
        received_at=datetime(2025, 10, 6, 12, 0, tzinfo=UTC),
        measurements={"waiting_minutes": 7}, notes="Długa kolejka przy okienku 3.")
    add_scores(contact, {"signage": 5, "accessibility": None, "waiting_time": 4,
                         "greeting": 5, "competence": 3, "closing": 5})
    add_photo(contact, captured_at=datetime(2025, 10, 6, 9, 5, tzinfo=UTC),
              latitude=52.0517, longitude=20.4453)
    add_photo(contact)
    html = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert "Urząd Miasta Żyrardów" in html
    assert "6.10.2025, 10:00 (UTC+01:00)" in html          # device start, device's offset
    assert "6.10.2025, 14:00" in html                        # receipt in Polish time
    assert "+2 h 48 min" in html and "Duża różnica" in html   # ended 9:12, received 12:00
    assert "Czas oczekiwania na obsługę</dt><dd>7 min</dd>" in html
    assert "Długa kolejka przy okienku 3." in html
    assert "nie dotyczy" in html and "Oznakowanie siedziby" in html
    # (5 + 4 + 2·5 + 2·3 + 5) / (5 + 5 + 10 + 10 + 5) = 30 / 35 = 85,71%
    assert "85,71%" in html
    assert ("https://www.openstreetmap.org/?mlat=52.051700&amp;mlon=20.445300"
            "#map=18/52.051700/20.445300") in html
    assert "6.10.2025, 11:05" in html and "brak współrzędnych" in html
    assert "Runda 1" in html and "czeka na ocenę" in html


def test_the_contact_page_shows_where_the_visit_took_place(client, auth):
    auth.login_as("coordinator")
    shared = make_contact(channel="visit", latitude=50.0614123, longitude=19.9365789,
                          position_accuracy_m=18.4)
    html = client.get(f"/review/contacts/{shared.id}").get_data(as_text=True)
    assert ('<a href="https://www.openstreetmap.org/?mlat=50.061412&amp;mlon=19.936579'
            '#map=18/50.061412/19.936579" rel="noopener noreferrer" target="_blank">'
            '50.06141, 19.93658</a>') in html
    assert "± 18 m" in html
    unshared = make_contact(channel="visit")
    html = client.get(f"/review/contacts/{unshared.id}").get_data(as_text=True)
    assert 'class="visit-place">brak współrzędnych' in html
    assert "openstreetmap" not in html
    phone = client.get(f"/review/contacts/{make_contact().id}").get_data(as_text=True)
    assert "visit-place" not in phone


def test_photo_thumbnails_link_to_full_size(client, auth):
    auth.login_as("coordinator")
    contact = make_contact()
    photo = add_photo(contact)
    html = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert f'<img src="/photos/{photo.client_id}/thumb.jpg"' in html
    assert f'<a href="/photos/{photo.client_id}/display.jpg"' in html


def test_each_photo_says_where_its_time_and_place_came_from(client, auth):
    """For an appeal: the camera's EXIF or the phone, the camera, and what the phone sent
    that could not be read (set aside)."""
    auth.login_as("coordinator")
    contact = make_contact()
    add_photo(contact, meta={"sources": {"captured_at": "exif+Europe/Warsaw",
                                         "position": "device"}, "camera": "HMD Nokia 8.3"})
    add_photo(contact, meta={"sources": {}, "device_ignored": {
        "captured_at": "1970-01-01T00:00:00+01:00"}})
    add_photo(contact, meta=None)  # an older row: nothing to say, nothing breaks
    html = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert "Czas: z EXIF, przyjęto czas polski (aparat nie podał strefy)" in html
    assert "Miejsce: podane przez telefon" in html and "Aparat: HMD Nokia 8.3" in html
    assert ("Telefon przesłał nieczytelne dane, pominięte: "
            "captured_at=1970-01-01T00:00:00+01:00") in html


def test_a_phone_clock_ahead_of_the_server_is_flagged(client, auth):
    auth.login_as("coordinator")
    start = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)
    contact = make_contact(started_at=start, received_at=start - timedelta(minutes=30))
    html = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert "Zegar telefonu spieszy się" in html and "−42 min" in html
    calm = make_contact(started_at=start, received_at=start + timedelta(minutes=15))
    html = client.get(f"/review/contacts/{calm.id}").get_data(as_text=True)
    assert "Zgodne" in html and "+3 min" in html


def test_criteria_without_a_score_are_marked_missing(client, auth):
    auth.login_as("coordinator")
    contact = make_contact(channel="email")
    add_scores(contact, {"form": 5})
    html = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    assert html.count("brak oceny") == 3 and "100,00%" in html
    assert "nie zmierzono" in html


def test_photo_events_join_the_contact_trail_in_time_order(client, auth):
    from juror_app.models import AuditEvent
    from juror_app.models.audit import record

    auth.login_as("coordinator")
    contact = make_contact(make_assignment())
    other = make_contact(make_assignment())
    first, second = add_photo(contact), add_photo(contact)
    stranger = add_photo(other)
    start = datetime(2025, 10, 6, 10, tzinfo=UTC)
    steps = [("contact.create", "contact", contact.client_id, None, {"status": "submitted"}),
             # As api/photo_service records it: the photo's UUID, the contact in "after".
             ("photo.create", "photo", second.client_id, None,
              {"contact": str(contact.client_id), "sha256": "ab" * 32}),
             ("photo.create", "photo", first.client_id, None,
              {"contact": str(contact.client_id), "sha256": "cd" * 32}),
             ("photo.create", "photo", stranger.client_id, None, {"sha256": "ef" * 32}),
             ("contact.approve", "contact", contact.id, {"status": "submitted"},
              {"status": "approved"})]
    for minutes, (action, kind, key, before, after) in enumerate(steps):
        event = record(db.session, actor_id=None, action=action, entity_type=kind,
                       entity_id=key, before=before, after=after)
        event.at = start + timedelta(minutes=minutes)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 5
    html = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    trail = html[html.index('<ol class="audit">'):]
    trail = trail[:trail.index("</ol>")]
    assert trail.count("<li>") == 4  # not the other contact's photo
    order = [trail.index(s) for s in ("Przesłanie przez jurora", "zdjęcie 2",
                                      "zdjęcie 1", "Zatwierdzenie")]
    assert order == sorted(order) and trail.count("Dodanie zdjęcia") == 2
    assert "SHA-256 abababababab" in trail and "efefef" not in trail
    # Photo events are not status changes: the rounds still show one decision.
    assert "Runda 2" not in html
