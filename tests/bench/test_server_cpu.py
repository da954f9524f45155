"""`bench sync` reports the CPU a request cost the server (bench.servers.cpu_seconds): it
counts the workers' time, not only the master's, and forgets a stopped server."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from bench.driver import Request, drive
from bench.servers import cpu_seconds, gunicorn, gunicorn_args


def test_the_servers_cpu_grows_with_the_requests_its_workers_answer():
    if not Path("/proc").is_dir():
        pytest.skip("no /proc on this system: the bench prints no CPU figures here")
    body, headers = b'{"assignment_id": 1}', {"Content-Type": "application/json"}
    requests = [Request("PUT", f"/api/v1/contacts/{uuid.uuid4()}", body, headers)
                for _ in range(300)]
    with gunicorn("bench.bare_app:app", gunicorn_args(2, "gthread", 2)) as port:
        idle = cpu_seconds(port)
        drive(port, requests, 4)
        busy = cpu_seconds(port)
    # 300 answers cost the workers far more than 10 ms; the master alone spends ~none.
    assert busy - idle > 0.01, (idle, busy)
    assert cpu_seconds(port) is None
