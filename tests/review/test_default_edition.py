"""The desk opens the edition being worked on, and back links keep the queue's filters."""
from __future__ import annotations

import html
import re

import pytest

from juror_app.core.extensions import db
from juror_app.models import EditionStatus
from juror_app.results.lifecycle import working_edition
from tests.factories import make_assignment, make_contact, make_edition, make_participant


def edition_with_contact(name: str, status: EditionStatus, year: int):
    edition = make_edition(name=name, status=status, year=year)
    participant = make_participant(edition, name=f"Uczestnik {name}")
    return edition, make_contact(make_assignment(participant=participant))


@pytest.fixture
def editions(app):
    published, _ = edition_with_contact("Edycja 2024", EditionStatus.PUBLISHED, 2024)
    fieldwork, contact = edition_with_contact("Edycja 2025", EditionStatus.OPEN, 2025)
    make_edition(name="Edycja 2026", status=EditionStatus.DRAFT, year=2026)  # new and empty
    return published, fieldwork, contact


def test_queue_and_ranking_open_the_edition_in_fieldwork(editions, client, auth):
    auth.login_as("coordinator")
    queue = client.get("/review/").get_data(as_text=True)
    assert "Uczestnik Edycja 2025" in queue and "Uczestnik Edycja 2024" not in queue
    auth.logout()
    auth.login_as("expert")
    ranking = client.get("/results/ranking").get_data(as_text=True)
    assert "<h1>Edycja 2025</h1>" in ranking


def test_without_fieldwork_the_latest_published_edition_opens(editions, client, auth):
    published, fieldwork, _ = editions
    fieldwork.status = EditionStatus.DRAFT
    db.session.commit()
    assert working_edition(db.session) == published
    auth.login_as("expert")
    ranking = client.get("/results/ranking").get_data(as_text=True)
    assert "<h1>Edycja 2024</h1>" in ranking


def test_a_frozen_edition_comes_before_a_published_one(editions):
    published, fieldwork, _ = editions
    fieldwork.status = EditionStatus.FROZEN
    db.session.commit()
    assert working_edition(db.session) == fieldwork


def links(body: str, text: str) -> list[str]:
    pattern = r'<a href="([^"]+)"[^>]*>' + re.escape(text)
    return [html.unescape(m) for m in re.findall(pattern, body)]


def test_back_to_the_queue_keeps_the_filters(editions, client, auth):
    _, fieldwork, contact = editions
    auth.login_as("coordinator")
    filters = f"edition={fieldwork.id}&status=all&channel=phone"
    queue = client.get(f"/review/?{filters}").get_data(as_text=True)
    [to_contact] = links(queue, contact.assignment.participant.name)
    assert to_contact == f"/review/contacts/{contact.id}?{filters}"
    page = client.get(to_contact + "&_external=1&_scheme=javascript").get_data(as_text=True)
    [back] = links(page, "‹ Wróć do kolejki")
    assert back == f"/review/?{filters}"
