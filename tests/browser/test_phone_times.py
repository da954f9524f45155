"""The phone refuses a time in the future or outside the edition's fieldwork and says why,
before anything is saved (issue 10.2; the server refuses the same, tests/sync)."""
from datetime import datetime, timedelta

from tests.browser.offline_support import arrange, contacts, open_app


def local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def test_future_and_out_of_fieldwork_times_are_refused_on_the_phone(live_app, live_server,
                                                                    page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/email'")
    form = page.locator("form.capture")
    form.wait_for()
    for group in form.locator(".criterion[role=radiogroup]").all():
        group.locator("label").nth(3).click()
    now = datetime.now()
    page.fill("#time-started", local(now - timedelta(hours=1)))
    page.fill("#time-ended", local(now + timedelta(hours=25)))
    page.get_by_role("button", name="Zapisz i wyślij").click()
    error = page.locator("#form-error")
    assert "przyszłości" in error.inner_text()

    page.fill("#time-started", "2019-05-10T10:00:00")
    page.fill("#time-ended", "2019-05-10T12:00:00")
    page.get_by_role("button", name="Zapisz i wyślij").click()
    assert "poza okresem badania edycji" in error.inner_text()
    assert str(now.year) in error.inner_text(), "the juror sees the edition's days"
    assert form.is_visible(), "still on the form, nothing saved"
    assert page.get_attribute("#queue-status", "data-count") == "0"
    assert contacts(live_app) == []

    page.fill("#time-ended", local(now - timedelta(minutes=5)))
    page.fill("#time-started", local(now - timedelta(hours=3)))
    page.get_by_role("button", name="Zapisz i wyślij").click()
    page.locator("#view .outbox, #view .empty").first.wait_for()
