"""A later rubric does not rewrite history: criteria show as the contact was scored."""
from __future__ import annotations

import copy
import csv
import io

import pytest

from juror_app.core.extensions import db
from juror_app.models import Rubric
from juror_app.results.criteria import criteria_of, groups_of
from tests.factories import make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import SMALL_RUBRIC, scored_contact


def rubric_v2() -> dict:
    """E-mail's only criterion dropped for another; phone's "courtesy" renamed."""
    v2 = copy.deepcopy(SMALL_RUBRIC)
    v2["channels"]["email"]["criteria"] = [
        {"key": "tone", "label": "Ton odpowiedzi", "group": "service", "max_points": 5,
         "weight": 1}]
    v2["channels"]["phone"]["criteria"][1]["label"] = "Grzeczność"
    v2["groups"]["service"] = "Obsługa"
    return v2


@pytest.fixture
def history(app):
    edition = make_edition(rubric=SMALL_RUBRIC)
    participant = make_participant(edition, name="Gmina Pamiętliwa")
    assignment = make_assignment(make_user("juror"), participant)
    email = scored_contact(assignment, "email", {"reply": 3}, rubric=SMALL_RUBRIC, commit=False)
    phone = scored_contact(assignment, "phone", {"courtesy": 5, "routing": 4}, {"rings": 2},
                           rubric=SMALL_RUBRIC, commit=False)
    website = scored_contact(assignment, "website", {"content": 10, "mobile": 5},
                             rubric=SMALL_RUBRIC, commit=False)
    for contact in (email, phone, website):
        contact.rubric_version = 1
    db.session.add(Rubric(edition=edition, version=2, data=rubric_v2()))
    db.session.commit()
    return edition, participant, email


def test_the_report_keeps_criteria_a_later_rubric_dropped_or_renamed(history, client, auth):
    edition, participant, _ = history
    auth.login_as("coordinator")
    body = client.get(f"/results/{edition.id}/participants/{participant.id}/report"
                      ).get_data(as_text=True)
    assert "Odpowiedź" in body and "75%" in body  # e-mail "reply": 3 of 4, dropped in v2
    assert "Uprzejmość" in body and "Grzeczność" not in body  # scored under v1's label
    assert "Ton odpowiedzi" not in body  # nobody was scored on it


def test_the_contacts_export_keeps_the_dropped_criterions_points(history, client, auth):
    edition, _, email = history
    auth.login_as("coordinator")
    body = client.get(f"/results/{edition.id}/export/contacts.csv").data.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    row = next(r for r in rows if r[0] == str(email.id))
    reply = [i for i, name in enumerate(header) if "reply" in name or "Odpowiedź" in name]
    assert len(reply) == 1 and row[reply[0]] in ("3", "3,00", "3.0")


def test_the_contact_page_labels_criteria_by_the_contacts_version(history, client, auth):
    _, _, email = history
    auth.login_as("coordinator")
    body = client.get(f"/review/contacts/{email.id}").get_data(as_text=True)
    assert "Odpowiedź" in body and "Ton odpowiedzi" not in body


def test_criteria_of_labels_by_the_newest_version_listing_each():
    rubrics = {1: SMALL_RUBRIC, 2: rubric_v2()}
    both = {(c.channel, c.key): c for c in criteria_of(rubrics, [1, 2])}
    assert both[("phone", "courtesy")].label == "Grzeczność"
    assert both[("email", "reply")].label == "Odpowiedź" and both[("email", "reply")].version == 1
    assert list(both)[-1] == ("email", "reply")  # only in the older version: listed last
    only_v1 = {(c.channel, c.key): c.label for c in criteria_of(rubrics, [1])}
    assert only_v1[("phone", "courtesy")] == "Uprzejmość" and ("email", "tone") not in only_v1
    assert criteria_of(rubrics, [None]) == criteria_of(rubrics, [2])  # unknown → newest
    assert groups_of(rubrics, [1, 2])["service"] == "Obsługa"
