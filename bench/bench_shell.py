"""Offline app: the shell's size, its first load, offline reload, photo bytes — ours beside
a baseline measured in the same run (ratios, not absolute times: the machine is shared).

Baseline: the app as it was before the shell became one bundle (commit BASELINE, the
parent of "First load: the offline app is one esbuild bundle", 23 separate modules), taken
with `git archive` into a temporary folder. Both trees are served the same way, each by
bench/shell_server.py in its own process, and measured by the same code here.

- precache list: every file the service worker precaches, fetched once each (raw bytes;
  and gzip -6 of each, which a proxy compressing text would send — the app server itself
  sends it uncompressed);
- first load on the wire: what the app server sent while Chromium (360 px) opened /app/
  for the first time and its worker installed — every request the page and the worker
  made, headers + bodies as sent; how many URLs came more than once; and the same
  responses as Caddy's `encode gzip` would send them;
- offline reload → interactive capture form (median of ROUNDS);
- issue 15.8 on Lighthouse's Slow 4G with 4× CPU slowdown, in two profiles (DevTools'
  562.5 ms per request, and the 150 ms RTT that Lighthouse's default simulated throttling
  models): LCP, total blocking time, requests before the list shows, cold and from the
  worker, against the issue's targets, and which profile the issue's own baseline
  (2.2–2.4 s for the old shell) matches (see bench/shell_timing.py);
- ours only: bytes the phone uploads for the Nokia 8.3 photo against its original.

Repeat with `make bench BENCH_ARGS=shell` (or `.venv/bin/python -m bench shell`). Needs
Debian's Chromium for everything but the precache list, and git for the baseline.
"""
from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench import shell_timing

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "c03c5de1f8476a7ee55f21fb936d34e370371f6b"
ROUNDS = 7
NOKIA = ROOT.parent / "shared" / "photos" / "mobile_HMD_Nokia_8.3_5G.jpg"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "correct-horse-42"  # tests/factories.PASSWORD, in both trees


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(f"git archive {BASELINE} | tar -x -C {tmp}", shell=True, check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        with _served(tmp, tmp / "work-baseline") as baseline, \
                _served(ROOT, tmp / "work-ours") as ours:
            sides = {"baseline": baseline, "ours": ours}
            figures = {name: {k: v for k, v in side.items() if k.startswith("shell_")}
                       for name, side in sides.items()}
            _browser(sides, figures)
    _print(figures)
    return figures


@contextmanager
def _served(tree: Path, work: Path):
    """Our shell_server.py serving `tree`; yields its first line (port, juror, sizes)."""
    work.mkdir(parents=True)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "shell_server.py"), str(tree), str(work)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"shell_server.py for {tree} exited with {process.wait()}")
        info = json.loads(line)
        info["url"] = f"http://127.0.0.1:{info['port']}"
        yield info
    finally:
        process.stdin.close()  # its signal to stop
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _bench_get(side: dict, what: str):
    with urllib.request.urlopen(f"{side['url']}/__bench/{what}", timeout=30) as answer:
        return json.load(answer)


def _browser(sides: dict, figures: dict) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        figures["browser"] = "playwright missing"
        return
    if not Path(CHROMIUM).exists():
        figures["browser"] = "chromium missing"
        return
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for name, side in sides.items():
            figures[name].update(_first_load_and_offline(browser, side, upload=name == "ours"))
        throttle = shell_timing.WorkerThrottle(browser)
        for profile, (conditions, _) in shell_timing.PROFILES.items():
            rounds: dict[str, list] = {name: [] for name in sides}
            for _ in range(shell_timing.ROUNDS):  # interleaved: both sides see the same load
                for name, side in sides.items():
                    rounds[name].append(shell_timing.one_round(
                        browser, side["url"], lambda page, s=side: _log_in(page, s),
                        throttle, conditions))
            for name in sides:
                figures[name].setdefault("slow_4g", {})[profile] = \
                    shell_timing.medians(rounds[name])
        browser.close()


def _log_in(page, side: dict) -> None:
    page.goto(side["url"] + "/login")
    page.get_by_label("Adres e-mail").fill(side["email"])
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_load_state("networkidle")


