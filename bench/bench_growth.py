"""How each page grows with the season: 10k, 100k (and 1M) contacts, 1k / 10k participants.

Loads an edition by direct SQL (bench/growth_data.py), then at each size measures, through
Flask's test client in-process (server time, no network; median of 3 after one warm-up
that also counts the SQL statements and bytes): a juror's new-contact PUT and its identical
resend, GET /me/assignments, the review queue (first page; a deep page as its "next"
link reaches it, and by a typed page number; filtered by a juror), one contact's page,
coverage, the ranking and licences pages and the coordinator's dashboard. BASELINE: the
same page at the smallest size — "growth" is time(size) / time(smallest). Nothing a user
touches may grow with the contacts except exports and the ranking (which the cache must
make cheap on a second view: `ranking` is the warm view, `ranking_cold` the first view
after loading, timed once, printed on the row above it).

Then the issue 9 measure, on a database of its own: the review queue's first page on the
demo data (`flask demo`), then with --demo-more (100,000) contacts added to the demo's
tasks — BASELINE: the same page on the demo data alone. bench/growth_checks.py prints each
figure against its issue's target, PASS or FAIL.

Run: `.venv/bin/python -m bench growth [--sizes 10000,100000] [--participants 1000]
[--db sqlite] [--demo-more 100000 | --no-demo]`; 1M: `--sizes 10000,100000,1000000`
(loading 1M takes minutes).
"""
from __future__ import annotations

import argparse
import functools
import json
import statistics
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from bench.growth_checks import print_verdicts
from bench.growth_data import grow, insert, jurors_for, setup_rows
from juror_app.accounts.tokens import issue_token

PASSWORD = "bench-password-42"
REPEATS = 3
SLOW_S = 5.0  # a page slower than this is timed once, not three times


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench growth")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--participants", default="1000")
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--demo-more", type=int, default=100_000)
    parser.add_argument("--no-demo", action="store_true")
    return parser.parse_args(argv)


def make_app(url: str, tmp: Path):
    from juror_app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                       "MEDIA_DIR": str(tmp / "media")})


def set_up(participants: int) -> dict:
    """Edition, rubric, coordinator, jurors, participants, tasks; a bearer for juror 0."""
    from juror_app.core.extensions import db
    from juror_app.models import Edition, Role, Rubric, User
    from juror_app.rubric import default_rubric

    db.create_all()
    db.session.add(Edition(id=1, name="Growth", year=2025, starts_on=date(2025, 9, 1),
                           ends_on=date(2025, 12, 15)))
    db.session.add(Rubric(edition_id=1, version=1, data=default_rubric()))
    coordinator = User(id=1, email="k@example.org", name="Koordynator", role=Role.COORDINATOR)
    coordinator.set_password(PASSWORD)
    db.session.add(coordinator)
    db.session.commit()
    rows = setup_rows(participants, first_user_id=2)
    with db.engine.begin() as conn:
        insert(conn, rows)
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            for table in ("user", "participant", "assignment", "contact"):
                highest = f'(SELECT coalesce(max(id), 1) FROM "{table}")'
                conn.execute(sa.text(f"SELECT setval('{table}_id_seq', {highest})"))
    juror = db.session.get(User, 2)
    token, _ = issue_token(juror, "bench")
    db.session.commit()
    mine = [a for a in rows["assignment"] if a["juror_id"] == 2]
    return {"assignments": rows["assignment"], "token": token, "task": mine[0]["id"]}


ENGINE: list[sa.Engine] = []  # the app's engine, for counting statements outside its context


