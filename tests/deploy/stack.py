"""Real processes for the deployment tests: redis-server, gunicorn app servers, Caddy.

Each waits until it answers before the test goes on and is stopped (by its own pid) at
the end; logs go to files the tests read (gunicorn's access log proves which server
served a request).
"""
from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.deploy.conftest import DEPLOY
from tests.pg_cluster import free_port

ROOT = DEPLOY.parent


def wait_until(check, what: str, timeout: float = 20.0, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {process.returncode}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up within {timeout:.0f} s")


def spawn(command: list[str], log: Path, **options) -> subprocess.Popen:
    """Start a program with its output in `log` (our copy of the file closed at once)."""
    with log.open("w") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **options)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass
class Redis:
    binary: str
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        # No persistence: rate-limit counters may be lost, never need to be restored.
        self.process = spawn(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)], self.folder / "redis.log")
        wait_until(self.ping, "redis-server", process=self.process)
        return self

    def command(self, *words: str) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as conn:
            conn.sendall(" ".join(words).encode() + b"\r\n")
            return conn.recv(64)

    def ping(self) -> bool:
        return self.command("PING").startswith(b"+PONG")

    def keys(self) -> list[bytes]:
        """Every key, e.g. Flask-Limiter's counters (redis-py: the limiter's own client)."""
        import redis

        client = redis.Redis.from_url(self.url)
        try:
            return client.keys("*")
        finally:
            client.close()

    def flush(self) -> None:
        """Forget every counter (each test starts with a fresh login limit)."""
        assert self.command("FLUSHALL").startswith(b"+OK")


@dataclass
class AppServer:
    """`gunicorn --config deploy/gunicorn.conf.py app:app`, as juror-app.service runs it."""
    name: str
    env: dict
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def log(self) -> Path:
        return self.folder / f"{self.name}.log"

    def start(self) -> AppServer:
        env = {**os.environ, **self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}",
               "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "4",
               # As production (deploy/juror.env.example): photos decoded beside the worker.
               "JUROR_PHOTO_PROCESSES": "1"}
        self.process = spawn(
            [sys.executable, "-m", "gunicorn", "--config", str(DEPLOY / "gunicorn.conf.py"),
             "app:app"], self.log, cwd=ROOT, env=env)
        return self

    def wait(self) -> None:
        url = f"http://127.0.0.1:{self.port}/healthz"
        def healthy() -> bool:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.status == 200

        wait_until(healthy, f"app server {self.name}", timeout=30, process=self.process)

    def lines(self, needle: str = "") -> list[str]:
        return [line for line in self.log.read_text().splitlines()
                if needle in line and "/healthz" not in line]


@dataclass
class Caddy:
    binary: str
    folder: Path
    upstreams: list[AppServer]
    https_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://localhost:{self.https_port}"

    def start(self) -> Caddy:
        """deploy/Caddyfile unchanged; only its environment differs from production."""
        env = {**os.environ, "XDG_DATA_HOME": str(self.folder / "data"),
               "XDG_CONFIG_HOME": str(self.folder / "config"), "HOME": str(self.folder),
               "JUROR_SITE": "localhost", "JUROR_TLS": "internal",
               "JUROR_CADDY_ADMIN": "off", "JUROR_HTTP_PORT": str(free_port()),
               "JUROR_HTTPS_PORT": str(self.https_port),
               "JUROR_UPSTREAMS": " ".join(f"127.0.0.1:{s.port}" for s in self.upstreams)}
        self.process = spawn(
            [self.binary, "run", "--config", str(DEPLOY / "Caddyfile"), "--adapter",
             "caddyfile"], self.folder / "caddy.log", env=env)
        # Up once both servers passed Caddy's first health check.
        wait_until(lambda: all(self.get("/healthz")[0] == 200 for _ in self.upstreams),
                   "caddy", timeout=30, process=self.process)
        return self

    def get(self, path: str, **headers) -> tuple[int, dict]:
        """(status, headers) of a GET through the proxy."""
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10, context=INSECURE) as answer:
                answer.read()
                return answer.status, answer.headers
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers


# Caddy's internal CA is not in this machine's trust store (skip_install_trust).
INSECURE = ssl.create_default_context()
INSECURE.check_hostname = False
INSECURE.verify_mode = ssl.CERT_NONE