def _first_load_and_offline(browser, side: dict, upload: bool) -> dict:
    # The app's CSP stays on, as in production: no wait_for_function (see shell_timing).
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL",
                                  timezone_id="Europe/Warsaw")
    page = context.new_page()
    _log_in(page, side)
    _bench_get(side, "wire")  # from here: the phone's first load of the app
    page.goto(side["url"] + "/app/")
    shell_timing.wait_until(page, "navigator.serviceWorker.controller !== null", 15)
    page.locator("[data-assignment-id]").first.wait_for()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)  # the worker's precache may still be filling
    figures = wire_figures(_bench_get(side, "wire"))
    figures["offline_to_form_ms"] = _offline_reload(context, page, side)
    if upload:
        figures.update(_upload(page, side))
    context.close()
    return figures


def wire_figures(log: list[dict]) -> dict:
    """Requests, bytes as sent, repeated URLs, and the bytes behind a gzip-ing proxy."""
    urls: dict[str, int] = {}
    for e in log:
        urls[e["path"]] = urls.get(e["path"], 0) + 1
    return {"first_load_requests": len(log),
            "first_load_bytes": sum(e["headers"] + e["body"] for e in log),
            "first_load_bytes_via_gzip_proxy": sum(e["headers"] + e["gzip_body"] for e in log),
            "first_load_repeated_urls": {u: n for u, n in urls.items() if n > 1}}


def _offline_reload(context, page, side: dict) -> dict:
    """Offline reload of the capture screen until its criteria can be tapped."""
    context.set_offline(True)
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        # A new query string makes it a real navigation (a hash change alone would not reload).
        page.goto(f"{side['url']}/app/?round={len(times)}#/capture/{side['assignment_id']}/visit")
        page.locator("form.capture .segmented label").first.wait_for(state="visible")
        times.append((time.perf_counter() - started) * 1000)
    context.set_offline(False)
    return {"median": round(statistics.median(times), 1), "max": round(max(times), 1),
            "rounds": ROUNDS}


def _upload(page, side: dict) -> dict:
    """Bytes the phone sends for the Nokia photo (shrunk on the phone) vs the original."""
    if not NOKIA.exists():
        return {"nokia": "sample photo missing"}
    page.evaluate(f"window.location.hash = '#/capture/{side['assignment_id']}/visit'")
    page.locator("form.capture").wait_for()
    page.set_input_files("#photo-gallery", str(NOKIA))
    page.locator(".photo-list li").first.wait_for(timeout=20_000)
    page.get_by_role("button", name="Wchodzę — start").click()
    page.get_by_role("button", name="Koniec wizyty").click()
    for group in page.locator(".criterion[role=radiogroup]").all():
        group.locator("label").nth(5).click()
    page.fill("[name=m-waiting_minutes]", "3")
    page.get_by_role("button", name="Zapisz i wyślij").click()
    sizes: list[int] = []
    for _ in range(200):  # the status bar may still show the count from before the save
        sizes = _bench_get(side, "photos")
        if sizes:
            break
        page.wait_for_timeout(100)
    original = NOKIA.stat().st_size
    sent = sizes[0] if sizes else 0
    return {"nokia_original_bytes": original, "nokia_uploaded_bytes": sent,
            "nokia_ratio": round(original / sent, 1) if sent else None}


def _row(label: str, old, new, unit: str = "", target: str = "") -> None:
    ratio = f"{old / new:5.2f}×" if isinstance(old, int | float) and old and new else "     "
    print(f"  {label:<44} {old!s:>10}{unit:<3} {new!s:>10}{unit:<3} {ratio}  {target}")


