"""1,000 contacts through a faulty network, on SQLite and PostgreSQL (`python -m bench soak`).

The real outbox modules in node, a real gunicorn server (2 sync workers), the fault proxy of
tests/soak/fault_proxy.py between them (seeded: dropped requests, dropped replies, gateway
errors, delays, cut uploads, one 401), page kills and edits before sync. Prints the faults
injected per kind, what was lost or duplicated (both must be 0) and the time to drain.
Baseline: none — this is a correctness figure under faults, not a speed comparison;
the drain time is quoted only to show the run is bounded. SOAK_CONTACTS overrides 1,000,
SOAK_BACKENDS=sqlite|postgresql picks one database, SOAK_TIME_LIMIT_S bounds each run.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tests.soak.harness import SoakRun, soak, summary

CONTACTS = int(os.environ.get("SOAK_CONTACTS", "1000"))
BACKENDS = os.environ.get("SOAK_BACKENDS", "sqlite,postgresql").split(",")
TIME_LIMIT_S = int(os.environ.get("SOAK_TIME_LIMIT_S", "3600"))
SEED = 1000


def run_backend(label: str, url_for) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = soak(SoakRun(contacts=CONTACTS, seed=SEED, database_url=url_for(Path(tmp)),
                              workdir=Path(tmp), time_limit_s=TIME_LIMIT_S))
    figures = summary(report)
    print(f"{label}: {figures['contacts']} contacts, {figures['photos']} photos; "
          f"lost {figures['lost']}, duplicated {figures['duplicated']}, "
          f"still on the phone at the time limit {figures['undrained']}, "
          f"other problems {figures['problems'] or 'none'}; drained in "
          f"{figures['drain_seconds']} s")
    print(f"  faults injected: {dict(sorted(figures['faults'].items()))}")
    print(f"  phone: {figures['events']}")
    return figures


def run() -> dict:
    figures = {"contacts": CONTACTS, "seed": SEED}
    if "sqlite" in BACKENDS:
        figures["sqlite"] = run_backend("SQLite", lambda tmp: f"sqlite:///{tmp / 'soak.db'}")
    if "postgresql" not in BACKENDS:
        return figures
    try:
        from tests.conftest import create_database
        from tests.pg_cluster import start_cluster

        cluster = start_cluster()
    except (FileNotFoundError, OSError) as exc:
        print(f"PostgreSQL skipped: {exc}")
        return figures
    try:
        figures["postgresql"] = run_backend(
            "PostgreSQL", lambda tmp: create_database(cluster.url(), "juror_soak"))
    finally:
        cluster.stop()
    return figures


if __name__ == "__main__":
    run()
