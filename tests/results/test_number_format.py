"""One number formatter from the locale: "73,75%" in Polish, "73.75%" in English, everywhere."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from juror_app.core.i18n import percent, signed
from juror_app.evidence.anomalies import Place, distance_km
from tests.factories import (
    make_assignment,
    make_contact,
    make_edition,
    make_participant,
    make_user,
)
from tests.results_helpers import SMALL_RUBRIC, scored_contact


@pytest.fixture
def scored(app):
    """phone 10/15 = 66.67%, website 19/20 = 95% → (3·66.67 + 95)/4 = 73.75%; threshold 72.5%."""
    edition = make_edition(rubric=SMALL_RUBRIC, licence_threshold=72.5)
    participant = make_participant(edition, name="Spółdzielnia Łąka")
    assignment = make_assignment(make_user("juror"), participant)
    phone = scored_contact(assignment, "phone", {"courtesy": 5, "routing": None},
                           {"rings": 9}, rubric=SMALL_RUBRIC)
    scored_contact(assignment, "website", {"content": 9, "mobile": 5}, rubric=SMALL_RUBRIC)
    return edition, participant, phone


def pages(edition, participant, phone):
    base = f"/results/{edition.id}"
    return {
        "ranking": (f"{base}/ranking", ["73,75%", "66,67%"]),
        "licences": (f"{base}/licences", ["73,75%", "72,5%"]),
        "report": (f"{base}/participants/{participant.id}/report", ["73,75%", "66,67%"]),
        "certificate": (f"{base}/participants/{participant.id}/certificate", ["73,75%"]),
        "dashboard": ("/coordinator/", ["72,5%"]),
        "contact": (f"/review/contacts/{phone.id}", ["66,67%"]),
    }


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_every_desk_page_formats_shares_the_locales_way(scored, client, auth, locale):
    auth.login_as("coordinator", locale=locale)
    for name, (url, polish) in pages(*scored).items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = response.get_data(as_text=True)
        for figure in polish:
            expected = figure if locale == "pl" else figure.replace(",", ".")
            other = figure.replace(",", ".") if locale == "pl" else figure
            assert expected in body, (name, expected)
            assert other.rstrip("%") not in body, (name, other)
        assert " %" not in body.replace("&nbsp;%", " %"), name


def test_filters_follow_the_locale(app):
    with app.test_request_context(), force_locale("pl"):
        assert (percent(97.08), percent(75.0, 1, fixed=False), percent(None)) == (
            "97,08%", "75%", "—")
        assert (signed(1.234), signed(-0.5)) == ("+1,23", "-0,50")
    with app.test_request_context(), force_locale("en_GB"):
        assert (percent(97.08), percent(72.5, 1, fixed=False)) == ("97.08%", "72.5%")
        assert signed(1.234) == "+1.23"


@pytest.fixture
def calibrated(app):
    """Two jurors on one participant's phone (judged criteria only: courtesy ×2, routing ×1).

    Anna (5, 4) = 14/15 = 93,33%, Bartosz (4, 4) = 12/15 = 80% → differences ±13,33 points;
    one juror covered two of three participants: 1 of 2 tasks done → 50%.
    """
    edition = make_edition(rubric=SMALL_RUBRIC)
    participant = make_participant(edition, name="Spółdzielnia Łąka")
    for name, courtesy in (("Anna", 5), ("Bartosz", 4)):
        assignment = make_assignment(make_user("juror", name=name), participant)
        scored_contact(assignment, "phone", {"courtesy": courtesy, "routing": 4}, {"rings": 2},
                       rubric=SMALL_RUBRIC)
    return edition


def chart_of(body: str) -> str:
    return body[body.index("<svg"):body.index("</svg>")]


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_the_calibration_chart_and_table_write_differences_the_locales_way(
        calibrated, client, auth, locale):
    auth.login_as("coordinator", locale=locale)
    body = client.get(f"/results/{calibrated.id}/calibration").get_data(as_text=True)
    chart, mark = chart_of(body), "," if locale == "pl" else "."
    other = "." if locale == "pl" else ","
    for figure in ("+13{}3", "-13{}3"):
        assert figure.format(mark) in chart, (locale, figure)  # bar labels, titles, desc
        assert figure.format(other) not in chart, (locale, figure)
    assert f"Anna: +13{mark}3" in chart and ">-10</text>" in chart
    assert f"+13{mark}33" in body and f"-13{mark}33" in body  # the table


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_the_coverage_page_writes_shares_the_locales_way(app, client, auth, locale):
    """1 of 3 tasks done: "33%" in either language (a whole number has no decimal mark)."""
    edition = make_edition()
    juror = make_user("juror", name="Celina")
    done = make_assignment(juror, make_participant(edition), channels=["phone"])
    for _ in range(2):
        make_assignment(juror, make_participant(edition), channels=["phone"])
    scored_contact(done, "phone", {}, status="approved")
    auth.login_as("coordinator", locale=locale)
    body = client.get(f"/review/coverage?edition={edition.id}").get_data(as_text=True)
    assert "1 / 3 (33%)" in body
    assert "33.3" not in body and "33,3" not in body


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_anomaly_distances_follow_the_locale(app, client, auth, locale):
    """The rules keep kilometres as numbers; the contact page writes "252,3" or "252.3"."""
    participant = make_participant(make_edition(), latitude=50.0617, longitude=19.9373)
    contact = make_contact(make_assignment(participant=participant), channel="visit",
                           latitude=52.2297, longitude=21.0122)  # Warsaw, not Kraków
    km = round(distance_km(Place(52.2297, 21.0122), Place(50.0617, 19.9373)), 1)
    polish = f"{km:.1f}".replace(".", ",")
    auth.login_as("coordinator", locale=locale)
    body = client.get(f"/review/contacts/{contact.id}").get_data(as_text=True)
    expected, other = (polish, f"{km:.1f}") if locale == "pl" else (f"{km:.1f}", polish)
    assert f"{expected} km" in body and f"{other} km" not in body
