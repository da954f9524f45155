"""Two app servers behind Caddy, for real: a juror's phone works over HTTPS through the
balancer, a coordinator on the other server sees and approves the contact, and the login
limit counts across both servers (Redis).

One module-scoped stack (tests/deploy/conftest.py: Caddy with deploy/Caddyfile, two
gunicorns with deploy/gunicorn.conf.py, the run's PostgreSQL, redis-server); bounded:
every wait has a timeout, the whole module takes well under a minute.
"""
from __future__ import annotations

import http.cookiejar
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import sqlalchemy as sa

from juror_app.assets.fingerprint import fingerprint
from juror_app.core.extensions import db
from juror_app.models import Contact, ContactStatus
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.offline_support import arrange, fill_visit, photo, wait_unsynced
from tests.deploy.conftest import DEPLOY, LOGIN_LIMIT
from tests.deploy.stack import INSECURE
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium(playwright_instance):
    # Caddy's internal CA is trusted nowhere: Chromium must accept it, service worker too.
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, "--ignore-certificate-errors"])
    yield browser
    browser.close()


def new_page(chromium, **options):
    context = chromium.new_context(ignore_https_errors=True, locale="pl-PL",
                                   timezone_id="Europe/Warsaw", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def poll(page, expression: str, timeout_ms: int) -> None:
    """Wait until the expression is true. Not wait_for_function: Playwright compiles its
    predicate with eval, which the app's CSP forbids (this test keeps the CSP on)."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


def log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_load_state()


CONTACT_PUT = re.compile(r'"PUT /api/v1/contacts/[^/?" ]+[ ?]')


def contact_puts(server) -> list[str]:
    """The server's access lines for a contact's PUT (not its photos' or chunks')."""
    return [line for line in server.lines() if CONTACT_PUT.search(line)]


def contacts(app) -> list[Contact]:
    db.session.commit()
    return list(db.session.scalars(sa.select(Contact)))


def test_phone_through_the_balancer_and_a_coordinator_on_the_other_server(scale_out,
                                                                          chromium):
    stack = scale_out
    stack.redis.flush()
    with stack.app.app_context():
        juror, (assignment_id,) = arrange()  # an edition around today, as the phone tests
        coordinator = make_user("coordinator")
        juror_email, coordinator_email = juror.email, coordinator.email

    context, page = new_page(chromium, viewport={"width": 360, "height": 740})
    base = stack.proxy.url
    log_in(page, base, juror_email)
    shell = page.goto(base + "/app/")
    # The app's own CSP arrives once, untouched by the proxy, and the app works under it.
    policy = shell.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "\n" not in policy
    poll(page, "navigator.serviceWorker.controller !== null", 20_000)
    page.locator("[data-assignment-id]").first.wait_for()

    context.set_offline(True)
    page.reload()
    page.locator("[data-assignment-id]").first.wait_for()
    fill_visit(page, assignment_id, notes="Za dwoma serwerami",
               photos=[photo("gps_DSCN0010.jpg")])
    wait_unsynced(page, 1)
    context.set_offline(False)
    poll(page, "document.querySelector('#queue-status').dataset.count === '0'", 20_000)
    context.close()

    with stack.app.app_context():
        [contact] = contacts(stack.app)
        assert contact.notes == "Za dwoma serwerami" and len(contact.photos) == 1
        contact_id = contact.id
        [stored] = contact.photos
        assert list(stack.media.rglob(f"{stored.storage_key.split('/')[-1]}*"))

    # Both servers served the phone's API calls (round robin through Caddy).
    api_lines = [server.lines(" /api/v1/") for server in stack.servers]
    assert all(api_lines), f"API requests per server: {[len(x) for x in api_lines]}"
    # Caddy's request id reached gunicorn's access log.
    assert all(re.search(r"rid=[0-9a-f-]{36}$", lines[-1]) for lines in api_lines)

    # The coordinator works on the server that did not store the contact: the phone sent
    # it with one PUT /api/v1/contacts/<client id> (its photos went in PUTs below that).
    creators = [s for s in stack.servers if contact_puts(s)]
    assert len(creators) == 1, {s.name: contact_puts(s) for s in stack.servers}
    [other] = [s for s in stack.servers if s not in creators]
    desk_context, desk = new_page(chromium, viewport={"width": 1280, "height": 900})
    direct = f"http://127.0.0.1:{other.port}"  # loopback: Chromium keeps Secure cookies
    log_in(desk, direct, coordinator_email)
    desk.goto(direct + f"/review/contacts/{contact_id}")
    assert "Za dwoma serwerami" in desk.content()
    desk.get_by_role("button", name="Zatwierdź").click()
    desk.locator("#review-panel .flash-success").wait_for()
    desk_context.close()
    assert other.lines(f"POST /review/contacts/{contact_id}")
    with stack.app.app_context():
        [contact] = contacts(stack.app)
        assert contact.status == ContactStatus.APPROVED


class Visitor:
    """A client without a browser: cookies, the login form's CSRF token, HTTPS to Caddy."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            urllib.request.HTTPSHandler(context=INSECURE))

    def open(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, request id, body)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body,
                                         headers={"Referer": self.base + path})
        try:
            answer = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            answer = error
        with answer:
            return answer.status, answer.headers.get("X-Request-ID", ""), answer.read().decode()

    def login_token(self) -> str:
        page = self.open("/login")[2]
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def wrong_login(self, token: str) -> tuple[int, str]:
        status, request_id, _ = self.open(
            "/login", {"email": "nikt@example.org", "password": "zle-haslo-123",
                       "csrf_token": token})
        return status, request_id


