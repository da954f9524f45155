"""Shared fixtures: the app on SQLite and on a real PostgreSQL, clients, logins."""
from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient

from juror_app import create_app
from juror_app.core.extensions import db
from tests import factories
from tests.pg_cluster import start_cluster

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def skip_or_fail(reason: str):
    """Outside CI a missing service skips with a reason; in CI it is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} — required in CI (CI=true)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance():
    """One Playwright for the whole run (tests/browser/ and tests/deploy/ share it)."""
    import shutil

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (os.path.exists(chromium) or shutil.which("chromium")):
        skip_or_fail(f"Chromium not found at {chromium} (install Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed (make test installs it)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server URL (without database): TEST_DATABASE_URL or a throwaway cluster."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield os.environ["TEST_DATABASE_URL"]
        return
    try:
        cluster = start_cluster()
    except (FileNotFoundError, OSError) as exc:
        skip_or_fail(f"PostgreSQL unavailable: {exc}")
    try:
        yield cluster.url()
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server):
    """One test database on that server; tests empty it after each use."""
    return create_database(postgres_server, "juror_test")


def create_database(server_url: str, name: str) -> str:
    from juror_app.core.config import normalise_database_url

    url = sa.make_url(normalise_database_url(server_url))
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def fresh_postgres_url(postgres_server):
    """An empty database of its own, for tests that migrate from nothing."""
    return create_database(postgres_server, f"juror_{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty SQLite database with the schema, made once: each test copies it (~1 ms)
    instead of creating 30-odd tables and their indexes (~70 ms, a minute over the run)."""
    path = tmp_path_factory.mktemp("template") / "schema.sqlite3"
    app = make_test_app(f"sqlite:///{path}", path.parent)
    with app.app_context():
        db.create_all()
        with db.engine.connect() as conn:  # everything into the file itself, none in -wal
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    return request.getfixturevalue("postgres_url")


class RequestOwnContextClient(FlaskClient):
    """Each request in an app context of its own, as under a real server.

    Why: the fixtures hold an app context for the whole test (factories write through
    `db.session`), and Flask reuses a pushed context for a request — so without this every
    request of a test shared one `g` (Flask-Login's cached user, a token's caller) and one
    database session (its identity map, its open transaction) with the test and with each
    other, which no request on a server does, and a bug of that kind could hide. After
    the request the test's own session forgets what it had loaded, so it reads what the
    request committed, as a next request would."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():  # the test's own, when it holds one
            db.session.expire_all()
        return response


def make_test_app(database_url: str, tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "MEDIA_DIR": str(tmp_path / "media"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = RequestOwnContextClient
    app.instance_path = str(tmp_path / "instance")
    return app


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change the app's configuration."""
    return {}


# The shared PostgreSQL test database keeps its tables between tests (each test empties
# them): its schema is made by the first test, not checked table by table in every one.
SCHEMA_MADE: set[str] = set()


@pytest.fixture
def app(database_url, tmp_path, app_config):
    with app_with_schema(make_test_app(database_url, tmp_path, **app_config),
                         database_url) as app:
        yield app


@contextlib.contextmanager
def app_with_schema(app, database_url: str):
    """The app's context with its tables made (once per run on PostgreSQL) and, after,
    emptied."""
    with app.app_context():
        if database_url not in SCHEMA_MADE:
            db.create_all()  # a copied SQLite template already has it: ~2 ms of checks
            if db.engine.dialect.name == "postgresql":
                SCHEMA_MADE.add(database_url)
        yield app
        db.session.remove()
        empty_database()
        db.engine.dispose()


def empty_database() -> None:
    """PostgreSQL's test database is shared by the run: empty it after each test."""
    if db.engine.dialect.name != "postgresql":
        return
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Log in through the real login form."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = factories.PASSWORD, **kwargs):
        return self.client.post(
            "/login", data={"email": email, "password": password}, **kwargs
        )

    def login_as(self, role: str, **user_overrides):
        """Create a user with this role and log in as them; returns the user."""
        user = factories.make_user(role=role, **user_overrides)
        response = self.login(user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def coordinator(auth):
    """A coordinator, logged in through the form."""
    return auth.login_as("coordinator")


@pytest.fixture
def edition(app):
    """An open edition with the default rubric."""
    return factories.make_edition()
