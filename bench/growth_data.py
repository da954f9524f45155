"""Bulk data for `bench growth`: an edition of P participants, then contacts added in steps.

Direct SQL inserts (Core executemany, explicit ids) with realistic shapes: 4 jurors per
participant (P/2 jurors, so 500 or 5,000 names in the juror filter), contacts spread over
the season in receipt order, every status (70 % approved, 12 % submitted, 6 % resubmitted,
6 % returned, 6 % rejected), the rubric's criteria with points 0–5 (5 % N/A), a photo row
(its own SHA-256) on one contact in ten. Deterministic (seeded).
"""
from __future__ import annotations

import hashlib
import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from juror_app.models import (
    CHANNELS,
    Assignment,
    Category,
    Contact,
    ContactStatus,
    CriterionScore,
    Participant,
    Photo,
    Role,
    User,
    totals,
)
from juror_app.rubric import default_rubric
from juror_app.rubric.scoring import CriterionResult, contact_share

SEASON_START = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
JURORS_PER_PARTICIPANT = 4
STATUSES = ([ContactStatus.APPROVED] * 70 + [ContactStatus.SUBMITTED] * 12
            + [ContactStatus.RESUBMITTED] * 6 + [ContactStatus.RETURNED] * 6
            + [ContactStatus.REJECTED] * 6)
BATCH = 20000


def photo_hash(contact_id: int) -> str:
    """A distinct SHA-256 per photo, as real photos have: one hash shared by every photo
    would make each contact's duplicate-photo lookup return every photo of the season."""
    return hashlib.sha256(b"growth photo %d" % contact_id).hexdigest()


def jurors_for(participants: int) -> int:
    return max(50, participants // 2)


def setup_rows(participants: int, first_user_id: int, seed: int = 9) -> dict[str, list[dict]]:
    """Jurors, participants and assignments (edition 1 must exist)."""
    rng = random.Random(seed)
    jurors = jurors_for(participants)
    when = SEASON_START
    users = [{"id": first_user_id + j, "email": f"juror{j}@growth.example.org",
              "name": f"Juror {j:05d}", "password_hash": "x", "role": Role.JUROR,
              "active": True, "locale": "pl", "created_at": when} for j in range(jurors)]
    categories = list(Category)
    people, tasks = [], []
    for p in range(1, participants + 1):
        people.append({"id": p, "edition_id": 1, "name": f"Urząd Gminy {p:05d}",
                       "category": categories[p % len(categories)], "city": f"Miasto {p % 97}",
                       "social_profiles": {}, "archived": False, "created_at": when})
        for juror in rng.sample(range(jurors), JURORS_PER_PARTICIPANT):
            tasks.append({"id": len(tasks) + 1, "edition_id": 1, "participant_id": p,
                          "juror_id": first_user_id + juror, "channels": list(CHANNELS),
                          "due_on": date(2025, 12, 1), "created_at": when})
    return {"user": users, "participant": people, "assignment": tasks}


def contact_rows(assignments: list[dict], start: int, stop: int,
                 seed: int = 11) -> dict[str, list[dict]]:
    """Contacts with ids start+1 … stop (received in id order over the season)."""
    rng = random.Random(seed + start)
    rubric = default_rubric()["channels"]
    contacts, scores, photos = [], [], []
    for c_id in range(start + 1, stop + 1):
        task = assignments[rng.randrange(len(assignments))]
        channel = rng.choice(CHANNELS)
        received = SEASON_START + timedelta(seconds=8 * c_id)  # 1M contacts ≈ 93 days
        contacts.append({
            "id": c_id, "client_id": uuid.UUID(int=c_id), "assignment_id": task["id"],
            "juror_id": task["juror_id"], "channel": channel,
            "started_at": received - timedelta(hours=2), "started_offset_minutes": 120,
            "ended_at": received - timedelta(hours=1, minutes=50), "ended_offset_minutes": 120,
            "received_at": received, "updated_at": received, "measurements": {},
            "notes": "Uprzejma obsługa, konkretne odpowiedzi.", "status": rng.choice(STATUSES),
            "review_comment": "", "payload_hash": f"{c_id:064x}", "rubric_version": 1})
        rows = [{"contact_id": c_id, "criterion_key": criterion["key"],
                 "points": None if rng.random() < 0.05 else float(rng.randint(0, 5)),
                 "max_points": float(criterion["max_points"]),
                 "weight": float(criterion.get("weight", 1))}
                for criterion in rubric[channel]["criteria"]]
        scores.extend(rows)
        # What juror_app.models.derived stores on a flush (step 1 of the ranking).
        contacts[-1]["score"] = contact_share([CriterionResult(
            r["criterion_key"], r["points"], r["max_points"], r["weight"]) for r in rows])
        if c_id % 10 == 0:
            photos.append({"client_id": uuid.UUID(int=(1 << 100) + c_id), "contact_id": c_id,
                           "sha256": photo_hash(c_id), "content_type": "image/jpeg", "byte_size": 1,
                           "width": 1, "height": 1, "captured_at": received, "latitude": None,
                           "longitude": None, "meta": {}, "storage_key": f"x/{c_id}",
                           "received_at": received})
    return {"contact": contacts, "criterion_score": scores, "photo": photos}


def insert(conn: sa.Connection, rows: dict[str, list[dict]]) -> None:
    for model in (User, Participant, Assignment, Contact, CriterionScore, Photo):
        batch = rows.get(model.__table__.name, [])
        for start in range(0, len(batch), BATCH):
            conn.execute(sa.insert(model.__table__), batch[start:start + BATCH])


def grow(engine: sa.Engine, assignments: list[dict], have: int, want: int,
         chunk: int = 50000) -> float:
    """Add want − have contacts after the highest id, in chunks (bounded memory); seconds."""
    started = time.perf_counter()
    with engine.connect() as conn:
        first = conn.scalar(sa.select(sa.func.coalesce(sa.func.max(Contact.id), 0)))
    for start in range(first, first + want - have, chunk):
        with engine.begin() as conn:
            insert(conn, contact_rows(assignments, start,
                                      min(start + chunk, first + want - have)))
    with engine.begin() as conn:
        totals.rebuild(conn)  # rows written past the ORM: recount the ranking's kept totals
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text("SELECT setval('contact_id_seq', (SELECT max(id) FROM contact))"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - started
