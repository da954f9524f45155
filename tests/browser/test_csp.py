"""The pages work under our Content-Security-Policy: not one violation in real Chromium."""
from __future__ import annotations

import time

from juror_app.core.extensions import db
from juror_app.models import Contact, ContactStatus
from tests.browser.conftest import login
from tests.browser.offline_support import arrange, fill_visit, wait_for_server
from tests.factories import PASSWORD, make_assignment, make_contact, make_user

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def watch(context, page) -> list[str]:
    """Violations seen in the page (event) and in the console (also the worker's)."""
    context.add_init_script(LISTEN)
    console = []
    page.on("console", lambda msg: console.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    return console


def violations(page, console) -> list[str]:
    return page.evaluate("window.__csp || []") + console


def wait_until(page, expression: str, timeout_s: float = 15) -> None:
    """Poll from outside: Playwright's wait_for_function compiles its predicate with eval,
    which this very policy forbids (the other browser tests run with bypass_csp)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"never true: {expression}")
        page.wait_for_timeout(100)


def policed_context(browser, **options):
    """A browser profile that keeps our policy on: the shared `context` fixture bypasses
    it (bypass_csp), and under it not one of these checks could fail."""
    return browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw", **options)


def assert_heard_inline_script(page, console) -> None:
    """The listener does hear a violation: an injected inline script is one (and, the
    policy being on, it does not run)."""
    page.evaluate("() => { const s = document.createElement('script');"
                  " s.textContent = 'window.__ran = 1'; document.head.append(s); }")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in violations(page, console))


def test_login_and_the_offline_app_run_without_violations(live_app, live_server, browser):
    # window.__csp starts empty at every page load, so each page is checked before the next.
    with policed_context(browser, viewport={"width": 360, "height": 740}) as context:
        page = context.new_page()
        page.set_default_timeout(10_000)
        console = watch(context, page)
        page.goto(live_server.url + "/login")
        assert violations(page, console) == []
        juror, (assignment_id,) = arrange()
        login(page, live_server, juror.email, PASSWORD)
        assert violations(page, console) == []  # the page the login lands on
        page.goto(live_server.url + "/app/")
        wait_until(page, "navigator.serviceWorker.controller !== null")
        page.locator("[data-assignment-id]").first.wait_for()
        fill_visit(page, assignment_id, notes="pod CSP")
        wait_until(page, "document.querySelector('#queue-status').dataset.count === '0'")
        found = wait_for_server(live_app, page, lambda found: found)
        assert [c.notes for c in found] == ["pod CSP"]
        assert violations(page, console) == []
        page.goto(live_server.url + "/app/")  # now served by the service worker
        page.locator("[data-assignment-id]").first.wait_for()
        assert violations(page, console) == []
        assert_heard_inline_script(page, console)  # the worker's copy keeps the policy


def test_the_review_desk_runs_without_violations(live_app, live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = watch(context, page)
    coordinator = make_user("coordinator")
    contact = make_contact(make_assignment(juror=make_user("juror")), channel="phone")
    login(page, live_server, coordinator.email, PASSWORD)
    page.goto(live_server.url + "/review/")
    page.get_by_label("Kanał").select_option("phone")  # htmx swaps the results in place
    page.wait_for_url("**/review/?*channel=phone*")
    page.goto(live_server.url + f"/review/contacts/{contact.id}")
    page.get_by_role("button", name="Zatwierdź").click()
    page.get_by_text("Kontakt zatwierdzony.").wait_for()
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).status == ContactStatus.APPROVED
    assert violations(page, console) == []
    assert_heard_inline_script(page, console)
    context.close()
