"""Offline app: shell transfer size, offline reload → interactive capture form, photo bytes.

Shell size, two figures:
- "precache list": every file the service worker precaches, fetched once each (raw bytes;
  and gzip -6 of each, which is what a proxy compressing text would send — the app server
  itself sends it uncompressed);
- "first load on the wire": what the app server actually sent while Chromium (360 px)
  opened /app/ for the first time and its service worker installed — every request the
  page and the worker made, headers + bodies as sent, counted in a WSGI wrapper; plus how
  many URLs were fetched more than once, and the same responses as Caddy's `encode gzip`
  would send them (text, JSON, JS, SVG, manifest compressed at level 6; others as is).

Repeat with `make bench BENCH_ARGS=shell` (or `.venv/bin/python -m bench shell`). Needs
Debian's Chromium for the timing and the upload figures; the size figures need nothing.
"""
from __future__ import annotations

import gzip
import logging
import re
import statistics
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

from juror_app import create_app
from juror_app.core.extensions import db
from juror_app.models import Role

ROUNDS = 7
NOKIA = Path(__file__).resolve().parents[2] / "shared" / "photos" / "mobile_HMD_Nokia_8.3_5G.jpg"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "MEDIA_DIR": str(Path(tmp) / "m"),
        })
        with app.app_context():
            db.create_all()
            email, assignment_id = _arrange()
        figures = _shell_sizes(app)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        app.wsgi_app = _PhotoBytes(_Wire(app.wsgi_app))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            figures.update(_browser(f"http://127.0.0.1:{server.server_port}", email,
                                    assignment_id, app.wsgi_app.sizes,
                                    app.wsgi_app.wsgi_app.log))
        finally:
            server.shutdown()
            with app.app_context():
                db.engine.dispose()
    _print(figures)
    return figures


def _arrange() -> tuple[str, int]:
    from datetime import date, timedelta

    from tests.factories import make_assignment, make_edition, make_participant, make_user

    juror = make_user(Role.JUROR, email="bench-juror@example.org")
    # Fieldwork around today: the phone refuses a contact outside the edition's days.
    today = date.today()
    edition = make_edition(starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30))
    return juror.email, make_assignment(juror, make_participant(edition)).id


def _shell_sizes(app) -> dict:
    """Bytes of every precached file, raw and gzipped at level 6 (the shell as /app/ is
    rendered for a logged-in juror)."""
    from tests.factories import PASSWORD

    client = app.test_client()
    client.post("/login", data={"email": "bench-juror@example.org", "password": PASSWORD})
    worker = client.get("/sw.js").get_data(as_text=True)
    urls = ["/sw.js", *re.findall(r'"(/[^"]+)"', re.search(r"PRECACHE = (\[.*?\]);", worker)[1])]
    raw = gz = 0
    for url in urls:
        response = client.get(url)
        body = response.get_data()
        response.close()
        raw += len(body)
        gz += len(gzip.compress(body, compresslevel=6))
    return {"shell_files": len(urls), "shell_bytes": raw, "shell_gzip_bytes": gz}


COMPRESSED = ("text/", "application/json", "application/javascript", "application/manifest",
              "image/svg+xml")


class _Wire:
    """WSGI wrapper noting every response as sent: path, header and body bytes, type."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.log: list[dict] = []

    def __call__(self, environ, start_response):
        entry = {"path": environ["PATH_INFO"], "query": environ.get("QUERY_STRING", "")}

        def recording(status, headers, exc_info=None):
            entry["status"] = status
            entry["headers"] = len(f"HTTP/1.1 {status}\r\n") + sum(
                len(f"{k}: {v}\r\n") for k, v in headers) + 2
            entry["type"] = dict((k.lower(), v) for k, v in headers).get("content-type", "")
            return start_response(status, headers, exc_info)

        body = b"".join(self.wsgi_app(environ, recording))
        entry["body"] = body
        self.log.append(entry)
        return [body]


def wire_figures(log: list[dict]) -> dict:
    """Requests, bytes as sent, repeated URLs, and the bytes behind a gzip-ing proxy."""
    sent = sum(e["headers"] + len(e["body"]) for e in log)
    proxied = sum(e["headers"] + (len(gzip.compress(e["body"], 6))
                                  if e["type"].startswith(COMPRESSED) else len(e["body"]))
                  for e in log)
    urls: dict[str, int] = {}
    for e in log:
        urls[e["path"]] = urls.get(e["path"], 0) + 1
    repeated = {u: n for u, n in urls.items() if n > 1}
    return {"first_load_requests": len(log), "first_load_bytes": sent,
            "first_load_bytes_via_gzip_proxy": proxied, "first_load_repeated_urls": repeated}


class _PhotoBytes:
    """WSGI wrapper noting the body size of every photo PUT, as the server received it."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.sizes: list[int] = []

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] == "PUT" and "/photos/" in environ["PATH_INFO"]:
            self.sizes.append(int(environ.get("CONTENT_LENGTH") or 0))
        return self.wsgi_app(environ, start_response)