def test_login_limit_holds_across_both_servers(scale_out):
    """With memory:// each server would allow the limit again; Redis counts once for all.

    The database's per-account lock is raised out of reach in this stack (conftest), so a
    429 here can only come from Flask-Limiter's count in the shared Redis.
    """
    stack = scale_out
    stack.redis.flush()
    visitor = Visitor(stack.proxy.url)
    token = visitor.login_token()  # one form, posted again and again: POSTs alternate
    answers = [visitor.wrong_login(token) for _ in range(LOGIN_LIMIT + 2)]
    statuses = [status for status, _ in answers]
    assert 429 in statuses, statuses
    allowed = statuses.index(429)
    assert allowed == LOGIN_LIMIT, statuses  # every wrong password counted, on either server
    assert all(status == 429 for status in statuses[allowed:]), statuses
    # The count lives in Redis (Flask-Limiter's "LIMITS:LIMITER/<address>/auth.login/…").
    keys = stack.redis.keys()
    assert any(b"LIMITER" in key and b"login" in key for key in keys), keys
    # The attempts before the limit were spread over both servers.
    served = {server.name for server in stack.servers for _, rid in answers[:allowed]
              if server.lines(f"rid={rid}")}
    assert served == {"app1", "app2"}, served


def test_fingerprinted_static_is_cached_for_a_year_through_the_proxy(scale_out):
    """Only the file's own hash earns a year; a stale or made-up ?v= (an old server in a
    rolling update, answering a new page's URL with its old bytes) is revalidated."""
    proxy = scale_out.proxy
    right = fingerprint(DEPLOY.parent / "static", "css/app.css")
    status, headers = proxy.get(f"/static/css/app.css?v={right}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert headers["Content-Encoding"] == "gzip"
    for stale in ("/static/css/app.css?v=0123abcd0123", "/static/css/app.css"):
        status, headers = proxy.get(stale)
        assert status == 200, stale
        cache = headers.get("Cache-Control") or ""
        assert "immutable" not in cache and "max-age=31536000" not in cache, (stale, cache)
    status, headers = proxy.get("/healthz")
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "camera=(self)" in headers["Permissions-Policy"]


def test_slow_bodies_wait_in_caddy_not_in_gunicorn(scale_out):
    """More trickling uploads than both servers have threads: the site still answers,
    because Caddy reads each body whole before a worker sees it (issue 8, item 8)."""
    proxy = scale_out.proxy
    threads = 4 * len(scale_out.servers)  # GUNICORN_THREADS per server (stack.py)
    tricklers = []
    try:
        for _ in range(threads + 2):
            raw = socket.create_connection(("127.0.0.1", proxy.https_port), timeout=5)
            conn = INSECURE.wrap_socket(raw, server_hostname="localhost")
            conn.sendall(b"POST /login HTTP/1.1\r\nHost: localhost\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: 100000\r\n\r\nemail=")
            tricklers.append(conn)
        time.sleep(1)  # Caddy has read every request's headers by now
        started = time.monotonic()
        status, _ = proxy.get("/api/v1/health")
        assert status == 200
        assert time.monotonic() - started < 3
    finally:
        for conn in tricklers:
            conn.close()
