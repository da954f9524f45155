"""The review queue (filters, htmx fragment, pagination) and one contact's evidence page."""
from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Category, ContactStatus, CriterionScore, Photo
from juror_app.review.queries import PER_PAGE, today_in_warsaw
from juror_app.rubric import default_rubric
from tests.factories import (
    make_assignment,
    make_contact,
    make_edition,
    make_participant,
    make_user,
)


def add_scores(contact, points: dict[str, float | None]) -> None:
    """CriterionScore rows for a contact, max points and weights from the default rubric."""
    criteria = {c["key"]: c for c in default_rubric()["channels"][contact.channel]["criteria"]}
    for key, value in points.items():
        c = criteria[key]
        db.session.add(CriterionScore(contact=contact, criterion_key=key, points=value,
                                      max_points=c["max_points"], weight=c.get("weight", 1)))
    db.session.commit()


def add_photo(contact, **fields) -> Photo:
    values = {"client_id": uuid.uuid4(), "contact": contact, "sha256": "0" * 64,
              "content_type": "image/jpeg", "byte_size": 1000, "width": 640, "height": 480,
              "storage_key": f"x/{uuid.uuid4()}"}
    values.update(fields)
    photo = Photo(**values)
    db.session.add(photo)
    db.session.commit()
    return photo


def rows(html: str) -> int:
    return html.count("/review/contacts/")


def linked(html: str, contact_id: int) -> bool:
    """The page links to this contact (the link may carry the queue's filters)."""
    return re.search(rf'/review/contacts/{contact_id}["?]', html) is not None


@pytest.fixture
def world(app):
    """Two editions; in the newer one two jurors, two categories, several statuses."""
    old = make_edition(year=2024, name="I edycja 2024")
    new = make_edition(year=2025, name="II edycja 2025")
    anna = make_user("juror", name="Anna Kowalska")
    piotr = make_user("juror", name="Piotr Nowak")
    gmina = make_participant(new, name="Gmina Zielonka")
    teatr = make_participant(new, name="Teatr Ludowy", category=Category.INSTYTUCJA_KULTURY)
    past_due = today_in_warsaw() - timedelta(days=3)
    a1 = make_assignment(anna, gmina, due_on=past_due)
    a2 = make_assignment(piotr, teatr, due_on=today_in_warsaw() + timedelta(days=10))
    contacts = {
        "gmina_phone": make_contact(a1, channel="phone"),
        "gmina_visit": make_contact(a1, channel="visit", status=ContactStatus.RESUBMITTED),
        "gmina_email": make_contact(a1, channel="email", status=ContactStatus.APPROVED),
        "teatr_phone": make_contact(a2, channel="phone"),
        "teatr_web": make_contact(a2, channel="website", status=ContactStatus.RETURNED),
        "old": make_contact(make_assignment(anna, make_participant(old, name="Stary Urząd"))),
    }
    return {"old_edition": old, "new": new, "anna": anna, "piotr": piotr, **contacts}


def test_the_queue_defaults_to_the_newest_edition_and_waiting_contacts(client, auth, world):
    auth.login_as("coordinator")
    html = client.get("/review/").get_data(as_text=True)
    for key in ("gmina_phone", "gmina_visit", "teatr_phone"):
        assert linked(html, world[key].id)
    for key in ("gmina_email", "teatr_web", "old"):
        assert not linked(html, world[key].id)
    assert "Stary Urząd" not in html and "Anna Kowalska" in html
    assert "Poprawiony" in html and "Przesłany" in html


@pytest.mark.parametrize("query,expected", [
    ("juror={piotr}", {"teatr_phone"}),
    ("channel=phone", {"gmina_phone", "teatr_phone"}),
    ("category=instytucja_kultury&status=all", {"teatr_phone", "teatr_web"}),
    ("status=approved", {"gmina_email"}),
    ("status=returned", {"teatr_web"}),
    ("status=all&overdue=y", {"gmina_phone", "gmina_visit"}),
    ("edition={old}", {"old"}),
    ("edition=&status=all", {"gmina_phone", "gmina_visit", "gmina_email", "teatr_phone",
                             "teatr_web", "old"}),
])
def test_queue_filters(client, auth, world, query, expected):
    auth.login_as("coordinator")
    query = query.format(piotr=world["piotr"].id, old=world["old_edition"].id)
    html = client.get(f"/review/?{query}").get_data(as_text=True)
    shown = {k for k in world if k.islower() and hasattr(world[k], "channel")
             and linked(html, world[k].id)}
    assert shown == expected
    # Past due and unsettled (the old edition's task was due on 30.11.2025).
    assert html.count("⚠ po terminie") == len(expected & {"gmina_phone", "gmina_visit", "old"})


