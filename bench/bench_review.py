"""Review pages on a full edition: 1,000 participants × 3 jurors × 5 channels.

Times the coverage computation (three grouped queries) beside two baselines, and checks
all three agree:
- BASELINE "per row": the obvious code, a query per participant and per channel-task
  (~16k queries here — nobody should write it, shown for scale only);
- BASELINE "per table": a reasonable version, one plain query per table (participants,
  assignments, every contact's status — no GROUP BY) and the cells made in Python.
Then it and times the review pages as
a coordinator's browser gets them (queue, queue through htmx, a deep page, one contact,
coverage), with the SQL statements each takes. SQLite (a temporary file) and a throwaway
PostgreSQL (tests/pg_cluster.py). Run: `.venv/bin/python -m bench review`.
"""
from __future__ import annotations

import random
import statistics
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from juror_app import create_app
from juror_app.core.extensions import db
from juror_app.models import (
    CHANNELS,
    Assignment,
    Contact,
    ContactStatus,
    CriterionScore,
    Edition,
    Participant,
    Photo,
    Role,
    Rubric,
    User,
)
from juror_app.review import coverage
from juror_app.review.rules import cell_state, task_state
from juror_app.rubric import default_rubric

PARTICIPANTS, JURORS, JURORS_PER_PARTICIPANT = 1000, 60, 3
REPEATS = 5
TODAY = date(2025, 11, 20)
WHEN = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)
PASSWORD = "bench-password-42"


def rows(seed: int = 4) -> dict[str, list[dict]]:
    """Deterministic rows: ~80 % of channel-tasks have a contact, in every status."""
    rng = random.Random(seed)
    rubric = default_rubric()["channels"]
    statuses = [ContactStatus.APPROVED] * 5 + [ContactStatus.SUBMITTED] * 2 + [
        ContactStatus.RESUBMITTED, ContactStatus.RETURNED, ContactStatus.REJECTED]
    out: dict[str, list[dict]] = {"user": [], "participant": [], "assignment": [],
                                  "contact": [], "criterion_score": [], "photo": []}
    out["user"] = [{"id": i, "email": f"j{i}@example.org", "name": f"Juror {i:02d}",
                    "password_hash": "x", "role": Role.JUROR, "active": True, "locale": "pl",
                    "created_at": WHEN} for i in range(1, JURORS + 1)]
    for p in range(1, PARTICIPANTS + 1):
        out["participant"].append({"id": p, "edition_id": 1, "name": f"Uczestnik {p:04d}",
                                   "category": "gmina", "city": "Łódź", "social_profiles": {},
                                   "archived": False, "created_at": WHEN})
        for juror in rng.sample(range(1, JURORS + 1), JURORS_PER_PARTICIPANT):
            a_id = len(out["assignment"]) + 1
            out["assignment"].append({
                "id": a_id, "edition_id": 1, "participant_id": p, "juror_id": juror,
                "channels": list(CHANNELS), "created_at": WHEN,
                "due_on": TODAY + timedelta(days=rng.choice([-5, 10]))})
            for channel in CHANNELS:
                if rng.random() < 0.2:
                    continue
                c_id = len(out["contact"]) + 1
                moment = WHEN + timedelta(minutes=c_id)
                out["contact"].append({
                    "id": c_id, "client_id": uuid.UUID(int=c_id), "assignment_id": a_id,
                    "juror_id": juror, "channel": channel, "started_at": moment,
                    "started_offset_minutes": 120, "ended_at": moment + timedelta(minutes=9),
                    "ended_offset_minutes": 120, "received_at": moment + timedelta(hours=1),
                    "updated_at": moment, "measurements": {}, "notes": "Notatka.",
                    "status": rng.choice(statuses), "review_comment": "",
                    "payload_hash": "0" * 64})
                for c in rubric[channel]["criteria"]:
                    out["criterion_score"].append({
                        "contact_id": c_id, "criterion_key": c["key"],
                        "points": float(rng.randint(0, 5)), "max_points": 5.0,
                        "weight": float(c.get("weight", 1))})
                for _ in range(rng.choice([0, 1, 2])):
                    out["photo"].append({
                        "client_id": uuid.uuid4(), "contact_id": c_id, "sha256": "0" * 64,
                        "content_type": "image/jpeg", "byte_size": 1, "width": 1, "height": 1,
                        "captured_at": moment, "latitude": 51.77, "longitude": 19.46,
                        "meta": {}, "storage_key": "x", "received_at": moment})
    return out


def load(data: dict[str, list[dict]]) -> float:
    started = time.perf_counter()
    db.create_all()
    db.session.add(Edition(id=1, name="Bench", year=2025, starts_on=date(2025, 9, 1),
                           ends_on=date(2025, 12, 15)))
    db.session.add(Rubric(edition_id=1, version=1, data=default_rubric()))
    db.session.commit()
    with db.engine.begin() as conn:
        for model in (User, Participant, Assignment, Contact, CriterionScore, Photo):
            batch = data[model.__table__.name]
            for start in range(0, len(batch), 20000):
                conn.execute(sa.insert(model.__table__), batch[start:start + 20000])
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE"))
        # Explicit ids above: move the sequences past them for the coordinator we add.
        with db.engine.begin() as conn:
            conn.execute(sa.text("SELECT setval('user_id_seq', (SELECT max(id) FROM \"user\"))"))
    return time.perf_counter() - started