@contextmanager
def counting():
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(ENGINE[0], "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(ENGINE[0], "before_cursor_execute", before)


def timed(client, method: str, url: str, **kw) -> dict:
    with counting() as statements:
        response = client.open(url, method=method, **kw)
    assert response.status_code < 400, (url, response.status_code, response.data[:300])
    times = []
    started = time.perf_counter()
    client.open(url, method=method, **kw)
    times.append(time.perf_counter() - started)
    if times[0] < SLOW_S:
        for _ in range(REPEATS - 1):
            started = time.perf_counter()
            client.open(url, method=method, **kw)
            times.append(time.perf_counter() - started)
    return {"ms": round(statistics.median(times) * 1000, 1), "sql": len(statements),
            "kb": round(len(response.data) / 1024, 1)}


def timed_once(client, url: str) -> dict:
    """A first view (a cold cache): timed once, as the second would not be cold."""
    with counting() as statements:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    assert response.status_code < 400, (url, response.status_code)
    return {"ms": round(seconds * 1000, 1), "sql": len(statements),
            "kb": round(len(response.data) / 1024, 1)}


def put_figures(client, ctx: dict) -> dict:
    headers = {"Authorization": f"Bearer {ctx['token']}"}
    body = {"assignment_id": ctx["task"], "channel": "email",
            "started_at": "2025-10-06T11:00:00+02:00", "ended_at": "2025-10-06T11:07:30+02:00",
            "measurements": {"reply_hours": 20},
            "scores": {"form": 5, "completeness": 4, "clarity": 5}, "notes": "Odpowiedź."}
    times, statements = [], []
    for _ in range(REPEATS):
        url = f"/api/v1/contacts/{uuid.uuid4()}"
        with counting() as sql:
            started = time.perf_counter()
            response = client.put(url, json=body, headers=headers)
            times.append(time.perf_counter() - started)
        assert response.status_code == 201, response.data[:300]
        statements.append(len(sql))
    new = {"ms": round(statistics.median(times) * 1000, 1), "sql": statements[-1],
           "kb": round(len(response.data) / 1024, 1)}
    return {"put_new": new, "put_resend": timed(client, "PUT", url, json=body, headers=headers),
            "me_assignments": timed(client, "GET", "/api/v1/me/assignments", headers=headers)}


def page_figures(client, contacts: int) -> dict:
    from juror_app.models import Contact

    waiting_now = Contact.status.in_(["submitted", "resubmitted"])
    with ENGINE[0].connect() as conn:
        waiting = conn.scalar(sa.select(sa.func.count()).select_from(Contact).where(waiting_now))
        # The same shape at every size (a visit with a photo: its neighbouring visits and
        # duplicate photos are looked up), so the statement counts compare.
        middle = conn.scalar(sa.select(sa.func.max(Contact.id)).where(
            Contact.channel == "visit", Contact.id % 10 == 0, Contact.id <= contacts // 2))
        deep = max(1, waiting // 25 // 2)
        # The contact a reviewer's "next" link names to reach that page: the last one of
        # the page before (found here by OFFSET, untimed; the page itself seeks to it).
        before_deep = deep > 1 and conn.scalar(sa.select(Contact.id).where(waiting_now).order_by(
            Contact.received_at, Contact.id).offset((deep - 1) * 25 - 1).limit(1))
    deep_link = f"/review/?page={deep}" + (f"&after={before_deep}" if before_deep else "")
    out = {
        "queue_first": timed(client, "GET", "/review/"),
        "queue_deep": timed(client, "GET", deep_link),
        "queue_deep_typed": timed(client, "GET", f"/review/?page={deep}"),
        "queue_juror": timed(client, "GET", "/review/?juror=7&status=all"),
        "contact_page": timed(client, "GET", f"/review/contacts/{middle}"),
        "coverage": timed(client, "GET", "/review/coverage?edition=1"),
        "dashboard": timed(client, "GET", "/coordinator/"),
    }
    out["ranking_cold"] = timed_once(client, "/results/1/ranking")
    out["ranking"] = timed(client, "GET", "/results/1/ranking")
    out["licences"] = timed(client, "GET", "/results/1/licences")
    return out


def backend(url: str, tmp: Path, participants: int, sizes: list[int]) -> dict:
    from juror_app.core.extensions import db

    app = make_app(url, tmp)
    figures: dict = {}
    with app.app_context():
        ctx = set_up(participants)
        ENGINE[:] = [db.engine]
    # Requests run outside that context, each with its own session, as in production.
    client = app.test_client()
    client.post("/login", data={"email": "k@example.org", "password": PASSWORD})
    have = 0
    for size in sizes:
        load_s = grow(ENGINE[0], ctx["assignments"], have, size)
        have = size
        step = {"load_s": round(load_s, 1)}
        step.update(put_figures(client, ctx))
        step.update(page_figures(client, size))
        figures[size] = step
        print(f"  {participants} participants, {size:,} contacts loaded in {load_s:.0f} s",
              flush=True)
    ENGINE[0].dispose()
    return figures


def demo_baseline(url: str, tmp: Path, more: int) -> dict:
    """The queue's first page on the demo data, then with `more` contacts on its tasks."""
    from juror_app.core.extensions import db
    from juror_app.demo.loader import DEMO_PASSWORD, load_demo
    from juror_app.models import Assignment, Contact

    app = make_app(url, tmp)
    with app.app_context():
        db.create_all()
        load_demo(today=date(2025, 10, 1))
        tasks = [{"id": i, "juror_id": j} for i, j in
                 db.session.execute(sa.select(Assignment.id, Assignment.juror_id))]
        demo_contacts = db.session.scalar(sa.select(sa.func.count()).select_from(Contact))
        ENGINE[:] = [db.engine]
        db.session.remove()
    client = app.test_client()
    client.post("/login", data={"email": "koordynator@example.org", "password": DEMO_PASSWORD})
    demo = timed(client, "GET", "/review/")
    grow(ENGINE[0], tasks, demo_contacts, demo_contacts + more)
    grown = timed(client, "GET", "/review/")
    ENGINE[0].dispose()
    print(f"  demo ({demo_contacts} contacts) and demo + {more:,}: queue first page "
          f"{demo['ms']} → {grown['ms']} ms", flush=True)
    return {"demo": demo, "grown": grown, "more": more, "demo_contacts": demo_contacts}


def report(label: str, figures: dict) -> None:
    sizes = list(figures)
    first = figures[sizes[0]]
    print(f"\n{label} — ms (SQL statements, KiB); growth = time / time at {sizes[0]:,}")
    print(f"  {'measure':<15}" + "".join(f"{s:>24,}" for s in sizes) + "    growth")
    for key, value in first.items():
        if not isinstance(value, dict):
            continue
        cells = "".join(f"{figures[s][key]['ms']:>10} ({figures[s][key]['sql']:>3}, "
                        f"{figures[s][key]['kb']:>6})" for s in sizes)
        growth = figures[sizes[-1]][key]["ms"] / max(value["ms"], 0.1)
        print(f"  {key:<15}{cells}   {growth:5.1f}×")


def measure(label: str, url_for, tmp: Path, participants: int, sizes: list[int],
            args: argparse.Namespace) -> dict:
    """The growth table and, unless --no-demo, the demo baseline; then the verdicts."""
    figures = backend(url_for("bench_growth"), tmp, participants, sizes)
    report(label, figures)
    demo = None if args.no_demo else demo_baseline(url_for("bench_growth_demo"), tmp,
                                                   args.demo_more)
    print_verdicts(label, figures, demo)
    return {"sizes": figures, "demo_queue": demo}


def run(argv: list[str] | None = None) -> dict:
    args = options(argv or [])
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict = {}
    for participants in (int(p) for p in args.participants.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            if "sqlite" in args.db:
                label = f"SQLite, {participants} participants, {jurors_for(participants)} jurors"
                results[label] = measure(
                    label, lambda name: f"sqlite:///{Path(tmp) / name}.sqlite3", Path(tmp),
                    participants, sizes, args)
            if "postgresql" in args.db:
                from tests.conftest import create_database
                from tests.pg_cluster import start_cluster

                cluster = start_cluster()
                try:
                    label = f"PostgreSQL, {participants} participants"
                    server = cluster.url()
                    results[label] = measure(
                        label, functools.partial(create_database, server), Path(tmp),
                        participants, sizes, args)
                finally:
                    cluster.stop()
    print(json.dumps({k: {s: v["ranking"] for s, v in f["sizes"].items()}
                      for k, f in results.items()}))
    return results


if __name__ == "__main__":
    import sys

    run(sys.argv[1:])
