"""E-mail awaiting a reply stays open on the phone; a returned contact is corrected in place."""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from juror_app.core.extensions import db
from juror_app.models import ContactStatus
from tests.browser.offline_support import (
    arrange,
    open_app,
    open_capture,
    wait_for_server,
    wait_synced,
)
from tests.factories import make_contact

YESTERDAY = datetime.now(UTC) - timedelta(days=1)  # inside the fieldwork of arrange()


def days_ago(days: int, clock: str) -> str:
    """A datetime-local value on the phone's calendar (inside the edition's fieldwork)."""
    return f"{date.today() - timedelta(days=days)}T{clock}:00"


def warsaw_offset(local: str) -> int:
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo("Europe/Warsaw"))
    return int(moment.utcoffset().total_seconds() // 60)


def open_card(page, assignment_id: int, channel: str):
    """From the work list, the participant's card, and one channel's row on it."""
    page.locator(f"[data-assignment-id='{assignment_id}'] a").first.click()
    return page.locator(f"section[data-assignment-id='{assignment_id}'] [data-channel={channel}]")


def score_all(page, points: int = 3) -> None:
    for group in page.locator("form.capture .criterion[role=radiogroup]").all():
        group.locator("label").nth(points).click()


def test_a_waiting_email_is_on_the_server_before_its_reply_and_completes_as_one(
        live_app, live_server, context, page):
    """Issue 15.1: the send time reaches the server at once; the reply, entered days later
    (offline here), completes the same contact instead of making a second one."""
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    form = open_capture(page, assignment_id, "email")
    client_id = form.get_attribute("data-client-id")
    sent, reply = days_ago(2, "10:00"), days_ago(1, "16:30")
    page.fill("#time-started", sent)
    assert "czeka na odpowiedź" in page.locator("#reply-hint").inner_text(), "no reply yet"
    page.get_by_role("button", name="Zapisz — czeka na odpowiedź").click()

    [waiting] = wait_for_server(live_app, page, lambda found: len(found) == 1)
    wait_synced(page)
    assert str(waiting.client_id) == client_id
    assert waiting.status is ContactStatus.AWAITING_REPLY and waiting.ended_at is None

    page.evaluate(f"window.location.hash = '#/participant/{assignment_id}'")
    page.reload()  # fresh work list: the waiting e-mail comes from the server
    context.set_offline(True)
    page.reload()  # days later, without a connection
    row = page.locator("[data-channel=email]")
    assert "czeka na odpowiedź" in row.inner_text()
    row.locator(f"a[href$='/{client_id}']").click()
    form.wait_for()
    assert page.input_value("#time-started").startswith(sent[:16])
    assert form.get_attribute("data-client-id") == client_id
    page.fill("#time-ended", reply)
    assert page.input_value("[name=m-reply_hours]") == "30.5"
    assert page.locator("#reply-hint").is_hidden(), "the hint goes once the reply is in"
    score_all(page)
    page.get_by_role("button", name="Zapisz i wyślij").click()
    context.set_offline(False)
    [contact] = wait_for_server(live_app, page,
                                lambda found: found[0].status is ContactStatus.SUBMITTED)
    wait_synced(page)
    assert str(contact.client_id) == client_id and contact.channel == "email"
    assert contact.measurements == {"reply_hours": 30.5}
    assert contact.started_offset_minutes == warsaw_offset(sent)
    assert contact.ended_offset_minutes == warsaw_offset(reply)


def test_returned_contact_is_corrected_and_resubmitted_with_the_same_id(live_app, live_server,
                                                                        page):
    juror, (assignment_id,) = arrange()
    from juror_app.models import Assignment

    assignment = db.session.get(Assignment, assignment_id)
    returned = make_contact(assignment, channel="website", status=ContactStatus.RETURNED,
                            started_at=YESTERDAY,
                            review_comment="Dodaj zrzut ekranu strony głównej.")
    open_app(page, live_server, juror)
    card = open_card(page, assignment_id, "website")
    assert "zwrócony do poprawy" in card.inner_text()
    card.get_by_role("link", name="Popraw").click()
    form = page.locator(f"form.capture[data-client-id='{returned.client_id}']")
    form.wait_for()
    assert "Dodaj zrzut ekranu strony głównej." in form.inner_text()
    score_all(page, 5)
    page.get_by_role("button", name="Zapisz i wyślij").click()
    rows = wait_for_server(live_app, page, lambda found: found[0].status != "returned")
    wait_synced(page)
    assert len(rows) == 1 and rows[0].status is ContactStatus.RESUBMITTED
    assert {s.points for s in rows[0].scores} == {5}


def test_a_returned_visit_keeps_the_position_shared_before(live_app, live_server, page):
    """Correcting a visit does not ask for the position again, nor silently drop it."""
    juror, (assignment_id,) = arrange()
    from juror_app.models import Assignment

    assignment = db.session.get(Assignment, assignment_id)
    returned = make_contact(assignment, channel="visit", status=ContactStatus.RETURNED,
                            started_at=YESTERDAY,
                            review_comment="Podaj czas oczekiwania.", latitude=50.0614,
                            longitude=19.9366, position_accuracy_m=12.5)
    open_app(page, live_server, juror)
    card = open_card(page, assignment_id, "visit")
    card.get_by_role("link", name="Popraw").click()
    form = page.locator(f"form.capture[data-client-id='{returned.client_id}']")
    form.wait_for()
    assert page.is_checked("[name=geolocation]")
    score_all(page, 4)
    page.fill("[name=m-waiting_minutes]", "7")
    page.get_by_role("button", name="Zapisz i wyślij").click()
    [contact] = wait_for_server(live_app, page, lambda found: found[0].status != "returned")
    assert contact.status is ContactStatus.RESUBMITTED
    assert contact.measurements == {"waiting_minutes": 7}
    assert (contact.latitude, contact.longitude, contact.position_accuracy_m) == (
        50.0614, 19.9366, 12.5)
