"""Issue 15.8's figures: LCP and total blocking time of /app/ over Lighthouse's Slow 4G.

Chromium throttled through CDP at 360 px with a 4× CPU slowdown, under two readings of
Lighthouse's mobile Slow 4G (PROFILES):

- "devtools": Lighthouse's DevTools ("applied") throttling constants — 150 ms RTT × 3.75
  = 562.5 ms latency added to every request, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up;
- "simulated": the conditions Lighthouse's default *simulated* throttling (Lantern)
  models — 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up — applied as such. Lantern replays
  an unthrottled trace through a model (round trips per connection, not a fixed delay per
  request), so this is its nearest applied equivalent, not the same computation; it is
  what a Lighthouse report run with default settings (and the issue's baseline) shows.

The page is throttled, and so is the service worker once it exists (its own target: the
assignments it fetches network-first would otherwise skip the throttle); the worker's
CPU is not slowed.

- cold: a fresh profile logs in (unthrottled), the HTTP cache is cleared, then /app/ is
  opened throttled: no worker, nothing cached;
- from the worker: the same page reloaded once the worker controls it.

Read in the page (an init script, so the app's CSP allows it): the last
'largest-contentful-paint' entry; 'longtask' entries; the moment the first work-list row
([data-assignment-id]) is in the DOM ("list shown"). Total blocking time = Σ (duration −
50 ms) over the long tasks that start before max(LCP, list shown) — from navigation start,
where Lighthouse starts at first contentful paint, so it is if anything the larger figure.
Requests and kB: resource-timing entries (and the document) started before the list was
shown — what the page needed to show it, not the worker's precache behind it.
"""
from __future__ import annotations

import json
import statistics
import time

SLOW_4G = {"offline": False, "latency": 150 * 3.75,
           "downloadThroughput": 1.6 * 1024 * 1024 * 0.9 / 8,
           "uploadThroughput": 750 * 1024 * 0.9 / 8}
SIMULATED_SLOW_4G = {"offline": False, "latency": 150,
                     "downloadThroughput": 1.6 * 1024 * 1024 / 8,
                     "uploadThroughput": 750 * 1024 / 8}
# name → (network conditions, how the report labels it)
PROFILES = {
    "devtools": (SLOW_4G, "DevTools Slow 4G: 562.5 ms per request, 1.44/0.66 Mbit/s"),
    "simulated": (SIMULATED_SLOW_4G, "Lighthouse simulated Slow 4G: 150 ms RTT, 1.6/0.75 Mbit/s"),
}
CPU_SLOWDOWN = 4
ROUNDS = 3
# Issue 15.8's targets, and the old shell's LCP as the issue measured it.
TARGETS = {"cold_lcp_ms": 1000, "worker_lcp_ms": 500, "cold_requests": 6}
ISSUE_BASELINE_LCP_MS = (2200, 2400)

OBSERVE = """(() => {
  if (window.top !== window) return;
  const m = window.__bench = { lcp: 0, tasks: [], ready: 0 };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) m.lcp = e.startTime; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) m.tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const seen = () => {
    if (!m.ready && document.querySelector('[data-assignment-id]')) m.ready = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
})();"""

READ = """(() => {
  const m = window.__bench;
  const end = Math.max(m.lcp, m.ready);
  const blocking = m.tasks.filter(([start]) => start < end)
    .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  const loaded = [
    ...performance.getEntriesByType('navigation'),
    ...performance.getEntriesByType('resource')].filter((e) => e.startTime <= m.ready);
  return { lcp_ms: m.lcp, tbt_ms: blocking, list_ms: m.ready, requests: loaded.length,
           kb: loaded.reduce((sum, e) => sum + (e.transferSize || 0), 0) / 1024,
           paths: loaded.map((e) => new URL(e.name).pathname) };
})()"""


def wait_until(page, expression: str, timeout_s: float = 60) -> None:
    """Poll with evaluate: wait_for_function compiles its predicate with eval, which the
    app's CSP (script-src 'self') refuses, and the bench keeps the CSP on as production."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(50)


def measure(page) -> dict:
    wait_until(page, "!!(window.__bench && window.__bench.ready)")
    page.wait_for_timeout(500)  # the paint after the list lands reports its LCP entry
    return {k: round(v, 1) if isinstance(v, int | float) else v
            for k, v in page.evaluate(READ).items()}


class WorkerThrottle:
    """Slow 4G on the service worker's own target, over a browser-level CDP session
    (Playwright gives no CDP session for a worker)."""

    def __init__(self, browser):
        self.cdp = browser.new_browser_cdp_session()
        self.sessions: list[str] = []

    def apply(self, origin: str, conditions: dict) -> bool:
        targets = self.cdp.send("Target.getTargets")["targetInfos"]
        workers = [t for t in targets if t["type"] == "service_worker"
                   and t["url"].startswith(origin)]
        for target in workers:
            session = self.cdp.send("Target.attachToTarget",
                                    {"targetId": target["targetId"], "flatten": False})
            self.sessions.append(session["sessionId"])
            message = {"id": 1, "method": "Network.emulateNetworkConditions",
                       "params": conditions}
            self.cdp.send("Target.sendMessageToTarget", {"sessionId": session["sessionId"],
                                                         "message": json.dumps(message)})
        return bool(workers)

    def release(self) -> None:
        for session in self.sessions:
            try:
                self.cdp.send("Target.detachFromTarget", {"sessionId": session})
            except Exception:  # noqa: BLE001 — the worker went with its context
                pass
        self.sessions.clear()


def one_round(browser, url: str, log_in, throttle: WorkerThrottle,
              conditions: dict = SLOW_4G) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL",
                                  timezone_id="Europe/Warsaw")
    try:
        context.add_init_script(OBSERVE)
        page = context.new_page()
        log_in(page)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.emulateNetworkConditions", conditions)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(url + "/app/", wait_until="commit", timeout=120_000)
        cold = measure(page)
        wait_until(page, "navigator.serviceWorker.controller !== null")
        worker_throttled = throttle.apply(url, conditions)
        page.reload(wait_until="commit", timeout=120_000)
        warm = measure(page)
        return {"cold": cold, "worker": warm, "worker_throttled": worker_throttled}
    finally:
        throttle.release()
        context.close()


def medians(rounds: list[dict]) -> dict:
    """Median of each figure; every round's figures kept under "raw" (the spread), and
    the last round's request paths before the list showed (what it waited for)."""
    out = {"rounds": len(rounds),
           "worker_throttled": all(r["worker_throttled"] for r in rounds), "raw": rounds}
    for phase in ("cold", "worker"):
        for key in rounds[0][phase]:
            if key == "paths":
                out[f"{phase}_paths"] = rounds[-1][phase][key]
                continue
            out[f"{phase}_{key}"] = round(statistics.median(r[phase][key] for r in rounds), 1)
    return out


def nearest_to_issue(cold_lcp_by_profile: dict[str, float]) -> str:
    """The profile whose cold LCP of the old shell lies nearest the issue's 2.2–2.4 s."""
    low, high = ISSUE_BASELINE_LCP_MS
    return min(cold_lcp_by_profile,
               key=lambda name: max(low - cold_lcp_by_profile[name],
                                    cold_lcp_by_profile[name] - high, 0))
