"""Coordinator set-up at contest scale: a 2,000-row Excel CSV and the pages that list it.

Times parsing the file alone (plain module), the whole import through the page (parse,
duplicate check against the edition, insert, audit) on SQLite, the participant list as a
full page and as the htmx fragment of a search, and the dashboard's counts. Median of
REPEATS. Run: `.venv/bin/python -m bench coordinator`.
"""
from __future__ import annotations

import io
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from juror_app import create_app
from juror_app.coordinator.participant_fields import VOIVODESHIPS
from juror_app.coordinator.participants_csv import parse_participants
from juror_app.core.extensions import db
from juror_app.models import Edition, Participant, Role, Rubric, User
from juror_app.rubric import default_rubric

ROWS = 2000
REPEATS = 5
PASSWORD = "bench-password-42"
CATEGORIES = ("gmina", "powiat", "instytucja kultury", "spółka komunalna",
              "spółdzielnia / wspólnota mieszkaniowa", "urząd administracji publicznej")


def excel_file(rows: int = ROWS) -> bytes:
    """A Polish Excel export: cp1250, semicolons, CRLF, a few empty trailing rows."""
    lines = ["Lp.;Nazwa;Kategoria;Województwo;Miejscowość;Adres;Kod pocztowy;Telefon;"
             "E-mail;WWW;Facebook"]
    for n in range(1, rows + 1):
        lines.append(
            f"{n};Urząd Gminy Łęczyca-Żółkiewka {n};{CATEGORIES[n % len(CATEGORIES)]};"
            f"{VOIVODESHIPS[n % 16]};Źródła {n};ul. Świętojańska {n};"
            f"{n % 90 + 10:02d}-{n % 1000:03d};"
            f"+48 12 {n % 1000:03d} 00 00;sekretariat{n}@example.org;https://gmina{n}.pl;"
            f"https://www.facebook.com/gmina{n}")
    lines += [";;;;;;;;;;"] * 3
    return ("\r\n".join(lines) + "\r\n").encode("cp1250")


def timed(fn, repeats: int = REPEATS) -> float:
    """Median wall time of fn() in milliseconds."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def make_app(folder: Path):
    app = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
        "SECRET_KEY": "bench", "MEDIA_DIR": str(folder / "media"), "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False, "CSV_MAX_BYTES": 10 * 1024 * 1024,
    })
    app.instance_path = str(folder / "instance")
    return app


def new_edition(n: int) -> Edition:
    edition = Edition(name=f"Edycja {n}", year=2025, starts_on=date(2025, 9, 1),
                      ends_on=date(2025, 12, 15))
    db.session.add_all([edition, Rubric(edition=edition, version=1, data=default_rubric())])
    db.session.commit()
    return edition


def run() -> dict:
    raw = excel_file()
    figures: dict[str, float] = {"rows": ROWS, "file_kb": round(len(raw) / 1024, 1)}
    figures["parse_ms"] = timed(lambda: parse_participants(raw, max_bytes=len(raw)))
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp))
        with app.app_context():
            db.create_all()
            user = User(email="k@example.org", name="Koordynator", role=Role.COORDINATOR)
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
            client = app.test_client()
            client.post("/login", data={"email": user.email, "password": PASSWORD})
            figures.update(_pages(client, raw))
    figures["parse_rows_per_s"] = round(ROWS / figures["parse_ms"] * 1000)
    print(f"{ROWS} rows ({figures['file_kb']} kB cp1250): parse {figures['parse_ms']:.0f} ms "
          f"({figures['parse_rows_per_s']} rows/s), import through the page "
          f"{figures['import_ms']:.0f} ms")
    print(f"participant list of {ROWS}: first page of 100 {figures['list_page_ms']:.0f} ms "
          f"(all {ROWS} rows on one page: {figures['list_unpaged_ms']:.0f} ms), "
          f"htmx search fragment {figures['search_fragment_ms']:.0f} ms; "
          f"dashboard {figures['dashboard_ms']:.1f} ms")
    return figures


def _pages(client, raw: bytes) -> dict[str, float]:
    """Import into fresh editions (each import must start empty), then time the pages."""
    editions = [new_edition(n) for n in range(REPEATS)]
    queue = list(editions)

    def import_once():
        edition = queue.pop(0)
        response = client.post(f"/coordinator/editions/{edition.id}/participants/import",
                               data={"file": (io.BytesIO(raw), "lista.csv")},
                               content_type="multipart/form-data")
        assert response.status_code == 302, response.status_code

    figures = {"import_ms": timed(import_once)}
    stored = db.session.scalar(sa.select(sa.func.count(Participant.id)).where(
        Participant.edition_id == editions[0].id))
    assert stored == ROWS, stored
    base = f"/coordinator/editions/{editions[0].id}/participants"
    figures["list_page_ms"] = timed(lambda: client.get(base))
    figures["list_unpaged_ms"] = _unpaged(lambda: client.get(base))
    figures["search_fragment_ms"] = timed(lambda: client.get(
        base + "?q=1999", headers={"HX-Request": "true", "HX-Target": "participant-rows"}))
    figures["dashboard_ms"] = timed(lambda: client.get("/coordinator/"))
    return figures


def _unpaged(fetch) -> float:
    """The list as it was before paging (every row on one page), for comparison."""
    from juror_app.coordinator import participants, queries

    original = participants.search_participants
    participants.search_participants = lambda *args, **kwargs: queries.search_participants(
        *args, **kwargs | {"per_page": ROWS})
    try:
        return timed(fetch)
    finally:
        participants.search_participants = original
