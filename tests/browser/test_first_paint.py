"""The work list the phone keeps is drawn before any request answers (issue 15.8), and
still never shows the previous juror's list to the next one on a shared phone.

The network is "held" in the server: requests to /app/csrf, /app/token and
/api/v1/me/assignments wait until the test lets them go (page.route cannot see the
service worker's own fetches)."""
import threading

from tests.browser.conftest import login
from tests.browser.offline_support import arrange, open_app
from tests.factories import PASSWORD

HELD = ("/app/csrf", "/app/token", "/api/v1/me/assignments")

# Every work-list row that ever reaches the DOM, even for a moment.
RECORD_ROWS = """(() => {
  const seen = window.__rows = new Set();
  new MutationObserver(() => document.querySelectorAll('[data-assignment-id]')
    .forEach((row) => seen.add(row.dataset.assignmentId)))
    .observe(document, { childList: true, subtree: true });
})();"""


class HeldNetwork:
    """WSGI wrapper: requests to HELD paths wait until release(); the others pass."""

    def __init__(self, app):
        self.app, self.inner = app, app.wsgi_app
        self.gate = threading.Event()
        self.arrived: list[str] = []
        app.wsgi_app = self

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"] in HELD:
            self.arrived.append(environ["PATH_INFO"])
            self.gate.wait(30)
        return self.inner(environ, start_response)

    def release(self):
        self.gate.set()
        self.app.wsgi_app = self.inner


def test_from_the_worker_the_kept_list_shows_while_the_network_is_held(
        live_app, live_server, page):
    juror, ids = arrange()
    open_app(page, live_server, juror)
    held = HeldNetwork(live_app)
    try:
        page.reload(wait_until="commit")
        page.locator(f"[data-assignment-id='{ids[0]}']").wait_for(timeout=10_000)
        assert not held.gate.is_set()
        page.wait_for_timeout(300)  # the refresh behind the list has started by now
        assert "/api/v1/me/assignments" in held.arrived, held.arrived
    finally:
        held.release()
    page.locator("#queue-status").get_by_text("Wszystko wysłane").wait_for()
    assert page.locator(f"[data-assignment-id='{ids[0]}']").count() == 1
    assert page.locator("#relogin").is_hidden()


def test_the_next_juror_never_sees_the_kept_list_of_the_previous_one(
        live_app, live_server, context, page):
    juror1, first_ids = arrange()
    juror2, second_ids = arrange()
    open_app(page, live_server, juror1)
    page.goto(live_server.url + "/juror/")
    page.locator("#logout-form button").click()
    page.wait_for_url("**/login")
    login(page, live_server, juror2.email, PASSWORD)

    context.add_init_script(RECORD_ROWS)
    held = HeldNetwork(live_app)
    try:
        page.goto(live_server.url + "/app/")  # the worker's cached shell: no user in it
        page.locator("#view h1").wait_for()
        page.wait_for_timeout(1500)  # long enough to draw a kept list, had it been kept
        assert page.evaluate("[...window.__rows]") == []
    finally:
        held.release()
    page.locator(f"[data-assignment-id='{second_ids[0]}']").wait_for()
    assert sorted(page.evaluate("[...window.__rows]")) == sorted(str(i) for i in second_ids)
