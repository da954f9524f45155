"""The review queue: filters, the htmx fragment, pagination and what each row shows."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from juror_app.core.extensions import db
from juror_app.models import Category, ContactStatus
from juror_app.review.paging import PER_PAGE
from juror_app.review.queries import today_in_warsaw
from tests.factories import (
    make_assignment,
    make_contact,
    make_edition,
    make_participant,
    make_user,
)
from tests.review_support import add_photo


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
    # The next page starts after this page's last contact, filters kept.
    assert f'href="/review/?channel=phone&amp;page=2&amp;after={made[PER_PAGE - 1].id}"' in first
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
