"""Withdrawing a distinction asks first, under our Content-Security-Policy: the question
comes from js/confirm.js (an inline onsubmit would be refused and withdraw at one click),
Cancel keeps the distinction, and without JavaScript the required box still holds it."""
from __future__ import annotations

import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.models import Distinction, DistinctionKind
from tests.browser.conftest import login
from tests.browser.test_csp import policed_context, violations, watch
from tests.factories import PASSWORD, make_edition, make_participant, make_user


def awarded_distinction():
    """An open edition with one statuette; returns (its expert, the distinctions page path)."""
    edition = make_edition()
    participant = make_participant(edition, name="Gmina Rozważna")
    expert = make_user("expert")
    db.session.add(Distinction(edition_id=edition.id, participant_id=participant.id,
                               kind=DistinctionKind.STATUETTE, justification="Wzór.",
                               expert_id=expert.id))
    db.session.commit()
    return expert, f"/results/{edition.id}/distinctions"


def distinctions_left() -> int:
    db.session.commit()  # ends our read snapshot: the server wrote from its own thread
    return db.session.scalar(sa.select(sa.func.count()).select_from(Distinction))


def test_withdrawing_asks_and_cancel_keeps_the_distinction(live_app, live_server, browser):
    expert, path = awarded_distinction()
    with policed_context(browser, viewport={"width": 1280, "height": 900}) as context:
        page = context.new_page()
        page.set_default_timeout(10_000)
        console = watch(context, page)
        login(page, live_server, expert.email, PASSWORD)
        page.goto(live_server.url + path)
        asked = []

        def answer(dialog, accept: bool) -> None:
            asked.append((dialog.type, dialog.message))
            dialog.accept() if accept else dialog.dismiss()

        page.once("dialog", lambda dialog: answer(dialog, accept=False))
        page.get_by_label("Potwierdzam wycofanie").check()
        page.get_by_role("button", name="Wycofaj").click()
        page.wait_for_timeout(300)  # a submission let through would be on its way by now
        assert asked == [("confirm", "Wycofać to wyróżnienie?")]
        assert distinctions_left() == 1
        assert page.locator(".distinctions li", has_text="Gmina Rozważna").count() == 1
        assert violations(page, console) == []

        page.once("dialog", lambda dialog: answer(dialog, accept=True))
        page.get_by_role("button", name="Wycofaj").click()
        page.get_by_text("Wyróżnienie wycofane.").wait_for()
        assert len(asked) == 2 and distinctions_left() == 0
        assert violations(page, console) == []  # the page after the redirect too


def test_without_javascript_the_unticked_box_keeps_the_distinction(live_app, live_server,
                                                                     browser):
    expert, path = awarded_distinction()
    with policed_context(browser, java_script_enabled=False) as context:
        page = context.new_page()
        page.set_default_timeout(10_000)
        login(page, live_server, expert.email, PASSWORD)
        page.goto(live_server.url + path)
        page.get_by_role("button", name="Wycofaj").click()
        page.wait_for_timeout(300)
        assert distinctions_left() == 1
        page.get_by_label("Potwierdzam wycofanie").check()
        page.get_by_role("button", name="Wycofaj").click()
        page.get_by_text("Wyróżnienie wycofane.").wait_for()
        assert distinctions_left() == 0
