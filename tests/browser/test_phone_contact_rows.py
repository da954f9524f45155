"""What the participant card tells of each contact: two messages waiting for a reply are told
apart by when they were sent and how their notes begin (season review, finding 3)."""
from datetime import UTC, datetime

from juror_app.core.extensions import db
from juror_app.models import Assignment, ContactStatus
from tests.browser.offline_support import arrange, open_app
from tests.factories import make_contact


def test_two_waiting_emails_show_when_sent_and_how_their_notes_begin(live_app, live_server,
                                                                   page):
    juror, (assignment_id,) = arrange()
    assignment = db.session.get(Assignment, assignment_id)
    for hour, notes in ((8, "Pytanie o wymianę dowodu osobistego"),
                        (13, "Zapytanie o godziny otwarcia urzędu w sobotę " * 3)):
        make_contact(assignment, channel="email", status=ContactStatus.AWAITING_REPLY,
                     ended_at=None, ended_offset_minutes=None, notes=notes,
                     started_at=datetime(2026, 11, 3, hour, 15, tzinfo=UTC))
    open_app(page, live_server, juror)
    page.evaluate(f"window.location.hash = '#/participant/{assignment_id}'")
    rows = page.locator("[data-channel=email] p")
    rows.first.wait_for()

    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    # Warsaw is UTC+1 in November: the phone shows its own clock's time.
    assert "wysłano 3 lis 2026, 09:15" in first and "Pytanie o wymianę dowodu" in first
    assert "wysłano 3 lis 2026, 14:15" in second and "Zapytanie o godziny otwarcia" in second
    assert "…" in second and len(second) < 200, "only the notes' start"
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
