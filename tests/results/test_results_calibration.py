"""Calibration: a juror 20% stricter than the others is flagged; a fair one is not.

Only the criteria the juror judges are compared: points a rubric rule computes from a
measurement (rings, waiting minutes, reply hours) are left out, in the ICC too.
"""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.demo.loader import DEMO_EDITION, load_demo
from juror_app.models import Contact, ContactStatus, Edition
from juror_app.results.calibration import (
    channel_agreement,
    icc1,
    juror_calibration,
    rule_criteria,
)
from juror_app.rubric import default_rubric
from juror_app.rubric.scoring import CriterionResult, contact_share
from tests.factories import make_assignment, make_edition, make_participant, make_user
from tests.results_helpers import SMALL_RUBRIC, scored_contact

SMALL_RULES = rule_criteria(SMALL_RUBRIC)
DEFAULT_RULES = rule_criteria(default_rubric())
EVERY_CRITERION = frozenset()  # no exclusions: how calibration used to compare


def test_rule_criteria_are_the_measured_ones_of_the_rubric():
    assert SMALL_RULES == {("phone", "answer_speed")}
    assert DEFAULT_RULES == {("visit", "waiting_time"), ("phone", "answer_speed"),
                             ("email", "reply_time"), ("social_media", "reply_time")}


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
    result = {j.name: j for j in juror_calibration(db.session, panel.id, SMALL_RULES)}
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
    result = {j.name: j for j in juror_calibration(db.session, edition.id, SMALL_RULES)}
    # A: 100 − (80 + 60)/2 = 30; B: 80 − 80 = 0; C: 60 − 90 = −30; one cell each.
    assert [(result[n].cells, result[n].mean_diff) for n in "ABC"] == \
        [(1, pytest.approx(30)), (1, pytest.approx(0)), (1, pytest.approx(-30))]
    assert not result["A"].flagged  # one comparison is too few to flag anyone
    (website,) = [x for x in channel_agreement(db.session, edition.id, ["website"],
                                                          SMALL_RULES)]
    assert (website.participants, website.ratings, website.icc) == (1, 3, None)


def test_agreement_is_high_when_jurors_agree(panel):
    agreement = {a.channel: a for a in channel_agreement(db.session, panel.id, ["phone", "website"],
                                                         SMALL_RULES)}
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


def test_only_judged_criteria_are_compared_by_hand(app):
    edition = make_edition(rubric=SMALL_RUBRIC)
    a, b = make_user("juror", name="A"), make_user("juror", name="B")
    participant = make_participant(edition)
    # Phone: answer_speed 5 pts ×1 from the rings (rule), courtesy 5 ×2, routing 5 ×1 (N/A ok).
    scored_contact(make_assignment(a, participant), "phone",  # rings 2 → 5, not compared
                   {"courtesy": 5, "routing": 3}, {"rings": 2}, rubric=SMALL_RUBRIC)
    scored_contact(make_assignment(b, participant), "phone",  # rings 10 → 0, not compared
                   {"courtesy": 4, "routing": None}, {"rings": 10}, rubric=SMALL_RUBRIC)
    result = {j.name: j for j in juror_calibration(db.session, edition.id, SMALL_RULES)}
    # Judged: A (2·5 + 3)/(2·5 + 5) = 86.67 %, B 2·4/(2·5) = 80 % (routing N/A) → ±6.67.
    assert result["A"].mean_diff == pytest.approx(20 / 3)
    assert result["B"].mean_diff == pytest.approx(-20 / 3)
    # With the rings: A 18/20 = 90 %, B 8/15 = 53.33 % → the measurement would dominate.
    everything = {j.name: j for j in juror_calibration(db.session, edition.id, EVERY_CRITERION)}
    assert everything["A"].mean_diff == pytest.approx(90 - 160 / 3)


def judged_scores(spec: dict, share: float) -> dict:
    """The same share of the maximum on every criterion the juror judges."""
    return {c["key"]: share * c["max_points"] for c in spec["criteria"] if "rule" not in c}


@pytest.fixture
def email_panel(app):
    """Six participants, four jurors by e-mail (default rubric, reply time ⅓ of the weight).

    The reply hours and so the rule points are the same for every juror of a participant;
    'Surowy' judges 20 % lower than the others' mean on every judged criterion.
    """
    rubric = default_rubric()
    spec = rubric["channels"]["email"]
    edition = make_edition(rubric=rubric)
    jurors = [make_user("juror", name=name) for name in ("Anna", "Bartosz", "Celina", "Surowy")]
    for n, (share, hours) in enumerate([(0.6, 12), (0.7, 30), (0.65, 12), (0.7, 60),
                                        (0.6, 30), (0.7, 12)]):
        participant = make_participant(edition)
        fair = [share - 0.05, share, share + 0.05]
        fair = fair[n % 3:] + fair[:n % 3]  # who is a little above or below rotates
        for juror, juror_share in zip(jurors, [*fair, 0.8 * share], strict=True):
            scored_contact(make_assignment(juror, participant), "email",
                           judged_scores(spec, juror_share), {"reply_hours": hours},
                           rubric=rubric)
    return edition


