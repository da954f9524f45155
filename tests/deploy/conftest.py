"""Deployment tests use the real Debian programs (caddy, redis-server, gunicorn)."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from juror_app.core.extensions import db
from tests.conftest import create_database, make_test_app, skip_or_fail

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        skip_or_fail(f"{name} not found (install Debian's {name} package; .ci/run does)")
    return found


@pytest.fixture(scope="session")
def caddy() -> str:
    return program("caddy")


@pytest.fixture(scope="session")
def redis_server_binary() -> str:
    return program("redis-server")


@dataclass
class Stack:
    """Caddy → two gunicorn app servers → one PostgreSQL, one Redis, one media folder."""
    app: Flask  # the same database and media folder, for arranging data and checking it
    media: Path
    redis: object
    servers: list
    proxy: object


LOGIN_LIMIT = 5


@pytest.fixture(scope="module")
def scale_out(postgres_server, caddy, redis_server_binary, tmp_path_factory):
    from tests.deploy.stack import AppServer, Caddy, Redis, stop

    folder = tmp_path_factory.mktemp("scale-out")
    folder.chmod(0o755)
    media = folder / "media"
    media.mkdir()
    url = create_database(postgres_server, "juror_scale_out")
    app = make_test_app(url, folder, MEDIA_DIR=str(media))
    with app.app_context():
        upgrade()
        db.session.remove()
    started = []
    try:
        redis = Redis(redis_server_binary, folder).start()
        started.append(redis.process)
        env = {"JUROR_DATABASE_URL": url, "JUROR_SECRET_KEY": "scale-out-secret",
               "JUROR_MEDIA_DIR": str(media), "JUROR_RATELIMIT_STORAGE_URI": redis.url,
               "JUROR_RATELIMIT_LOGIN": f"{LOGIN_LIMIT} per minute",
               # The database's own lock (accounts/throttle.py, 5 wrong passwords per
               # account) would answer 429 by itself on any storage: out of the way, so
               # only Flask-Limiter, counting in Redis, can refuse a login here.
               "JUROR_LOGIN_FAILURES_PER_ACCOUNT": "1000",
               "JUROR_LOGIN_FAILURES_PER_ADDRESS": "1000",
               "JUROR_SESSION_COOKIE_SECURE": "true", "JUROR_REMEMBER_COOKIE_SECURE": "true",
               "JUROR_TRUSTED_PROXIES": "1"}
        servers = [AppServer(name, env, folder).start() for name in ("app1", "app2")]
        started += [s.process for s in servers]
        for server in servers:
            server.wait()
        proxy = Caddy(caddy, folder, servers).start()
        started.append(proxy.process)
        yield Stack(app, media, redis, servers, proxy)
    finally:
        for process in reversed(started):
            stop(process)
        with app.app_context():
            db.engine.dispose()
