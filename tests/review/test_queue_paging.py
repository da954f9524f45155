"""Keyset paging of the review queue: links name the contact a page follows or precedes."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact, ContactStatus
from juror_app.review.paging import PER_PAGE, QueuePage, QueuePosition
from tests.factories import make_assignment, make_contact

START = datetime(2025, 10, 1, 8, tzinfo=UTC)


@pytest.fixture
def queue(app):
    """Three pages and a bit of waiting contacts; two share a received time (the id breaks
    the tie, so a page boundary between them must neither skip nor repeat one)."""
    assignment = make_assignment()
    made = [make_contact(assignment, commit=False, received_at=START + timedelta(minutes=i))
            for i in range(3 * PER_PAGE + 4)]
    made[PER_PAGE].received_at = made[PER_PAGE - 1].received_at
    db.session.commit()
    return [c.id for c in made]


def listed(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'/review/contacts/(\d+)[?"]', html)]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a class="button" href="([^"]+)"[^>]*rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_next_and_previous_links_walk_the_whole_queue_in_order(client, auth, queue):
    auth.login_as("coordinator")
    seen, url, pages = [], "/review/", []
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append(html)
        seen += listed(html)
        url = link(html, "next")
    assert seen == queue  # every waiting contact once, oldest receipt first
    assert len(pages) == 4 and "Strona 4 z 4" in pages[-1]
    assert "after=" in link(pages[2], "next")
    # Back from the last page: each "previous" page is the one shown going forward.
    html = pages[-1]
    for expected in reversed(pages[:-1]):
        url = link(html, "prev")
        html = client.get(url).get_data(as_text=True)
        assert listed(html) == listed(expected)
    assert link(pages[1], "prev") == "/review/?page=1"  # the first page from its start


def test_deciding_contacts_on_one_page_skips_none_on_the_next(client, auth, queue):
    """With OFFSET, approving page 1 and opening page 2 would skip 25 contacts that moved
    up; the next link starts after the last contact the reviewer saw."""
    auth.login_as("coordinator")
    first = client.get("/review/").get_data(as_text=True)
    db.session.execute(sa.update(Contact).where(Contact.id.in_(listed(first)))
                       .values(status=ContactStatus.APPROVED))
    db.session.commit()
    second = client.get(link(first, "next")).get_data(as_text=True)
    assert listed(second) == queue[PER_PAGE:2 * PER_PAGE]


def test_a_page_after_a_deleted_contact_falls_back_to_its_number(client, auth, queue):
    auth.login_as("coordinator")
    db.session.execute(sa.delete(Contact).where(Contact.id == 999_999))
    html = client.get("/review/?page=2&after=999999").get_data(as_text=True)
    assert listed(html) == queue[PER_PAGE:2 * PER_PAGE]


@pytest.mark.parametrize("query", ["after=abc", "after=0", "before=-3",
                                   "after=99999999999999999999", "before=1.5"])
def test_a_wrong_position_is_a_clear_400(client, auth, queue, query):
    auth.login_as("coordinator")
    response = client.get(f"/review/?page=2&{query}")
    assert response.status_code == 400
    assert "Nie można zastosować tych filtrów" in response.get_data(as_text=True)


def test_a_contact_page_keeps_the_queue_position_for_its_way_back(client, auth, queue):
    auth.login_as("coordinator")
    html = client.get(f"/review/contacts/{queue[30]}?page=2&after={queue[24]}")
    assert f"page=2&amp;after={queue[24]}" in html.get_data(as_text=True)


def test_page_links_are_plain_values():
    """The page's arguments come from its own contacts (no Flask, no database)."""

    class Row:
        def __init__(self, id_):
            self.id = id_

    page = QueuePage([Row(n) for n in range(10, 10 + PER_PAGE)], 3, 200, False)
    assert page.next_args == {"page": 4, "after": 10 + PER_PAGE - 1}
    assert page.prev_args == {"page": 2, "before": 10}
    assert QueuePage([Row(5)], 2, 26, False).prev_args == {"page": 1}
    assert not QueuePage([Row(5)], 2, 200, False).has_next  # a short page is the last
    assert QueuePosition(3).offset == 2 * PER_PAGE
