"""After the freeze the phone says the juror's edition is closed — not "no participants yet" —
and names what was left: the e-mail still waiting for its reply, and the record still on the
phone, which the server now refuses with a 409 (season review, finding 1)."""
from juror_app.core.extensions import db
from juror_app.models import Assignment, ContactStatus, EditionStatus
from tests.browser.offline_support import arrange, open_app, open_capture, wait_unsynced
from tests.browser.test_offline_channels import YESTERDAY, days_ago
from tests.factories import make_contact

CONTACTS = "**/api/v1/contacts/**"
CLOSED = "jest zakończone — wyniki zamrożono. Kontaktów nie można już wysyłać ani zmieniać."


def keep_an_email_then_close(page, context, assignment_id: int, status) -> str:
    """An e-mail saved on the phone while its PUT fails as without a network (still failing
    when this returns), then the edition closed on the server; returns the record's id."""
    context.route(CONTACTS, lambda route: route.abort("internetdisconnected"))
    form = open_capture(page, assignment_id, "email")
    kept = form.get_attribute("data-client-id")
    page.fill("#time-started", days_ago(1, "11:00"))
    page.get_by_role("button", name="Zapisz — czeka na odpowiedź").click()
    wait_unsynced(page, 1)
    assignment = db.session.get(Assignment, assignment_id)
    assignment.edition.status = status
    db.session.commit()
    return kept


def test_a_frozen_editions_tasks_are_explained_not_dropped(live_app, live_server, context,
                                                           page):
    juror, (assignment_id,) = arrange()
    assignment = db.session.get(Assignment, assignment_id)
    waiting = make_contact(assignment, channel="email", status=ContactStatus.AWAITING_REPLY,
                           ended_at=None, ended_offset_minutes=None, started_at=YESTERDAY)
    edition_name = assignment.edition.name
    open_app(page, live_server, juror)
    # Kept on the phone: its PUT fails as without a network (the list still comes, below).
    kept = keep_an_email_then_close(page, context, assignment_id, EditionStatus.FROZEN)
    context.unroute(CONTACTS)
    page.evaluate("window.location.hash = '#/'")
    page.reload()  # the app opened again: a fresh list, and the kept record tried
    page.locator("#queue-status[data-attention='1']").wait_for()  # the server's 409
    notice = page.locator("#view .closed-edition")
    notice.wait_for()
    text = notice.inner_text()
    assert f"Badanie w edycji „{edition_name}” {CLOSED}" in text
    assert "Nie masz jeszcze" not in page.locator("#view").inner_text()
    assert "E-mail, czeka na odpowiedź" in notice.locator(
        f"li[data-client-id='{waiting.client_id}']").inner_text()
    notice.locator(f"li[data-client-id='{kept}'] a").click()

    card = page.locator(f"#view li[data-client-id='{kept}']")
    card.wait_for()
    assert CLOSED in card.inner_text()
    assert card.get_by_role("link", name="Popraw").count() == 0, "no form makes it acceptable"
    assert card.get_by_role("button", name="Usuń z telefonu").count() == 1
    page.evaluate(f"window.location.hash = '#/capture/{assignment_id}/visit'")
    page.get_by_text(CLOSED).wait_for()
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def test_a_closed_editions_record_can_go_before_its_first_send(live_app, live_server, context,
                                                              page):
    juror, (assignment_id,) = arrange()
    open_app(page, live_server, juror)
    # Kept on the phone and never answered: every PUT fails as without a network.
    kept = keep_an_email_then_close(page, context, assignment_id, EditionStatus.PUBLISHED)
    page.evaluate("window.location.hash = '#/'")
    page.reload()  # a fresh list says the edition is closed; the record got no 409
    page.locator("#view .closed-edition").wait_for()
    page.evaluate("window.location.hash = '#/outbox'")
    card = page.locator(f"#view li[data-client-id='{kept}']")
    card.wait_for()
    assert card.get_attribute("data-state") != "attention", "never refused"
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="Usuń z telefonu").click()
    card.wait_for(state="detached")
    wait_unsynced(page, 0)
