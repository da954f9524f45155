"""Participant search folds case and Polish diacritics on both databases."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from juror_app.core.extensions import db
from tests.conftest import make_test_app
from tests.factories import make_edition, make_participant

LODZ = "Miejska Biblioteka Publiczna"
WROCLAW = "Urząd Miejski"
SPOLDZIELNIA = "Spółdzielnia Mieszkaniowa „Śródmieście”"


@pytest.fixture
def listed(app):
    edition = make_edition()
    make_participant(edition, name=LODZ, city="Łódź")
    make_participant(edition, name=WROCLAW, city="Wrocław")
    make_participant(edition, name=SPOLDZIELNIA, city="Kraków")
    return edition


def found(client, edition, q: str) -> set[str]:
    body = client.get(f"/coordinator/editions/{edition.id}/participants",
                      query_string={"q": q}).get_data(as_text=True)
    return {name for name in (LODZ, WROCLAW, SPOLDZIELNIA) if name in body}


@pytest.mark.parametrize(("q", "expected"), [
    ("Łódź", {LODZ}), ("ŁÓDŹ", {LODZ}), ("lodz", {LODZ}), ("łódź", {LODZ}),
    ("wroclaw", {WROCLAW}), ("WROCŁAW", {WROCLAW}),
    ("spoldzielnia", {SPOLDZIELNIA}), ("SPÓŁDZIELNIA  mieszkaniowa", {SPOLDZIELNIA}),
    ("srodmiescie", {SPOLDZIELNIA}), ("miejsk", {LODZ, WROCLAW}), ("%", set()),
])
def test_search_folds_case_and_diacritics(listed, client, coordinator, q, expected):
    assert found(client, listed, q) == expected


def test_a_renamed_participant_is_found_by_its_new_name(listed, client, coordinator):
    participant = make_participant(listed, name="Gmina Zielona", city="Zgierz")
    response = client.post(
        f"/coordinator/editions/{listed.id}/participants/{participant.id}/edit",
        data={"name": "Gmina Żółta", "category": "gmina", "city": "Łęczyca"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert participant.search_text == "gmina zolta leczyca"
    body = client.get(f"/coordinator/editions/{listed.id}/participants",
                      query_string={"q": "zolta leczyca"}).get_data(as_text=True)
    assert "Gmina Żółta" in body


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    return request.getfixturevalue("fresh_postgres_url")


def test_the_migration_backfills_the_folded_names(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, tmp_path)
    with app.app_context():
        upgrade(revision="0003_audit_chain")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO edition (name, year, starts_on, ends_on, licence_threshold, status,"
                " created_at) VALUES ('E', 2025, '2025-09-01', '2025-12-15', 75, 'open',"
                " '2025-09-01 00:00:00')"))
            conn.execute(sa.text(
                "INSERT INTO participant (edition_id, name, category, voivodeship, city,"
                " address, postal_code, phone, email, website, social_profiles, archived,"
                " created_at) VALUES (1, 'Spółdzielnia ŁAD', 'gmina', '', 'Łódź', '', '', '',"
                " '', '', '{}', false, '2025-09-01 00:00:00')"))
        upgrade()
        with db.engine.connect() as conn:
            folded = conn.execute(sa.text("SELECT search_text FROM participant")).scalar_one()
        db.engine.dispose()
    assert folded == "spoldzielnia lad lodz"
