"""Contact sync under load: our app beside a bare Flask app, same gunicorn settings.

BASELINE: bench/bare_app.py — Flask parsing the same JSON PUT and answering small JSON,
no database, no auth, no checks (the floor). Both run at once under the same gunicorn
command on free loopback ports; one client (bench/driver.py, Python threads, a connection
per request) drives ours then bare, scenario by scenario, in one run, so the ratio
ours/bare is what to quote.

Scenarios, at 1, 8 and 32 concurrent clients (bounded request counts, stops by itself):
new-contact PUTs (201) and identical resends of them (200). Then the new PUTs at 8 clients
while 4 more clients upload 4 MB photos without pause ("quiet" = the same PUTs without
uploads). SQLite (a file, WAL) and a throwaway PostgreSQL cluster (fsync off, as the tests).

Every scenario's answers are checked, not only printed: our new PUTs must all be 201 and
the resends 200 (the bare app answers 200 to both), or the run stops with what came back —
a fast 404 or 422 is no throughput.

Run: `.venv/bin/python -m bench sync [--workers 2] [--worker-class gthread|sync]
[--threads 4] [--count 300] [--db sqlite,postgresql] [--clients 1,8,32] [--no-uploads]
[--photo-processes 2] [--rounds 3] [--floor]`. `--floor` adds bench/floor_app.py to the PUT
scenarios: the bare app plus the token and contact reads and, for a new contact, its row's
INSERT and commit, to tell what any database-backed endpoint pays from what our code costs.
`--rounds`: each PUT scenario runs that many times, ours then bare each time; the ratio
printed is the median of the rounds' ratios, with their range.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from bench.driver import Background, Request, drive
from bench.servers import cpu_seconds, gunicorn, gunicorn_args
from bench.sync_report import report
from juror_app.accounts.tokens import issue_token
from juror_app.rubric import default_rubric

UPLOADERS = 4
SETTLE_S = 3
# The status every request of a scenario must get: ours creates (201) then confirms (200);
# the bare app answers 200 to everything.
EXPECTED = {"ours": {"new": 201, "resend": 200, "quiet": 201, "uploads": 201},
            "bare": {"new": 200, "resend": 200, "quiet": 200, "uploads": 200},
            "floor": {"new": 200, "resend": 200}}  # --floor: the PUT scenarios only
RUBRIC = default_rubric()["channels"]


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench sync")
    parser.add_argument("--workers", type=int, default=2)
    # Production's worker class (deploy/gunicorn.conf.py): `make bench` measures what runs.
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--count", type=int, default=300, help="requests per scenario")
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each PUT scenario, ours then bare in each")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients, e.g. 8",
                        type=lambda text: [int(n) for n in text.split(",")])
    parser.add_argument("--no-uploads", dest="uploads", action="store_false",
                        help="skip the contact PUTs during photo uploads")
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--floor", action="store_true",
                        help="also run bench/floor_app.py: bare + the token and contact reads "
                             "(+ the contact's INSERT when new)")
    parser.add_argument("--photo-processes", type=int, default=2,
                        help="JUROR_PHOTO_PROCESSES of our app (production: 2; 0 = decode "
                             "photos in the request thread)")
    return parser.parse_args(argv)


def contact_body(assignment_id: int, rng: random.Random) -> bytes:
    manual = {c["key"]: float(rng.randint(2, 5)) for c in RUBRIC["phone"]["criteria"]
              if "rule" not in c}
    return json.dumps({
        "assignment_id": assignment_id, "channel": "phone",
        "started_at": "2025-10-06T11:00:00+02:00", "ended_at": "2025-10-06T11:07:30+02:00",
        "measurements": {"rings": rng.randint(1, 9), "transfers": rng.randint(0, 2)},
        "scores": manual, "notes": "Uprzejma rozmowa, konkretne informacje.",
    }).encode()


def photo_bytes(megabytes: float = 4.0) -> bytes:
    """A noisy JPEG of about `megabytes` (noise does not compress), 3000×2250 pixels."""
    from PIL import Image

    rng = random.Random(7)
    side = (3000, 2250)
    noise = Image.frombytes("RGB", side, rng.randbytes(side[0] * side[1] * 3))
    for quality in (92, 85, 75, 60):
        out = io.BytesIO()
        noise.save(out, "JPEG", quality=quality)
        if out.tell() <= megabytes * 1024 * 1024 * 1.15:
            break
    return out.getvalue()


def prepare(database_url: str, media: Path) -> dict:
    """Schema, demo data, a device token for juror 1, its phone tasks and photo contacts."""
    from juror_app import create_app
    from juror_app.core.extensions import db
    from juror_app.demo.loader import load_demo
    from juror_app.models import Assignment, Contact, ContactStatus, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench",
                      "MEDIA_DIR": str(media)})
    with app.app_context():
        db.create_all()
        load_demo(today=date(2025, 10, 1))
        juror = db.session.scalar(sa.select(User).where(User.email == "juror1@example.org"))
        token, _ = issue_token(juror, "bench")
        tasks = [a.id for a in db.session.scalars(
            sa.select(Assignment).where(Assignment.juror_id == juror.id)) if "phone" in a.channels]
        editable = db.session.scalars(sa.select(Contact.client_id).where(
            Contact.juror_id == juror.id, Contact.status == ContactStatus.SUBMITTED)).all()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    assert tasks and editable, "the demo must give juror 1 phone tasks and a submitted contact"
    return {"token": token, "tasks": tasks, "photo_contacts": [str(c) for c in editable]}


def new_puts(ctx: dict, count: int, rng: random.Random) -> list[Request]:
    headers = {"Authorization": f"Bearer {ctx['token']}", "Content-Type": "application/json"}
    return [Request("PUT", f"/api/v1/contacts/{uuid.uuid4()}",
                    contact_body(rng.choice(ctx["tasks"]), rng), headers)
            for _ in range(count)]


def uploads(ctx: dict, data: bytes):
    headers = {"Authorization": f"Bearer {ctx['token']}", "Content-Type": "image/jpeg"}
    contacts = ctx["photo_contacts"]

    def make(stream: int, n: int) -> Request:
        contact = contacts[stream % len(contacts)]
        return Request("PUT", f"/api/v1/contacts/{contact}/photos/{uuid.uuid4()}",
                       distinct(data, f"{stream}-{n}"), headers)
    return make


def distinct(jpeg: bytes, label: str) -> bytes:
    """The same picture as another file: a JPEG comment segment after the start marker.

    Each upload must be a photo of its own, as a phone's are: identical bytes make every
    upload a duplicate of all the earlier ones, and the duplicate-photo flag then
    re-evaluates every contact holding that photo on each upload — an anomaly's cost,
    measured here by mistake until 2026-12-07."""
    comment = f"bench upload {label}".encode()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return jpeg[:2] + segment + jpeg[2:]


def checked(figures, expected: int, scenario: str) -> dict:
    """The scenario's summary, once every answer had the expected status."""
    summary = figures.summary()
    wrong = {code: n for code, n in summary["statuses"].items() if code != expected}
    if wrong:
        raise AssertionError(f"{scenario}: expected every answer {expected}, got {wrong} too")
    return summary


