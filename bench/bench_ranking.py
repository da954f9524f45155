"""Ranking of 1,000 participants × 50 contacts × 12 criteria: ours vs a naive Python loop.

Runs on SQLite (a temporary file) and on a throwaway PostgreSQL cluster (tests/pg_cluster.py,
fsync off — the figures are CPU and planner, not disk). BASELINE "naive": load every approved
criterion row (one query) and loop with juror_app.rubric.scoring; both must give the same
scores. "ours": compute_ranking with its cache cleared (the kept Σ and count per participant ×
channel, steps 3–5 in Python); "recount": rebuilding those totals from every approved
contact (what a bulk statement costs, and what every cold view cost before they were kept).
Then the ranking and licences pages as a coordinator's browser gets them (Flask test client,
in-process): the first view (computes) and the next (cached), time and bytes.
Run: `.venv/bin/python -m bench ranking`.
"""
from __future__ import annotations

import random
import statistics
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from juror_app.models import (
    Assignment,
    Base,
    Category,
    Contact,
    ContactStatus,
    CriterionScore,
    Edition,
    Participant,
    Role,
    Rubric,
    User,
    totals,
)
from juror_app.models.derived import fill_contact_scores
from juror_app.results.ranking import CACHE, compute_ranking
from juror_app.rubric import default_rubric
from juror_app.rubric.scoring import CriterionResult, contact_share, participant_share

PARTICIPANTS, CONTACTS, CRITERIA, JURORS_PER_PARTICIPANT = 1000, 50, 12, 10
REPEATS = 3
WHEN = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)


def build_rows(seed: int = 2025) -> dict[str, list[dict]]:
    """Deterministic rows for every table, with explicit ids so children can point at them."""
    rng = random.Random(seed)
    channels = list(default_rubric()["channels"])
    users = [{"id": i, "email": f"j{i}@example.org", "name": f"Juror {i}",
              "password_hash": "x", "role": Role.JUROR, "active": True, "locale": "pl",
              "created_at": WHEN} for i in range(1, 101)]
    participants, assignments, contacts, scores = [], [], [], []
    categories = list(Category)
    for p in range(1, PARTICIPANTS + 1):
        participants.append({"id": p, "edition_id": 1, "name": f"Uczestnik {p}",
                             "category": categories[p % len(categories)], "city": "Kraków",
                             "social_profiles": {}, "archived": False, "created_at": WHEN})
        jurors = rng.sample(range(1, 101), JURORS_PER_PARTICIPANT)
        for j_index, juror in enumerate(jurors):
            a_id = (p - 1) * JURORS_PER_PARTICIPANT + j_index + 1
            assignments.append({"id": a_id, "edition_id": 1, "participant_id": p,
                                "juror_id": juror, "channels": channels, "created_at": WHEN})
            for channel in channels:  # 10 jurors × 5 channels = 50 contacts
                c_id = len(contacts) + 1
                status = ContactStatus.APPROVED if rng.random() < 0.8 else rng.choice(
                    [ContactStatus.SUBMITTED, ContactStatus.RETURNED, ContactStatus.REJECTED])
                contacts.append({"id": c_id, "client_id": uuid.UUID(int=c_id),
                                 "assignment_id": a_id, "juror_id": juror, "channel": channel,
                                 "started_at": WHEN, "started_offset_minutes": 60,
                                 "received_at": WHEN, "updated_at": WHEN, "measurements": {},
                                 "notes": "", "status": status, "review_comment": "",
                                 "payload_hash": "0" * 64})
                for k in range(CRITERIA):
                    points = None if rng.random() < 0.05 else float(rng.randint(0, 5))
                    scores.append({"contact_id": c_id, "criterion_key": f"c{k}",
                                   "points": points, "max_points": 5.0,
                                   "weight": float(rng.choice([1, 1, 2]))})
    return {"user": users, "participant": participants, "assignment": assignments,
            "contact": contacts, "criterion_score": scores}


def load(engine: sa.Engine, rows: dict[str, list[dict]]) -> float:
    """Create the schema and bulk-insert (Core executemany); returns seconds."""
    started = time.perf_counter()
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(Edition(id=1, name="Bench", year=2025, starts_on=date(2025, 9, 1),
                            ends_on=date(2025, 12, 15), licence_threshold=75.0))
        session.add(Rubric(edition_id=1, version=1, data=default_rubric()))
        session.commit()
    with engine.begin() as conn:
        for model in (User, Participant, Assignment, Contact, CriterionScore):
            table = model.__table__
            batch = rows[table.name]
            for start in range(0, len(batch), 20000):
                conn.execute(sa.insert(table), batch[start:start + 20000])
        # Rows written past the ORM: store step 1 as a flush would (models.derived).
        fill_contact_scores(conn)
        totals.rebuild(conn)  # and step 2's kept totals, as the flushes keep them
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - started


def sql_scores(session: Session) -> dict[int, tuple[float | None, bool]]:
    edition = session.get(Edition, 1)
    CACHE.clear()  # the computation, not the cache: every run computes
    ranking = compute_ranking(session, edition)
    return {r.participant_id: (r.exact_score, r.licence) for r in ranking.rows}


def recount(session: Session) -> None:
    totals.rebuild(session.connection())
    session.rollback()


