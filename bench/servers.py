"""Start and stop gunicorn servers on free loopback ports for the benchmarks.

Each server is our own child process; `stop()` ends exactly that process group.
"""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROC = Path("/proc")
_groups: dict[int, int] = {}  # port -> the server's process group (its master's pid)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_args(workers: int, worker_class: str, threads: int) -> list[str]:
    """The settings under test; the same list serves our app and the bare baseline."""
    args = ["--workers", str(workers), "--worker-class", worker_class]
    if worker_class == "gthread":
        args += ["--threads", str(threads)]
    return args + ["--timeout", "60", "--log-level", "warning"]


def wait_until_up(port: int, path: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            conn.close()
    raise RuntimeError(f"server on port {port} did not answer within {timeout} s")


@contextmanager
def gunicorn(app: str, settings: list[str], env: dict[str, str] | None = None,
             health: str = "/api/v1/health"):
    """Run `gunicorn app` with the settings on a free port; yields the port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *settings, "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True,
    )
    _groups[port] = process.pid  # start_new_session: the master leads the group
    try:
        wait_until_up(port, health, process)
        yield port
    finally:
        _groups.pop(port, None)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def cpu_seconds(port: int) -> float | None:
    """User and system CPU so far of the server on `port`: every live process of its group
    (master, workers, photo processes), from /proc; None where there is no /proc."""
    group = _groups.get(port)
    if group is None or not PROC.is_dir():
        return None
    ticks = 0
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[2]) == group:  # fields from the state on: pgrp is 3rd, utime 12th
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")
