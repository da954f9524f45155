"""Scoring rules computed by hand."""
import pytest

from juror_app.rubric import default_rubric
from juror_app.rubric.scoring import (
    CriterionResult,
    contact_share,
    criterion_results,
    measurement_errors,
    participant_share,
    points_from_rule,
    score_errors,
)

PHONE = default_rubric()["channels"]["phone"]
RINGS_RULE = PHONE["criteria"][0]["rule"]


@pytest.mark.parametrize("rings, points", [(0, 5), (3, 5), (4, 3), (5, 3), (8, 1), (9, 0)])
def test_rings_rule_gives_full_marks_within_three_rings(rings, points):
    assert points_from_rule(RINGS_RULE, rings) == points


def test_contact_share_is_weighted_and_leaves_out_na():
    results = [
        CriterionResult("a", 5, 5, 1),
        CriterionResult("b", 2, 5, 2),
        CriterionResult("c", None, 5, 3),
    ]
    # (5*1 + 2*2) / (5*1 + 5*2) = 9 / 15
    assert contact_share(results) == pytest.approx(60.0)
    assert contact_share([CriterionResult("x", None, 5, 1)]) is None


def test_criterion_results_compute_rule_points_from_the_measurement():
    scores = {"introduction": 5, "courtesy": 4, "information": 3, "routing": None}
    results = {r.key: r for r in criterion_results(PHONE, scores, {"rings": 4})}
    assert results["answer_speed"].points == 3
    assert results["routing"].points is None
    # 3*1 + 5*1 + 4*2 + 3*2 = 22 of (5+5+10+10) = 30
    assert contact_share(list(results.values())) == pytest.approx(100 * 22 / 30)


def test_missing_measurement_makes_the_rule_criterion_not_applicable():
    results = criterion_results(PHONE, {"introduction": 5, "courtesy": 5, "information": 5,
                                        "routing": 5}, {})
    assert results[0].points is None


def test_score_errors_name_each_problem():
    errors = score_errors(PHONE, {"introduction": 7, "courtesy": None, "information": "dobrze",
                                  "nonsense": 1})
    assert "0–5" in errors["scores.introduction"]
    assert "nie dotyczy" in errors["scores.courtesy"]
    assert "liczbą" in errors["scores.information"]
    assert "Nieznane" in errors["scores.nonsense"]
    assert "Brak oceny" in errors["scores.routing"]
    assert score_errors(PHONE, []) == {"scores": "Oceny muszą być obiektem (kryterium → punkty)."}


def test_measurement_errors():
    errors = measurement_errors(PHONE, {"rings": -1, "transfers": "dwa", "temperature": 3})
    assert set(errors) == {"measurements.rings", "measurements.transfers",
                           "measurements.temperature"}
    assert measurement_errors(PHONE, {"rings": 2, "hold_seconds": None}) == {}


def test_participant_share_renormalises_over_covered_channels():
    shares = {"visit": [80.0, 60.0], "phone": [100.0], "email": []}
    weights = {"visit": 30, "phone": 25, "email": 15}
    assert participant_share(shares, weights) == pytest.approx((30 * 70 + 25 * 100) / 55)
    assert participant_share({"visit": []}, weights) is None
