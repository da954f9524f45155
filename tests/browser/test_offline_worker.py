"""The service worker: one versioned shell cache, replaced (not kept beside) on a new release."""
from tests.browser.offline_support import arrange, open_app

SHELL_CACHES = """async () => (await caches.keys()).filter((name) => name.startsWith('shell-'))"""
UPDATE = """async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration.update();
}"""


def test_new_version_replaces_the_old_shell_cache(live_app, live_server, page):
    juror, _ = arrange()
    open_app(page, live_server, juror)
    [first] = page.evaluate(SHELL_CACHES)
    version = first.removeprefix("shell-")
    assert f"const VERSION = '{version}'" in page.request.get(live_server.url + "/sw.js").text()
    page.reload()  # the first visit ran before the worker took control
    page.locator("[data-assignment-id]").first.wait_for()
    # The list is drawn from IndexedDB at once; the worker stores the network's answer behind it.
    page.wait_for_function("async () => !!(await caches.match('/api/v1/me/assignments'))",
                           timeout=15_000)  # the work list is kept for offline use too
    assert page.get_attribute("body", "data-photo-edge") == "1600"

    live_app.config["PHOTO_UPLOAD_EDGE"] = 1200  # a release that changes the shell
    page.evaluate("""() => { window.__swChanged = new Promise((ok) =>
        navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true })); }""")
    page.evaluate(UPDATE)
    page.evaluate("() => window.__swChanged")  # the new worker took over this page
    page.wait_for_function(f"""async () => {{
        const names = (await caches.keys()).filter((n) => n.startsWith('shell-'));
        return names.length === 1 && names[0] !== '{first}';
    }}""", timeout=15_000)
    page.reload()
    page.locator("[data-assignment-id]").first.wait_for()
    assert page.get_attribute("body", "data-photo-edge") == "1200", "served from the new cache"
