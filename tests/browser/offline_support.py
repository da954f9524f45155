"""Helpers for the offline app's browser tests: arrange data, drive the capture form."""
from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Contact, Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, make_assignment, make_edition, make_participant, make_user

PHOTOS = Path(__file__).resolve().parents[3] / "shared" / "photos"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def photo(name: str) -> Path:
    """A sample photo from ../shared/photos, skipping the test when it is missing (not in CI)."""
    path = PHOTOS / name
    if not path.exists():
        if IN_CI:
            pytest.fail(f"missing sample photo {path}")
        pytest.skip(f"sample photo {path} not available")
    return path


def arrange(participants: int = 1):
    """A juror with `participants` assigned participants; returns (juror, [assignment ids])."""
    juror = make_user(Role.JUROR)
    ids = []
    # Fieldwork around today: the phone captures "now", and a contact outside the edition's
    # days is refused (issue 10.2).
    today = date.today()
    edition = make_edition(year=today.year, starts_on=today - timedelta(days=60),
                           ends_on=today + timedelta(days=60))
    for n in range(participants):
        participant = make_participant(edition, name=f"Urząd Gminy Testowo {n + 1}")
        edition = participant.edition
        ids.append(make_assignment(juror, participant).id)
    return juror, ids


def open_app(page, server, juror) -> None:
    """Log in, open /app/ and wait until the service worker controls it and data is shown."""
    login(page, server, juror.email, PASSWORD)
    page.goto(server.url + "/app/")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15_000)
    page.locator("[data-assignment-id]").first.wait_for()


def open_capture(page, assignment_id: int, channel: str):
    """Open a new capture form for the channel; returns the form once it is drawn."""
    page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/{channel}'")
    form = page.locator("form.capture")
    form.wait_for()
    return form


def fill_visit(page, assignment_id: int, notes: str = "", photos: list[Path] = (),
               measurements: dict[str, str] | None = None, share_position: bool = False) -> str:
    """Capture a complete visit; returns its client_id (still waiting in the outbox).

    `share_position` ticks the consent box (the context must grant geolocation)."""
    form = fill_visit_form(page, assignment_id, notes, photos, measurements, share_position)
    client_id = form.get_attribute("data-client-id")
    page.get_by_role("button", name="Zapisz i wyślij").click()
    page.locator("#view .outbox, #view .empty").first.wait_for()
    return client_id


def fill_visit_form(page, assignment_id: int, notes: str = "", photos: list[Path] = (),
                    measurements: dict[str, str] | None = None, share_position: bool = False):
    """A complete visit typed into its form, not saved yet; returns the form."""
    form = open_capture(page, assignment_id, "visit")
    page.get_by_role("button", name="Wchodzę — start").click()
    page.get_by_role("button", name="Początek obsługi").click()
    page.get_by_role("button", name="Koniec wizyty").click()
    for group in form.locator(".criterion[role=radiogroup]").all():
        group.locator("label").nth(4).click()  # 4 points each
    for key, value in (measurements or {}).items():
        page.fill(f"[name=m-{key}]", value)
    page.fill("[name=notes]", notes)
    if share_position:
        page.check("[name=geolocation]")
    if photos:
        page.set_input_files("#photo-gallery", [str(p) for p in photos])
        page.locator(".photo-list li").nth(len(photos) - 1).wait_for(timeout=20_000)
    return form


def unsynced(page) -> int:
    return int(page.get_attribute("#queue-status", "data-count"))


def wait_unsynced(page, expected: int, timeout_ms: int = 5_000) -> None:
    """Wait until the status row counts `expected` waiting records.

    The row is rewritten just after the outbox view appears (it reads IndexedDB again), so
    reading it once right after a save races the app; a wrong count still fails, with
    the count the row settled on. Polled from here rather than with wait_for_function,
    whose predicate is compiled with eval: the scale-out test keeps the app's CSP on."""
    for _ in range(timeout_ms // 100):
        if unsynced(page) == expected:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"expected {expected} unsynced, the app shows {unsynced(page)}")


def wait_synced(page, timeout_ms: int = 10_000) -> None:
    page.wait_for_function(
        "document.querySelector('#queue-status').dataset.count === '0'", timeout=timeout_ms)


def contacts(app) -> list[Contact]:
    """Every contact in the database, fresh from it."""
    db.session.commit()  # ends our read snapshot (SQLite WAL) and expires what we hold
    return list(db.session.scalars(sa.select(Contact)))


def wait_for_server(app, page, check, timeout_ms: int = 10_000):
    """Poll the database until `check(contacts)` is true (the status bar may lag a save)."""
    for _ in range(timeout_ms // 100):
        found = contacts(app)
        if check(found):
            return found
        page.wait_for_timeout(100)
    raise AssertionError(f"server never reached the expected state: {contacts(app)}")