def _print(f: dict) -> None:
    old, new = f["baseline"], f["ours"]
    print(f"baseline = {BASELINE[:10]} (before the bundle); ratio = baseline / ours")
    print(f"  {'':<44} {'baseline':>13} {'ours':>13} {'ratio':>6}  target (issue 15.8)")
    _row("precache list: files", old["shell_files"], new["shell_files"])
    _row("precache list: kB as sent", round(old["shell_bytes"] / 1024, 1),
         round(new["shell_bytes"] / 1024, 1))
    _row("precache list: kB gzipped (level 6)", round(old["shell_gzip_bytes"] / 1024, 1),
         round(new["shell_gzip_bytes"] / 1024, 1))
    if "first_load_requests" not in new:
        print(f"(no browser figures: {f.get('browser')})")
        return
    _row("first load on the wire: requests", old["first_load_requests"],
         new["first_load_requests"])
    _row("first load on the wire: kB as sent", round(old["first_load_bytes"] / 1024, 1),
         round(new["first_load_bytes"] / 1024, 1))
    _row("first load: kB behind a gzip proxy",
         round(old["first_load_bytes_via_gzip_proxy"] / 1024, 1),
         round(new["first_load_bytes_via_gzip_proxy"] / 1024, 1))
    _row("offline reload → form, median", old["offline_to_form_ms"]["median"],
         new["offline_to_form_ms"]["median"], "ms")
    print(f"  fetched more than once: baseline {old['first_load_repeated_urls']}, "
          f"ours {new['first_load_repeated_urls']}")
    for profile, (_, label) in shell_timing.PROFILES.items():
        _print_profile(old["slow_4g"][profile], new["slow_4g"][profile], label)
    matches = shell_timing.nearest_to_issue(
        {p: old["slow_4g"][p]["cold_lcp_ms"] for p in shell_timing.PROFILES})
    low, high = shell_timing.ISSUE_BASELINE_LCP_MS
    print(f"  The issue's baseline (old shell, LCP {low / 1000:.1f}–{high / 1000:.1f} s) matches "
          f"the '{matches}' profile: old shell cold LCP "
          + ", ".join(f"{p} {old['slow_4g'][p]['cold_lcp_ms']:.0f} ms"
                      for p in shell_timing.PROFILES))
    if new.get("nokia_uploaded_bytes"):
        print(f"Nokia 8.3 photo (ours): {new['nokia_original_bytes']:,} B original → "
              f"{new['nokia_uploaded_bytes']:,} B uploaded ({new['nokia_ratio']}× smaller)")


def _print_profile(s_old: dict, s_new: dict, label: str) -> None:
    t = shell_timing.TARGETS
    print(f"{label} + {shell_timing.CPU_SLOWDOWN}× CPU, 360 px, median of {s_new['rounds']} "
          "rounds each, interleaved:")
    _row("cold: LCP", s_old["cold_lcp_ms"], s_new["cold_lcp_ms"], "ms",
         _verdict(s_new["cold_lcp_ms"], t["cold_lcp_ms"], "ms"))
    _row("cold: total blocking time", s_old["cold_tbt_ms"], s_new["cold_tbt_ms"], "ms")
    _row("cold: work list shown", s_old["cold_list_ms"], s_new["cold_list_ms"], "ms")
    _row("cold: requests before the list shows", s_old["cold_requests"],
         s_new["cold_requests"], "", _verdict(s_new["cold_requests"], t["cold_requests"], ""))
    _row("cold: kB transferred before the list shows", s_old["cold_kb"], s_new["cold_kb"])
    _row("from the worker: LCP", s_old["worker_lcp_ms"], s_new["worker_lcp_ms"], "ms",
         _verdict(s_new["worker_lcp_ms"], t["worker_lcp_ms"], "ms"))
    _row("from the worker: total blocking time", s_old["worker_tbt_ms"],
         s_new["worker_tbt_ms"], "ms")
    _row("from the worker: work list shown", s_old["worker_list_ms"],
         s_new["worker_list_ms"], "ms")
    for phase in ("cold", "worker"):
        print(f"  ours, {phase}: requests before the list, in start order (last round): "
              f"{', '.join(s_new[f'{phase}_paths'])}")
    print(f"  LCP of each round (ms): baseline cold {_all(s_old, 'cold')}, worker "
          f"{_all(s_old, 'worker')}; ours cold {_all(s_new, 'cold')}, worker "
          f"{_all(s_new, 'worker')}")
    if not (s_old["worker_throttled"] and s_new["worker_throttled"]):
        print("  (the service worker's own fetches could not be throttled in some rounds)")


def _verdict(value: float, target: float, unit: str) -> str:
    return f"≤ {target}{' ' + unit if unit else ''} {'met' if value <= target else 'MISSED'}"


def _all(side: dict, phase: str) -> list:
    return [round(r[phase]["lcp_ms"]) for r in side["raw"]]
