"""Calibration: a juror 20% stricter than the others is flagged; a fair one is not."""
from __future__ import annotations

import random

import pytest

from juror_app.calibration import channel_agreement, icc1, juror_calibration
from juror_app.extensions import db
from tests.factories import make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import SMALL_RUBRIC, scored_contact


def test_icc1_matches_a_hand_computation():
    # Means 1.5, 3.5, 5.5, grand mean 3.5: MSB = 2·(4 + 0 + 4)/2 = 8, MSW = 6·0.25/3 = 0.5,
    # k0 = (6 − 12/6)/2 = 2 → ICC(1) = (8 − 0.5)/(8 + 0.5) = 0.88235…
    assert icc1([[1, 2], [3, 4], [5, 6]]) == pytest.approx(7.5 / 8.5)
    assert icc1([[5, 5], [5, 5]]) is None  # no variance at all: undefined
    assert icc1([[1, 2]]) is None  # one participant: undefined
    assert icc1([[1, 9], [9, 1]]) < 0  # jurors disagree more than participants differ


@pytest.fixture
def panel(app):
    """Eight participants, each scored on the website by four jurors; 'Surowy' gives 80%."""
    rng = random.Random(7)
    edition = make_edition(rubric=SMALL_RUBRIC)
    jurors = {name: make_user("juror", name=name) for name in
              ("Anna", "Bartosz", "Celina", "Surowy")}
    for _ in range(8):
        participant = make_participant(edition)
        true_content = rng.choice([7, 8, 9, 10])
        for name, juror in jurors.items():
            content = true_content + rng.choice([-0.5, 0, 0.5])
            content = min(content, 10) * (0.8 if name == "Surowy" else 1)
            scored_contact(make_assignment(juror, participant), "website",
                           {"content": content, "mobile": None}, rubric=SMALL_RUBRIC)
    return edition


def test_a_systematically_stricter_juror_is_flagged_and_fair_ones_are_not(panel):
    result = {j.name: j for j in juror_calibration(db.session, panel.id)}
    assert set(result) == {"Anna", "Bartosz", "Celina", "Surowy"}
    strict = result["Surowy"]
    assert strict.cells == 8 and strict.mean_diff < -10
    assert strict.flagged and strict.direction == "strict"
    assert strict.spread is not None and strict.spread < 10
    for name in ("Anna", "Bartosz", "Celina"):
        assert not result[name].flagged, result[name]
        assert 0 < result[name].mean_diff < 10


def test_differences_match_a_hand_computation(app):
    edition = make_edition(rubric=SMALL_RUBRIC)
    a, b, c = (make_user("juror", name=n) for n in "ABC")
    participant = make_participant(edition)
    for juror, content in ((a, 10), (b, 8), (c, 6)):  # website 100%, 80%, 60%
        scored_contact(make_assignment(juror, participant), "website",
                       {"content": content, "mobile": None}, rubric=SMALL_RUBRIC)
    result = {j.name: j for j in juror_calibration(db.session, edition.id)}
    # A: 100 − (80 + 60)/2 = 30; B: 80 − 80 = 0; C: 60 − 90 = −30; one cell each.
    assert [(result[n].cells, result[n].mean_diff) for n in "ABC"] == \
        [(1, pytest.approx(30)), (1, pytest.approx(0)), (1, pytest.approx(-30))]
    assert not result["A"].flagged  # one comparison is too few to flag anyone
    (website,) = [x for x in channel_agreement(db.session, edition.id, ["website"])]
    assert (website.participants, website.ratings, website.icc) == (1, 3, None)


def test_agreement_is_high_when_jurors_agree(panel):
    agreement = {a.channel: a for a in channel_agreement(db.session, panel.id,
                                                         ["phone", "website"])}
    assert agreement["phone"].icc is None and agreement["phone"].participants == 0
    assert agreement["website"].participants == 8 and agreement["website"].ratings == 32
    assert -1 <= agreement["website"].icc <= 1


def test_calibration_page_shows_chart_table_and_flag(panel, client, auth):
    auth.login_as("coordinator")
    body = client.get(f"/results/{panel.id}/calibration").get_data(as_text=True)
    assert "<svg" in body and "Surowy" in body and "zbyt surowy" in body
    assert body.count("w normie") == 3 and "ICC(1)" in body
    auth.logout()
    auth.login_as("expert")
    assert client.get(f"/results/{panel.id}/calibration").status_code == 403


def test_calibration_page_without_shared_work(app, client, auth):
    edition = make_edition()
    auth.login_as("coordinator")
    body = client.get(f"/results/{edition.id}/calibration").get_data(as_text=True)
    assert "Za mało danych" in body