def test_measured_points_no_longer_hide_a_stricter_juror(email_panel):
    judged = {j.name: j for j in juror_calibration(db.session, email_panel.id, DEFAULT_RULES)}
    strict = judged["Surowy"]
    assert strict.cells == 6 and strict.flagged and strict.direction == "strict"
    assert strict.mean_diff == pytest.approx(-20 * (0.6 + 0.7 + 0.65 + 0.7 + 0.6 + 0.7) / 6)
    for name in ("Anna", "Bartosz", "Celina"):
        assert not judged[name].flagged and 0 < judged[name].mean_diff < 10, judged[name]
    # Counting the reply-time points, which every juror gets alike, the gap falls under 10.
    diluted = {j.name: j for j in juror_calibration(db.session, email_panel.id,
                                                     EVERY_CRITERION)}
    assert -10 < diluted["Surowy"].mean_diff < 0 and not diluted["Surowy"].flagged


def test_agreement_is_computed_on_the_judged_criteria_too(app):
    """Two jurors judge alike and measure differently: ICC 1 on the judged criteria."""
    edition = make_edition(rubric=SMALL_RUBRIC)
    a, b = make_user("juror", name="A"), make_user("juror", name="B")
    for courtesy, rings in ((5, (2, 9)), (3, (9, 2)), (1, (4, 2))):
        participant = make_participant(edition)
        for juror, juror_rings in zip((a, b), rings, strict=True):
            scored_contact(make_assignment(juror, participant), "phone",
                           {"courtesy": courtesy, "routing": None}, {"rings": juror_rings},
                           rubric=SMALL_RUBRIC)
    (judged,) = channel_agreement(db.session, edition.id, ["phone"], SMALL_RULES)
    assert (judged.participants, judged.ratings) == (3, 6)
    assert judged.icc == pytest.approx(1.0)
    (everything,) = channel_agreement(db.session, edition.id, ["phone"], EVERY_CRITERION)
    assert everything.icc < 0.9
    assert {j.name: j.mean_diff for j in juror_calibration(
        db.session, edition.id, SMALL_RULES)} == {"A": 0, "B": 0}


def test_the_page_says_only_judged_criteria_are_compared(email_panel, client, auth):
    auth.login_as("coordinator")
    body = client.get(f"/results/{email_panel.id}/calibration").get_data(as_text=True)
    assert "tylko kryteria oceniane przez jurora" in body
    assert "liczby sygnałów, pomijamy" in body
    assert "zbyt surowy" in body and body.count("w normie") == 3


def python_calibration(edition: Edition, rules: frozenset) -> dict[str, tuple[int, float]]:
    """Reference in plain Python: juror name → (shared cells, mean difference)."""
    cells: dict[tuple, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for contact in db.session.scalars(sa.select(Contact).where(
            Contact.status == ContactStatus.APPROVED)):
        share = contact_share([
            CriterionResult(s.criterion_key, s.points, s.max_points, s.weight)
            for s in contact.scores if (contact.channel, s.criterion_key) not in rules])
        if contact.assignment.edition_id == edition.id and share is not None:
            cells[contact.assignment.participant_id, contact.channel][
                contact.juror.name].append(share)
    diffs: dict[str, list[float]] = defaultdict(list)
    for by_juror in cells.values():
        means = {name: sum(s) / len(s) for name, s in by_juror.items()}
        for name, mean in means.items():
            others = [m for other, m in means.items() if other != name]
            if others:
                diffs[name].append(mean - sum(others) / len(others))
    return {name: (len(d), sum(d) / len(d)) for name, d in diffs.items()}


@pytest.fixture
def demo_edition(app):
    load_demo(today=date(2025, 11, 3))
    return db.session.scalar(sa.select(Edition).where(Edition.name.startswith(DEMO_EDITION)))


def test_demo_calibration_matches_the_python_reference(demo_edition):
    rules = rule_criteria(demo_edition.rubric.data)
    assert rules == DEFAULT_RULES
    sql = {j.name: (j.cells, j.mean_diff)
           for j in juror_calibration(db.session, demo_edition.id, rules)}
    expected = python_calibration(demo_edition, rules)
    assert sql.keys() == expected.keys() and sql
    for name, (cells, mean_diff) in expected.items():
        assert sql[name] == (cells, pytest.approx(mean_diff)), name
    assert sql != {j.name: (j.cells, j.mean_diff)  # the measured points did change it
                   for j in juror_calibration(db.session, demo_edition.id, EVERY_CRITERION)}


def test_the_demo_strict_juror_is_flagged(demo_edition):
    rules = rule_criteria(demo_edition.rubric.data)
    result = {j.name: j for j in juror_calibration(db.session, demo_edition.id, rules)}
    strict = result.get("Juror 3")
    assert strict is not None and strict.flagged and strict.direction == "strict"


def test_a_juror_sharing_no_cell_is_listed_with_too_few_comparisons(app, client, auth):
    edition = make_edition(rubric=SMALL_RUBRIC)
    a, b, alone = (make_user("juror", name=n) for n in ("A", "B", "Samotny"))
    shared, other = make_participant(edition), make_participant(edition)
    for juror, participant in ((a, shared), (b, shared), (alone, other)):
        scored_contact(make_assignment(juror, participant), "website",
                       {"content": 8, "mobile": None}, rubric=SMALL_RUBRIC)
    result = {j.name: j for j in juror_calibration(db.session, edition.id, SMALL_RULES)}
    assert (result["Samotny"].cells, result["Samotny"].mean_diff) == (0, None)
    assert not result["Samotny"].flagged and result["A"].cells == 1
    edition_id = edition.id
    auth.login_as("coordinator")
    body = client.get(f"/results/{edition_id}/calibration").get_data(as_text=True)
    row = body.split("Samotny</th>")[1].split("</tr>")[0]
    assert "za mało porównań" in row and "<svg" in body
