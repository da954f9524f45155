"""Participants' optional position: a CSV column and a form field, both or neither."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from juror_app.coordinator.participant_fields import parse_position
from juror_app.coordinator.participants_csv import CsvImportError, parse_participants
from juror_app.core.extensions import db
from juror_app.models import Participant

HEADER = "nazwa;kategoria;miejscowość;szerokość geograficzna;długość geograficzna\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def test_csv_reads_polish_and_english_decimals_and_empty_cells():
    parsed = parse_participants(csv("Gmina A;gmina;Kraków;50,0617;19,9373",
                                    "Gmina B;gmina;Tarnów;;"), max_bytes=10_000)
    assert [(r["latitude"], r["longitude"]) for r in parsed.rows] == [
        (50.0617, 19.9373), (None, None)]


@pytest.mark.parametrize("lat, lon", [("50,06", ""), ("północ", "19,9"), ("95", "19,9")])
def test_csv_refuses_half_or_impossible_positions(lat, lon):
    with pytest.raises(CsvImportError) as refused:
        parse_participants(csv(f"Gmina A;gmina;Kraków;{lat};{lon}"), max_bytes=10_000)
    assert refused.value.problems[0].row == 2


def test_parse_position_rules():
    assert parse_position("", "") == ({"latitude": None, "longitude": None}, None)
    assert parse_position("-33.9", "151.2")[0] == {"latitude": -33.9, "longitude": 151.2}
    assert parse_position("10", "200")[1]


def test_the_form_stores_and_clears_the_position(app, client, coordinator, edition):
    url = f"/coordinator/editions/{edition.id}/participants/new"
    data = {"name": "Gmina Zawoja", "category": "gmina", "city": "Zawoja",
            "voivodeship": "małopolskie",
            "latitude": "49,6167", "longitude": "19,5333"}
    assert client.post(url, data=data).status_code == 302
    participant = db.session.scalar(sa.select(Participant))
    assert (participant.latitude, participant.longitude) == (49.6167, 19.5333)
    half = client.post(url, data={**data, "name": "Gmina Inna", "longitude": ""})
    assert half.status_code == 422 and "Podaj obie współrzędne" in half.get_data(as_text=True)