def _browser(url: str, email: str, assignment_id: int, sizes: list[int],
             wire: list[dict]) -> dict:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"browser": "playwright missing"}
    if not Path(CHROMIUM).exists():
        return {"browser": "chromium missing"}
    from tests.factories import PASSWORD

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL",
                                      timezone_id="Europe/Warsaw")
        page = context.new_page()
        page.goto(url + "/login")
        page.get_by_label("Adres e-mail").fill(email)
        page.get_by_label("Hasło").fill(PASSWORD)
        page.get_by_role("button", name="Zaloguj się").click()
        page.wait_for_load_state("networkidle")
        wire.clear()  # from here: the phone's first load of the app
        page.goto(url + "/app/")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15_000)
        page.locator("[data-assignment-id]").first.wait_for()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)  # the worker's precache may still be filling
        figures = wire_figures(list(wire))
        figures["offline_to_form_ms"] = _offline_reload(context, page, url, assignment_id)
        figures.update(_upload(page, assignment_id, sizes))
        browser.close()
    return figures


def _offline_reload(context, page, url: str, assignment_id: int) -> dict:
    """Offline reload of the capture screen until its criteria can be tapped."""
    context.set_offline(True)
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        # A new query string makes it a real navigation (a hash change alone would not reload).
        page.goto(f"{url}/app/?round={len(times)}#/capture/{assignment_id}/visit")
        page.locator("form.capture .segmented label").first.wait_for(state="visible")
        times.append((time.perf_counter() - started) * 1000)
    context.set_offline(False)
    return {"median": round(statistics.median(times), 1), "max": round(max(times), 1),
            "rounds": ROUNDS}


def _upload(page, assignment_id: int, sizes: list[int]) -> dict:
    """Bytes the phone sends for the Nokia photo (shrunk on the phone) vs the original."""
    if not NOKIA.exists():
        return {"nokia": "sample photo missing"}
    page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/visit'")
    page.locator("form.capture").wait_for()
    page.set_input_files("#photo-gallery", str(NOKIA))
    page.locator(".photo-list li").first.wait_for(timeout=20_000)
    page.get_by_role("button", name="Wchodzę — start").click()
    page.get_by_role("button", name="Koniec wizyty").click()
    for group in page.locator(".criterion[role=radiogroup]").all():
        group.locator("label").nth(5).click()
    page.fill("[name=m-waiting_minutes]", "3")
    page.get_by_role("button", name="Zapisz i wyślij").click()
    for _ in range(200):  # the status bar may still show the count from before the save
        if sizes:
            break
        page.wait_for_timeout(100)
    original = NOKIA.stat().st_size
    sent = sizes[0] if sizes else 0
    return {"nokia_original_bytes": original, "nokia_uploaded_bytes": sent,
            "nokia_ratio": round(original / sent, 1) if sent else None}


def _print(f: dict) -> None:
    print(f"precache list: {f['shell_files']} files, {f['shell_bytes'] / 1024:.1f} kB as the "
          f"app server sends them, {f['shell_gzip_bytes'] / 1024:.1f} kB if a proxy gzips "
          f"each (level 6)")
    if "first_load_requests" in f:
        print(f"first load on the wire (Chromium, /app/ until the worker is installed): "
              f"{f['first_load_requests']} requests, {f['first_load_bytes'] / 1024:.1f} kB "
              f"as sent by the app server (headers + bodies), "
              f"{f['first_load_bytes_via_gzip_proxy'] / 1024:.1f} kB behind a proxy gzipping "
              f"text/JSON/JS/SVG; fetched more than once: {f['first_load_repeated_urls']}")
    if isinstance(f.get("offline_to_form_ms"), dict):
        t = f["offline_to_form_ms"]
        print(f"offline reload → interactive capture form: median {t['median']} ms, "
              f"max {t['max']} ms over {t['rounds']} rounds")
    if f.get("nokia_uploaded_bytes"):
        print(f"Nokia 8.3 photo: {f['nokia_original_bytes']:,} B original → "
              f"{f['nokia_uploaded_bytes']:,} B uploaded ({f['nokia_ratio']}× smaller)")
