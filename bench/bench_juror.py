"""Juror home: time to render and SQL statements per page, for the demo and a busy juror.

The statement count is the figure that matters: it must not grow with the number of
assignments (no query per assignment), whatever the machine's speed.
"""
from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from juror_app import create_app
from juror_app.core.extensions import db
from juror_app.demo.loader import DEMO_PASSWORD, load_demo
from juror_app.models import (
    CHANNELS,
    Assignment,
    Category,
    Contact,
    ContactStatus,
    Edition,
    Participant,
    Role,
    User,
)

BUSY_ASSIGNMENTS = 300
ROUNDS = 20


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "MEDIA_DIR": str(Path(tmp) / "media"),
        })
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            load_demo()
            load_seconds = time.perf_counter() - started
            _busy_juror()
            engine = db.engine
        # Requests run outside that context so each gets a fresh session, as in production.
        figures = {"demo_load_s": round(load_seconds, 3)}
        for label, email in (("demo_juror", "juror1@example.org"),
                             ("busy_juror", "busy@example.org")):
            figures[label] = _measure(app, engine, email)
        engine.dispose()
    print(f"demo load: {figures['demo_load_s']:.2f} s")
    for label in ("demo_juror", "busy_juror"):
        f = figures[label]
        print(f"/juror/ as {label} ({f['assignments']} assignments): median {f['median_ms']} ms, "
              f"p95 {f['p95_ms']} ms, {f['statements']} SQL statements")
    return figures


def _measure(app, engine, email: str) -> dict:
    client = app.test_client()
    login = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    assert login.status_code == 302, f"cannot log in as {email}"
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    first = client.get("/juror/")
    count = len(statements)
    sa.event.remove(engine, "before_cursor_execute", listener)
    assert first.status_code == 200
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get("/juror/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    assignments = first.get_data(as_text=True).count('<li class="card assignment')
    return {"assignments": assignments, "statements": count,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 1)}


def _busy_juror() -> None:
    """A juror with many assignments, each with a contact in every channel."""
    edition = db.session.scalar(sa.select(Edition))
    juror = User(email="busy@example.org", name="Busy", role=Role.JUROR)
    juror.set_password(DEMO_PASSWORD)
    db.session.add(juror)
    start = datetime(2025, 10, 1, 8, tzinfo=UTC)
    for n in range(BUSY_ASSIGNMENTS):
        participant = Participant(edition=edition, name=f"Gmina Testowa {n}",
                                  category=Category.GMINA, city="Testowo")
        assignment = Assignment(edition=edition, participant=participant, juror=juror,
                                channels=list(CHANNELS), due_on=start.date() + timedelta(n))
        db.session.add_all([participant, assignment])
        for channel in CHANNELS:
            db.session.add(Contact(
                client_id=uuid.uuid4(), assignment=assignment, juror=juror, channel=channel,
                started_at=start, measurements={}, status=ContactStatus.SUBMITTED,
                payload_hash="0" * 64,
            ))
    db.session.commit()