def naive_coverage(edition_id: int, today: date) -> dict[tuple[int, str], str | None]:
    """The same cells the obvious way: a query per participant and per channel-task."""
    cells = {}
    participants = db.session.scalars(sa.select(Participant).where(
        Participant.edition_id == edition_id, Participant.archived.is_(False)))
    for p in participants:
        assignments = db.session.scalars(
            sa.select(Assignment).where(Assignment.participant_id == p.id)).all()
        for channel in CHANNELS:
            states = []
            for a in assignments:
                if channel in a.channels:
                    statuses = db.session.scalars(sa.select(Contact.status).where(
                        Contact.assignment_id == a.id, Contact.channel == channel)).all()
                    states.append(task_state({str(s) for s in statuses}, a.due_on, today))
            cells[(p.id, channel)] = cell_state(states)
    return cells


def per_table_coverage(edition_id: int, today: date) -> dict[tuple[int, str], str | None]:
    """A reasonable baseline: one plain query per table, the grouping done in Python."""
    participants = db.session.scalars(sa.select(Participant.id).where(
        Participant.edition_id == edition_id, Participant.archived.is_(False))).all()
    tasks = db.session.execute(sa.select(Assignment.id, Assignment.participant_id,
                                         Assignment.channels, Assignment.due_on)
                               .where(Assignment.edition_id == edition_id)).all()
    statuses: dict[tuple[int, str], set[str]] = {}
    for assignment_id, channel, status in db.session.execute(
            sa.select(Contact.assignment_id, Contact.channel, Contact.status)
            .join(Assignment).where(Assignment.edition_id == edition_id)):
        statuses.setdefault((assignment_id, channel), set()).add(str(status))
    by_participant: dict[int, list] = {}
    for task in tasks:
        by_participant.setdefault(task.participant_id, []).append(task)
    cells = {}
    for p in participants:
        for channel in CHANNELS:
            states = [task_state(statuses.get((t.id, channel), set()), t.due_on, today)
                      for t in by_participant.get(p, []) if channel in t.channels]
            cells[(p, channel)] = cell_state(states)
    return cells


def median_time(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        db.session.expire_all()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@contextmanager
def counting():
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


def page_figures(client, url: str, headers: dict | None = None) -> dict:
    with counting() as statements:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, (url, response.status_code)
    seconds = median_time(lambda: client.get(url, headers=headers or {}))
    return {"ms": round(seconds * 1000, 1), "sql": len(statements),
            "kb": round(len(response.data) / 1024, 1)}


def measure(url: str, tmp: Path) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "MEDIA_DIR": str(tmp / "media")})
    with app.app_context():
        data = rows()
        figures: dict = {"contacts": len(data["contact"]),
                         "tasks": len(data["assignment"]) * len(CHANNELS),
                         "load_s": round(load(data), 2)}
        coordinator = User(email="k@example.org", name="Koordynator", role=Role.COORDINATOR)
        coordinator.set_password(PASSWORD)
        db.session.add(coordinator)
        db.session.commit()
        grouped = coverage.compute(1, TODAY)
        naive = naive_coverage(1, TODAY)
        same = {(pid, ch): cell.state for pid, _, _, cells in grouped.rows
                for ch, cell in zip(CHANNELS, cells, strict=True)} == naive
        assert same, "grouped and naive coverage differ"
        assert per_table_coverage(1, TODAY) == naive, "per-table coverage differs"
        figures["coverage_grouped_ms"] = round(
            median_time(lambda: coverage.compute(1, TODAY)) * 1000, 1)
        figures["coverage_naive_ms"] = round(
            median_time(lambda: naive_coverage(1, TODAY), repeats=1) * 1000, 1)
        figures["coverage_per_table_ms"] = round(
            median_time(lambda: per_table_coverage(1, TODAY)) * 1000, 1)
        client = app.test_client()
        client.post("/login", data={"email": coordinator.email, "password": PASSWORD})
        waiting = db.session.scalar(sa.select(sa.func.min(Contact.id)))
        figures["pages"] = {
            "queue": page_figures(client, "/review/"),
            "queue_htmx_juror": page_figures(client, "/review/?juror=7&status=all",
                                             {"HX-Request": "true"}),
            "queue_page_100": page_figures(client, "/review/?status=all&page=100"),
            "contact": page_figures(client, f"/review/contacts/{waiting}"),
            "coverage": page_figures(client, "/review/coverage?edition=1"),
        }
        db.session.remove()
        db.engine.dispose()
    return figures


def run() -> dict:
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", Path(tmp))
        try:
            from tests.conftest import create_database
            from tests.pg_cluster import start_cluster

            cluster = start_cluster()
        except (ImportError, FileNotFoundError, OSError) as exc:
            print(f"PostgreSQL skipped: {exc}")
        else:
            try:
                results["postgresql"] = measure(
                    create_database(cluster.url(), "bench_review"), Path(tmp))
            finally:
                cluster.stop()
    for backend, f in results.items():
        print(f"{backend}: {f['contacts']} contacts, {f['tasks']} channel-tasks "
              f"(loaded in {f['load_s']} s)")
        print(f"  coverage: grouped {f['coverage_grouped_ms']} ms | baseline per table "
              f"(a plain query per table, cells in Python) {f['coverage_per_table_ms']} ms = "
              f"{f['coverage_per_table_ms'] / f['coverage_grouped_ms']:.1f}× | baseline per row "
              f"(a query per participant and task) {f['coverage_naive_ms']} ms = "
              f"{f['coverage_naive_ms'] / f['coverage_grouped_ms']:.1f}× (same cells)")
        for name, page in f["pages"].items():
            print(f"  GET {name:<17} {page['ms']:>7} ms  {page['sql']:>2} SQL  {page['kb']} KiB")
    return results


if __name__ == "__main__":
    run()