def test_htmx_gets_only_the_results_fragment(client, auth, world):
    auth.login_as("coordinator")
    response = client.get("/review/?channel=phone", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="queue-results"')
    assert "<html" not in html and "review-filters" not in html and rows(html) == 2
    assert "HX-Request" in response.headers.get("Vary", "")
    full = client.get("/review/?channel=phone").get_data(as_text=True)
    assert "<html" in full and 'hx-get="/review/"' in full and 'id="queue-results"' in full
    restore = client.get("/review/?channel=phone",
                         headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)


@pytest.mark.parametrize("query", ["edition=abc", "edition=999999", "juror=x", "status=deleted",
                                   "page=0", "page=abc", "channel=fax"])
def test_bad_filters_are_a_400_with_a_message(client, auth, world, query):
    auth.login_as("coordinator")
    response = client.get(f"/review/?{query}")
    assert response.status_code == 400
    assert "Nie można zastosować tych filtrów" in response.get_data(as_text=True)


def test_the_queue_is_paginated_and_keeps_filters_in_page_links(client, auth):
    auth.login_as("coordinator")
    assignment = make_assignment()
    start = datetime(2025, 10, 1, 8, tzinfo=UTC)
    made = [make_contact(assignment, commit=False, started_at=start + timedelta(minutes=i),
                         received_at=start + timedelta(hours=1, minutes=i))
            for i in range(PER_PAGE + 3)]
    db.session.commit()
    first = client.get("/review/?channel=phone").get_data(as_text=True)
    assert rows(first) == PER_PAGE and "Strona 1 z 2" in first
    assert linked(first, made[0].id)  # oldest receipt first
    assert 'href="/review/?page=2&amp;channel=phone"' in first
    second = client.get("/review/?channel=phone&page=2", headers={"HX-Request": "true"})
    html = second.get_data(as_text=True)
    assert rows(html) == 3 and "Strona 2 z 2" in html and linked(html, made[-1].id)
    beyond = client.get("/review/?page=50").get_data(as_text=True)
    assert "Żaden kontakt nie pasuje" in beyond


def test_an_empty_queue_says_so(client, auth):
    auth.login_as("coordinator")
    html = client.get("/review/").get_data(as_text=True)
    assert "Żaden kontakt nie pasuje" in html


def test_each_row_shows_device_start_and_photo_count(client, auth):
    auth.login_as("expert")
    contact = make_contact(started_at=datetime(2025, 10, 6, 9, 0, tzinfo=UTC))
    add_photo(contact)
    add_photo(contact)
    html = client.get("/review/").get_data(as_text=True)
    # The phone was on Warsaw time: no offset suffix on the desk.
    assert "6.10.2025, 11:00" in html and "(UTC+02:00)" not in html
    assert '<td class="num">2</td>' in html


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


def test_the_participant_filter_shows_the_name_and_a_clear_link(client, auth, world):
    auth.login_as("coordinator")
    gmina = world["gmina_phone"].assignment.participant
    html = client.get(f"/review/?participant={gmina.id}&status=all&channel=phone").get_data(
        as_text=True)
    shown = {k for k in world if hasattr(world[k], "channel")
             and linked(html, world[k].id)}
    assert shown == {"gmina_phone"}
    assert 'class="field chosen-participant"' in html and "Gmina Zielonka" in html
    assert f'name="participant" value="{gmina.id}"' in html  # htmx sends it with the form
    assert 'href="/review/?status=all&amp;channel=phone" class="clear-filter">wyczyść' in html
    everything = client.get(f"/review/?participant={gmina.id}&status=all").get_data(
        as_text=True)
    assert rows(everything) == 3


def test_the_participant_filter_in_an_htmx_fragment(client, auth, world):
    auth.login_as("coordinator")
    teatr = world["teatr_phone"].assignment.participant
    response = client.get(f"/review/?participant={teatr.id}&status=all",
                          headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "review-filters" not in html
    assert linked(html, world["teatr_phone"].id)
    assert linked(html, world["teatr_web"].id) and rows(html) == 2
    bad = client.get("/review/?participant=0", headers={"HX-Request": "true"})
    assert bad.status_code == 400 and "Nie ma takiego uczestnika." in bad.get_data(as_text=True)


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", "²", "99999999999", "999999"])
def test_a_bad_participant_is_a_400_with_a_message(client, auth, world, value):
    auth.login_as("coordinator")
    response = client.get(f"/review/?participant={value}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nie można zastosować tych filtrów" in html and "Nie ma takiego uczestnika." in html
    assert 'class="clear-filter"' in html  # the way out of a bad link


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


def test_the_phones_offset_shows_only_when_it_is_not_warsaws(client, auth):
    auth.login_as("coordinator")
    assignment = make_assignment()
    winter = make_contact(assignment, started_at=datetime(2025, 12, 1, 9, 0, tzinfo=UTC),
                          started_offset_minutes=60)  # CET: Warsaw's own offset
    abroad = make_contact(assignment, started_at=datetime(2025, 12, 1, 9, 0, tzinfo=UTC),
                          started_offset_minutes=0)  # a phone set to London
    html = client.get("/review/?status=all").get_data(as_text=True)
    assert "1.12.2025, 10:00" in html and "(UTC+01:00)" not in html
    assert "1.12.2025, 09:00 (UTC+00:00)" in html
    assert winter.id != abroad.id
