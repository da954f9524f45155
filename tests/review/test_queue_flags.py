"""The queue's anomaly flags: a filter by kind and a ⚠ count per row (issue 12, item 3)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from juror_app.core.extensions import db
from juror_app.review.forms import FLAG_LABELS
from tests.factories import make_assignment, make_contact, make_edition, make_participant

ANOMALIES = Path(__file__).parents[2] / "juror_app" / "evidence" / "anomalies.py"


def flag(code: str) -> dict:
    """A stored flag as evidence.flags.evaluate keeps it."""
    return {"code": code, "text": "Zdjęcie nr %(n)s …", "params": {"n": 1}}


def flagged_contact(assignment, *codes: str):
    contact = make_contact(assignment, commit=False)
    contact.flags, contact.flag_count = [flag(c) for c in codes], len(codes)
    db.session.commit()
    return contact


@pytest.fixture
def flagged(app):
    """Contacts of one edition: clean, a far photo, a far photo twice plus travel, too fast."""
    assignment = make_assignment(participant=make_participant(make_edition()))
    return {
        "clean": make_contact(assignment),
        "photo": flagged_contact(assignment, "photo_place"),
        "photo_travel": flagged_contact(assignment, "photo_place", "photo_place", "travel"),
        "fast": flagged_contact(assignment, "too_fast"),
    }


def shown(html: str, contacts: dict) -> set[str]:
    return {k for k, c in contacts.items() if re.search(rf'/review/contacts/{c.id}["?]', html)}


@pytest.mark.parametrize("query,expected", [
    ("", {"clean", "photo", "photo_travel", "fast"}),
    ("flagged=y", {"photo", "photo_travel", "fast"}),
    ("flag=photo_place", {"photo", "photo_travel"}),
    ("flag=travel", {"photo_travel"}),
    ("flag=too_fast&flagged=y", {"fast"}),
    ("flag=duplicate_photo", set()),
])
def test_the_queue_filters_by_kind_of_flag(client, auth, flagged, query, expected):
    auth.login_as("coordinator")
    response = client.get(f"/review/?status=all&{query}")
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True), flagged) == expected
    fragment = client.get(f"/review/?status=all&{query}", headers={"HX-Request": "true"})
    assert shown(fragment.get_data(as_text=True), flagged) == expected
    if expected:
        assert f"Kontakty 1–{len(expected)} z {len(expected)}" in fragment.get_data(as_text=True)


def test_each_row_shows_its_count_of_flags_with_a_label(client, auth, flagged):
    auth.login_as("coordinator")
    html = client.get("/review/?status=all").get_data(as_text=True)
    assert html.count('class="badge warn flag-count"') == 3  # not on the clean contact
    assert ('<span aria-hidden="true">⚠ 3</span><span class="visually-hidden">Ostrzeżenia: 3 '
            "(Zdjęcie daleko od adresu uczestnika, Niemożliwy przejazd między wizytami)"
            "</span>") in html
    assert 'title="Kontakt krótszy niż wiarygodny"' in html


def test_the_kind_filter_is_offered_translated_and_kept_in_links(client, auth, flagged):
    auth.login_as("coordinator", locale="en")
    html = client.get("/review/?status=all&flag=photo_place").get_data(as_text=True)
    assert '<option selected value="photo_place">Photo taken far from the participant' in html
    assert "Warnings: 3 (Photo taken far from the participant, Impossible travel" in html
    # The contact page's links back and onward keep the filter.
    link = f'/review/contacts/{flagged["photo"].id}?status=all&amp;flag=photo_place'
    assert link in html


def test_an_unknown_kind_is_a_400_with_a_message(client, auth, flagged):
    auth.login_as("coordinator")
    response = client.get("/review/?flag=nonsense")
    assert response.status_code == 400
    assert "Nie można zastosować tych filtrów" in response.get_data(as_text=True)


def test_every_kind_the_rules_give_can_be_filtered():
    """A new rule in evidence/anomalies.py needs its label here, or the filter misses it."""
    codes = set(re.findall(r'Flag\("(\w+)"', ANOMALIES.read_text(encoding="utf-8")))
    assert codes and codes == set(FLAG_LABELS)