def naive_scores(session: Session) -> dict[int, tuple[float | None, bool]]:
    """Load every approved criterion row and compute the same figures in Python loops."""
    rubric = session.get(Edition, 1).rubric.data["channels"]
    weights = {k: v["weight"] for k, v in rubric.items()}
    required = {k for k, v in rubric.items() if v.get("required")}
    rows = session.execute(
        sa.select(Contact.id, Assignment.participant_id, Contact.channel,
                  CriterionScore.criterion_key, CriterionScore.points,
                  CriterionScore.max_points, CriterionScore.weight)
        .join(Assignment, Assignment.id == Contact.assignment_id)
        .join(CriterionScore, CriterionScore.contact_id == Contact.id)
        .where(Assignment.edition_id == 1, Contact.status == ContactStatus.APPROVED))
    per_contact: dict[int, tuple[int, str, list[CriterionResult]]] = {}
    for r in rows:
        entry = per_contact.setdefault(r.id, (r.participant_id, r.channel, []))
        entry[2].append(CriterionResult(r.criterion_key, r.points, r.max_points, r.weight))
    shares: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for participant_id, channel, results in per_contact.values():
        share = contact_share(results)
        if share is not None:
            shares[participant_id][channel].append(share)
    result = {}
    for p in session.scalars(sa.select(Participant.id).where(Participant.edition_id == 1)):
        score = participant_share(shares.get(p, {}), weights)
        covered = required <= set(shares.get(p, {}))
        result[p] = (score, score is not None and round(score, 2) >= 75.0 and covered)
    return result


def timed(function, engine: sa.Engine) -> tuple[float, dict]:
    """Median of REPEATS runs, each with a fresh session."""
    times, value = [], None
    for _ in range(REPEATS):
        with Session(engine) as session:
            started = time.perf_counter()
            value = function(session)
            times.append(time.perf_counter() - started)
    return statistics.median(times), value


def compare(sql: dict, naive: dict) -> None:
    assert sql.keys() == naive.keys()
    for p, (score, licence) in sql.items():
        expected, expected_licence = naive[p]
        assert (score is None) == (expected is None), p
        if score is not None:
            assert abs(score - expected) < 1e-9, (p, score, expected)
        # The licence compares the half-up rounded score; Python's round() is half-even,
        # so only an exact .xx5 could differ — assert on all others.
        if score is None or abs(score * 100 % 1 - 0.5) > 1e-6:
            assert licence == expected_licence, p


def page_figures(url: str) -> dict:
    """The ranking and licences pages: first view (computes) and the next (cached)."""
    from juror_app import create_app
    from juror_app.core.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "MEDIA_DIR": tempfile.mkdtemp()})
    out = {}
    with app.app_context():
        coordinator = User(id=10_000, email="k@example.org", name="K", role=Role.COORDINATOR)
        coordinator.set_password("bench-password-42")
        db.session.add(coordinator)
        db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": "k@example.org", "password": "bench-password-42"})
        CACHE.clear()
        for page in ("ranking", "licences"):
            for view in ("first", "next"):
                started = time.perf_counter()
                response = client.get(f"/results/1/{page}")
                assert response.status_code == 200, response.status_code
                out[f"{page}_{view}_ms"] = round((time.perf_counter() - started) * 1000, 1)
            out[f"{page}_kb"] = round(len(response.data) / 1024, 1)
        db.session.remove()
        db.engine.dispose()
    return out


def bench_backend(name: str, url: str, rows: dict) -> dict:
    engine = sa.create_engine(url)
    try:
        load_s = load(engine, rows)
        sql_s, sql = timed(sql_scores, engine)
        naive_s, naive = timed(naive_scores, engine)
        compare(sql, naive)
        recount_s, _ = timed(recount, engine)
    finally:
        engine.dispose()
    pages = page_figures(url)
    print(f"{name:>10}: load {load_s:6.1f} s | ours {sql_s * 1000:7.0f} ms | baseline naive "
          f"Python (every criterion row, loops) {naive_s * 1000:7.0f} ms | naive/ours = "
          f"{naive_s / sql_s:4.1f}× | recount of the kept totals {recount_s * 1000:5.0f} ms")
    print(f"{'':>10}  pages: ranking {pages['ranking_first_ms']} ms first, "
          f"{pages['ranking_next_ms']} ms next, {pages['ranking_kb']} KiB | licences "
          f"{pages['licences_first_ms']} / {pages['licences_next_ms']} ms, "
          f"{pages['licences_kb']} KiB")
    return {"load_s": round(load_s, 2), "sql_ranking_ms": round(sql_s * 1000, 1),
            "naive_python_ms": round(naive_s * 1000, 1),
            "naive_over_sql": round(naive_s / sql_s, 2),
            "recount_ms": round(recount_s * 1000, 1), **pages}


def run() -> dict:
    rows = build_rows()
    print(f"{PARTICIPANTS} participants × {CONTACTS} contacts × {CRITERIA} criteria = "
          f"{len(rows['criterion_score']):,} criterion rows; median of {REPEATS} runs")
    figures: dict[str, object] = {"criterion_rows": len(rows["criterion_score"])}
    with tempfile.TemporaryDirectory() as tmp:
        figures["sqlite"] = bench_backend("SQLite", f"sqlite:///{Path(tmp) / 'b.db'}", rows)
    try:
        from tests.pg_cluster import start_cluster

        cluster = start_cluster()
    except (FileNotFoundError, OSError) as exc:
        print(f"PostgreSQL skipped: {exc}")
        return figures
    try:
        figures["postgresql"] = bench_backend("PostgreSQL", cluster.url(), rows)
    finally:
        cluster.stop()
    return figures


if __name__ == "__main__":
    run()
