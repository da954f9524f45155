"""The soak run, shared by the bounded test (tests/soak/test_soak.py) and `bench soak`.

A real gunicorn server on a free port, the fault proxy in front of it, and the real
outbox modules in node (tests/soak/driver.mjs) capturing and syncing until the phone is
empty; then the server's database and media directory are checked against what the
phone captured.
"""
from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from PIL import Image

from tests.soak.fault_proxy import FaultProxy, Schedule

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("driver.mjs")
PASSWORD = "soak-password-2025"
CHANNELS = ("visit", "phone", "email", "social_media", "website")
MEASUREMENTS = {"visit": {"waiting_minutes": 4, "service_minutes": 9},
                "phone": {"rings": 3, "transfers": 0},
                "email": {"reply_hours": 20}, "social_media": {"reply_hours": 5},
                "website": {}}


@dataclass
class SoakRun:
    contacts: int
    seed: int
    database_url: str
    workdir: Path
    edit_share: float = 0.15
    kill_share: float = 0.05
    time_limit_s: int = 300
    faults: Counter = field(default_factory=Counter)


def make_photos(directory: Path, count: int, seed: int) -> list[str]:
    """Distinct small JPEGs (the server decodes every one), so each has its own SHA-256."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        image = Image.new("RGB", (96, 72), tuple(rng.randrange(256) for _ in range(3)))
        image.putpixel((n % 96, (n // 96) % 72), (n % 256, 0, 255 - n % 256))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        path = directory / f"photo-{n:05}.jpg"
        path.write_bytes(buffer.getvalue())
        paths.append(str(path))
    return paths


def prepare(run: SoakRun) -> dict:
    """Schema, an open edition around today, a juror with three assignments, a token."""
    from juror_app import create_app
    from juror_app.accounts.tokens import issue_token
    from juror_app.core.extensions import db
    from juror_app.models import EditionStatus, Role
    from tests import factories

    app = create_app({"SQLALCHEMY_DATABASE_URI": run.database_url, "SECRET_KEY": "soak",
                      "MEDIA_DIR": str(run.workdir / "media"), "TESTING": True})
    with app.app_context():
        db.create_all()
        today = date.today()
        edition = factories.make_edition(status=EditionStatus.OPEN, year=today.year,
                                         starts_on=today - timedelta(days=30),
                                         ends_on=today + timedelta(days=30))
        juror = factories.make_user(Role.JUROR, email="soak@example.org", password=PASSWORD)
        templates = []
        for _ in range(3):
            participant = factories.make_participant(edition)
            assignment = factories.make_assignment(juror=juror, participant=participant,
                                                   due_on=today + timedelta(days=20))
            templates += [{"assignment_id": assignment.id, "channel": channel,
                           "measurements": MEASUREMENTS[channel],
                           "scores": factories.full_marks(channel)} for channel in CHANNELS]
        token, _ = issue_token(juror, "Telefon soak")
        db.session.commit()
        juror_id = juror.id
    return {"app": app, "templates": templates, "token": token, "juror_id": juror_id}


def free_port() -> int:
    from tests.pg_cluster import free_port as port

    return port()


def start_server(run: SoakRun) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "JUROR_DATABASE_URL": run.database_url, "JUROR_SECRET_KEY": "soak",
           "JUROR_MEDIA_DIR": str(run.workdir / "media"), "JUROR_RATELIMIT_ENABLED": "false"}
    with open(run.workdir / "server.log", "wb") as log:  # the child keeps its own copy
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--timeout", "60", "app:app"], cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2):
                return server, port
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError("gunicorn did not start: " + (run.workdir / "server.log").read_text())


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def soak(run: SoakRun) -> dict:
    """Run the phone against the server through the proxy; return the phone's report."""
    if shutil.which("node") is None:
        raise FileNotFoundError("node not found")
    state = prepare(run)
    try:
        return drive(run, state)
    finally:
        close_pool(state["app"])


