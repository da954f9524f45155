"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server."""
from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from juror_app.core.extensions import db
from tests.conftest import make_test_app
from tests.pg_cluster import free_port

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without these Chromium keeps calling home, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


# playwright_instance lives in tests/conftest.py: one Playwright per run, shared with
# tests/deploy/ (a second sync Playwright cannot start while one runs).


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def closed_at_once(app):
    """Each response read whole and closed before the dev server writes it.

    Why: werkzeug's dev server drains the socket after a response and only then closes
    the response (serving.py, execute's finally); when the browser resets the connection
    during that drain, the read raises first and a file response (a static CSS) keeps its
    handle open — the ResourceWarning then fails whichever test the garbage collector
    happens to run in. gunicorn closes it; here the test responses are small."""
    def wsgi(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()
    return wsgi


class LiveServer:
    def __init__(self, app, port: int):
        self.app = app
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._server = make_server("127.0.0.1", port, closed_at_once(app), threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture
def live_app(tmp_path, app_config):
    """The app on its own SQLite file, with an app context for arranging data."""
    app = make_test_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path,
                        WTF_CSRF_ENABLED=True, **app_config)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    server = LiveServer(live_app, free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def context(browser):
    """A fresh browser profile per test, phone-sized by default."""
    # bypass_csp: Playwright's wait_for_function compiles its predicate with eval, which
    # our policy forbids; tests/browser/test_csp.py checks the policy without it.
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL",
                              timezone_id="Europe/Warsaw", bypass_csp=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def login(page, server: LiveServer, email: str, password: str) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_load_state()