def scenarios(servers: dict[str, int], ctx: dict, args: argparse.Namespace, photo: bytes,
              seed: int = 1) -> dict:
    """Every scenario against each server in turn, ours then bare, with the same request
    bodies: the two figures of a ratio are taken seconds apart, so a shared machine's load
    drifting during the run shifts both alike. The PUT scenarios run `args.rounds` times
    (new ids each round), each round ours then bare: a scenario lasts a fraction of a
    second, and one stall of the machine moved a single round's ratio by a third."""
    out: dict = {name: {} for name in servers}
    rounds: dict = {name: {} for name in servers}

    def run(key: str, batch: list[Request], clients: int) -> None:
        for name, port in servers.items():
            if key.split("_")[0] not in EXPECTED[name]:
                continue
            expected = EXPECTED[name][key.split("_")[0]]
            summary = measured(port, batch, clients, expected, f"{name} {key}")
            rounds[name].setdefault(key, []).append(summary)

    count = args.count
    for c in args.clients:
        for r in range(args.rounds):
            size = max(count // 3, 60) if c == 1 else count
            batch = new_puts(ctx, size, random.Random(seed + c + 1000 * r))
            run(f"new_c{c}", batch, c)
            run(f"resend_c{c}", batch, c)
    for name, keys in rounds.items():
        for key, summaries in keys.items():
            out[name][key] = typical(summaries, [s["rps"] for s in rounds["bare"][key]])
    if not args.uploads:
        return out
    quiet = new_puts(ctx, count // 2, random.Random(seed + 99))
    for name, port in servers.items():
        if "quiet" in EXPECTED[name]:
            out[name]["quiet_c8"] = measured(port, quiet, 8, EXPECTED[name]["quiet"],
                                             f"{name} quiet")
    for name, port in servers.items():
        if "uploads" not in EXPECTED[name]:
            continue
        batch = new_puts(ctx, count // 2, random.Random(seed + 98))
        with Background(port, uploads(ctx, photo), UPLOADERS) as background:
            expected = EXPECTED[name]["uploads"]
            out[name]["uploads_c8"] = measured(port, batch, 8, expected, f"{name} uploads")
        lat = sorted(background.latencies)
        out[name]["upload"] = {"phones": UPLOADERS, "count": len(lat),
                               "statuses": dict(background.statuses),
                               "p50_ms": round(lat[len(lat) // 2] * 1000) if lat else None,
                               "max_ms": round(lat[-1] * 1000) if lat else None}
    return out


def measured(port: int, batch: list[Request], clients: int, expected: int,
             scenario: str) -> dict:
    """The scenario's checked summary with the CPU a request cost: the server's processes
    (all of them, from /proc) and this client's threads. Tells the server's own work from
    what the load costs the shared cores."""
    server, client = cpu_seconds(port), time.process_time()
    summary = checked(drive(port, batch, clients), expected, scenario)
    spent = cpu_seconds(port)
    if server is not None and spent is not None:
        summary["server_cpu_us"] = round((spent - server) / len(batch) * 1e6)
    summary["client_cpu_us"] = round((time.process_time() - client) / len(batch) * 1e6)
    return summary


def typical(summaries: list[dict], bare_rps: list[float]) -> dict:
    """A server's figures for one scenario over its rounds: the round with the median
    throughput, and its throughput over bare's in each round (taken seconds apart)."""
    middle = sorted(summaries, key=lambda s: s["rps"])[len(summaries) // 2]
    per_round = [s["rps"] / bare for s, bare in zip(summaries, bare_rps, strict=True)]
    return {**middle, "rounds": len(summaries),
            "over_bare": sorted(round(ratio, 3) for ratio in per_round)}


def backend(name: str, url: str, tmp: Path, args: argparse.Namespace, photo: bytes) -> dict:
    ctx = prepare(url, tmp / f"media-{name}")
    settings = gunicorn_args(args.workers, args.worker_class, args.threads)
    # The rate limiter stays on, as in production: it runs on every request (no login here
    # comes near its limit).
    env = {"JUROR_DATABASE_URL": url, "JUROR_SECRET_KEY": "bench-secret-key",
           "JUROR_MEDIA_DIR": str(tmp / f"media-{name}"),
           "JUROR_PHOTO_PROCESSES": str(args.photo_processes)}
    with contextlib.ExitStack() as stack:
        servers = {"ours": stack.enter_context(gunicorn("app:app", settings, env)),
                   "bare": stack.enter_context(gunicorn("bench.bare_app:app", settings))}
        if args.floor:
            servers["floor"] = stack.enter_context(
                gunicorn("bench.floor_app:app", settings, env))
        time.sleep(SETTLE_S)  # each worker's photo processes load Pillow as it starts
        figures = scenarios(servers, ctx, args, photo)
    report(name, " ".join(settings) + f", JUROR_PHOTO_PROCESSES={args.photo_processes}", figures)
    return figures


def run(argv: list[str] | None = None) -> dict:
    args = options(argv or [])
    photo = photo_bytes()
    print(f"photo for the uploads: {len(photo) / 1e6:.1f} MB JPEG")
    results: dict = {"settings": vars(args)}
    with tempfile.TemporaryDirectory() as tmp:
        if "sqlite" in args.db:
            results["sqlite"] = backend("SQLite", f"sqlite:///{Path(tmp) / 'sync.sqlite3'}",
                                        Path(tmp), args, photo)
        if "postgresql" in args.db:
            from tests.conftest import create_database
            from tests.pg_cluster import start_cluster

            cluster = start_cluster()
            try:
                url = create_database(cluster.url(), "bench_sync")
                results["postgresql"] = backend("PostgreSQL", url, Path(tmp), args, photo)
            finally:
                cluster.stop()
    return results


if __name__ == "__main__":
    import sys

    run(sys.argv[1:])