def close_pool(app) -> None:
    """Close the checking app's connections, or they are collected unclosed later."""
    from juror_app.core.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def drive(run: SoakRun, state: dict) -> dict:
    photos = make_photos(run.workdir / "photos", run.contacts * 3, run.seed)
    server, port = start_server(run)
    proxy = FaultProxy(port, Schedule(run.seed)).start()
    config = {"proxy": proxy.url, "server": f"http://127.0.0.1:{port}", "seed": run.seed,
              "token": state["token"], "juror_id": state["juror_id"],
              "email": "soak@example.org", "password": PASSWORD,
              "templates": state["templates"], "photos": photos, "contacts": run.contacts,
              "edit_share": run.edit_share, "kill_share": run.kill_share,
              "time_limit_s": run.time_limit_s}
    config_path = run.workdir / "soak.json"
    config_path.write_text(json.dumps(config))
    try:
        started = time.monotonic()
        done = subprocess.run([shutil.which("node"), str(DRIVER), str(config_path)], cwd=ROOT,
                              capture_output=True, text=True, timeout=run.time_limit_s + 60)
        elapsed = time.monotonic() - started
    finally:
        proxy.stop()
        stop_server(server)
    if done.returncode != 0:
        raise RuntimeError(f"driver failed: {done.stderr[-3000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["faults"] = dict(proxy.counts)
    report["wall_seconds"] = round(elapsed, 1)
    report["server"] = server_state(state["app"], state["juror_id"], run.workdir / "media")
    return report


def server_state(app, juror_id: int, media_dir: Path) -> dict:
    """What the server holds: contacts, photos, audit counts, files on disk."""
    from juror_app.core.extensions import db
    from juror_app.evidence.storage import SIZES, path_for
    from juror_app.models import AuditEvent, Contact, Photo

    with app.app_context():
        contacts = db.session.execute(
            sa.select(Contact.client_id, Contact.notes).where(Contact.juror_id == juror_id)
        ).all()
        photos = db.session.execute(
            sa.select(Photo.client_id, Contact.client_id, Photo.sha256, Photo.storage_key)
            .join(Contact, Photo.contact_id == Contact.id)).all()
        audit = db.session.execute(
            sa.select(AuditEvent.entity_id, AuditEvent.action, sa.func.count())
            .where(AuditEvent.entity_type.in_(("contact", "photo")))
            .group_by(AuditEvent.entity_id, AuditEvent.action)).all()
    expected_files = {path_for(media_dir, key, size) for *_, key in photos for size in SIZES}
    on_disk = {p for p in media_dir.rglob("*") if p.is_file()}
    return {
        "contacts": [[str(cid), notes] for cid, notes in contacts],
        "photos": [[str(pid), str(cid), sha] for pid, cid, sha, _ in photos],
        "audit": [[entity, action, n] for entity, action, n in audit],
        "orphan_files": sorted(str(p) for p in on_disk - expected_files),
        "missing_files": sorted(str(p) for p in expected_files - on_disk),
    }


def problems(report: dict) -> dict[str, list]:
    """Everything the promise forbids, by kind; empty lists when it held."""
    phone = report["captured"]
    server = report["server"]
    ids = [cid for cid, _ in server["contacts"]]
    notes = dict(server["contacts"])
    photos = {pid: (cid, sha) for pid, cid, sha in server["photos"]}
    audit = Counter()
    for entity, action, n in server["audit"]:
        audit[entity, action] += n
    expected_photos = {pid: (cid, sha) for cid, c in phone.items()
                       for pid, sha in c["photos"].items()}
    # Still in the outbox when the run stopped (time limit): not lost, not yet delivered.
    waiting = {r["client_id"] for r in report["on_phone"]}
    # A stored photo has exactly one photo.create (a resend or a resumed upload must not
    # log a second), and no event names a photo that is not stored (its row and its event
    # commit together). A lost photo is counted once, under lost_photos.
    photo_events = {e: audit[e, action] for e, action in audit if action == "photo.create"}
    bad_photo_events = sorted({pid for pid in photos if photo_events.get(pid) != 1}
                              | set(photo_events) - set(photos))
    return {
        "lost_contacts": sorted(set(phone) - set(ids) - waiting),
        "unexpected_contacts": sorted(set(ids) - set(phone)),
        "duplicated_contacts": sorted(cid for cid, n in Counter(ids).items() if n > 1),
        "stale_notes": sorted(cid for cid, c in phone.items()
                              if cid in notes and notes[cid] != c["notes"]),
        "lost_photos": sorted(pid for pid in set(expected_photos) - set(photos)
                              if expected_photos[pid][0] not in waiting),
        "unexpected_photos": sorted(set(photos) - set(expected_photos)),
        "wrong_photos": sorted(pid for pid, v in expected_photos.items()
                               if pid in photos and photos[pid] != v),
        "orphan_files": server["orphan_files"],
        "missing_files": server["missing_files"],
        "audit_creates": sorted(cid for cid in phone if audit[cid, "contact.create"] != 1
                                and cid not in waiting),
        "audit_updates": sorted(cid for cid, c in phone.items()
                                if audit[cid, "contact.update"] > c["edits"]),
        "audit_photo_creates": bad_photo_events,
        "left_on_phone": sorted(waiting),
    }


def summary(report: dict) -> dict:
    found = problems(report)
    return {
        "contacts": len(report["captured"]),
        "photos": sum(len(c["photos"]) for c in report["captured"].values()),
        "faults": report["faults"],
        "events": report["events"],
        "lost": len(found["lost_contacts"]) + len(found["lost_photos"]),
        "duplicated": len(found["duplicated_contacts"]) + len(found["unexpected_photos"]),
        "undrained": len(found["left_on_phone"]),
        "problems": {k: len(v) for k, v in found.items() if v and k != "left_on_phone"},
        "drain_seconds": report["drain_seconds"],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
