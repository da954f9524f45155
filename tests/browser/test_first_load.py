"""A cold first load of /app/ fetches one bundle and one stylesheet, not a module graph,
asks for its device token without a /app/csrf round trip, and the service worker keeps
the bundle for offline (issue 15.8; figures: bench shell)."""
from tests.browser.conftest import login
from tests.browser.offline_support import arrange
from tests.factories import PASSWORD


def test_cold_app_load_is_at_most_six_requests_and_the_worker_keeps_the_bundle(
        live_app, live_server, page):
    juror, _ = arrange()
    login(page, live_server, juror.email, PASSWORD)
    seen = []
    page.on("request", lambda r: seen.append((r.resource_type, r.url)))
    page.goto(live_server.url + "/app/")
    page.locator("[data-assignment-id]").first.wait_for()
    page.wait_for_load_state("load")
    shell = [url for kind, url in seen
             if kind in ("document", "script", "stylesheet", "image", "font", "manifest", "other")
             and "/api/" not in url and "/app/csrf" not in url and "/app/token" not in url
             and not url.endswith("/sw.js")]
    assert len(shell) <= 6, shell
    scripts = [url for kind, url in seen if kind == "script"]
    assert len(scripts) == 1 and "/static/dist/app.js?v=" in scripts[0], scripts
    # The page the browser navigated to carries the session's CSRF token and juror: no
    # /app/csrf round trip before the token (it was asked twice, one after the other).
    paths = [url.split("?")[0].removeprefix(live_server.url) for _, url in seen]
    assert paths.count("/app/csrf") == 0 and paths.count("/app/token") == 1, paths

    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15_000)
    cached = page.evaluate("""async () => {
      const names = (await caches.keys()).filter((n) => n.startsWith('shell-'));
      const cache = await caches.open(names[0]);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    }""")
    assert "/static/dist/app.js" in cached and "/static/dist/app.css" in cached
